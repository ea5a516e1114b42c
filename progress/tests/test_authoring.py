"""Experts write assessments in the Wagtail admin, under /assessments/:
they create and publish their own, their level bands are checked as a whole
(form errors, never a server error), and no other expert may touch them."""

import pytest
from django.utils.html import escape
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from accounts.tests.factories import StaffFactory
from core.tests.admin_forms import editor_data
from experts.tests.factories import GroupExpertFactory
from progress import errors
from progress.models import AssessmentPage
from progress.tests.factories import (
    AssessmentPageFactory,
    get_assessment_index,
    get_skill,
)

pytestmark = pytest.mark.django_db

ACTING = ["can_edit", "can_publish", "can_unpublish", "can_delete", "can_move"]


def add_url() -> str:
    return f"/admin/pages/add/progress/assessmentpage/{get_assessment_index().pk}/"


def edit_url(page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def choices(*items) -> dict:
    """A ListBlock of choices as the editor posts it: (text, correct)."""
    data = {"count": str(len(items))}
    for position, (text, correct) in enumerate(items):
        value = {"text": text, **({"correct": "on"} if correct else {})}
        data[str(position)] = {"value": value, "deleted": "", "order": str(position)}
    return data


def assessment_data(client, url, *, bands=((0, 1), (60, 3)), right=(True, False)):
    """What the editor posts for a one-question assessment with `bands`."""
    data = editor_data(client, url)
    for name in [key for key in data if key.startswith(("bands-", "questions-"))]:
        del data[name]
    data.update(
        nested_form_data(
            {
                "title": "Indexes in practice",
                "slug": "indexes-in-practice",
                "skill": str(get_skill("SQL").pk),
                "summary": "When an index helps and when it does not.",
                "intro": "Five minutes.",
                "retake_after_days": "3",
                "bands": inline_formset(
                    [{"min_percent": str(p), "level": str(level)} for p, level in bands]
                ),
                "questions": streamfield(
                    [
                        (
                            "single_choice",
                            {
                                "prompt": "What does an index speed up?",
                                "choices": choices(
                                    ("Reads", right[0]), ("Writes", right[1])
                                ),
                                "points": "1",
                                "explanation": "Writes pay for it.",
                            },
                        )
                    ]
                ),
            }
        )
    )
    return data


@pytest.fixture
def expert(client):
    expert = GroupExpertFactory()
    client.force_login(expert)
    return expert


def test_an_expert_may_write_under_assessments_only(expert):
    index = get_assessment_index()
    assert index.permissions_for_user(expert).can_add_subpage()
    assert index.permissions_for_user(expert).can_publish_subpage()
    assert not index.get_parent().permissions_for_user(expert).can_add_subpage()


def test_an_expert_creates_and_publishes_an_assessment(client, expert):
    assert client.get(add_url()).status_code == 200
    data = assessment_data(client, add_url()) | {"action-publish": "publish"}

    response = client.post(add_url(), data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    page = AssessmentPage.objects.get(slug="indexes-in-practice")
    assert page.live and page.owner == expert
    assert [(b.min_percent, b.level) for b in page.bands.all()] == [(0, 1), (60, 3)]
    (question,) = page.questions
    assert [c["correct"] for c in question.value["choices"]] == [True, False]
    assert client.get(edit_url(page)).status_code == 200
    assert client.get(page.url).status_code == 200


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        (((10, 1), (60, 3)), "One band must start at 0 %."),
        (((0, 1), (60, 3), (60, 4)), "Each band needs its own starting score."),
        (((0, 3), (60, 1)), "A higher score cannot give a lower level."),
    ],
)
def test_bands_that_make_no_sense_are_form_errors(client, expert, bands, message):
    response = client.post(add_url(), assessment_data(client, add_url(), bands=bands))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AssessmentPage.objects.filter(slug="indexes-in-practice").exists()


def test_at_least_one_band_is_needed(client, expert):
    response = client.post(add_url(), assessment_data(client, add_url(), bands=()))
    assert response.status_code == 200
    assert not AssessmentPage.objects.filter(slug="indexes-in-practice").exists()


def test_a_single_choice_question_needs_exactly_one_right_choice(client, expert):
    data = assessment_data(client, add_url(), right=(True, True))
    response = client.post(add_url(), data)
    assert response.status_code == 200
    assert "Mark exactly one choice as correct." in response.content.decode()
    assert not AssessmentPage.objects.filter(slug="indexes-in-practice").exists()


def test_the_attempts_slug_is_refused_in_the_editor(client, expert):
    data = assessment_data(client, add_url()) | {"slug": "attempts"}
    response = client.post(add_url(), data)
    assert response.status_code == 200
    message = escape(errors.RESERVED_SLUG % {"slug": "attempts"})
    assert message in response.content.decode()
    assert not AssessmentPage.objects.filter(slug="attempts").exists()


def test_editing_keeps_checking_the_bands(client, expert):
    page = AssessmentPageFactory(owner=expert)
    data = assessment_data(client, edit_url(page), bands=((5, 1),))
    response = client.post(edit_url(page), data)
    assert response.status_code == 200
    assert "One band must start at 0 %." in response.content.decode()
    page.refresh_from_db()
    assert sorted((b.min_percent, b.level) for b in page.bands.all()) == [
        (0, 1),
        (50, 3),
        (90, 5),
    ]


def test_another_expert_can_neither_edit_nor_see_it(client, expert):
    page = AssessmentPageFactory(owner=GroupExpertFactory(), title="Their quiz")
    tester = page.permissions_for_user(expert)
    assert not any(getattr(tester, name)() for name in ACTING)

    assert client.get(edit_url(page)).status_code in (302, 403, 404)
    listing = client.get(f"/admin/pages/{get_assessment_index().pk}/")
    assert listing.status_code == 200
    assert "Their quiz" not in listing.content.decode()
    data = assessment_data(client, add_url()) | {"action-publish": "publish"}
    client.post(edit_url(page), data)
    page.refresh_from_db()
    assert page.title == "Their quiz"


def test_the_author_acts_on_their_own_assessment(expert):
    page = AssessmentPageFactory(owner=expert)
    tester = page.permissions_for_user(expert)
    assert all(getattr(tester, name)() for name in ACTING)


def test_staff_edit_any_assessment(client):
    page = AssessmentPageFactory()
    client.force_login(StaffFactory(is_superuser=True))
    assert client.get(edit_url(page)).status_code == 200


def test_the_author_previews_a_new_assessment_without_its_questions(client, expert):
    preview_url = add_url() + "preview/"
    posted = client.post(preview_url, assessment_data(client, add_url()))
    assert posted.json()["is_valid"]

    response = client.get(preview_url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Indexes in practice" in html
    assert "Members see a Start button here" in html
    assert "What does an index speed up?" not in html and "Writes pay" not in html


def test_the_author_previews_a_saved_assessment(client, expert):
    page = AssessmentPageFactory(owner=expert)
    response = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200
    assert "Members see a Start button here" in response.content.decode()
