"""Share cards: the image a shared link shows, drawn on publish, and the
share links on the pages."""

import html
import io
import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import wagtail_factories
from django.core.management import call_command
from django.db import transaction
from PIL import Image, ImageFont, ImageStat

from content.tests.factories import SECRET, ArticlePageFactory, CoursePageFactory
from core.tests.factories import restrict
from experts.tests.factories import ExpertPageFactory
from marketing.models import ShareCard
from marketing.share_cards import (
    card_text,
    ensure_share_card,
    render_share_card,
    wrap,
)
from sessions.tests.factories import SessionPageFactory

pytestmark = pytest.mark.django_db

SITE = "https://masteryhub.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def publish(page, capture, **changes):
    """Publish a new revision of `page` as an editor does, running what
    waits for the commit (the task runs at once in tests)."""
    for field, value in changes.items():
        setattr(page, field, value)
    with capture(execute=True):
        page.save_revision().publish()


def meta(response, attribute: str, name: str) -> str | None:
    found = re.search(
        rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', response.text
    )
    return html.unescape(found.group(1)) if found else None


def opened(card: ShareCard) -> Image.Image:
    with card.image.open("rb") as handle:
        return Image.open(io.BytesIO(handle.read()))


# --- Drawing ---------------------------------------------------------------


def test_a_card_is_a_1200_by_630_png_with_something_drawn_on_it():
    png = render_share_card(
        title="Window functions", byline="Hosted by Ada", when="", kind_label="Session"
    )
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    extrema = ImageStat.Stat(image.convert("L")).extrema[0]
    assert extrema[1] - extrema[0] > 100  # dark text on white, not one colour


def test_a_very_long_title_still_makes_a_card():
    title = "Supercalifragilistic" * 30 + " and " + "words " * 200
    png = render_share_card(title=title, byline="B" * 500, when="", kind_label="")
    assert Image.open(io.BytesIO(png)).size == (1200, 630)


def test_a_title_too_long_for_its_lines_ends_with_an_ellipsis_after_a_word():
    title = " ".join(f"word{n}" for n in range(200))
    font = ImageFont.load_default(size=58)
    lines, fitted = wrap(title, font, 1040, 3)
    assert not fitted
    assert len(lines) == 3
    assert all(font.getlength(line) <= 1040 for line in lines)
    assert lines[-1].endswith("…")
    assert set(" ".join(lines)[:-1].split()) <= set(title.split())


def test_the_text_drawn_differs_between_titles():
    one = render_share_card(title="SQL", byline="", when="", kind_label="Session")
    two = render_share_card(title="Rust", byline="", when="", kind_label="Session")
    assert one != two


def test_a_session_card_names_its_host_and_its_time_in_its_own_zone():
    session = SessionPageFactory.build(
        title="Window functions",
        starts_at=datetime(2026, 5, 12, 16, 0, tzinfo=UTC),
        time_zone="Europe/Berlin",
        host__name="Ada Lovelace",
    )
    text = card_text(session)
    assert text.byline == "Hosted by Ada Lovelace"
    assert text.when == "Tue 12 May 2026, 18:00 CEST (Europe/Berlin)"
    assert text.kind_label == "Session"


def test_a_premium_article_card_carries_only_its_title_and_author():
    article = ArticlePageFactory(
        access="membership", title="Pipelines", author__name="Grace Hopper"
    )
    text = card_text(article)
    assert (text.title, text.byline, text.when) == ("Pipelines", "By Grace Hopper", "")
    assert SECRET not in text.alt_text
    assert article.summary not in text.alt_text


def test_an_expert_card_shows_the_name_and_headline():
    expert_page = ExpertPageFactory(expert__name="Ada Lovelace")
    text = card_text(expert_page)
    assert (text.title, text.byline) == ("Ada Lovelace", expert_page.headline)


# --- Publishing --------------------------------------------------------------


def test_publishing_a_session_draws_its_card(django_capture_on_commit_callbacks):
    session = SessionPageFactory()
    assert not ShareCard.objects.filter(page=session).exists()
    publish(session, django_capture_on_commit_callbacks)
    card = ShareCard.objects.get(page=session)
    assert card.image.name.startswith("share-cards/")
    assert opened(card).size == (1200, 630)
    assert session.title in card.alt_text


def test_publishing_again_unchanged_keeps_the_card(django_capture_on_commit_callbacks):
    session = SessionPageFactory()
    publish(session, django_capture_on_commit_callbacks)
    first = ShareCard.objects.get(page=session)
    publish(session, django_capture_on_commit_callbacks, summary="Other summary")
    again = ShareCard.objects.get(page=session)
    assert (again.image.name, again.updated_at) == (first.image.name, first.updated_at)


