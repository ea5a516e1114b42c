"""Admin wiring for mentorship: staff's abuse reports (abuse_admin.py)."""

from wagtail import hooks

from mentorship.abuse_admin import abuse_report_viewset


@hooks.register("register_admin_viewset")
def register_abuse_report_viewset():
    return abuse_report_viewset
