"""The expert's side of progress in the Wagtail admin workspace: the queue
of feedback requests, one request with what the member shared to answer it,
and a dashboard panel of their participants' levels (counts only). Only the
expert asked sees a request (a member's history is theirs and that
expert's); staff get no view of it here."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from experts.workspace.panels import WorkspacePanel
from experts.workspace.views import WorkspaceView
from progress.errors import ProgressError
from progress.feedback_forms import DeclineForm, ReviewForm
from progress.feedback_selectors import get_member_in_skill, list_requests_to_expert
from progress.models import FeedbackRequest, Level
from progress.participant_levels import MIN_GROUP, list_participant_levels
from progress.services.feedback import decline_feedback, review_feedback

ANSWERED_PER_PAGE = 25


class FeedbackQueueView(WorkspaceView):
    template_name = "progress/admin/feedback_queue.html"
    page_title = gettext_lazy("Feedback requests")
    header_icon = "comment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = list_requests_to_expert(self.request.user)
        context.update(
            waiting=mine.filter(status=FeedbackRequest.Status.OPEN).order_by(
                "created_at", "pk"
            ),
            answered=Paginator(
                mine.exclude(status=FeedbackRequest.Status.OPEN).order_by(
                    "-answered_at", "-pk"
                ),
                ANSWERED_PER_PAGE,
            ).get_page(self.request.GET.get("p")),
        )
        return context


class FeedbackAnswerView(WorkspaceView):
    template_name = "progress/admin/feedback_answer.html"
    header_icon = "comment"

    def dispatch(self, request, *args, **kwargs):
        self.feedback = None
        if request.user.is_authenticated:
            self.feedback = (
                list_requests_to_expert(request.user)
                .filter(pk=kwargs["feedback_id"])
                .first()
            )
        if self.feedback is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("%(member)s · %(skill)s") % {
            "member": self.feedback.member,
            "skill": self.feedback.skill,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feedback = self.feedback
        context.update(
            feedback=feedback,
            shared=get_member_in_skill(feedback.member, feedback.skill),
            review_form=kwargs.get("review_form") or ReviewForm(),
            decline_form=kwargs.get("decline_form") or DeclineForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        feedback = self.feedback
        declining = request.POST.get("action") == "decline"
        form = (DeclineForm if declining else ReviewForm)(request.POST)
        if form.is_valid():
            try:
                if declining:
                    decline_feedback(
                        feedback=feedback,
                        expert=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                else:
                    review_feedback(
                        feedback=feedback,
                        expert=request.user,
                        level=form.cleaned_data["level"],
                        text=form.cleaned_data["feedback"],
                    )
            except ProgressError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(member)s has been emailed your answer.")
                    % {"member": feedback.member},
                )
                return redirect("progress_admin_feedback_queue")
        name = "decline_form" if declining else "review_form"
        response = self.render_to_response(self.get_context_data(**{name: form}))
        response.status_code = 400
        return response


class ParticipantLevelsPanel(WorkspacePanel):
    name = "workspace_participant_levels"
    template_name = "progress/admin/panels/participant_levels.html"
    order = 120

    def get_numbers(self) -> dict:
        return {
            "rows": list_participant_levels(self.host),
            "levels": Level.choices,
            "min_group": MIN_GROUP,
        }
