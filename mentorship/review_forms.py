"""The review form, one per side: the mentee rates and comments, the mentor
writes feedback only (see mentorship.reviews)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship import errors
from mentorship.models import REVIEW_COMMENT_MAX_LENGTH
from sessions.forms import ReviewForm

# The form's help line under the comment says until when it can be changed.
COMMENT_ATTRS = {"aria-describedby": "review-edit-help"}


class MenteeReviewForm(ReviewForm):
    """The session review form (stars as radios, an optional comment of the
    same length), worded for a mentorship."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rating, comment = self.fields["rating"], self.fields["comment"]
        rating.label = _("Your rating of your mentor")
        comment.label = _("How did the mentorship go? (optional, shown on their page)")
        comment.error_messages["max_length"] = errors.REVIEW_COMMENT_TOO_LONG
        comment.widget.attrs.update(COMMENT_ATTRS)


class MentorFeedbackForm(forms.Form):
    comment = forms.CharField(
        label=_("Your feedback (only your mentee sees it)"),
        max_length=REVIEW_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, **COMMENT_ATTRS}),
        error_messages={
            "max_length": errors.REVIEW_COMMENT_TOO_LONG,
            "required": errors.REVIEW_FEEDBACK_EMPTY,
        },
    )
