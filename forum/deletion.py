"""What deleting a member's account does to the forum; registered with
`accounts.deletion` from ForumConfig.ready()."""

from django.utils.translation import ngettext

from forum.models import Post, PostRevision, Thread, Vote
from forum.services.voting import withdraw_votes_by


def _counted(singular: str, plural: str, count: int) -> str:
    return ngettext(singular, plural, count) % {"count": count}


class ForumAccountDeletion:
    """Threads and posts are the community's: they stay, with their text,
    shown as by a deleted member (the author link is emptied here rather
    than left to SET_NULL, so the effect is counted and said). Votes the
    member cast are withdrawn and the scores recounted, as the vote service
    would; follows, notifications, reputation and any ban go with the
    account. Nothing here blocks."""

    def blockers(self, *, user) -> list[str]:
        return []

    def effects(self, *, user) -> list[str]:
        effects = []
        posts = Post.objects.filter(author=user).count()
        if posts:
            effects.append(
                _counted(
                    "%(count)d forum post kept, shown as by a deleted member",
                    "%(count)d forum posts kept, shown as by a deleted member",
                    posts,
                )
            )
        votes = Vote.objects.filter(voter=user).count()
        if votes:
            effects.append(
                _counted(
                    "%(count)d forum vote withdrawn and the post's score recounted",
                    "%(count)d forum votes withdrawn and the posts' scores recounted",
                    votes,
                )
            )
        return effects

    def release(self, *, user) -> None:
        withdraw_votes_by(voter=user)
        Thread.objects.filter(author=user).update(author=None)
        Post.objects.filter(author=user).update(author=None)
        PostRevision.objects.filter(edited_by=user).update(edited_by=None)
