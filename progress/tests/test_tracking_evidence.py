"""Evidence on a skill's page: links the member adds (web addresses only),
and what MasteryHub already knows, read where it lives: sessions they
attended and their accepted forum answers in the skill."""

import re

import pytest

from forum.tests.factories import PostFactory, ThreadFactory
from progress import errors
from progress.errors import ProgressError
from progress.models import Evidence
from progress.services.evidence import add_evidence
from progress.tests.factories_tracking import EvidenceFactory, skill
from sessions.models import Booking
from sessions.tests.factories import BookingFactory, SessionPageFactory

pytestmark = pytest.mark.django_db

URL = "/progress/skills/sql/"


def _evidence_section(client) -> str:
    html = client.get(URL).content.decode()
    start = html.index('id="evidence"')
    return html[start : html.index("</section>", start)]


def test_a_member_adds_a_link_and_sees_it(client, member, sql):
    response = client.post(
        URL + "evidence/",
        {
            "kind": "repository",
            "title": "Query tuning notebook",
            "url": "https://github.com/ada/tuning",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == URL + "#evidence"
    section = _evidence_section(client)
    assert 'href="https://github.com/ada/tuning"' in section
    assert "Query tuning notebook" in section
    assert "Code repository" in section
    assert 'rel="nofollow noopener ugc"' in section


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)//https://x.example",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.com/cert.pdf",
        "example.com/no-scheme",
        "https://",
        "",
    ],
)
def test_only_web_addresses_are_accepted(client, member, sql, url):
    response = client.post(
        URL + "evidence/", {"kind": "link", "title": "Mine", "url": url}
    )
    assert response.status_code == 400
    assert str(errors.EVIDENCE_BAD_URL) in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_overlong_address_is_refused(client, member, sql):
    response = client.post(
        URL + "evidence/",
        {"kind": "link", "title": "Mine", "url": "https://example.com/" + "a" * 600},
    )
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_the_service_refuses_a_script_address_too(member, sql):
    with pytest.raises(ProgressError) as refused:
        add_evidence(
            member=member, skill=sql, kind="link", title="x", url="javascript:x()"
        )
    assert refused.value.message == errors.EVIDENCE_BAD_URL


def test_a_title_is_needed(client, member, sql):
    response = client.post(
        URL + "evidence/",
        {"kind": "link", "title": "   ", "url": "https://example.com/"},
    )
    assert response.status_code == 400
    assert str(errors.EVIDENCE_NO_TITLE) in response.content.decode()


def test_titles_are_escaped(client, member, sql):
    EvidenceFactory(member=member, skill=sql, title="<script>alert(1)</script>")
    section = _evidence_section(client)
    assert "<script>alert(1)</script>" not in section
    assert "&lt;script&gt;" in section


def test_a_member_removes_their_evidence(client, member, sql):
    item = EvidenceFactory(member=member, skill=sql)
    response = client.post(f"/progress/evidence/{item.pk}/delete/")
    assert response.status_code == 302
    assert not Evidence.objects.exists()


def test_only_this_skills_evidence_shows(client, member, sql):
    EvidenceFactory(member=member, skill=skill("Python"), title="Python project")
    EvidenceFactory(skill=sql, title="Someone else's project")
    section = _evidence_section(client)
    assert "Python project" not in section
    assert "Someone else" not in section


def test_sessions_attended_in_the_skill_count_as_evidence(client, member, sql):
    attended = SessionPageFactory(title="Window functions clinic", skills=["SQL"])
    BookingFactory(session=attended, member=member, status=Booking.Status.ATTENDED)
    booked = SessionPageFactory(title="Joins next week", skills=["SQL"])
    BookingFactory(session=booked, member=member, status=Booking.Status.CONFIRMED)
    skipped = SessionPageFactory(title="Indexes missed", skills=["SQL"])
    BookingFactory(session=skipped, member=member, status=Booking.Status.NO_SHOW)
    other_skill = SessionPageFactory(title="Pandas basics", skills=["Python"])
    BookingFactory(session=other_skill, member=member, status=Booking.Status.ATTENDED)
    others = SessionPageFactory(title="Someone else attended", skills=["SQL"])
    BookingFactory(session=others, status=Booking.Status.ATTENDED)

    section = _evidence_section(client)

    assert "Session attended" in section
    assert "Window functions clinic" in section
    assert f'href="{attended.url}"' in section
    for title in ("Joins next week", "Indexes missed", "Pandas basics", "Someone"):
        assert title not in section


def _accept(thread, post):
    thread.accepted_answer = post
    thread.save(update_fields=["accepted_answer"])


def test_accepted_answers_in_the_skill_count_as_evidence(client, member, sql):
    thread = ThreadFactory(title="Why is my JOIN slow?")
    thread.skills.set(["SQL"])
    answer = PostFactory(thread=thread, author=member)
    _accept(thread, answer)

    unaccepted = ThreadFactory(title="GROUP BY or DISTINCT?")
    unaccepted.skills.set(["SQL"])
    PostFactory(thread=unaccepted, author=member)

    someone_elses = ThreadFactory(title="Is NULL equal to NULL?")
    someone_elses.skills.set(["SQL"])
    _accept(someone_elses, PostFactory(thread=someone_elses))

    untagged = ThreadFactory(title="How do decorators work?")
    untagged.skills.set(["Python"])
    _accept(untagged, PostFactory(thread=untagged, author=member))

    section = _evidence_section(client)

    assert "Accepted answer" in section
    assert f'href="{thread.get_absolute_url()}#post-{answer.pk}"' in section
    for title in ("GROUP BY", "Is NULL", "decorators"):
        assert title not in section


def test_hidden_threads_and_answers_are_left_out(client, member, sql):
    hidden_thread = ThreadFactory(title="Hidden by staff", is_hidden=True)
    hidden_thread.skills.set(["SQL"])
    _accept(hidden_thread, PostFactory(thread=hidden_thread, author=member))

    thread = ThreadFactory(title="Answer deleted later")
    thread.skills.set(["SQL"])
    deleted = PostFactory(thread=thread, author=member)
    _accept(thread, deleted)
    deleted.is_hidden = True
    deleted.save(update_fields=["is_hidden"])

    section = _evidence_section(client)
    assert not re.search("Hidden by staff|Answer deleted later", section)
