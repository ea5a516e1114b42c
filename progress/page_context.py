"""What the tracking pages show, built from selectors for the member whose
progress it is (the viewer may be them or, read-only, a mentor they share
with). Each builder is a fixed number of queries."""

from django import forms as django_forms
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.models import Skill
from progress import selectors
from progress.chart import STYLES, build_chart
from progress.forms import EvidenceForm, GoalForm, RateForm, SkillChoiceForm
from progress.models import LevelRecord
from progress.suggestions import gap_for, suggest

Source = LevelRecord.Source


def legend() -> list:
    return [(str(Source(source).label), style) for source, style in STYLES.items()]


def skill_url(*, member: User, skill: Skill, editable: bool) -> str:
    """The skill's page: the member's own, or the read-only one a mentor opens."""
    if editable:
        return reverse("progress_skill", kwargs={"slug": skill.slug})
    return reverse(
        "progress_member_skill",
        kwargs={"username": member.username, "slug": skill.slug},
    )


def overview_context(
    *, member: User, editable: bool, skill_form: django_forms.Form | None = None
) -> dict:
    skills = selectors.get_overview(member)
    goals = [entry for entry in skills if entry.goal is not None]
    found = suggest(
        [
            gap_for(
                skill_id=entry.skill.pk,
                current=entry.best_level,
                target=entry.goal.target_level,
            )
            for entry in goals
        ],
        member=member,
    )
    for entry in goals:
        entry.suggestions = found.get(entry.skill.pk)
    for entry in skills:
        entry.url = skill_url(member=member, skill=entry.skill, editable=editable)
    context = {
        "member": member,
        "editable": editable,
        "skills": skills,
        "goals": sorted(goals, key=lambda entry: entry.goal.target_date),
        "has_levels": any(entry.latest for entry in skills),
        "today": timezone.localdate(),
    }
    if editable:
        context["skill_form"] = skill_form or SkillChoiceForm()
        context["mentees"] = list(selectors.list_mentees_sharing_with(member))
    return context


def skill_context(
    *,
    member: User,
    skill: Skill,
    editable: bool,
    rate_form: django_forms.Form | None = None,
    goal_form: django_forms.Form | None = None,
    evidence_form: django_forms.Form | None = None,
) -> dict:
    progress = selectors.get_skill_progress(member=member, skill=skill)
    history = selectors.list_level_history(member=member, skill=skill)
    gap = gap_for(
        skill_id=skill.pk,
        current=progress.best_level,
        target=progress.goal.target_level if progress.goal else None,
    )
    context = {
        "member": member,
        "editable": editable,
        "skill": skill,
        "progress": progress,
        "history": list(reversed(history)),
        "chart": build_chart(history, goal=progress.goal),
        "legend": legend(),
        "achieved_goals": list(
            selectors.list_achieved_goals(member=member, skill=skill)
        ),
        "evidence": list(selectors.list_evidence(member=member, skill=skill)),
        "attended": list(selectors.list_attended_sessions(member=member, skill=skill)),
        "accepted_answers": list(
            selectors.list_accepted_answers(member=member, skill=skill)
        ),
        "attempts": list(selectors.list_taken_assessments(member=member, skill=skill)),
        "suggestions": suggest([gap], member=member).get(skill.pk),
        "suggestion_target": gap.target,
        "top_reached": progress.best_level == 5,
        "today": timezone.localdate(),
    }
    if editable:
        goal = progress.goal
        context["rate_form"] = rate_form or RateForm(
            initial={
                "level": progress.self_rated.level if progress.self_rated else None
            }
        )
        context["goal_form"] = goal_form or GoalForm(
            current_level=progress.best_level,
            initial=(
                {"target_level": goal.target_level, "target_date": goal.target_date}
                if goal
                else {}
            ),
        )
        context["evidence_form"] = evidence_form or EvidenceForm()
    return context
