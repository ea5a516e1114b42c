import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from wagtail.models import Page

from core import blocks
from core.blocks import validate_link_url


@pytest.mark.parametrize(
    "url",
    ["/accounts/signup/", "#faq", "mailto:hello@example.com", "https://example.com/x"],
)
def test_link_urls_editors_may_use(url):
    validate_link_url(url)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "//evil.example", "ftp://x.example", "sessions"]
)
def test_link_urls_that_are_refused(url):
    with pytest.raises(ValidationError):
        validate_link_url(url)


def test_link_block_needs_a_page_or_url():
    block = blocks.LinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "Nowhere", "page": None, "url": ""}))


def test_link_block_refuses_both_page_and_url(site_root):
    block = blocks.LinkBlock()
    value = block.to_python({"label": "Both", "page": site_root.pk, "url": "/x/"})
    with pytest.raises(ValidationError):
        block.clean(value)


def test_link_block_needs_a_label_for_a_url():
    block = blocks.LinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "", "page": None, "url": "/x/"}))


def test_optional_link_block_may_be_left_empty():
    block = blocks.LinkBlock(required=False)
    value = block.clean(block.to_python({"label": "", "page": None, "url": ""}))
    assert value.href == ""


def test_link_to_a_page_uses_its_url_and_title(site_root):
    value = blocks.LinkBlock().to_python({"label": "", "page": site_root.pk, "url": ""})
    assert value.href == "/"
    assert value.text == site_root.title


def test_link_to_an_unpublished_page_has_no_href(site_root):
    Page.objects.filter(pk=site_root.pk).update(live=False)
    value = blocks.LinkBlock().to_python({"label": "x", "page": site_root.pk})
    assert value.href == ""


def test_heading_block_renders_its_level():
    block = blocks.HeadingBlock()
    html = block.render(block.to_python({"text": "Topics", "level": "h3"}))
    assert html.strip() == '<h3 class="block-heading">Topics</h3>'


def test_heading_block_ignores_an_unknown_level():
    block = blocks.HeadingBlock()
    html = block.render(block.to_python({"text": "Topics", "level": "script"}))
    assert html.strip() == '<h2 class="block-heading">Topics</h2>'


def test_call_to_action_renders_a_button_link():
    block = blocks.CallToActionBlock()
    value = block.to_python(
        {
            "heading": "Join",
            "text": "",
            "link": {"label": "Sign up", "url": "/accounts/signup/"},
            "style": "accent",
        }
    )
    html = block.render(value)
    assert 'class="cta cta--accent"' in html
    assert 'href="/accounts/signup/">Sign up</a>' in html


def test_card_with_a_link_makes_its_title_the_link():
    block = blocks.CardBlock()
    value = block.to_python(
        {"title": "Mentors", "text": "t", "link": {"label": "x", "url": "/m/"}}
    )
    assert '<a class="card__link" href="/m/">Mentors</a>' in block.render(value)


def test_every_body_block_has_icon_template_and_preview(db):
    for name, child in blocks.BodyStreamBlock().child_blocks.items():
        assert child.meta.icon != "placeholder", name
        assert child.meta.template.startswith("components/blocks/"), name
        assert hasattr(child.meta, "preview_value"), name
        # The preview value renders with the block's own template.
        assert child.render(child.get_preview_value()).strip(), name


def test_admin_block_preview_uses_the_site_stylesheet(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        username="admin", email="admin@example.com", password="x-Secret-123"
    )
    EmailAddress.objects.create(
        user=admin, email=admin.email, verified=True, primary=True
    )
    client.force_login(admin)
    block = blocks.BodyStreamBlock().child_blocks["quote"]
    assert block.is_previewable
    response = client.get("/admin/block-preview/", {"id": block.definition_prefix})
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/css/main.css" in html
    assert "One session saved me a month" in html
