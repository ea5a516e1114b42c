"""A member's mentorships in their data download; registered with
`accounts.data_export` from MentorshipConfig.ready()."""

from django.db.models import Prefetch, Q

from accounts.data_export import iso, money, username
from mentorship.models import (
    AbuseReport,
    AvailabilityWindow,
    MenteeProfile,
    Mentorship,
    MentorshipReview,
    Message,
    OneToOne,
)


def _questionnaire(profile: MenteeProfile | None) -> dict | None:
    if profile is None:
        return None
    return {
        "goals": profile.goals,
        "preferred_format": profile.preferred_format,
        "frequency": profile.frequency,
        "time_zone": profile.time_zone,
        "budget": profile.budget_kind,
        "budget_max": money(profile.budget_max),
        "currency": profile.currency,
        "languages": sorted(language.language for language in profile.languages.all()),
        "target_skills": [
            {
                "skill": target.skill.name,
                "current_level": target.current_level,
                "target_level": target.target_level,
            }
            for target in profile.target_skills.all()
        ],
        "updated_at": iso(profile.updated_at),
    }


def _message(message: Message) -> dict:
    return {
        "sender": username(message.sender),
        "recipient": username(message.recipient),
        "body": message.body,
        "sent_at": iso(message.created_at),
        "read_at": iso(message.read_at),
    }


def _one_to_one(one_to_one: OneToOne) -> dict:
    return {
        "starts_at": iso(one_to_one.starts_at),
        "ends_at": iso(one_to_one.ends_at),
        "status": one_to_one.status,
        "proposed_by": username(one_to_one.proposed_by),
        "note": one_to_one.note,
        "price": money(one_to_one.price),
        "currency": one_to_one.currency,
        "meeting_url": one_to_one.meeting_url,
        "accepted_at": iso(one_to_one.accepted_at),
        "cancelled_at": iso(one_to_one.cancelled_at),
    }


def _review(review: MentorshipReview) -> dict:
    return {
        "author": username(review.author),
        "role": review.role,
        "rating": review.rating,
        "comment": review.comment,
        "written_at": iso(review.created_at),
    }


def _mentorship(mentorship: Mentorship, user) -> dict:
    return {
        "role": "mentor" if mentorship.mentor_id == user.pk else "mentee",
        "mentor": username(mentorship.mentor),
        "mentee": username(mentorship.mentee),
        "status": mentorship.status,
        "goals": mentorship.goals,
        "request_message": mentorship.request_message,
        "reply_message": mentorship.reply_message,
        "shared_notes": mentorship.shared_notes,
        "requested_at": iso(mentorship.requested_at),
        "responded_at": iso(mentorship.responded_at),
        "started_at": iso(mentorship.started_at),
        "ended_at": iso(mentorship.ended_at),
        "messages": [_message(m) for m in mentorship.messages.all()],
        "one_to_ones": [_one_to_one(o) for o in mentorship.one_to_ones.all()],
        "reviews": [_review(r) for r in mentorship.reviews.all()],
    }


class MentorshipDataExport:
    """The mentee questionnaire and availability, then each mentorship on
    either side with its messages (sent and received), 1:1s and reviews.
    The other person appears by username only. A mentor's reviews from
    mentees who have since deleted their account outlive the mentorship and
    come last, without an author."""

    name = "mentorship"

    def export(self, *, user) -> dict:
        questionnaire = (
            MenteeProfile.objects.filter(user=user)
            .prefetch_related("languages", "target_skills__skill")
            .first()
        )
        mentorships = (
            Mentorship.objects.filter(Q(mentor=user) | Q(mentee=user))
            .select_related("mentor", "mentee")
            .prefetch_related(
                Prefetch(
                    "messages",
                    queryset=Message.objects.select_related(
                        "sender", "recipient"
                    ).order_by("created_at", "pk"),
                ),
                Prefetch(
                    "one_to_ones",
                    queryset=OneToOne.objects.select_related("proposed_by").order_by(
                        "starts_at", "pk"
                    ),
                ),
                Prefetch(
                    "reviews",
                    queryset=MentorshipReview.objects.select_related("author").order_by(
                        "created_at", "pk"
                    ),
                ),
            )
            .order_by("requested_at", "pk")
        )
        kept_reviews = MentorshipReview.objects.filter(
            mentor=user, mentorship__isnull=True
        ).order_by("created_at", "pk")
        availability = AvailabilityWindow.objects.filter(user=user)
        reports = AbuseReport.objects.filter(reporter=user).order_by("created_at")
        return {
            "questionnaire": _questionnaire(questionnaire),
            "availability": [
                {
                    "weekday": window.weekday,
                    "from": window.starts_at.isoformat(),
                    "until": window.ends_at.isoformat(),
                }
                for window in availability
            ],
            "mentorships": [_mentorship(m, user) for m in mentorships],
            "reviews_from_deleted_mentees": [_review(r) for r in kept_reviews],
            "abuse_reports": [
                {
                    "reason": report.reason,
                    "status": report.status,
                    "reported_at": iso(report.created_at),
                }
                for report in reports
            ],
        }
