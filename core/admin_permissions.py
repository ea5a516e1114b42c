"""Who may do what in the Wagtail admin. Experts reach the admin too (for
their own pages), so admin access alone is not enough: listings only staff
may use, and what a user may do to a page."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete
from wagtail.models import PagePermissionTester, get_page_models
from wagtail.permission_policies.base import BasePermissionPolicy

from core.cache import rebuildable_cache


def is_staff(user) -> bool:
    return bool(user.is_active and (user.is_staff or user.is_superuser))


class StaffOnlyPermissionPolicy(BasePermissionPolicy):
    """Staff may do `allowed_actions` (every action when None); nobody else
    may do anything."""

    allowed_actions: set[str] | None = None

    def user_has_permission(self, user, action):
        allowed = self.allowed_actions is None or action in self.allowed_actions
        return allowed and is_staff(user)

    def users_with_any_permission(self, actions):
        if self.allowed_actions is not None and not self.allowed_actions & set(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(
            Q(is_staff=True) | Q(is_superuser=True), is_active=True
        )


def own_uploads(uploads, user):
    """The images or documents `user` may see in the admin and put on a
    page: staff any, everyone else only their own uploads (another expert's
    may be the cover of a page nobody has seen yet)."""
    if is_staff(user):
        return uploads
    return uploads.filter(uploaded_by_user=user)


# --- Pages -------------------------------------------------------------------
DEFAULT_OWNER_FIELDS = ("owner",)


def page_owner_fields(page_class) -> tuple[str, ...]:
    """The user fields naming who owns a page of this class: Wagtail's
    `owner`, plus whoever the page class says (a session's host, the expert
    an expert page is about) through its `owner_fields`."""
    return getattr(page_class, "owner_fields", DEFAULT_OWNER_FIELDS)


def owns_page(user, page) -> bool:
    if user.pk is None:
        return False
    return any(
        getattr(page, f"{name}_id", None) == user.pk
        for name in page_owner_fields(type(page))
    )


def owned_pages_q(user) -> Q:
    """Pages (as a filter on `Page`) that `user` owns in the sense of
    `owns_page`, whatever their type."""
    owned = Q(owner_id=user.pk)
    for model in get_page_models():
        for name in set(page_owner_fields(model)) - {"owner"}:
            pages = model.objects.filter(**{f"{name}_id": user.pk})
            owned |= Q(pk__in=pages.values("pk"))
    return owned


def takes_subpages(page) -> bool:
    """An index: a page type that takes sub-pages, or a page that has some.
    Acting on one acts on every page below it, whoever they belong to."""
    page_class = page.specific_class
    return page.numchild > 0 or (
        page_class is None or bool(page_class.allowed_subpage_models())
    )


class OwnPagesPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, narrowed for anyone who is not staff.

    Wagtail grants *publish* on a whole branch: experts hold it on
    /sessions/ and /learn/ so they can publish what they write, and out of
    the box that lets them unpublish, move, lock, password-protect or
    unschedule anyone's page there, and the index itself with every page
    below it. Wagtail asks this tester in its page views, bulk actions and
    admin API actions alike, so here a user who is not staff may only act
    on a page they own (`owns_page`) that is not an index. Creating pages
    under an index (`can_add_subpage`, `can_publish_subpage`) stays as
    Wagtail grants it, and so do editing and moderation: who may edit is
    Wagtail's rule, with the page class's owners counting as owners.
    Staff get Wagtail's rules unchanged.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        self.is_staff = is_staff(user)

    def may_act(self) -> bool:
        if self.is_staff:
            return True
        if not self.user.is_active or self.page_is_root:
            return False
        return owns_page(self.user, self.page) and not takes_subpages(self.page)

    def can_edit(self):
        if super().can_edit():
            return True
        # Wagtail lets a user with *add* edit the pages they own; the page
        # class's other owners (a session's host) are owners too.
        return (
            self.user.is_active
            and not self.page_is_root
            and not self.user.is_superuser
            and "add" in self.permissions
            and owns_page(self.user, self.page)
        )

    def can_delete(self, ignore_bulk=False):
        if self.is_staff:
            return super().can_delete(ignore_bulk=ignore_bulk)
        if not self.may_act():
            return False
        # An owned page without sub-pages: Wagtail's rule for *add* or
        # *change* without *publish* is that only a draft may go.
        perms = self.permissions
        if not perms & {"add", "change"}:
            return False
        return "publish" in perms or not self.page.live

    def can_unpublish(self):
        return self.may_act() and super().can_unpublish()

    def can_publish(self):
        return self.may_act() and super().can_publish()

    def can_set_view_restrictions(self):
        return self.may_act() and super().can_set_view_restrictions()

    def can_unschedule(self):
        return self.may_act() and super().can_unschedule()

    def can_lock(self):
        return self.may_act() and super().can_lock()

    def can_unlock(self):
        return self.may_act() and super().can_unlock()

    def can_reorder_children(self):
        # Asked of the parent: reordering /sessions/ moves everyone's pages.
        return self.may_act() and super().can_reorder_children()

    def can_move(self):
        return self.may_act() and super().can_move()

    def can_copy(self):
        return self.may_act() and super().can_copy()


# Whether a user may open the admin, for the userbar every page shows a
# signed-in user: Django's answer costs two queries per page, and for most
# members it is always "no". Kept in the cache until a group or permission
# changes (or the timeout: deleting a group or permission sends no m2m
# signal); the admin checks access itself, so a stale answer only shows or
# hides the userbar.
ADMIN_ACCESS_TIMEOUT = 5 * 60
_GENERATION_KEY = "core.admin-access.generation"


def _key(user_pk) -> str:
    generation = rebuildable_cache.get_or_set(_GENERATION_KEY, 0, None)
    return f"core.admin-access:{generation}:{user_pk}"


def can_access_admin(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    key = _key(user.pk)
    allowed = rebuildable_cache.get(key)
    if allowed is None:
        allowed = user.has_perm("wagtailadmin.access_admin")
        rebuildable_cache.set(key, allowed, ADMIN_ACCESS_TIMEOUT)
    return allowed


def forget_admin_access(**kwargs) -> None:
    """Every user's answer (a group's permissions changed, or a group went)."""
    try:
        rebuildable_cache.incr(_GENERATION_KEY)
    except ValueError:  # not set (or evicted): no answer is kept under it
        pass


def _memberships_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Only the users who joined or left a group (or lost a permission)."""
    if not action.startswith("post_"):
        return
    if not reverse:
        rebuildable_cache.delete(_key(instance.pk))
    elif pk_set is not None:
        rebuildable_cache.delete_many([_key(pk) for pk in pk_set])
    else:  # group.user_set.clear(): who was in it is no longer known
        forget_admin_access()


def connect() -> None:
    User = get_user_model()
    uid = "core.admin-access"
    for through in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(_memberships_changed, sender=through, dispatch_uid=uid)
    m2m_changed.connect(
        forget_admin_access, sender=Group.permissions.through, dispatch_uid=uid
    )
    post_delete.connect(forget_admin_access, sender=Group, dispatch_uid=uid)
