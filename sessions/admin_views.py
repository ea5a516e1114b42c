"""The host's workspace in the Wagtail admin: my sessions, participants,
CSV export, attendance, emailing, cancelling, rescheduling and opening
another date for the waitlist.

Every view is reached through Wagtail's admin URLs (which already send
anyone without admin access to the login page); on top of that a session is
only found for its host or staff, so another expert gets a 404 and learns
nothing about it.
"""

import csv
from datetime import UTC
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from accounts.selectors import is_expert
from core.admin_permissions import is_staff
from sessions.errors import SessionsError
from sessions.forms import (
    AttendanceForm,
    CancelSessionForm,
    EmailParticipantsForm,
    SessionTimesForm,
)
from sessions.models import Booking, SessionIndexPage, SessionPage
from sessions.selectors import seated_q
from sessions.services import hosting
from sessions.services.reviews import list_reviews_for_session
from sessions.timezones import format_for_member

Status = Booking.Status


def can_host(user) -> bool:
    """Who sees the "My sessions" menu: experts and staff."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_staff(user) or is_expert(user)


def managed_sessions(user) -> QuerySet[SessionPage]:
    sessions = SessionPage.objects.all()
    if is_staff(user):
        return sessions
    return sessions.filter(host=user)


def get_managed_session(user, session_id: int) -> SessionPage:
    session = get_object_or_404(managed_sessions(user), pk=session_id)
    if not hosting.can_manage_session(user, session):  # belt and braces
        raise Http404
    return session


class MySessionsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "sessions/admin/my_sessions.html"
    page_title = gettext_lazy("My sessions")
    header_icon = "date"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not can_host(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_header_buttons(self):
        # Where Wagtail would let this user add a session: the page
        # permission tester decides, as it does in Wagtail's own views.
        index = SessionIndexPage.objects.live().first()
        if (
            index is None
            or not index.permissions_for_user(self.request.user).can_add_subpage()
        ):
            return super().get_header_buttons()
        add = reverse(
            "wagtailadmin_pages:add",
            args=(SessionPage._meta.app_label, SessionPage._meta.model_name, index.pk),
        )
        return [
            HeaderButton(_("New session"), url=add, icon_name="plus"),
            *super().get_header_buttons(),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        sessions = (
            managed_sessions(user)
            .select_related("host")
            .annotate(
                seats_filled=Count(
                    "bookings", filter=seated_q(prefix="bookings__"), distinct=True
                ),
                waiting=Count(
                    "bookings",
                    filter=Q(bookings__status=Status.WAITLISTED),
                    distinct=True,
                ),
            )
            .order_by("-starts_at", "pk")
        )
        hosts, host_filter = [], None
        if is_staff(user):
            hosts = get_user_model().objects.filter(hosted_sessions__isnull=False)
            hosts = hosts.distinct().order_by("name", "username")
            host_filter = self.request.GET.get("host") or None
            if host_filter:
                if not host_filter.isdigit():
                    host_filter = None
                else:
                    sessions = sessions.filter(host_id=int(host_filter))
        page = Paginator(sessions, self.paginate_by).get_page(self.request.GET.get("p"))
        context.update(
            sessions=page.object_list,
            page_obj=page,
            is_staff=is_staff(user),
            hosts=hosts,
            host_filter=host_filter,
        )
        return context


class SessionWorkspaceMixin(WagtailAdminTemplateMixin):
    """Loads the session the URL names, for its host or staff only."""

    header_icon = "date"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = None

    def dispatch(self, request, *args, **kwargs):
        self.session = get_managed_session(request.user, kwargs["session_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.session.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("sessions_host_index"), "label": _("My sessions")},
            {
                "url": reverse("sessions_host_participants", args=[self.session.pk]),
                "label": self.session.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session"] = self.session
        context["intro"] = getattr(self, "intro", "")
        return context

    def back(self):
        return redirect("sessions_host_participants", self.session.pk)

    def run_and_go_back(self, action, success_message: str, **kwargs):
        """Run one hosting service for this session; report how it went on
        the participants page."""
        try:
            count = action(session=self.session, by=self.request.user, **kwargs)
        except SessionsError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, success_message % {"n": count})
        return self.back()


class ParticipantsView(SessionWorkspaceMixin, TemplateView):
    template_name = "sessions/admin/participants.html"
    page_title = gettext_lazy("Participants")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bookings = (
            Booking.objects.filter(session=self.session)
            .select_related("member")
            .order_by("created_at", "pk")
        )
        groups = {"confirmed": [], "pending": [], "waitlisted": [], "cancelled": []}
        for booking in bookings:
            if booking.status in hosting.PARTICIPANT_STATUSES:
                groups["confirmed"].append(booking)
            elif booking.status == Status.WAITLISTED:
                groups["waitlisted"].append(booking)
            else:
                groups[booking.status].append(booking)
        groups["waitlisted"].sort(key=lambda b: (b.waitlisted_at or b.created_at, b.pk))
        context.update(
            groups=groups,
            reviews=list_reviews_for_session(self.session),
            can_mark_attendance=self.session.has_started,
            is_cancelled=self.session.status == SessionPage.Status.CANCELLED,
            has_ended=self.session.ends_at <= timezone.now(),
        )
        return context


def _csv_cell(value) -> str:
    # A name like "=HYPERLINK(...)" must not run as a formula in a spreadsheet.
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_participants(request, session_id: int):
    session = get_managed_session(request.user, session_id)
    bookings = (
        Booking.objects.filter(session=session)
        .select_related("member")
        .order_by("created_at", "pk")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"participants-{session.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    # booked_at stays ISO 8601 in UTC for spreadsheets to sort; "booked" is
    # the same moment as the host reads it everywhere else.
    writer.writerow(["name", "email", "status", "booked_at", "booked"])
    for booking in bookings:
        member = booking.member
        writer.writerow(
            [
                _csv_cell(member.get_full_name() or member.username),
                _csv_cell(member.email),
                booking.get_status_display(),
                booking.created_at.astimezone(UTC).isoformat(),
                format_for_member(booking.created_at, request.user),
            ]
        )
    return response


@require_POST
def mark_attendance(request, session_id: int):
    session = get_managed_session(request.user, session_id)
    form = AttendanceForm(request.POST)
    back = redirect("sessions_host_participants", session.pk)
    if not form.is_valid():
        messages.error(request, _("Choose attended or no-show for a participant."))
        return back
    booking = get_object_or_404(
        Booking.objects.select_related("member"),
        pk=form.cleaned_data["booking"],
        session=session,
    )
    try:
        hosting.mark_attendance(booking=booking, status=form.cleaned_data["status"])
    except SessionsError as error:
        messages.error(request, error.message)
        return back
    messages.success(
        request,
        _("%(name)s: %(status)s.")
        % {"name": booking.member, "status": booking.get_status_display()},
    )
    return back


class EmailParticipantsView(SessionWorkspaceMixin, FormView):
    template_name = "sessions/admin/session_form.html"
    page_title = gettext_lazy("Email all participants")
    form_class = EmailParticipantsForm

    def form_valid(self, form):
        return self.run_and_go_back(
            hosting.email_participants,
            _("Your message is on its way to %(n)d people."),
            **form.cleaned_data,
        )


class CancelSessionView(SessionWorkspaceMixin, FormView):
    template_name = "sessions/admin/session_form.html"
    page_title = gettext_lazy("Cancel session")
    form_class = CancelSessionForm
    intro = gettext_lazy(
        "Every booking is cancelled and everyone who booked or is waiting is "
        "emailed. This cannot be undone."
    )

    def form_valid(self, form):
        return self.run_and_go_back(
            hosting.cancel_session,
            _("The session is cancelled; %(n)d people have been told."),
        )


class SessionTimesView(SessionWorkspaceMixin, FormView):
    template_name = "sessions/admin/session_form.html"
    form_class = SessionTimesForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "time_zone": self.session.time_zone}


class RescheduleSessionView(SessionTimesView):
    page_title = gettext_lazy("Reschedule")

    def get_initial(self):
        zone = ZoneInfo(self.session.time_zone or "UTC")
        fmt = "%Y-%m-%dT%H:%M"
        return {
            "starts_at": self.session.starts_at.astimezone(zone).strftime(fmt),
            "ends_at": self.session.ends_at.astimezone(zone).strftime(fmt),
        }

    def form_valid(self, form):
        try:
            count = hosting.reschedule_session(
                session=self.session, by=self.request.user, **form.cleaned_data
            )
        except SessionsError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The session has moved; %(n)d people have been emailed the new time.")
            % {"n": count},
        )
        return self.back()


class DuplicateSessionView(SessionTimesView):
    page_title = gettext_lazy("Open another date")
    intro = gettext_lazy(
        "A copy of this session is published at the new time, and its seats "
        "are offered to this session's waitlist in order."
    )

    def form_valid(self, form):
        try:
            copy, moved = hosting.duplicate_session_for_waitlist(
                session=self.session, by=self.request.user, **form.cleaned_data
            )
        except SessionsError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "“%(title)s” is open on the new date; "
                "%(n)d people moved from the waitlist."
            )
            % {"title": copy.title, "n": len(moved)},
        )
        return redirect("sessions_host_participants", copy.pk)
