"""What search engines read on forum pages: JSON-LD, meta, the sitemap."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from forum.models import Thread
from forum.services.posting import answer
from forum.services.voting import accept_answer, vote
from forum.tests.factories import ForumCategoryFactory, PostFactory, ThreadFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def member():
    return MemberFactory(date_joined=timezone.now() - timedelta(days=30))


def structured(html: str) -> dict[str, dict]:
    """The page's JSON-LD objects by @type."""
    return {data["@type"]: data for data in map(json.loads, JSONLD.findall(html))}


@pytest.fixture
def thread():
    return ThreadFactory(
        title="How do I index a big table?",
        slug="how-do-i-index-a-big-table",
        body="My query takes **ten seconds**. What should I try?",
        category=ForumCategoryFactory(name="Databases", slug="databases"),
    )


def test_question_page_emits_qapage_with_accepted_and_suggested_answers(client, thread):
    accepted = answer(thread=thread, author=member(), body="Add an *index*.")
    suggested = answer(thread=thread, author=member(), body="Partition it.")
    vote(post=accepted, voter=member(), value=1)
    vote(post=thread.posts.get(is_opening=True), voter=member(), value=1)
    accept_answer(answer=accepted, user=thread.author)

    html = client.get(thread.get_absolute_url()).content.decode()
    data = structured(html)["QAPage"]

    question = data["mainEntity"]
    url = f"http://testserver{thread.get_absolute_url()}"
    assert question["@type"] == "Question"
    assert question["name"] == "How do I index a big table?"
    assert question["text"] == "My query takes ten seconds. What should I try?"
    assert question["answerCount"] == 2
    assert question["upvoteCount"] == 1
    assert question["author"] == {"@type": "Person", "name": str(thread.author)}
    assert question["dateCreated"].startswith(str(thread.created_at.date()))
    assert question["acceptedAnswer"] == {
        "@type": "Answer",
        "text": "Add an index.",
        "upvoteCount": 1,
        "url": f"{url}#post-{accepted.pk}",
        "dateCreated": accepted.created_at.isoformat(),
        "author": {"@type": "Person", "name": str(accepted.author)},
    }
    assert [a["url"] for a in question["suggestedAnswer"]] == [
        f"{url}#post-{suggested.pk}"
    ]


def test_deleted_and_hidden_answers_stay_out_of_json_ld_and_meta(client, thread):
    PostFactory(thread=thread, body="Deleted words", deleted_at=timezone.now())
    PostFactory(thread=thread, body="Rude words", is_hidden=True)
    opening = thread.posts.get(is_opening=True)
    opening.is_hidden = True
    opening.save()

    html = client.get(thread.get_absolute_url()).content.decode()
    question = structured(html)["QAPage"]["mainEntity"]

    head = html[: html.index("</head>")]
    assert "Deleted words" not in head and "Rude words" not in head
    assert "ten seconds" not in head
    assert question["text"] == thread.title
    assert "suggestedAnswer" not in question
    assert question["answerCount"] == 0


def test_discussion_emits_a_discussion_forum_posting(client, thread):
    Thread.objects.filter(pk=thread.pk).update(kind=Thread.Kind.DISCUSSION)
    answer(thread=thread, author=member(), body="I agree.")

    data = structured(client.get(thread.get_absolute_url()).content.decode())

    assert "QAPage" not in data
    posting = data["DiscussionForumPosting"]
    assert posting["headline"] == thread.title
    assert [c["text"] for c in posting["comment"]] == ["I agree."]


def test_breadcrumbs_meta_description_and_canonical(client, thread):
    html = client.get(thread.get_absolute_url()).content.decode()
    crumbs = structured(html)["BreadcrumbList"]["itemListElement"]

    assert [c["name"] for c in crumbs] == ["Forum", "Databases", thread.title]
    assert crumbs[1]["item"] == "http://testserver/forum/c/databases/"
    assert (
        '<meta name="description" content="My query takes ten seconds. '
        'What should I try?">' in html
    )
    assert (
        '<link rel="canonical" href="http://testserver'
        f'{thread.get_absolute_url()}">' in html
    )


def test_long_question_text_is_truncated_in_the_description(client, thread):
    opening = thread.posts.get()
    opening.body_html = "<p>" + "word " * 100 + "</p>"
    opening.save()
    html = client.get(thread.get_absolute_url()).content.decode()
    description = re.search(r'<meta name="description" content="([^"]*)"', html)
    assert len(description.group(1)) <= 155
    assert description.group(1).endswith("…")


def test_symbols_in_the_question_are_escaped_once_in_meta_and_json_ld(client):
    thread = ThreadFactory(body="Is a < b & c <i>really</i>?")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert (
        '<meta name="description" content="Is a &lt; b &amp; c &lt;i&gt;really'
        '&lt;/i&gt;?">'
    ) in html
    question = structured(html)["QAPage"]["mainEntity"]
    assert question["text"] == "Is a < b & c <i>really</i>?"


def test_category_page_emits_breadcrumbs(client, thread):
    html = client.get("/forum/c/databases/").content.decode()
    crumbs = structured(html)["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Forum", "Databases"]


def test_sitemap_lists_visible_threads_with_last_activity(client, thread, site_root):
    hidden = ThreadFactory(title="Hidden thread here", is_hidden=True)
    deleted = ThreadFactory(title="Deleted thread here", deleted_at=timezone.now())

    xml = client.get("/sitemap.xml").content.decode()

    assert f"{thread.get_absolute_url()}</loc>" in xml
    assert f"<lastmod>{thread.last_activity_at.date()}" in xml
    assert hidden.get_absolute_url() not in xml
    assert deleted.get_absolute_url() not in xml
