"""Replace Wagtail's "Welcome to your new Wagtail site!" page with a HomePage.

Like Wagtail's project template (home/migrations/0002_create_homepage.py), but
this runs after all of wagtailcore's migrations, so the page needs a locale
and the default Site is kept (re-pointed) rather than recreated.
"""

from uuid import uuid4

from django.db import migrations
from django.db.models import Q

HERO = {
    "title": "Home",
    "seo_title": "MasteryHub: learn a skill or share one with professionals",
    "hero_heading": "Learn from professionals. Share what you know.",
    "hero_intro": (
        "Workshops, webinars and one-to-one sessions hosted by people who do "
        "the work. Find a mentor, ask the community, and track your skills."
    ),
    "primary_cta_label": "Join free",
    "primary_cta_url": "/accounts/signup/",
    "secondary_cta_label": "Browse sessions",
    "secondary_cta_url": "/sessions/",
    "value_heading": "Why MasteryHub",
    "value_intro": "Everything you need to grow a skill, in one place.",
}
VALUE_POINTS = [
    ("Learn live", "Small, interactive sessions where you can ask questions."),
    ("Find a mentor", "Get matched with experts on the skills you want to grow."),
    ("Track your progress", "Assess your skills and watch them improve."),
]


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    welcome = Page.objects.filter(content_type=page_type, slug="home", depth=2).first()
    root = Page.objects.get(depth=1)
    sites = list(Site.objects.filter(root_page=welcome)) if welcome else []
    if welcome:
        # Sites cascade with their root page; park them on the tree root while
        # the welcome page goes, so the default Site (and its id) survives.
        Site.objects.filter(pk__in=[s.pk for s in sites]).update(root_page=root)
        path, locale_id = welcome.path, welcome.locale_id
        welcome.delete()
    else:
        path = root.path + "%04d" % (root.numchild + 1)
        locale_id = Locale.objects.order_by("pk").values_list("pk", flat=True)[0]
        Page.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    value_points = [
        {"type": "card", "value": {"title": title, "text": text}, "id": str(uuid4())}
        for title, text in VALUE_POINTS
    ]
    homepage = HomePage.objects.create(
        **HERO,
        draft_title=HERO["title"],
        slug="home",
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=locale_id,
        live=True,
        value_points=value_points,
    )
    if sites:
        Site.objects.filter(pk__in=[s.pk for s in sites]).update(root_page=homepage)
        # wagtail-seo suffixes every title with the site name.
        unnamed = Q(site_name="") | Q(site_name__isnull=True)
        Site.objects.filter(unnamed, pk__in=[s.pk for s in sites]).update(
            site_name="MasteryHub"
        )
    elif not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(
            hostname="localhost",
            port=80,
            site_name="MasteryHub",
            root_page=homepage,
            is_default_site=True,
        )


def remove_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    homepage = HomePage.objects.filter(slug="home", depth=2).first()
    if homepage is None:
        return
    # Put back a plain page where the HomePage was, so the Site keeps a root.
    root = Page.objects.get(depth=1)
    site_ids = list(Site.objects.filter(root_page=homepage).values_list("pk", flat=True))
    Site.objects.filter(pk__in=site_ids).update(root_page=root)
    path, locale_id = homepage.path, homepage.locale_id
    HomePage.objects.filter(pk=homepage.pk).delete()
    welcome = Page.objects.create(
        title="Welcome to your new Wagtail site!",
        draft_title="Welcome to your new Wagtail site!",
        slug="home",
        content_type=ContentType.objects.get(model="page", app_label="wagtailcore"),
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=locale_id,
        live=True,
    )
    Site.objects.filter(pk__in=site_ids).update(root_page=welcome)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunPython(create_homepage, remove_homepage),
    ]
