"""/forum/, a category's listing, the ask page and similar questions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Skill
from core.testing import ANONYMOUS_QUERY_BUDGET, MEMBER_QUERY_BUDGET
from forum import errors
from forum.forms import UNKNOWN_SKILLS
from forum.models import Category, Post, Thread
from forum.services.posting import answer, ask
from forum.services.voting import accept_answer
from forum.tests.factories import ForumCategoryFactory, ThreadFactory
from forum.tests.pages import count_queries
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return ForumCategoryFactory(name="Data engineering", slug="data")


@pytest.fixture
def regular():
    """A verified member past the new-member limits."""
    return MemberFactory(date_joined=timezone.now() - timedelta(days=30))


def titles(response) -> list[str]:
    return [thread.title for thread in response.context["threads"].object_list]


# --- /forum/ ---------------------------------------------------------------


def test_index_lists_categories_with_counts_of_visible_threads(client, category):
    thread = ThreadFactory(category=category)
    answer(thread=thread, author=MemberFactory(), body="Partition it.")
    ThreadFactory(category=category, is_hidden=True)
    ForumCategoryFactory(name="Careers", slug="careers")

    response = client.get("/forum/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Data engineering" in html and "Careers" in html
    data = {c.slug: c for c in response.context["categories"]}
    assert data["data"].thread_count == 1
    assert data["data"].answer_total == 1
    assert data["careers"].thread_count == 0
    assert "No threads yet" in html


def test_index_lists_categories_in_their_order_then_by_name(client):
    ForumCategoryFactory(name="Zebra", slug="zebra", order=1)
    ForumCategoryFactory(name="Careers", slug="careers", order=2)
    ForumCategoryFactory(name="Apples", slug="apples", order=1)
    response = client.get("/forum/")
    names = [c.name for c in response.context["categories"]]
    assert names == ["Apples", "Zebra", "Careers"]


def test_index_without_categories_says_so(client):
    response = client.get("/forum/")
    assert "The forum has no categories yet" in response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
def test_index_query_count_is_flat_and_within_budget(client, signed_in):
    if signed_in:
        client.force_login(MemberFactory())
    ForumCategoryFactory()
    one = count_queries(client, "/forum/")
    for n in range(20):
        ThreadFactory(category=ForumCategoryFactory(slug=f"c{n}"))
    assert count_queries(client, "/forum/") == one
    assert one <= (MEMBER_QUERY_BUDGET if signed_in else ANONYMOUS_QUERY_BUDGET)


# --- a category --------------------------------------------------------------


def test_category_lists_visible_threads_only(client, category):
    ThreadFactory(category=category, title="Visible question here")
    ThreadFactory(category=category, title="Hidden question here", is_hidden=True)
    ThreadFactory(
        category=category, title="Deleted question here", deleted_at=timezone.now()
    )
    ThreadFactory(title="In another category")

    response = client.get("/forum/c/data/")

    assert titles(response) == ["Visible question here"]
    assert "Hidden question here" not in response.content.decode()


def test_unknown_category_is_404(client):
    assert client.get("/forum/c/nope/").status_code == 404


def test_category_filters_unanswered_and_unsolved(client, category, regular):
    unanswered = ThreadFactory(category=category, title="Nobody answered yet")
    answered = ThreadFactory(category=category, title="Answered but not solved")
    solved = ThreadFactory(category=category, title="Answered and solved")
    answer(thread=answered, author=regular, body="Try this.")
    accepted = answer(thread=solved, author=regular, body="This works.")
    accept_answer(answer=accepted, user=solved.author)

    assert titles(client.get("/forum/c/data/?show=unanswered")) == [unanswered.title]
    assert set(titles(client.get("/forum/c/data/?show=unsolved"))) == {
        unanswered.title,
        answered.title,
    }


def test_category_filters_by_skill(client, category):
    sql = Skill.objects.create(name="SQL", slug="sql")
    tagged = ThreadFactory(category=category, title="About SQL joins here")
    tagged.skills.set([sql])
    ThreadFactory(category=category, title="About something else")

    assert titles(client.get("/forum/c/data/?skill=sql")) == [tagged.title]
    assert titles(client.get("/forum/c/data/?skill=SQL")) == [tagged.title]


def test_category_sorts_by_newest_votes_and_activity(client, category):
    now = timezone.now()
    old = ThreadFactory(
        category=category,
        title="Old but active now",
        created_at=now - timedelta(days=3),
        last_activity_at=now,
    )
    new = ThreadFactory(
        category=category,
        title="New and quiet here",
        created_at=now - timedelta(days=1),
        last_activity_at=now - timedelta(days=1),
    )
    voted = ThreadFactory(
        category=category,
        title="Most voted question",
        created_at=now - timedelta(days=2),
        last_activity_at=now - timedelta(days=2),
        score=7,
    )

    assert titles(client.get("/forum/c/data/")) == [old.title, new.title, voted.title]
    assert titles(client.get("/forum/c/data/?sort=newest")) == [
        new.title,
        voted.title,
        old.title,
    ]
    assert titles(client.get("/forum/c/data/?sort=votes"))[0] == voted.title


def test_a_bad_filter_is_a_form_error_not_a_failure(client, category):
    ThreadFactory(category=category)
    response = client.get("/forum/c/data/?sort=sideways&show=all-of-it")
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()
    assert len(titles(response)) == 1


def test_category_is_paginated(client, category):
    for n in range(21):
        ThreadFactory(category=category, title=f"Question number {n:02d} here")
    first = client.get("/forum/c/data/")
    second = client.get("/forum/c/data/?page=2")
    assert len(titles(first)) == 20
    assert len(titles(second)) == 1
    assert "Page 1 of 2" in first.content.decode()


def test_category_query_count_is_flat(client, category):
    sql = Skill.objects.create(name="SQL", slug="sql")
    ThreadFactory(category=category).skills.set([sql])
    one = count_queries(client, "/forum/c/data/")
    for _ in range(19):
        ThreadFactory(category=category).skills.set([sql])
    assert count_queries(client, "/forum/c/data/") == one
    assert one <= ANONYMOUS_QUERY_BUDGET


# --- asking ------------------------------------------------------------------

GOOD = {
    "category": "",
    "kind": "question",
    "title": "How do I speed up a slow JOIN?",
    "body": "It takes **ten** seconds.",
    "skills": "",
    "action": "post",
}


def ask_data(into, **changes):
    return {**GOOD, "category": into.pk, **changes}


def test_anonymous_visitors_are_asked_to_sign_in(client, category):
    response = client.get("/forum/ask/")
    html = response.content.decode()
    assert "Sign in to ask a question" in html
    assert 'name="title"' not in html


def test_anonymous_post_goes_to_sign_in(client, category):
    response = client.post("/forum/ask/", ask_data(category))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Thread.objects.exists()


def test_unverified_member_is_told_and_their_post_refused(client, category):
    member = MemberFactory(verified=False)
    client.force_login(member)

    page = client.get("/forum/ask/").content.decode()
    response = client.post("/forum/ask/", ask_data(category))

    assert str(errors.EMAIL_NOT_VERIFIED) in page
    assert 'name="title"' not in page
    assert response.status_code == 400
    assert str(errors.EMAIL_NOT_VERIFIED) in response.content.decode()
    assert not Thread.objects.exists()


def test_asking_posts_the_question_and_opens_it(client, category, regular):
    Skill.objects.create(name="SQL", slug="sql")
    client.force_login(regular)

    response = client.post("/forum/ask/", ask_data(category, skills="sql"))

    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert thread.author == regular
    assert [s.name for s in thread.skills.all()] == ["SQL"]
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<strong>ten</strong>" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "Too short"}, str(errors.TITLE_TOO_SHORT % {"min": 10})),
        ({"title": "x" * 151}, "at most 150 characters"),
        ({"body": "   "}, "This field is required."),
        ({"body": "x" * 20_001}, "at most 20000 characters"),
        ({"category": "999999"}, "Select a valid choice"),
        ({"kind": "poll"}, "Select a valid choice"),
        ({"skills": "Underwater basket weaving"}, "is not among the site"),
        ({"skills": "a, b, c, d, e, f"}, "Tag at most 5 skills."),
    ],
)
def test_bad_questions_are_form_errors(client, category, regular, changes, message):
    client.force_login(regular)
    response = client.post("/forum/ask/", ask_data(category, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Thread.objects.exists()


def test_unknown_skill_names_the_skill(client, category, regular):
    client.force_login(regular)
    response = client.post("/forum/ask/", ask_data(category, skills="Cobol, x"))
    expected = UNKNOWN_SKILLS % {"names": "Cobol, x"}
    assert response.context["form"].errors["skills"] == [expected]


def test_scripts_in_a_question_are_shown_as_typed(client, category, regular):
    client.force_login(regular)
    client.post(
        "/forum/ask/",
        ask_data(
            category,
            title="What about <script>alert(1)</script> here?",
            body="<script>alert(2)</script>",
        ),
    )
    thread = Thread.objects.get()
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_preview_shows_the_rendered_text_and_posts_nothing(client, category, regular):
    client.force_login(regular)
    response = client.post(
        "/forum/ask/", ask_data(category, body="Some *emphasis*", action="preview")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<em>emphasis</em>" in html
    assert "Some *emphasis*" in html  # still in the text box
    assert not Thread.objects.exists()


def test_check_for_similar_without_script_lists_them(client, category, regular):
    existing = ThreadFactory(category=category, title="Speeding up slow JOIN queries")
    client.force_login(regular)

    response = client.post(
        "/forum/ask/",
        {"title": "slow JOIN in Postgres", "body": "", "action": "similar"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert existing.get_absolute_url() in html
    assert "This field is required" not in html
    assert 'value="slow JOIN in Postgres"' in html
    assert not Thread.objects.filter(title__contains="Postgres").exists()


def test_similar_fragment_finds_titles_and_question_text(client, category):
    by_title = ThreadFactory(category=category, title="Partitioning a huge table")
    by_body = ThreadFactory(
        category=category,
        title="My reports are very slow",
        body="The table is huge and partitioning did not help.",
    )
    hidden = ThreadFactory(
        category=category, title="Partitioning secrets hidden", is_hidden=True
    )
    ThreadFactory(category=category, title="Nothing in common here")

    html = client.get("/forum/similar/?q=partitioning").content.decode()

    assert by_title.get_absolute_url() in html
    assert by_body.get_absolute_url() in html
    assert hidden.get_absolute_url() not in html
    assert "Nothing in common" not in html


def test_similar_fragment_for_no_match_or_nothing(client, category):
    assert (
        "No similar questions" in client.get("/forum/similar/?q=zebra").content.decode()
    )
    assert client.get("/forum/similar/?q=").content.decode().strip() == ""
    assert client.get("/forum/similar/?q=" + "x" * 400).status_code == 400


def test_editing_the_question_keeps_search_in_step(client, category, regular):
    thread = ask(
        author=regular, category=category, title="A question on indexes", body="Old"
    )
    opening = thread.posts.get()
    client.force_login(regular)
    client.post(
        f"/forum/posts/{opening.pk}/edit/",
        {"title": thread.title, "body": "Now about vacuuming", "action": "save"},
    )
    assert (
        thread.get_absolute_url()
        in client.get("/forum/similar/?q=vacuuming").content.decode()
    )
    assert Post.objects.get(pk=opening.pk).body == "Now about vacuuming"


# --- around the site ---------------------------------------------------------


def test_header_links_to_the_forum_once(client):
    html = client.get("/forum/").content.decode()
    assert html.count('href="/forum/" aria-current="page"') == 1


def test_home_page_points_to_the_forum(client, site_root):
    html = client.get("/").content.decode()
    assert "Ask the community in the forum" in html


# --- staff -------------------------------------------------------------------


def test_staff_manage_categories_in_the_admin(client):
    client.force_login(MemberFactory(is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/snippets/forum/category/add/",
        {"name": "Careers", "slug": "careers", "description": "Jobs.", "order": 2},
    )
    assert response.status_code == 302
    assert client.get("/admin/snippets/forum/category/").status_code == 200
    assert "Careers" in client.get("/forum/").content.decode()


def test_members_cannot_add_categories(client, regular):
    client.force_login(regular)
    response = client.post(
        "/admin/snippets/forum/category/add/", {"name": "Spam", "slug": "spam"}
    )
    assert response.status_code in (302, 403)
    assert not Category.objects.exists()
