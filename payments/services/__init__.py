"""Writes for payments: checkout and the portal in `checkout.py`, webhook
events in `webhooks.py`, access in `entitlements.py`."""
