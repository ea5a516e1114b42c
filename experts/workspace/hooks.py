"""Workspace admin hooks (dashboard panels, insights, mentorship requests)."""
