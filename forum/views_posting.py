"""Asking, replying, editing, deleting, voting and accepting: parse with a
form, call one service, show a ForumError as a form error (400) or a
message. Only the author reaches the edit and delete pages of a post;
anyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.markdown import render_markdown
from forum import errors
from forum.errors import ForumError
from forum.forms import PREVIEW, AcceptForm, AskForm, EditForm, ReplyForm, VoteForm
from forum.models import Category, Post
from forum.rules import participation_problem
from forum.selectors import get_post, list_similar_threads
from forum.services import posting, voting
from forum.views import thread_context

# The ask form's third button: look for similar questions without posting.
SIMILAR = "similar"


def _post_url(post: Post) -> str:
    return f"{post.thread.get_absolute_url()}#post-{post.pk}"


@require_http_methods(["GET", "POST"])
def ask(request):
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.path)
    initial = {}
    if request.method == "GET" and request.GET.get("category"):
        initial["category"] = Category.objects.filter(
            slug=request.GET["category"][:80]
        ).first()
    form = AskForm(request.POST or None, initial=initial)
    context = {
        "form": form,
        "participation_problem": participation_problem(request.user),
    }
    if request.method == "GET":
        return render(request, "forum/ask.html", context)
    action = request.POST.get("action")
    if action == SIMILAR:
        # What was typed stays, unchecked: nothing is being posted yet.
        context["form"] = AskForm(initial=request.POST.dict())
        context["similar"] = list_similar_threads(request.POST.get("title", "")[:300])
        context["searched"] = True
        return render(request, "forum/ask.html", context)
    if form.is_valid():
        data = form.cleaned_data
        if action == PREVIEW:
            context["preview"] = render_markdown(data["body"])
            context["similar"] = list_similar_threads(data["title"])
            context["searched"] = True
            return render(request, "forum/ask.html", context)
        try:
            thread = posting.ask(
                author=request.user,
                category=data["category"],
                title=data["title"],
                body=data["body"],
                kind=data["kind"],
                skills=data["skills"],
            )
        except ForumError as error:
            form.add_error(posting.error_field(error.message), error.message)
        else:
            messages.success(request, "Your question is posted.")
            return redirect(thread.get_absolute_url())
    return render(request, "forum/ask.html", context, status=400)


def _visible_post_or_404(pk: int) -> Post:
    post = get_post(pk)
    if post is None:
        raise Http404
    return post


@login_required
@require_POST
def reply(request, pk: int):
    parent = _visible_post_or_404(pk)
    thread = parent.thread
    form = ReplyForm(request.POST)
    if form.is_valid():
        body = form.cleaned_data["body"]
        if request.POST.get("action") == PREVIEW:
            return render(
                request,
                "forum/thread.html",
                thread_context(
                    request,
                    thread,
                    reply_to=parent.pk,
                    reply_form=form,
                    reply_preview=render_markdown(body),
                ),
            )
        try:
            post = posting.reply(parent=parent, author=request.user, body=body)
        except ForumError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, "Your reply is posted.")
            return redirect(_post_url(post))
    return render(
        request,
        "forum/thread.html",
        thread_context(request, thread, reply_to=parent.pk, reply_form=form),
        status=400,
    )


def _own_post_or_404(request, pk: int) -> Post:
    post = _visible_post_or_404(pk)
    if post.author_id != request.user.pk:
        raise Http404
    return post


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    post = _own_post_or_404(request, pk)
    thread = post.thread
    if not post.is_visible:
        messages.error(
            request, errors.POST_DELETED if post.deleted_at else errors.POST_HIDDEN
        )
        return redirect(thread.get_absolute_url())
    initial = {"title": thread.title, "body": post.body}
    form = EditForm(request.POST or None, post=post, initial=initial)
    context = {"form": form, "post": post, "thread": thread}
    if request.method == "GET":
        return render(request, "forum/edit.html", context)
    if form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == PREVIEW:
            context["preview"] = render_markdown(data["body"])
            return render(request, "forum/edit.html", context)
        try:
            posting.edit_post(
                post=post,
                editor=request.user,
                body=data["body"],
                title=data.get("title", ""),
            )
        except ForumError as error:
            form.add_error(posting.error_field(error.message), error.message)
        else:
            messages.success(request, "Your changes are saved.")
            post.thread.refresh_from_db(fields=["slug"])
            return redirect(_post_url(post))
    return render(request, "forum/edit.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    post = _own_post_or_404(request, pk)
    thread = post.thread
    if request.method == "GET":
        return render(request, "forum/delete.html", {"post": post, "thread": thread})
    try:
        posting.delete_post(post=post, user=request.user)
    except ForumError as error:
        messages.error(request, error.message)
        return redirect(_post_url(post))
    messages.success(request, "Your post is deleted.")
    if post.is_opening:
        return redirect(thread.category.get_absolute_url())
    return redirect(thread.get_absolute_url())


@login_required
@require_POST
def vote(request, pk: int):
    post = _visible_post_or_404(pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors.BAD_VOTE)
        return redirect(_post_url(post))
    try:
        voting.vote(post=post, voter=request.user, value=form.cleaned_data["value"])
    except ForumError as error:
        messages.error(request, error.message)
    return redirect(_post_url(post))


@login_required
@require_POST
def accept(request, pk: int):
    post = _visible_post_or_404(pk)
    form = AcceptForm(request.POST)
    try:
        if form.is_valid() and not form.cleaned_data["accept"]:
            voting.unaccept_answer(thread=post.thread, user=request.user)
            messages.success(request, "The answer is no longer marked as accepted.")
        else:
            voting.accept_answer(answer=post, user=request.user)
            messages.success(request, "You accepted this answer.")
    except ForumError as error:
        messages.error(request, error.message)
    return redirect(_post_url(post))
