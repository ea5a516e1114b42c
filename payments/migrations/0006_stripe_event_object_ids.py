"""Events stored before `object_id` and `api_version` existed get them from
their payload, so receipts that arrived then are still found by invoice."""

import json

from django.db import migrations


def fill_from_payloads(apps, schema_editor):
    StripeEvent = apps.get_model("payments", "StripeEvent")
    for event in StripeEvent.objects.filter(object_id="").iterator():
        try:
            payload = json.loads(event.payload)
            object_id = payload["data"]["object"].get("id") or ""
            api_version = payload.get("api_version") or ""
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        if isinstance(object_id, str) and isinstance(api_version, str):
            event.object_id = object_id[:255]
            event.api_version = api_version[:50]
            event.save(update_fields=["object_id", "api_version"])


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0005_refund_ledger_and_raw_stripe_events"),
    ]

    operations = [
        migrations.RunPython(fill_from_payloads, migrations.RunPython.noop),
    ]
