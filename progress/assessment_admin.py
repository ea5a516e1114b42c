"""Marking short answers by hand, in the Wagtail admin: the queue of
attempts awaiting review and one page per attempt with a points field per
answer.

Experts see the attempts at the assessments they wrote (the pages they own),
staff every one (progress.assessment_selectors.list_attempts_to_mark);
anyone else, and anyone asking for an attempt not theirs to mark, gets 404.
The service checks again (progress.services.assessments.mark_short_answers).
Attempts are shown without the member's name: marking an answer needs the
answer, not who wrote it.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from experts.workspace.views import request_can_host
from progress.assessment_forms import MarksForm
from progress.assessment_selectors import get_attempt_to_mark, list_attempts_to_mark
from progress.errors import ProgressError
from progress.questions import read_questions
from progress.services.assessments import mark_short_answers
from sessions.timezones import member_zone

PER_PAGE = 25


class MarkingView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "edit"

    def dispatch(self, request, *args, **kwargs):
        if not request_can_host(request):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["viewer_zone"] = member_zone(self.request.user)
        return context


class MarkingQueueView(MarkingView):
    template_name = "progress/admin/marking_queue.html"
    page_title = gettext_lazy("Answers to mark")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempts = Paginator(list_attempts_to_mark(self.request.user), PER_PAGE)
        page = attempts.get_page(self.request.GET.get("p"))
        for attempt in page:
            attempt.to_mark = len(_awaiting(attempt))
        context["attempts"] = page
        return context


def _awaiting(attempt) -> list:
    """The attempt's questions still without a mark: its hand-marked
    short answers."""
    return [q for q in read_questions(attempt.questions) if q.id not in attempt.marks]


class MarkAttemptView(MarkingView):
    template_name = "progress/admin/mark_attempt.html"
    page_title = gettext_lazy("Mark answers")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.attempt = None

    def get_attempt(self):
        if self.attempt is None:
            self.attempt = get_attempt_to_mark(self.request.user, self.kwargs["pk"])
            if self.attempt is None:
                raise Http404
        return self.attempt

    def get_page_subtitle(self):
        return self.get_attempt().assessment_title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("progress_marking_queue"), "label": _("Answers to mark")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        attempt = self.get_attempt()
        questions = _awaiting(attempt)
        form = form or MarksForm(questions=questions)
        context.update(
            attempt=attempt,
            items=[
                {
                    "question": question,
                    "answer": attempt.answers.get(question.id, ""),
                    "field": form[form.field_name(question.id)],
                }
                for question in questions
            ],
            form=form,
            scored_points=sum(attempt.marks.values()),
            scored_max=sum(
                q.points
                for q in read_questions(attempt.questions)
                if q.id in attempt.marks
            ),
        )
        return context

    def post(self, request, pk: int):
        attempt = self.get_attempt()
        form = MarksForm(request.POST, questions=_awaiting(attempt))
        if form.is_valid():
            try:
                mark_short_answers(attempt=attempt, marks=form.marks(), by=request.user)
            except ProgressError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Attempt %(number)d is scored; the member has been emailed.")
                    % {"number": attempt.pk},
                )
                return redirect("progress_marking_queue")
        return self.render_to_response(self.get_context_data(form=form), status=400)


def get_urlpatterns():
    return [
        path(
            "assessments/marking/",
            MarkingQueueView.as_view(),
            name="progress_marking_queue",
        ),
        path(
            "assessments/marking/<id:pk>/",
            MarkAttemptView.as_view(),
            name="progress_mark_attempt",
        ),
    ]
