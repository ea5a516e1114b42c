"""The mentor's side in the Wagtail admin: a dashboard panel and the page
where they answer requests. Built on the expert workspace (who may see it,
whose it is: experts.workspace.views)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from experts.mentee_count import count_active_mentees
from experts.workspace import insights
from experts.workspace.panels import WorkspacePanel
from experts.workspace.views import WorkspaceView, request_can_host
from mentorship.admin_forms import AnswerForm
from mentorship.errors import MentorshipError
from mentorship.models import Mentorship
from mentorship.selectors import list_answered_requests, list_waiting_requests
from mentorship.services import accept_mentorship, decline_mentorship

REQUESTS_LIMIT = 3


class RequestsPanel(WorkspacePanel):
    name = "workspace_mentorship_requests"
    template_name = "mentorship/admin/panels/requests.html"
    order = 110

    def get_numbers(self) -> dict:
        waiting = list_waiting_requests(self.host)
        latest = list(waiting[:REQUESTS_LIMIT])
        # Only count when the first page is full: one query less in the
        # usual case of a handful of requests.
        count = waiting.count() if len(latest) == REQUESTS_LIMIT else len(latest)
        return {"latest": latest, "count": count}


class RequestsView(WorkspaceView):
    template_name = "mentorship/admin/requests.html"
    page_title = gettext_lazy("Mentorship requests")
    header_icon = "group"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        host = self.host
        # A queue: whoever has waited longest comes first.
        pending = list(list_waiting_requests(host).order_by("requested_at", "pk"))
        answered = Paginator(list_answered_requests(host), self.paginate_by).get_page(
            self.request.GET.get("p")
        )
        context.update(
            pending=pending,
            answered=answered,
            form=AnswerForm(),
            active_mentees=count_active_mentees(host),
            expert_page=insights.get_expert_page(host),
            # Staff read another expert's requests; only the expert answers.
            can_answer=context["is_own"],
        )
        return context


@require_POST
def answer_request(request, pk: int):
    if not request_can_host(request):
        raise Http404
    mentorship = get_object_or_404(
        Mentorship.objects.select_related("mentee"), pk=pk, mentor=request.user
    )
    back = redirect("mentorship_admin_requests")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back
    answer = accept_mentorship if form.accept else decline_mentorship
    try:
        answer(
            mentorship=mentorship,
            mentor=request.user,
            message=form.cleaned_data["response"],
        )
    except MentorshipError as error:
        messages.error(request, error.message)
        return back
    template = (
        _("You accepted %(name)s as a mentee; they have been emailed.")
        if form.accept
        else _("You declined %(name)s’s request; they have been emailed.")
    )
    messages.success(request, template % {"name": mentorship.mentee})
    return back
