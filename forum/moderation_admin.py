"""The forum's moderation queue in the Wagtail admin: flagged posts grouped
by post, hidden posts and threads, bans, and one page per thread for its
lock, category and visibility.

Only moderators (forum.moderation_permissions) reach these views; the
services behind every button check again. Each button posts to one action
view, which calls one service and comes back to where it was.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from accounts.models import User
from forum.errors import ForumError
from forum.models import Post, Thread
from forum.moderation_forms import BanForm, HideForm, MoveForm
from forum.moderation_permissions import ModerationPermissionPolicy, can_moderate
from forum.moderation_selectors import (
    ORDERINGS,
    active_ban,
    list_bans,
    list_flagged_posts,
    list_hidden_posts,
    list_hidden_threads,
    reason_counts,
)
from forum.services import moderation

PER_PAGE = 25


class ModeratorView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = ModerationPermissionPolicy(Post)
    permission_required = "moderate"
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class QueueView(ModeratorView):
    template_name = "forum/moderation/queue.html"
    page_title = gettext_lazy("Forum moderation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.request.GET.get("order", "newest")
        order = order if order in ORDERINGS else "newest"
        page = Paginator(list_flagged_posts(order), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        context.update(
            order=order,
            page_obj=page,
            items=[
                {
                    "post": post,
                    "reasons": reason_counts(post),
                    "ban": active_ban(post.author),
                }
                for post in page
            ],
            hide_form=HideForm(),
        )
        return context


class HiddenView(ModeratorView):
    template_name = "forum/moderation/hidden.html"
    page_title = gettext_lazy("Hidden forum posts and threads")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            posts=Paginator(list_hidden_posts(), PER_PAGE).get_page(
                self.request.GET.get("p")
            ),
            threads=list_hidden_threads()[:PER_PAGE],
        )
        return context


class BansView(ModeratorView):
    template_name = "forum/moderation/bans.html"
    page_title = gettext_lazy("Forum bans")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bans"] = Paginator(list_bans(), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        return context


class ThreadView(ModeratorView):
    template_name = "forum/moderation/thread.html"
    page_title = gettext_lazy("Moderate a thread")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        thread = get_object_or_404(
            Thread.objects.select_related("category", "author"), pk=self.kwargs["pk"]
        )
        context.update(
            thread=thread,
            hide_form=HideForm(),
            move_form=MoveForm(initial={"category": thread.category_id}),
        )
        return context


class BanView(ModeratorView):
    """The ban form for one member (GET), and banning them (POST)."""

    template_name = "forum/moderation/ban.html"
    page_title = gettext_lazy("Ban from the forum")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = get_object_or_404(User, pk=self.kwargs["pk"])
        context.update(
            member=member,
            form=kwargs.get("form") or BanForm(),
            ban=getattr(member, "forum_ban", None),
        )
        return context

    def post(self, request, pk: int):
        member = get_object_or_404(User, pk=pk)
        form = BanForm(request.POST)
        if form.is_valid():
            try:
                moderation.ban_member(
                    member=member,
                    moderator=request.user,
                    reason=form.cleaned_data["reason"],
                    until=form.cleaned_data["until"],
                )
            except ForumError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(member)s is banned from the forum.") % {"member": member},
                )
                return redirect("forum_moderation_bans")
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _field(request, form_class, name: str):
    """One field of a small action form, or its error as a refusal."""
    form = form_class(request.POST)
    if not form.is_valid():
        raise ForumError(form.errors[name][0])
    return form.cleaned_data[name]


def _reason(request) -> str:
    return _field(request, HideForm, "reason")


def _dismiss(request, post: Post) -> str:
    count = moderation.dismiss_flags(post=post, moderator=request.user)
    return _("%(count)d flag(s) dismissed.") % {"count": count}


def _move(request, thread: Thread) -> str:
    category = _field(request, MoveForm, "category")
    moderation.move_thread(thread=thread, moderator=request.user, category=category)
    return _("The thread is now in %(category)s.") % {"category": category}


def _unban(request, member: User) -> str:
    moderation.unban_member(member=member, moderator=request.user)
    return _("%(member)s may take part in the forum again.") % {"member": member}


def _done(service, message):
    """An action that calls `service(request, target)` and says `message`."""

    def act(request, target) -> str:
        service(request, target)
        return str(message)

    return act


# kind in the URL -> (model, {action in the URL -> handler(request, target)}).
ACTIONS = {
    "post": (
        Post,
        {
            "hide": _done(
                lambda r, post: moderation.hide_post(
                    post=post, moderator=r.user, reason=_reason(r)
                ),
                gettext_lazy("The post is hidden and its author told why."),
            ),
            "restore": _done(
                lambda r, post: moderation.restore_post(post=post, moderator=r.user),
                gettext_lazy("The post is shown again."),
            ),
            "dismiss": _dismiss,
        },
    ),
    "thread": (
        Thread,
        {
            "hide": _done(
                lambda r, thread: moderation.hide_thread(
                    thread=thread, moderator=r.user, reason=_reason(r)
                ),
                gettext_lazy("The thread is hidden and its author told why."),
            ),
            "restore": _done(
                lambda r, thread: moderation.restore_thread(
                    thread=thread, moderator=r.user
                ),
                gettext_lazy("The thread is shown again."),
            ),
            "lock": _done(
                lambda r, thread: moderation.set_thread_locked(
                    thread=thread, moderator=r.user, locked=True
                ),
                gettext_lazy("The thread is locked."),
            ),
            "unlock": _done(
                lambda r, thread: moderation.set_thread_locked(
                    thread=thread, moderator=r.user, locked=False
                ),
                gettext_lazy("The thread is open again."),
            ),
            "move": _move,
        },
    ),
    "member": (User, {"unban": _unban}),
}


class ActionView(PermissionCheckedMixin, View):
    """One button of the queue: call its service, say what happened, go
    back to the page it was on (`next`, on this site) or the queue."""

    permission_policy = ModerationPermissionPolicy(Post)
    permission_required = "moderate"
    http_method_names = ["post"]

    def post(self, request, kind: str, pk: int, action: str):
        model, actions = ACTIONS[kind]
        handler = actions.get(action)
        if handler is None:
            raise Http404
        target = get_object_or_404(model, pk=pk)
        try:
            messages.success(request, handler(request, target))
        except ForumError as error:
            messages.error(request, error.message)
        back = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return redirect(back)
        return redirect("forum_moderation_queue")


def get_urlpatterns():
    action = ActionView.as_view()
    return [
        path("forum/moderation/", QueueView.as_view(), name="forum_moderation_queue"),
        path(
            "forum/moderation/hidden/",
            HiddenView.as_view(),
            name="forum_moderation_hidden",
        ),
        path(
            "forum/moderation/bans/", BansView.as_view(), name="forum_moderation_bans"
        ),
        path(
            "forum/moderation/threads/<int:pk>/",
            ThreadView.as_view(),
            name="forum_moderation_thread",
        ),
        path(
            "forum/moderation/members/<int:pk>/ban/",
            BanView.as_view(),
            name="forum_moderation_ban",
        ),
        *(
            path(
                f"forum/moderation/{kind}s/<int:pk>/<slug:action>/",
                action,
                {"kind": kind},
                name=f"forum_moderation_{kind}_action",
            )
            for kind in ACTIONS
        ),
    ]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate(request.user)


def menu_item() -> MenuItem:
    return ModerationMenuItem(
        _("Forum moderation"),
        reverse("forum_moderation_queue"),
        name="forum-moderation",
        icon_name="warning",
        order=265,
    )


# What the admin's history and audit log call each action.
LOG_ACTIONS = {
    "forum.hide_post": (gettext_lazy("Hide forum post"), gettext_lazy("Hidden")),
    "forum.restore_post": (gettext_lazy("Restore forum post"), gettext_lazy("Shown")),
    "forum.dismiss_flags": (gettext_lazy("Dismiss flags"), gettext_lazy("Dismissed")),
    "forum.hide_thread": (gettext_lazy("Hide forum thread"), gettext_lazy("Hidden")),
    "forum.restore_thread": (
        gettext_lazy("Restore forum thread"),
        gettext_lazy("Shown"),
    ),
    "forum.lock_thread": (gettext_lazy("Lock forum thread"), gettext_lazy("Locked")),
    "forum.unlock_thread": (
        gettext_lazy("Unlock forum thread"),
        gettext_lazy("Unlocked"),
    ),
    "forum.move_thread": (gettext_lazy("Move forum thread"), gettext_lazy("Moved")),
    "forum.ban": (gettext_lazy("Ban from the forum"), gettext_lazy("Banned")),
    "forum.unban": (gettext_lazy("Lift forum ban"), gettext_lazy("Ban lifted")),
}
