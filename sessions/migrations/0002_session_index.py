"""Create the SessionIndexPage at /sessions/ and let the Experts group add
sessions below it.

Wagtail's "add" permission on a page lets a group create pages under it and
edit only the pages they own, which is what experts need.
"""

from django.db import migrations

from core.tree import add_index_page, grant_page_permission, remove_index_page

INTRO = (
    "Workshops, webinars and one-to-one sessions hosted by people who do the "
    "work. Filter by subject, date, price and level."
)


def create_session_index(apps, schema_editor):
    index = add_index_page(
        apps,
        model_label="skillsessions.SessionIndexPage",
        slug="sessions",
        title="Sessions",
        intro=INTRO,
    )
    grant_page_permission(apps, group_name="Experts", page=index, codename="add_page")


def remove_session_index(apps, schema_editor):
    remove_index_page(
        apps, model_label="skillsessions.SessionIndexPage", slug="sessions"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("skillsessions", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("accounts", "0002_experts_group"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunPython(create_session_index, remove_session_index),
    ]