def test_a_new_title_draws_a_new_card_at_a_new_address(
    django_capture_on_commit_callbacks,
):
    session = SessionPageFactory()
    publish(session, django_capture_on_commit_callbacks)
    first = ShareCard.objects.get(page=session)
    publish(session, django_capture_on_commit_callbacks, title="Advanced SQL")
    card = ShareCard.objects.get(page=session)
    assert card.pk == first.pk
    assert card.image.name != first.image.name
    assert card.updated_at > first.updated_at
    assert "Advanced SQL" in card.alt_text
    # The old file goes: nothing links to it any more.
    assert not first.image.storage.exists(first.image.name)


def test_a_new_start_time_draws_a_new_card(django_capture_on_commit_callbacks):
    session = SessionPageFactory()
    publish(session, django_capture_on_commit_callbacks)
    first = ShareCard.objects.get(page=session).fingerprint
    later = session.starts_at.replace(hour=(session.starts_at.hour + 1) % 24)
    publish(
        session,
        django_capture_on_commit_callbacks,
        starts_at=later,
        ends_at=later + session.duration,
    )
    assert ShareCard.objects.get(page=session).fingerprint != first


@pytest.mark.parametrize(
    "factory", [ExpertPageFactory, ArticlePageFactory, CoursePageFactory]
)
def test_publishing_experts_articles_and_courses_draws_their_cards(
    django_capture_on_commit_callbacks, factory
):
    shared = factory()
    publish(shared, django_capture_on_commit_callbacks)
    assert ShareCard.objects.filter(page=shared).exists()


def test_a_publish_rolled_back_draws_nothing(django_capture_on_commit_callbacks):
    session = SessionPageFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            session.save_revision().publish()
            raise RuntimeError("the editor's request failed after publishing")
    assert callbacks == []
    assert not ShareCard.objects.filter(page=session).exists()


def test_a_private_session_gets_no_card_and_loses_the_one_it_had(
    django_capture_on_commit_callbacks,
):
    session = SessionPageFactory()
    publish(session, django_capture_on_commit_callbacks)
    card = ShareCard.objects.get(page=session)
    restrict(session)
    with django_capture_on_commit_callbacks(execute=True):
        assert ensure_share_card(session) is None
    assert not ShareCard.objects.filter(page=session).exists()
    assert not card.image.storage.exists(card.image.name)


@pytest.mark.parametrize("goes", ["unpublish", "delete"])
def test_a_page_going_offline_takes_its_card_with_it(
    django_capture_on_commit_callbacks, goes
):
    session = SessionPageFactory()
    publish(session, django_capture_on_commit_callbacks)
    card = ShareCard.objects.get(page=session)
    with django_capture_on_commit_callbacks(execute=True):
        getattr(session, goes)()
    assert not ShareCard.objects.filter(pk=card.pk).exists()
    assert not card.image.storage.exists(card.image.name)


# --- Meta tags ---------------------------------------------------------------


def test_the_page_announces_its_card_as_og_and_twitter_image(
    client, django_capture_on_commit_callbacks
):
    session = SessionPageFactory()
    publish(session, django_capture_on_commit_callbacks)
    card = ShareCard.objects.get(page=session)
    response = client.get(session.url)
    card_url = f"{SITE}{card.image.url}"
    assert meta(response, "property", "og:image") == card_url
    assert meta(response, "property", "og:image:width") == "1200"
    assert meta(response, "property", "og:image:height") == "630"
    assert meta(response, "property", "og:image:alt") == card.alt_text
    assert meta(response, "name", "twitter:image") == card_url
    assert meta(response, "name", "twitter:card") == "summary_large_image"
    # The address really serves the image: the storage has the file there.
    assert card.image.storage.exists(card.image.name)


def test_the_meta_tags_follow_a_new_card_a_view_already_cached(
    client, django_capture_on_commit_callbacks
):
    session = SessionPageFactory()
    publish(session, django_capture_on_commit_callbacks)
    old = ShareCard.objects.get(page=session).image.url
    assert meta(client.get(session.url), "property", "og:image") == f"{SITE}{old}"
    publish(session, django_capture_on_commit_callbacks, title="Advanced SQL")
    new = ShareCard.objects.get(page=session).image.url
    assert new != old
    assert meta(client.get(session.url), "property", "og:image") == f"{SITE}{new}"


def test_a_card_drawn_after_a_view_without_one_is_announced(
    client, django_capture_on_commit_callbacks
):
    session = SessionPageFactory()
    assert meta(client.get(session.url), "name", "twitter:card") == "summary"
    publish(session, django_capture_on_commit_callbacks)
    response = client.get(session.url)
    assert meta(response, "name", "twitter:card") == "summary_large_image"


def test_a_removed_card_is_no_longer_announced(
    client, django_capture_on_commit_callbacks
):
    session = SessionPageFactory()
    publish(session, django_capture_on_commit_callbacks)
    assert meta(client.get(session.url), "property", "og:image:width") == "1200"
    with django_capture_on_commit_callbacks(execute=True):
        ShareCard.objects.filter(page=session).delete()
    assert meta(client.get(session.url), "property", "og:image:width") is None


