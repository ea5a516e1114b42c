"""The profile editor as a member meets it: skills without quotes, a photo
with a preview and a way to remove it, entries folded to one line with each
section's own wording, several new entries per save, and nothing lost when
something else on the page is wrong."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import errors
from accounts.forms import parse_skill_names
from accounts.models import Profile, ProfileEntry
from accounts.tests.factories import ProfileEntryFactory, UserFactory
from accounts.tests.test_profile import EDIT, form_data, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client, login):
    user = UserFactory(username="ada", name="Ada Lovelace")
    login(user)
    return user


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def section(page: BeautifulSoup, prefix: str):
    return page.select_one(f"#section-{prefix}")


# --- Skills and interests --------------------------------------------------


def test_multi_word_skills_are_shown_without_quotes(client, member):
    member.profile.skills.set(["Data engineering", "SQL"])
    field = soup(client.get(EDIT)).select_one("#id_skills")
    assert sorted(parse_skill_names(field["value"])) == ["Data engineering", "SQL"]
    assert '"' not in field["value"]


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("Data engineering, SQL", ["Data engineering", "SQL"]),
        # One multi-word skill without a comma stays one skill.
        ("Data engineering", ["Data engineering"]),
        # Quotes from the old widget, stray spaces, repeats and empty parts.
        ('"Data engineering", SQL, , sql,  Apache   Kafka ', None),
    ],
)
def test_skills_round_trip_through_the_editor(client, member, typed, saved):
    saved = saved or ["Apache Kafka", "Data engineering", "SQL"]
    response = client.post(EDIT, form_data(member, skills=typed))
    assert response.status_code == 302
    names = sorted(s.name for s in Profile.objects.get(user=member).skills.all())
    assert names == saved
    # What the editor shows next time saves to the same skills again.
    shown = soup(client.get(EDIT)).select_one("#id_skills")["value"]
    assert '"' not in shown
    assert client.post(EDIT, form_data(member, skills=shown)).status_code == 302
    again = sorted(s.name for s in Profile.objects.get(user=member).skills.all())
    assert again == saved


def test_the_skill_vocabulary_is_offered_as_suggestions(client, member):
    other = UserFactory()
    other.profile.skills.set(["Apache Kafka", "Rust"])
    page = soup(client.get(EDIT))
    data = page.select_one("script#skill-suggestions").string
    assert "Apache Kafka" in data and "Rust" in data


# --- Photo -----------------------------------------------------------------


def test_public_address_is_the_members_real_one(client, member):
    html = client.get(EDIT).content.decode()
    assert f"{settings.SITE_URL}/members/ada/" in html
    assert "your-username" not in html


def test_current_photo_is_previewed_and_can_be_removed(client, member):
    assert client.post(EDIT, form_data(member, photo=png())).status_code == 302
    page = soup(client.get(EDIT))
    field = page.select_one("[data-photo-field]")
    preview = field.select_one("[data-photo-preview] img")
    assert preview["src"].startswith("/media/profiles/")
    assert preview["width"] and preview["height"]
    assert "JPEG, PNG, GIF or WebP" in field.get_text()
    assert "5 MB" in field.get_text()
    remove = page.find("label", string="Remove photo")
    assert remove is not None
    assert field.select_one(f"#{remove['for']}")["type"] == "checkbox"
    # No raw "Currently: profiles/… Clear" from Django's widget.
    assert "Currently" not in field.get_text()

    data = form_data(member, **{"photo-clear": "on"})
    assert client.post(EDIT, data).status_code == 302
    assert not Profile.objects.get(user=member).photo


def test_without_a_photo_there_is_nothing_to_remove(client, member):
    page = soup(client.get(EDIT))
    assert page.find("label", string="Remove photo") is None


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("cv.pdf", b"%PDF-1.4 not a picture"),
            errors.NOT_AN_IMAGE,
        ),
        (
            SimpleUploadedFile("big.png", b"\0" * (5 * 1024 * 1024 + 1)),
            "the limit is 5.0",
        ),
    ],
)
def test_a_bad_photo_is_a_form_error_linked_from_the_summary(
    client, member, upload, message
):
    response = client.post(
        EDIT, form_data(member, photo=upload, headline="Analyst of engines")
    )
    assert response.status_code == 400
    page = soup(response)
    assert str(message) in page.select_one("#id_photo_error").get_text()
    summary = page.select_one("#form-errors")
    assert summary.select_one('a[href="#id_photo"]') is not None
    # The rest of what was typed is still there, and the member is told to
    # choose the file again (browsers never keep it).
    assert page.select_one("#id_headline")["value"] == "Analyst of engines"
    assert "choose it again" in summary.get_text()


# --- Entries ---------------------------------------------------------------


def test_each_section_has_its_own_heading_intro_and_labels(client, member):
    page = soup(client.get(EDIT))
    labels = {
        prefix: [
            label.get_text(strip=True)
            for label in section(page, prefix).select("details label")
        ]
        for prefix in ("experience", "achievements", "certifications", "projects")
    }
    assert "Role*" in labels["experience"]
    assert "Company or organisation" in labels["experience"]
    assert "Issuer" in labels["certifications"]
    assert "Issued on" in labels["certifications"]
    assert "Certificate*" in labels["certifications"]
    assert "Project name*" in labels["projects"]
    # An award has a date, not a period.
    assert "Ended" not in labels["achievements"]
    assert "Organisation or issuer" not in page.get_text()
    assert "From / issued" not in page.get_text()
    for prefix in ("experience", "achievements", "certifications", "projects"):
        block = section(page, prefix)
        assert block.select_one("h2") is not None
        assert block.select_one("p.form__help").get_text(strip=True)


def test_saved_entries_fold_to_one_line(client, member):
    ProfileEntryFactory(
        profile=member.profile,
        title="Senior engineer",
        organisation="Acme",
        start_date=datetime.date(2019, 4, 1),
        end_date=datetime.date(2023, 6, 30),
    )
    ProfileEntryFactory(
        profile=member.profile,
        kind=ProfileEntry.Kind.CERTIFICATION,
        title="Kafka developer",
        organisation="Confluent",
        start_date=datetime.date(2022, 9, 15),
    )
    page = soup(client.get(EDIT))
    job = section(page, "experience").select_one("details#experience-0")
    assert job.summary.get_text(strip=True) == "Senior engineer · Acme · 2019–2023"
    assert not job.has_attr("open")
    cert = section(page, "certifications").select_one("details#certifications-0")
    assert cert.summary.get_text(strip=True) == "Kafka developer · Confluent · 2022"
    # With entries saved, the spare blank one is folded too.
    spare = section(page, "experience").select_one("details#experience-new")
    assert not spare.has_attr("open")
    # An empty section opens its blank entry as an invitation.
    assert section(page, "projects").select_one("details#projects-new").has_attr("open")


def test_deleting_an_entry_is_a_labelled_checkbox(client, member):
    entry = ProfileEntryFactory(profile=member.profile, title="Old job")
    page = soup(client.get(EDIT))
    label = page.find("label", string="Delete this experience when I save")
    assert label is not None
    assert page.select_one(f"#{label['for']}")["name"] == "experience-0-DELETE"
    data = form_data(
        member,
        **{
            "experience-TOTAL_FORMS": "2",
            "experience-INITIAL_FORMS": "1",
            "experience-0-id": str(entry.pk),
            "experience-0-title": "Old job",
            "experience-0-DELETE": "on",
        },
    )
    assert client.post(EDIT, data).status_code == 302
    assert not ProfileEntry.objects.filter(pk=entry.pk).exists()


def test_two_new_entries_are_saved_at_once(client, member):
    data = form_data(
        member,
        **{
            "projects-TOTAL_FORMS": "3",
            "projects-0-title": "Note G",
            "projects-1-title": "Difference engine notes",
            "projects-1-start_date": "1843-01-01",
        },
    )
    assert client.post(EDIT, data).status_code == 302
    assert sorted(member.profile.entries.values_list("title", flat=True)) == [
        "Difference engine notes",
        "Note G",
    ]


def test_the_empty_form_is_there_for_add_another(client, member):
    page = soup(client.get(EDIT))
    block = section(page, "projects")
    template = block.select_one("template[data-empty-entry]")
    assert template.select_one('input[name="projects-__prefix__-title"]') is not None
    assert block.find("button", string="Add another project") is not None


def test_enter_in_a_field_saves_without_adding_another(client, member):
    # Implicit submission uses the form's first submit button.
    form = soup(client.get(EDIT)).select_one("form.profile-form")
    first = form.select_one("button[type=submit]")
    assert not first.has_attr("name")
    assert first.get_text(strip=True) == "Save profile"


def test_save_and_add_another_comes_back_with_a_blank_entry_open(client, member):
    ProfileEntryFactory(profile=member.profile, kind=ProfileEntry.Kind.PROJECT)
    button = soup(client.get(EDIT)).find(
        "button", string="Save and add another project"
    )
    assert button["type"] == "submit"
    data = form_data(
        member,
        **{
            "projects-TOTAL_FORMS": "2",
            "projects-INITIAL_FORMS": "1",
            "projects-0-id": str(member.profile.entries.get().pk),
            "projects-0-title": "Note G",
            button["name"]: button["value"],
        },
    )
    response = client.post(EDIT, data)
    assert response.status_code == 302
    assert response.url == f"{EDIT}?add=projects#projects-new"
    page = soup(client.get(response.url))
    blank = section(page, "projects").select_one("details#projects-new")
    assert blank.has_attr("open")
    assert not blank.select_one('input[name="projects-1-title"]').get("value")


def test_a_mistake_elsewhere_keeps_everything_typed(client, member):
    entry = ProfileEntryFactory(profile=member.profile, title="Old job")
    data = form_data(
        member,
        headline="Analyst of engines",
        skills="Data engineering, Poetry",
        github_url="https://gitlab.com/ada",
        **{
            "experience-TOTAL_FORMS": "3",
            "experience-INITIAL_FORMS": "1",
            "experience-0-id": str(entry.pk),
            "experience-0-title": "Old job",
            "experience-0-DELETE": "on",
            "experience-1-title": "Translator",
            "experience-2-title": "Analyst",
        },
    )
    response = client.post(EDIT, data)
    assert response.status_code == 400
    page = soup(response)
    assert page.select_one("#id_headline")["value"] == "Analyst of engines"
    assert page.select_one("#id_skills")["value"] == "Data engineering, Poetry"
    assert page.select_one("#id_experience-0-DELETE").has_attr("checked")
    folded = page.select_one("details#experience-0 summary").get_text(" ", strip=True)
    assert folded == "Old job · Acme (deleted when you save)"
    for index, title in ((1, "Translator"), (2, "Analyst")):
        field = page.select_one(f"#id_experience-{index}-title")
        assert field["value"] == title
        assert field.find_parent("details").has_attr("open")
    summary = page.select_one("#form-errors")
    assert summary.select_one('a[href="#id_github_url"]') is not None
    # Nothing was saved.
    assert ProfileEntry.objects.filter(pk=entry.pk).exists()
    assert list(member.profile.entries.values_list("title", flat=True)) == ["Old job"]


def test_an_error_in_a_saved_entry_opens_it_and_is_linked(client, member):
    entry = ProfileEntryFactory(profile=member.profile, title="Old job")
    data = form_data(
        member,
        **{
            "experience-TOTAL_FORMS": "2",
            "experience-INITIAL_FORMS": "1",
            "experience-0-id": str(entry.pk),
            "experience-0-title": "",
        },
    )
    response = client.post(EDIT, data)
    assert response.status_code == 400
    page = soup(response)
    assert page.select_one("details#experience-0").has_attr("open")
    link = page.select_one('#form-errors a[href="#id_experience-0-title"]')
    assert "Role" in link.get_text()
