"""Flagging a post for moderators, from the thread page. Parse, call one
service, answer. A post the member cannot see (hidden, deleted, or in a
hidden or deleted thread) is 404, as on the thread page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from forum import errors
from forum.errors import ForumError
from forum.models import Post
from forum.moderation_forms import FlagForm
from forum.rules import participation_problem
from forum.services import moderation

# Refusals a member could not have avoided by typing differently.
_STATUS = {
    str(errors.ALREADY_FLAGGED): 409,
    str(errors.FLAGGING_TOO_FAST % {"count": moderation.FLAGS_PER_HOUR}): 429,
}


def _visible_post(post_id: int) -> Post:
    post = (
        Post.objects.select_related("thread", "author")
        .filter(
            pk=post_id,
            is_hidden=False,
            deleted_at__isnull=True,
            thread__is_hidden=False,
            thread__deleted_at__isnull=True,
        )
        .first()
    )
    if post is None:
        raise Http404
    return post


@login_required
@require_http_methods(["GET", "POST"])
def flag_post(request, post_id: int):
    post = _visible_post(post_id)
    post_url = f"{post.thread.get_absolute_url()}#post-{post.pk}"
    form = FlagForm(request.POST or None)
    refusal = participation_problem(request.user)
    if post.author_id == request.user.pk:
        refusal = errors.FLAG_OWN_POST
    status = 200
    if request.method == "POST":
        status = 403 if refusal else 400
        if not refusal and form.is_valid():
            try:
                moderation.flag_post(
                    post=post,
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                )
            except ForumError as error:
                form.add_error(None, error.message)
                status = _STATUS.get(str(error.message), 400)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Moderators will look at this post; its "
                        "author is not told who flagged it."
                    ),
                )
                return redirect(post_url)
    return render(
        request,
        "forum/moderation/flag.html",
        {"post": post, "post_url": post_url, "form": form, "refusal": refusal},
        status=status,
    )