def test_a_page_without_a_card_keeps_the_usual_tags(client):
    session = SessionPageFactory()
    response = client.get(session.url)
    assert response.status_code == 200
    assert meta(response, "property", "og:image:width") is None
    assert meta(response, "name", "twitter:card") != "summary_large_image"
    assert meta(response, "property", "og:title") is not None


def test_an_image_the_editor_picked_for_sharing_wins_over_the_card(
    client, django_capture_on_commit_callbacks
):
    session = SessionPageFactory()
    publish(session, django_capture_on_commit_callbacks)
    picked = wagtail_factories.ImageFactory()
    publish(session, django_capture_on_commit_callbacks, og_image=picked)
    response = client.get(session.url)
    card = ShareCard.objects.get(page=session)
    assert card.image.url not in meta(response, "property", "og:image")
    assert picked.file.name.rsplit("/", 1)[-1].split(".")[0] in meta(
        response, "property", "og:image"
    )


def test_a_premium_article_serves_its_card_without_the_body(
    client, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(access="membership")
    publish(article, django_capture_on_commit_callbacks)
    response = client.get(article.url)
    card = ShareCard.objects.get(page=article)
    assert meta(response, "property", "og:image") == f"{SITE}{card.image.url}"
    assert SECRET not in meta(response, "property", "og:image:alt")


# --- Share links -------------------------------------------------------------


def share_hrefs(response) -> dict[str, str]:
    nav = re.search(r'<nav class="share-links".*?</nav>', response.text, re.S)
    assert nav, "no share links on the page"
    links = re.findall(r'href="([^"]*)"', nav.group(0))
    copy = re.search(r'data-share-copy="([^"]*)"', nav.group(0)).group(1)
    found = {"copy": html.unescape(copy)}
    for link in map(html.unescape, links):
        if "linkedin.com" in link:
            found["linkedin"] = link
        elif "twitter.com" in link:
            found["x"] = link
        elif link.startswith("mailto:"):
            found["email"] = link
    return found


@pytest.mark.parametrize(
    "factory",
    [SessionPageFactory, ExpertPageFactory, ArticlePageFactory, CoursePageFactory],
)
def test_each_page_offers_share_links_with_utm(client, factory):
    shared = factory()
    response = client.get(shared.url)
    text = response.text
    for name in ("Share on </span>LinkedIn", "Share on </span>X", "Copy link"):
        assert name in text
    links = share_hrefs(response)
    shared_url = parse_qs(urlsplit(links["linkedin"]).query)["url"][0]
    assert shared_url.startswith(f"{SITE}{shared.url}?")
    assert parse_qs(urlsplit(shared_url).query) == {
        "utm_source": ["linkedin"],
        "utm_medium": ["social"],
        "utm_campaign": ["share"],
    }
    assert "utm_source=copy" in links["copy"]
    # No script or image from the networks themselves.
    assert "platform.linkedin.com" not in text
    assert "platform.twitter.com" not in text


def test_share_links_escape_a_hostile_title(client):
    title = 'Pwn "<script>alert(1)</script>'
    session = SessionPageFactory(title=title)
    response = client.get(session.url)
    assert "<script>alert(1)" not in response.text
    links = share_hrefs(response)
    x_query = parse_qs(urlsplit(links["x"]).query)
    assert x_query["text"] == [title]
    assert "<" not in links["x"] and '"' not in links["x"]
    email = parse_qs(urlsplit(links["email"]).query)
    assert email["subject"] == [title]
    assert "utm_source=email" in email["body"][0]
    assert "+" not in links["email"]  # mailto: spaces are %20


def test_external_share_links_open_safely(client):
    session = SessionPageFactory()
    nav = re.search(
        r'<nav class="share-links".*?</nav>', client.get(session.url).text, re.S
    ).group(0)
    for anchor in re.findall(r"<a [^>]*target=\"_blank\"[^>]*>", nav):
        assert 'rel="noopener"' in anchor
    # Hidden until the script can make the copy button work.
    assert re.search(r"<li hidden><button[^>]*data-share-copy", nav)


# --- Filling in -------------------------------------------------------------


def test_the_command_draws_missing_cards_and_only_those(
    django_capture_on_commit_callbacks,
):
    session = SessionPageFactory()
    expert_page = ExpertPageFactory()
    article = ArticlePageFactory()
    course = CoursePageFactory()
    draft = ArticlePageFactory(live=False)
    publish(session, django_capture_on_commit_callbacks)
    kept = ShareCard.objects.get(page=session)

    call_command("generate_share_cards", stdout=io.StringIO())

    pages = set(ShareCard.objects.values_list("page_id", flat=True))
    assert pages == {session.pk, expert_page.pk, article.pk, course.pk}
    assert draft.pk not in pages
    again = ShareCard.objects.get(page=session)
    assert (again.image.name, again.updated_at) == (kept.image.name, kept.updated_at)

    out = io.StringIO()
    call_command("generate_share_cards", stdout=out)
    assert "Drew 0 share card(s)." in out.getvalue()
