"""The forum's public pages: the categories, a category's threads, a thread
(whose POST is the answer form), and similar questions. Anyone may read
what is visible; the posting views are in forum/views_posting.py."""

import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.markdown import render_markdown
from forum.errors import ForumError
from forum.filters import ThreadFilter
from forum.forms import PREVIEW, AnswerForm, ReplyForm, SimilarForm
from forum.models import Category, Thread
from forum.notification_selectors import is_following
from forum.rules import (
    live_answer_problem,
    may_accept_answers,
    participation_problem,
    recap_problem,
)
from forum.selectors import (
    count_view,
    get_thread,
    get_thread_posts,
    list_categories,
    list_category_threads,
    list_similar_threads,
)
from forum.services.live import post_live_recap
from forum.services.posting import answer as post_answer
from forum.structured_data import breadcrumb_data, meta_description, thread_data
from sessions.timezones import format_for_member

THREADS_PER_PAGE = 20
# Crawlers and link previews read pages too; they are not views.
BOT_AGENT = re.compile(r"bot|crawl|spider|slurp|preview|facebookexternalhit", re.I)


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


@require_GET
def index(request):
    return render(request, "forum/index.html", {"categories": list_categories()})


@require_GET
def category(request, slug: str):
    category = get_object_or_404(Category, slug=slug)
    threads = ThreadFilter(request.GET or None, list_category_threads(category))
    form = threads.form
    results = threads.qs if form.is_valid() else list_category_threads(category)
    page = Paginator(results, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    crumbs = [
        ("Forum", _absolute(request, "/forum/")),
        (category.name, _absolute(request, category.get_absolute_url())),
    ]
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "following": is_following(request.user, category=category),
            "filter_form": form,
            "threads": page,
            "filter_query": query.urlencode(),
            "is_filtered": any(
                request.GET.get(key) for key in ("show", "skill", "sort")
            ),
            "breadcrumbs": breadcrumb_data(crumbs),
        },
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


def thread_context(request, thread: Thread, **extra) -> dict:
    """What the thread page shows; the posting views re-render it with
    their form's errors."""
    posts = get_thread_posts(thread, request.user)
    url = _absolute(request, thread.get_absolute_url())
    is_public = not thread.is_hidden and thread.deleted_at is None
    crumbs = [
        ("Forum", _absolute(request, "/forum/")),
        (thread.category.name, _absolute(request, thread.category.get_absolute_url())),
        (thread.title, url),
    ]
    context = {
        "thread": thread,
        "category": thread.category,
        "posts": posts,
        "opening": posts.opening,
        "answers": posts.answers,
        "is_public": is_public,
        "participation_problem": participation_problem(request.user),
        "can_accept": thread.is_question and may_accept_answers(request.user, thread),
        "similar": list_similar_threads(thread.title, exclude=thread),
        "following": (
            thread.viewer_follows
            if hasattr(thread, "viewer_follows")
            else is_following(request.user, thread=thread)
        ),
        "description": meta_description(thread, posts.opening) if is_public else "",
        "structured_data": thread_data(thread, posts, url) if is_public else None,
        "breadcrumbs": breadcrumb_data(crumbs),
        "answer_form": AnswerForm(),
        "reply_form": ReplyForm(),
        **_live_context(request.user, thread),
    }
    context.update(extra)
    return context


def _live_context(user, thread: Thread) -> dict:
    """What the page says about answering the question live: the session
    (once published; its host also sees the draft), whether the viewer may
    start one, and whether their answer would be the recap."""
    session = thread.live_session
    if session is not None and session.status == session.Status.CANCELLED:
        session = None
    is_host = session is not None and session.host_id == user.pk
    if session is not None and not (session.live or is_host):
        session = None
    return {
        "live_session": session,
        "live_session_starts": (
            format_for_member(session.starts_at, user, session) if session else ""
        ),
        "live_session_edit_url": (
            reverse("wagtailadmin_pages:edit", args=[session.pk]) if is_host else ""
        ),
        "can_answer_live": user.is_authenticated
        and live_answer_problem(user, thread) is None,
        "recap_due": is_host and recap_problem(user, thread) is None,
    }


@require_http_methods(["GET", "POST"])
def thread(request, pk: int, slug: str = ""):
    thread = get_thread(pk, request.user)
    if thread is None:
        raise Http404
    if request.method == "POST":
        return _answer(request, thread)
    if slug != thread.slug:
        return redirect(thread.get_absolute_url(), permanent=True)
    return render(request, "forum/thread.html", thread_context(request, thread))


@csrf_exempt  # A view count changes nothing anyone owns; beacons send no token.
@require_POST
def thread_viewed(request, pk: int):
    """The thread page's script reports a view here (static/js/thread-view.js),
    so views count when visitors get the page from the page cache, and
    crawlers, which mostly run no script, count even less."""
    thread = get_thread(pk, request.user)
    if thread is None:
        raise Http404
    if not BOT_AGENT.search(request.headers.get("User-Agent", "")):
        count_view(thread)
    return HttpResponse(status=204)


def _answer(request, thread: Thread):
    """The answer form on the thread page posts here."""
    if not request.user.is_authenticated:
        return redirect_to_login(thread.get_absolute_url())
    form = AnswerForm(request.POST)
    extra = {"answer_form": form}
    if form.is_valid():
        body = form.cleaned_data["body"]
        if request.POST.get("action") == PREVIEW:
            extra["answer_preview"] = render_markdown(body)
            return render(
                request, "forum/thread.html", thread_context(request, thread, **extra)
            )
        post_as = post_live_recap if request.POST.get("recap") else post_answer
        try:
            post = post_as(thread=thread, author=request.user, body=body)
        except ForumError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, "Your answer is posted.")
            return redirect(f"{thread.get_absolute_url()}#post-{post.pk}")
    return render(
        request,
        "forum/thread.html",
        thread_context(request, thread, **extra),
        status=400,
    )


@require_GET
def similar(request):
    """Threads like the title being typed on the ask page: an HTML fragment
    for forum-ask.js to place in its live region."""
    form = SimilarForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest("Too long.")
    threads = list_similar_threads(form.cleaned_data["q"])
    return render(
        request,
        "forum/components/similar_list.html",
        {"similar": threads, "searched": bool(form.cleaned_data["q"])},
    )
