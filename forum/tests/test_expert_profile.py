"""An expert's accepted forum answers count on their expert page."""

import pytest

from experts.tests.factories import ExpertPageFactory, GroupExpertFactory
from forum.services.posting import answer
from forum.services.voting import accept_answer
from forum.tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def test_accepted_forum_answers_show_on_the_expert_page(client):
    expert = GroupExpertFactory(username="grace")
    page = ExpertPageFactory(expert=expert, title="Grace Hopper")
    html = client.get(page.url).content.decode()
    assert "accepted answer" not in html
    for _ in range(2):
        thread = ThreadFactory()
        post = answer(thread=thread, author=expert, body="Use an index.")
        accept_answer(answer=post, user=thread.author)
    # One not accepted does not count.
    answer(thread=ThreadFactory(), author=expert, body="Maybe a view?")
    html = client.get(page.url).content.decode()
    assert '<dd class="expert-header__answers">2 accepted answers</dd>' in html
