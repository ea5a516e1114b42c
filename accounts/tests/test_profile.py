import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts import errors
from accounts.avatar import AVATAR_TONES, initials
from accounts.models import Profile, ProfileEntry, Visibility
from accounts.tests.factories import ProfileEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

EDIT = "/accounts/profile/"
KINDS = ("experience", "achievements", "certifications", "projects")


def png(size=(64, 64), mode="RGB", name="me.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode == "RGB" else 1).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def form_data(user, **overrides):
    """What the editor posts when the member changes nothing."""
    profile = user.profile
    data = {
        "name": user.name,
        "username": user.username,
        "headline": profile.headline,
        "bio": profile.bio,
        "intent": profile.intent,
        "time_zone": profile.time_zone,
        "skills": ", ".join(s.name for s in profile.skills.all()),
        "interests": ", ".join(s.name for s in profile.interests.all()),
        "linkedin_url": profile.linkedin_url,
        "github_url": profile.github_url,
    }
    for section in Profile.SECTIONS:
        data[f"{section}_visibility"] = profile.visibility_of(section)
    for prefix in KINDS:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "1",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "30",
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def member(client, login):
    user = UserFactory(username="ada", name="Ada Lovelace")
    login(user)
    return user


def test_editor_saves_the_whole_profile(client, member):
    response = client.post(
        EDIT,
        form_data(
            member,
            name="Ada King",
            headline="Analyst of engines",
            bio="I write *programs*.",
            intent="teach",
            time_zone="Europe/London",
            skills="Mathematics, Poetry",
            interests="Looms",
            linkedin_url="https://www.linkedin.com/in/ada",
            github_url="https://github.com/ada",
            photo=png(),
            **{
                "experience-0-title": "Translator",
                "experience-0-organisation": "Taylor's Scientific Memoirs",
                "experience-0-start_date": "1842-01-01",
                "experience-0-end_date": "1843-12-31",
                "projects-0-title": "Note G",
                "projects-0-url": "https://example.com/note-g",
            },
        ),
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert profile.user.name == "Ada King"
    assert profile.headline == "Analyst of engines"
    assert profile.time_zone == "Europe/London"
    assert profile.photo.name.startswith("profiles/")
    assert sorted(s.name for s in profile.skills.all()) == ["Mathematics", "Poetry"]
    assert [(e.kind, e.title) for e in profile.entries.order_by("kind")] == [
        ("experience", "Translator"),
        ("project", "Note G"),
    ]

    public = client.get("/members/ada/").content.decode()
    assert "Analyst of engines" in public
    assert "<em>programs</em>" in public
    assert "Translator" in public and "Note G" in public
    assert 'src="/media/profiles/' in public


def test_editor_updates_and_deletes_entries(client, member):
    kept = ProfileEntryFactory(profile=member.profile, title="Old title")
    gone = ProfileEntryFactory(profile=member.profile, title="Remove me")
    data = form_data(
        member,
        **{
            "experience-TOTAL_FORMS": "3",
            "experience-INITIAL_FORMS": "2",
        },
    )
    for index, entry in enumerate(member.profile.entries.filter(kind="experience")):
        data[f"experience-{index}-id"] = str(entry.pk)
        data[f"experience-{index}-title"] = entry.title
        if entry == kept:
            data[f"experience-{index}-title"] = "New title"
        if entry == gone:
            data[f"experience-{index}-DELETE"] = "on"
    assert client.post(EDIT, data).status_code == 302
    assert list(member.profile.entries.values_list("title", flat=True)) == ["New title"]
    assert not ProfileEntry.objects.filter(pk=gone.pk).exists()


def test_cannot_edit_someone_elses_entry(client, member):
    other = ProfileEntryFactory(profile=UserFactory().profile, title="Theirs")
    data = form_data(
        member,
        **{
            "experience-INITIAL_FORMS": "1",
            "experience-0-id": str(other.pk),
            "experience-0-title": "Mine now",
        },
    )
    client.post(EDIT, data)
    other.refresh_from_db()
    assert other.title == "Theirs"
    assert other.profile != member.profile


def assert_rejected(client, member, data, message, field):
    """The form shows `message` against `field` and nothing was saved."""
    data.setdefault("headline", "Should not be saved")
    data.setdefault("experience-0-title", "Should not be saved either")
    response = client.post(EDIT, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your profile was not saved" in html
    assert str(message) in html
    assert f'id="id_{field}_error"' in html
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in html or (
        f'aria-describedby="id_{field}_error"' in html
    )
    member.profile.refresh_from_db()
    assert member.profile.headline == ""
    assert not member.profile.photo
    assert not member.profile.entries.exists()


def test_rejects_an_upload_that_is_not_an_image(client, member):
    fake = SimpleUploadedFile("me.png", b"<?php echo 'hi'; ?>", "image/png")
    assert_rejected(
        client, member, form_data(member, photo=fake), errors.NOT_AN_IMAGE, "photo"
    )


def test_rejects_an_image_over_5_mb(client, member, settings):
    assert settings.MAX_UPLOAD_IMAGE_BYTES == 5 * 1024 * 1024
    image = png().read()
    padded = image + b"\0" * (settings.MAX_UPLOAD_IMAGE_BYTES + 1 - len(image))
    upload = SimpleUploadedFile("big.png", padded, "image/png")
    message = errors.IMAGE_TOO_LARGE % {"limit": "5.0\xa0MB"}
    assert_rejected(client, member, form_data(member, photo=upload), message, "photo")


def test_rejects_an_image_with_absurd_dimensions(client, member, settings):
    # 50 megapixels of one-bit PNG: a few kilobytes on disk.
    upload = png(size=(10_000, 5_000), mode="1")
    assert upload.size < 100_000
    assert 10_000 * 5_000 > settings.MAX_UPLOAD_IMAGE_PIXELS
    assert_rejected(
        client,
        member,
        form_data(member, photo=upload),
        errors.IMAGE_TOO_MANY_PIXELS,
        "photo",
    )


def test_rejects_a_decompression_bomb(client, member):
    # Over Pillow's own bomb threshold: refused from the header alone.
    upload = png(size=(20_000, 20_000), mode="1")
    assert_rejected(
        client,
        member,
        form_data(member, photo=upload),
        errors.IMAGE_TOO_MANY_PIXELS,
        "photo",
    )


def test_rejects_linkedin_url_on_another_domain(client, member):
    data = form_data(member, linkedin_url="https://linkedin.com.evil.example/in/ada")
    assert_rejected(client, member, data, errors.LINKEDIN_DOMAIN, "linkedin_url")


def test_rejects_github_url_on_another_domain(client, member):
    data = form_data(member, github_url="https://gitlab.com/ada")
    assert_rejected(client, member, data, errors.GITHUB_DOMAIN, "github_url")


def test_rejects_a_taken_username_whatever_the_case(client, member):
    UserFactory(username="Babbage")
    data = form_data(member, username="bABBAGE")
    assert_rejected(client, member, data, errors.USERNAME_TAKEN, "username")
    member.refresh_from_db()
    assert member.username == "ada"


@pytest.mark.parametrize(
    "username", ["admin", "API", "accounts", "members", "dashboard", "static", "media"]
)
def test_rejects_a_reserved_username(client, member, username):
    data = form_data(member, username=username)
    assert_rejected(client, member, data, errors.USERNAME_RESERVED, "username")


def test_rejects_a_username_with_an_at_sign(client, member):
    data = form_data(member, username="ada@example.com")
    assert_rejected(client, member, data, errors.USERNAME_CHARACTERS, "username")


def test_rejects_an_end_date_before_the_start(client, member):
    data = form_data(
        member,
        **{
            "experience-0-start_date": "2020-01-01",
            "experience-0-end_date": "2019-01-01",
        },
    )
    assert_rejected(
        client, member, data, errors.END_BEFORE_START, "experience-0-end_date"
    )


def test_script_in_bio_is_shown_as_text(client, member):
    bio = "<script>alert('x')</script> [click](javascript:alert(1))"
    assert client.post(EDIT, form_data(member, bio=bio)).status_code == 302
    html = client.get("/members/ada/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "javascript:" not in html


def test_username_can_change(client, member):
    assert client.post(EDIT, form_data(member, username="countess")).status_code == 302
    assert client.get("/members/countess/").status_code == 200
    assert client.get("/members/ada/").status_code == 404


def set_visibility(profile, **sections):
    for section, visibility in sections.items():
        setattr(profile, f"{section}_visibility", visibility)
    profile.save()


def test_private_section_is_not_in_the_html_for_others(client):
    owner = UserFactory(username="ada")
    profile = owner.profile
    profile.bio = "Secret bio"
    ProfileEntryFactory(profile=profile, title="Hidden job")
    set_visibility(profile, about=Visibility.PRIVATE, experience=Visibility.PRIVATE)

    anonymous = client.get("/members/ada/").content.decode()
    client.force_login(UserFactory())
    member_view = client.get("/members/ada/").content.decode()
    for html in (anonymous, member_view):
        assert "Secret bio" not in html
        assert "Hidden job" not in html
        assert owner.name in html  # the page itself is there

    client.force_login(owner)
    own_view = client.get("/members/ada/").content.decode()
    assert "Secret bio" in own_view
    assert "Hidden job" in own_view


def test_members_only_section_needs_signing_in(client):
    owner = UserFactory(username="ada")
    owner.profile.skills.set(["Mathematics"])
    set_visibility(owner.profile, skills=Visibility.MEMBERS)
    assert "Mathematics" not in client.get("/members/ada/").content.decode()
    client.force_login(UserFactory())
    assert "Mathematics" in client.get("/members/ada/").content.decode()


def test_public_profile_404s_for_unknown_or_inactive_members(client):
    assert client.get("/members/nobody/").status_code == 404
    UserFactory(username="gone", is_active=False)
    assert client.get("/members/gone/").status_code == 404


def test_public_profile_redirects_to_the_canonical_username(client):
    UserFactory(username="Ada")
    response = client.get("/members/ada/")
    assert response.status_code == 301
    assert response["Location"] == "/members/Ada/"


def test_avatar_shows_initials_without_a_picture(client):
    UserFactory(username="ada", name="Ada Lovelace")
    html = client.get("/members/ada/").content.decode()
    assert 'aria-hidden="true">AL</span>' in html


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("tone", AVATAR_TONES)
def test_avatar_tones_have_aa_contrast_with_white_text(tone):
    assert 1.05 / (_luminance(tone) + 0.05) >= 4.5


def test_avatar_tones_match_the_stylesheet():
    from django.conf import settings

    css = (settings.BASE_DIR / "static/css/accounts.css").read_text()
    for index, tone in enumerate(AVATAR_TONES):
        assert f".avatar--tone-{index} {{ background: {tone}; }}" in css


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Ada Lovelace", "AL"), ("Ada Byron Lovelace", "AL"), ("ada", "AD"), ("", "?")],
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_profile_editor_needs_login(client):
    response = client.get(EDIT)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
