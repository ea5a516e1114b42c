import importlib

from django.apps import apps
from wagtail.models import Page, Site

from home.models import HomePage

create_homepage = importlib.import_module("home.migrations.0002_create_homepage")


def test_home_page_is_the_default_sites_root_after_migrations(db):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.url_path == "/home/"
    assert site.root_page.live


def test_wagtails_welcome_page_is_gone(db):
    assert not Page.objects.filter(
        title__startswith="Welcome to your new Wagtail"
    ).exists()
    assert Page.objects.filter(depth=2).count() == 1


def test_migrated_home_page_has_welcome_content(home_page):
    assert home_page.hero_heading
    assert home_page.primary_cta.href == "/accounts/signup/"
    assert len(home_page.value_points) == 3


def test_data_migration_reverses_and_reapplies_keeping_the_site(db):
    site_id = Site.objects.get(is_default_site=True).pk

    create_homepage.remove_homepage(apps, None)
    site = Site.objects.get(pk=site_id)
    assert type(site.root_page.specific) is Page
    assert not HomePage.objects.exists()

    create_homepage.create_homepage(apps, None)
    site = Site.objects.get(pk=site_id)
    assert isinstance(site.root_page.specific, HomePage)
    assert Site.objects.count() == 1
