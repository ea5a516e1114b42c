"""A thread's search entry follows its question and answers: what answers
say finds the thread, hidden and deleted posts stop finding it, replies and
votes leave the entry alone (no indexing task), and similar questions keep
working on the same backend."""

import pytest
from django_tasks_db.models import DBTaskResult

from core.models import Skill
from core.search import search_ids
from forum.models import ANSWERS_INDEX_LENGTH, Thread
from forum.selectors import list_similar_threads, list_visible_threads
from forum.services import moderation
from forum.services.posting import answer, ask, delete_post, edit_post, reply
from forum.services.voting import accept_answer, vote
from forum.tests.factories import ForumCategoryFactory, PostFactory, ThreadFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"


def found(*words: str) -> list[int]:
    """Visible threads the site's search backend finds with all the words."""
    return search_ids(list_visible_threads(), list(words))


@pytest.fixture
def question():
    return ThreadFactory(
        title="Why is my dashboard slow?", body="It takes ages to load."
    )


def test_an_asked_thread_is_found_by_its_skills(question):
    thread = ask(
        author=MemberFactory(),
        category=ForumCategoryFactory(),
        title="Pods keep restarting",
        body="Every hour.",
        skills=[Skill.objects.create(name="Kubernetes", slug="kubernetes")],
    )
    assert found("kubernetes") == [thread.pk]


def test_a_word_only_in_an_answer_finds_the_thread(question):
    answer(thread=question, author=MemberFactory(), body="Try materialized views.")
    assert found("materialized") == [question.pk]
    # Both the question's and the answer's words, as one document.
    assert found("dashboard", "materialized") == [question.pk]


def test_the_accepted_answer_and_the_others_are_all_searchable(question):
    first = answer(thread=question, author=MemberFactory(), body="Add an index.")
    answer(thread=question, author=MemberFactory(), body="Or use a rollup table.")
    accept_answer(answer=first, user=question.author)
    assert found("index") == [question.pk]
    assert found("rollup") == [question.pk]


def test_a_hidden_answer_stops_finding_the_thread_until_restored(question):
    staff = MemberFactory(is_staff=True)
    spam = answer(thread=question, author=MemberFactory(), body="Buy zorblax pills")
    assert found("zorblax") == [question.pk]

    moderation.hide_post(post=spam, moderator=staff, reason="Spam")
    assert found("zorblax") == []
    assert found("dashboard") == [question.pk]

    moderation.restore_post(post=spam, moderator=staff)
    assert found("zorblax") == [question.pk]


def test_a_deleted_answer_stops_finding_the_thread(question):
    author = MemberFactory()
    post = answer(thread=question, author=author, body="Partition by quarter.")
    delete_post(post=post, user=author)
    assert found("quarter") == []


def test_an_edited_answer_is_found_by_its_new_words_only(question):
    author = MemberFactory()
    post = answer(thread=question, author=author, body="Use a cache.")
    edit_post(post=post, editor=author, body="Use a materialized view.")
    assert found("cache") == []
    assert found("materialized") == [question.pk]


def test_hidden_and_deleted_threads_are_not_found_by_their_answers(question):
    answer(thread=question, author=MemberFactory(), body="Try sharding.")
    deleted = ThreadFactory(title="Deleted question about sharding")
    deleted.deleted_at = deleted.created_at
    deleted.save()
    moderation.hide_thread(
        thread=question, moderator=MemberFactory(is_staff=True), reason="Off topic"
    )
    assert found("sharding") == []
    # Nor is its text kept in the index while hidden.
    assert Thread.objects.get(pk=question.pk).answers_text() == ""


def test_replies_are_not_part_of_the_thread_entry(question):
    post = answer(thread=question, author=MemberFactory(), body="Add an index.")
    reply(parent=post, author=MemberFactory(), body="Which quokka column?")
    assert found("quokka") == []


def test_a_very_long_answer_list_is_cut_to_keep_the_entry_bounded(question):
    PostFactory(thread=question, body="word " * (ANSWERS_INDEX_LENGTH // 5))
    PostFactory(thread=question, body="lastword")
    assert len(Thread.objects.get(pk=question.pk).answers_text()) == (
        ANSWERS_INDEX_LENGTH
    )


def test_answering_enqueues_indexing_but_votes_replies_and_views_do_not(
    client, question, database_tasks
):
    def index_tasks() -> int:
        return DBTaskResult.objects.filter(task_path=INDEX_TASK).count()

    post = answer(thread=question, author=MemberFactory(), body="Add an index.")
    after_answer = index_tasks()
    # The new post, and the thread's new answer count.
    assert after_answer == 2

    vote(post=post, voter=MemberFactory(), value=1)
    reply(parent=post, author=MemberFactory(), body="Thanks!")
    client.get(question.get_absolute_url())
    # The reply moves the thread's last activity, which Wagtail indexes.
    assert index_tasks() == after_answer + 1


def test_similar_questions_still_come_from_titles_and_questions(question):
    other = ThreadFactory(title="Slow dashboard queries", body="Help please.")
    answer(thread=other, author=MemberFactory(), body="Nothing relevant.")
    similar = list_similar_threads("dashboard", exclude=question)
    assert similar == [other]
