"""Following a thread or a category: what `forum.notifications` reads to
decide who hears about a new answer, reply or thread. Following twice, or
unfollowing what one does not follow, changes nothing."""

from django.db import IntegrityError, transaction

from accounts.models import User
from forum import errors
from forum.errors import ForumError
from forum.models import Category, Subscription, Thread


def _check_member(user: User) -> None:
    if not getattr(user, "is_authenticated", False):
        raise ForumError(errors.SIGN_IN)


def _visible_thread(thread: Thread) -> Thread:
    thread = Thread.objects.filter(
        pk=thread.pk, is_hidden=False, deleted_at__isnull=True
    ).first()
    if thread is None:
        raise ForumError(errors.NOT_FOUND)
    return thread


def _subscribe(user: User, **target) -> Subscription:
    try:
        # A savepoint: two clicks racing meet the unique constraint.
        with transaction.atomic():
            return Subscription.objects.get_or_create(user=user, **target)[0]
    except IntegrityError:
        return Subscription.objects.get(user=user, **target)


@transaction.atomic
def follow_thread(*, user: User, thread: Thread) -> Subscription:
    _check_member(user)
    return _subscribe(user, thread=_visible_thread(thread))


@transaction.atomic
def unfollow_thread(*, user: User, thread: Thread) -> None:
    _check_member(user)
    Subscription.objects.filter(user=user, thread=thread).delete()


@transaction.atomic
def follow_category(*, user: User, category: Category) -> Subscription:
    _check_member(user)
    return _subscribe(user, category=category)


@transaction.atomic
def unfollow_category(*, user: User, category: Category) -> None:
    _check_member(user)
    Subscription.objects.filter(user=user, category=category).delete()
