"""Create the LearnIndexPage at /learn/; experts may write and publish
articles and courses below it (their own only: Wagtail's add semantics)."""

from django.db import migrations

from core.tree import add_index_page, grant_page_permission, remove_index_page

GROUP = "Experts"
INTRO = (
    "Articles and courses by the people who host our sessions. Some are free "
    "for everyone; members read the rest."
)


def create_learn_index(apps, schema_editor):
    index = add_index_page(
        apps,
        model_label="content.LearnIndexPage",
        slug="learn",
        title="Learn",
        intro=INTRO,
    )
    for codename in ("add_page", "publish_page"):
        grant_page_permission(apps, group_name=GROUP, page=index, codename=codename)


def remove_learn_index(apps, schema_editor):
    remove_index_page(apps, model_label="content.LearnIndexPage", slug="learn")


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_articles_and_courses"),
        ("home", "0002_create_homepage"),
        ("accounts", "0002_experts_group"),
    ]

    operations = [
        migrations.RunPython(create_learn_index, remove_learn_index),
    ]
