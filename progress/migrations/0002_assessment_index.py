"""Create the AssessmentIndexPage at /assessments/ and let the Experts group
add assessments below it (and edit only their own, as with sessions)."""

from django.db import migrations

from core.tree import add_index_page, grant_page_permission, remove_index_page

INTRO = (
    "Short quizzes written by experts. Take one to see your level in a skill "
    "and track how it grows."
)


def create_assessment_index(apps, schema_editor):
    index = add_index_page(
        apps,
        model_label="progress.AssessmentIndexPage",
        slug="assessments",
        title="Assessments",
        intro=INTRO,
    )
    grant_page_permission(apps, group_name="Experts", page=index, codename="add_page")
    grant_page_permission(
        apps, group_name="Experts", page=index, codename="publish_page"
    )


def remove_assessment_index(apps, schema_editor):
    remove_index_page(
        apps, model_label="progress.AssessmentIndexPage", slug="assessments"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("accounts", "0002_experts_group"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunPython(create_assessment_index, remove_assessment_index),
    ]
