"""The review form, one per side: the mentee rates and comments, the mentor
writes feedback only (see mentorship.reviews)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship import errors
from mentorship.models import REVIEW_COMMENT_MAX_LENGTH
from sessions.forms import RATING_CHOICES

COMMENT_ERRORS = {"max_length": errors.REVIEW_COMMENT_TOO_LONG}


class MenteeReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating of your mentor"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": errors.REVIEW_RATING_INVALID,
            "invalid_choice": errors.REVIEW_RATING_INVALID,
        },
    )
    comment = forms.CharField(
        label=_("How did the mentorship go? (optional, shown on their page)"),
        required=False,
        max_length=REVIEW_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(
            attrs={"rows": 5, "aria-describedby": "review-edit-help"}
        ),
        error_messages=COMMENT_ERRORS,
    )


class MentorFeedbackForm(forms.Form):
    comment = forms.CharField(
        label=_("Your feedback (only your mentee sees it)"),
        max_length=REVIEW_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(
            attrs={"rows": 6, "aria-describedby": "review-edit-help"}
        ),
        error_messages={**COMMENT_ERRORS, "required": errors.REVIEW_FEEDBACK_EMPTY},
    )
