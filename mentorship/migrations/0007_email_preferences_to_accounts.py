"""The member's choice moves to accounts.EmailPreference, where every kind
of email is chosen on one page; only "off" was ever stored here."""

from django.db import migrations


def copy_to_accounts(apps, schema_editor):
    Old = apps.get_model("mentorship", "MessageEmailPreference")
    EmailPreference = apps.get_model("accounts", "EmailPreference")
    EmailPreference.objects.bulk_create(
        [
            EmailPreference(
                user_id=old.user_id,
                kind="mentorship",
                enabled=old.emails_enabled,
                source="imported",
                changed_at=old.updated_at,
            )
            for old in Old.objects.all()
        ],
        ignore_conflicts=True,
    )


def copy_back(apps, schema_editor):
    Old = apps.get_model("mentorship", "MessageEmailPreference")
    EmailPreference = apps.get_model("accounts", "EmailPreference")
    for preference in EmailPreference.objects.filter(kind="mentorship"):
        Old.objects.update_or_create(
            user_id=preference.user_id,
            defaults={"emails_enabled": preference.enabled},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0006_shared_notes"),
        ("accounts", "0003_email_preferences"),
    ]

    operations = [
        migrations.RunPython(copy_to_accounts, copy_back),
        migrations.DeleteModel(name="MessageEmailPreference"),
    ]
