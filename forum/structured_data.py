"""schema.org data for a thread page: a QAPage around its Question (or a
DiscussionForumPosting for a discussion) and a BreadcrumbList.

Only what anyone may read goes in: deleted and hidden posts are left out,
and a hidden opening post gives way to the title."""

from django.utils.text import Truncator

from accounts.markdown import markdown_text
from forum.models import Post, Thread
from forum.selectors import ThreadPosts

DESCRIPTION_LENGTH = 155
FORMER_MEMBER = "Deleted member"


def plain_text(post: Post | None) -> str:
    """A visible post's text without markup, on one line."""
    if post is None or not post.is_visible:
        return ""
    return markdown_text(post.body_html)


def meta_description(thread: Thread, opening: Post | None) -> str:
    text = plain_text(opening) or thread.title
    return Truncator(text).chars(DESCRIPTION_LENGTH)


def _person(user) -> dict:
    name = str(user) if user is not None else FORMER_MEMBER
    return {"@type": "Person", "name": name}


def _answer(post: Post, thread_url: str) -> dict:
    return {
        "@type": "Answer",
        "text": plain_text(post),
        "upvoteCount": post.score,
        "url": f"{thread_url}#post-{post.pk}",
        "dateCreated": post.created_at.isoformat(),
        "author": _person(post.author),
    }


def thread_data(thread: Thread, posts: ThreadPosts, thread_url: str) -> dict:
    opening = posts.opening
    visible_answers = [post for post in posts.answers if post.is_visible]
    text = plain_text(opening) or thread.title
    created = thread.created_at.isoformat()
    if not thread.is_question:
        return {
            "@context": "https://schema.org",
            "@type": "DiscussionForumPosting",
            "headline": thread.title,
            "text": text,
            "url": thread_url,
            "datePublished": created,
            "author": _person(thread.author),
            "interactionStatistic": {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/LikeAction",
                "userInteractionCount": thread.score,
            },
            "commentCount": len(visible_answers),
            "comment": [
                {
                    "@type": "Comment",
                    "text": plain_text(post),
                    "url": f"{thread_url}#post-{post.pk}",
                    "datePublished": post.created_at.isoformat(),
                    "author": _person(post.author),
                }
                for post in visible_answers
            ],
        }
    question = {
        "@type": "Question",
        "name": thread.title,
        "text": text,
        "answerCount": len(visible_answers),
        "upvoteCount": thread.score,
        "dateCreated": created,
        "author": _person(thread.author),
    }
    accepted = [p for p in visible_answers if p.pk == thread.accepted_answer_id]
    suggested = [p for p in visible_answers if p.pk != thread.accepted_answer_id]
    if accepted:
        question["acceptedAnswer"] = _answer(accepted[0], thread_url)
    if suggested:
        question["suggestedAnswer"] = [_answer(p, thread_url) for p in suggested]
    return {
        "@context": "https://schema.org",
        "@type": "QAPage",
        "mainEntity": question,
    }


def breadcrumb_data(crumbs: list[tuple[str, str]]) -> dict:
    """`crumbs`: (name, absolute URL) from the forum down to this page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }
