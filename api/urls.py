"""/api/ : v1 is our REST API (views in each app's api.py), v2 is Wagtail's
pages API. Wagtail's images endpoint is left out: it lists every upload
with its title and original file, drafts' covers included, and nothing
here reads it (pages render their images server-side)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail.api.v2.router import WagtailAPIRouter

from api.pages import VisiblePagesAPIViewSet
from forum import api as forum_api
from mentorship import api as mentorship_api
from mentorship import api_one_to_ones as one_to_ones_api
from progress import api as progress_api
from progress import api_assessments as assessments_api
from progress import api_feedback as feedback_api
from sessions import api as sessions_api

MENTORSHIP_ACTIONS = {
    "accept": mentorship_api.MentorshipAcceptApi,
    "decline": mentorship_api.MentorshipDeclineApi,
    "withdraw": mentorship_api.MentorshipWithdrawApi,
    "pause": mentorship_api.MentorshipPauseApi,
    "resume": mentorship_api.MentorshipResumeApi,
    "complete": mentorship_api.MentorshipCompleteApi,
    "cancel": mentorship_api.MentorshipCancelApi,
}
ONE_TO_ONE_ACTIONS = {
    "accept": one_to_ones_api.OneToOneAcceptApi,
    "decline": one_to_ones_api.OneToOneDeclineApi,
    "cancel": one_to_ones_api.OneToOneCancelApi,
    "complete": one_to_ones_api.OneToOneCompleteApi,
    "checkout": one_to_ones_api.OneToOneCheckoutApi,
}

v1_patterns = [
    path("sessions/", sessions_api.SessionListApi.as_view(), name="session_list"),
    path(
        "sessions/<id:session_id>/",
        sessions_api.SessionDetailApi.as_view(),
        name="session_detail",
    ),
    # GET lists the caller's bookings, POST books.
    path("bookings/", sessions_api.BookingCollectionApi.as_view(), name="bookings"),
    path(
        "bookings/<id:booking_id>/cancel/",
        sessions_api.BookingCancelApi.as_view(),
        name="booking_cancel",
    ),
    # The caller's mentee questionnaire (GET, PUT) and the mentors it matches.
    path(
        "questionnaire/",
        mentorship_api.QuestionnaireApi.as_view(),
        name="questionnaire",
    ),
    path("matches/", mentorship_api.MatchesApi.as_view(), name="matches"),
    # GET lists the caller's mentorships, POST asks for one.
    path(
        "mentorships/",
        mentorship_api.MentorshipCollectionApi.as_view(),
        name="mentorships",
    ),
    path(
        "mentorships/<id:mentorship_id>/",
        mentorship_api.MentorshipDetailApi.as_view(),
        name="mentorship_detail",
    ),
    *(
        path(
            f"mentorships/<id:mentorship_id>/{action}/",
            view.as_view(),
            name=f"mentorship_{action}",
        )
        for action, view in MENTORSHIP_ACTIONS.items()
    ),
    path(
        "mentorships/<id:mentorship_id>/messages/",
        one_to_ones_api.MessageCollectionApi.as_view(),
        name="mentorship_messages",
    ),
    path(
        "mentorships/<id:mentorship_id>/one-to-ones/",
        one_to_ones_api.OneToOneCollectionApi.as_view(),
        name="one_to_ones",
    ),
    *(
        path(
            f"one-to-ones/<id:one_to_one_id>/{action}/",
            view.as_view(),
            name=f"one_to_one_{action}",
        )
        for action, view in ONE_TO_ONE_ACTIONS.items()
    ),
    # The forum: reading is open to all, taking part needs signing in.
    path(
        "forum/categories/",
        forum_api.CategoryListApi.as_view(),
        name="forum_categories",
    ),
    # GET lists threads, POST asks.
    path(
        "forum/threads/",
        forum_api.ThreadCollectionApi.as_view(),
        name="forum_threads",
    ),
    path(
        "forum/threads/<id:thread_id>/",
        forum_api.ThreadDetailApi.as_view(),
        name="forum_thread",
    ),
    path(
        "forum/threads/<id:thread_id>/answers/",
        forum_api.AnswerCreateApi.as_view(),
        name="forum_answers",
    ),
    # POST follows, DELETE unfollows.
    path(
        "forum/threads/<id:thread_id>/follow/",
        forum_api.ThreadFollowApi.as_view(),
        name="forum_follow",
    ),
    # PUT edits, DELETE deletes (your own post).
    path(
        "forum/posts/<id:post_id>/",
        forum_api.PostDetailApi.as_view(),
        name="forum_post",
    ),
    path(
        "forum/posts/<id:post_id>/replies/",
        forum_api.ReplyCreateApi.as_view(),
        name="forum_replies",
    ),
    path(
        "forum/posts/<id:post_id>/vote/",
        forum_api.VoteApi.as_view(),
        name="forum_vote",
    ),
    # POST accepts the answer, DELETE takes the mark off.
    path(
        "forum/posts/<id:post_id>/accept/",
        forum_api.AcceptApi.as_view(),
        name="forum_accept",
    ),
    # Assessments and your attempts at them.
    path(
        "assessments/",
        assessments_api.AssessmentListApi.as_view(),
        name="assessments",
    ),
    path(
        "assessments/<id:assessment_id>/",
        assessments_api.AssessmentDetailApi.as_view(),
        name="assessment_detail",
    ),
    path(
        "assessments/<id:assessment_id>/start/",
        assessments_api.AttemptStartApi.as_view(),
        name="assessment_start",
    ),
    # GET reads your attempt, PUT or PATCH saves answers.
    path(
        "assessments/attempts/<id:attempt_id>/",
        assessments_api.AttemptDetailApi.as_view(),
        name="assessment_attempt",
    ),
    path(
        "assessments/attempts/<id:attempt_id>/submit/",
        assessments_api.AttemptSubmitApi.as_view(),
        name="assessment_attempt_submit",
    ),
    # Your progress: skills and levels, goals, evidence, feedback, sharing.
    path(
        "progress/skills/",
        progress_api.SkillListApi.as_view(),
        name="progress_skills",
    ),
    path(
        "progress/skills/<slug:slug>/",
        progress_api.SkillDetailApi.as_view(),
        name="progress_skill",
    ),
    path(
        "progress/skills/<slug:slug>/ratings/",
        progress_api.RatingCreateApi.as_view(),
        name="progress_skill_ratings",
    ),
    # GET lists the evidence you added for the skill, POST adds some.
    path(
        "progress/skills/<slug:slug>/evidence/",
        progress_api.EvidenceCollectionApi.as_view(),
        name="progress_skill_evidence",
    ),
    path(
        "progress/evidence/<id:evidence_id>/",
        progress_api.EvidenceDetailApi.as_view(),
        name="progress_evidence",
    ),
    # GET lists your goals, POST sets one (one open per skill).
    path(
        "progress/goals/",
        progress_api.GoalCollectionApi.as_view(),
        name="progress_goals",
    ),
    path(
        "progress/goals/<id:goal_id>/",
        progress_api.GoalDetailApi.as_view(),
        name="progress_goal",
    ),
    # GET lists your feedback requests, POST asks an expert.
    path(
        "progress/feedback/",
        feedback_api.FeedbackCollectionApi.as_view(),
        name="progress_feedback",
    ),
    path(
        "progress/feedback/<id:feedback_id>/withdraw/",
        feedback_api.FeedbackWithdrawApi.as_view(),
        name="progress_feedback_withdraw",
    ),
    path(
        "progress/sharing/", feedback_api.SharingApi.as_view(), name="progress_sharing"
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api_v1:schema"),
        name="docs",
    ),
]

v2_router = WagtailAPIRouter("wagtailapi")
v2_router.register_endpoint("pages", VisiblePagesAPIViewSet)

urlpatterns = [
    path("v1/", include((v1_patterns, "api_v1"))),
    path("v2/", v2_router.urls),
]
