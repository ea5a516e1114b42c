"""Demo pages and site settings: the home page, about/terms/privacy, menus."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Site

from home.models import (
    BrandingSettings,
    HomePage,
    NavigationSettings,
    SocialMediaSettings,
    StandardPage,
)


def _link(label: str, url: str) -> dict:
    return {"label": label, "page": None, "url": url}


# The migration gives the home page its welcome text; the demo adds a body.
HOME = {
    "body": [
        (
            "quote",
            {
                "quote": (
                    "One ninety-minute workshop on streaming pipelines saved my "
                    "team a month of trial and error."
                ),
                "name": "Kenji Watanabe",
                "role": "Backend developer",
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Share what you know",
                "text": "Host sessions and mentor professionals who want to learn.",
                "link": _link("Apply to teach", "/accounts/expert/apply/"),
                "style": "accent",
            },
        ),
        (
            "faq",
            {
                "heading": "Frequently asked questions",
                "items": [
                    {
                        "question": "Is it free to join?",
                        "answer": (
                            "<p>Yes. Joining, building a profile and many "
                            "sessions are free; some sessions and content are "
                            "paid.</p>"
                        ),
                    },
                    {
                        "question": "Who are the experts?",
                        "answer": (
                            "<p>Practitioners whose applications our team "
                            "reviewed: they teach what they do for a living.</p>"
                        ),
                    },
                ],
            },
        ),
    ],
}

STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About MasteryHub",
        "intro": "A place where professionals teach and learn from each other.",
        "body": [
            ("heading", {"text": "Our idea", "level": "h2"}),
            (
                "paragraph",
                "<p>The best way to learn a professional skill is from someone "
                "who uses it every day. MasteryHub connects those people with "
                "the ones who want to learn, in small live sessions and 1:1 "
                "mentoring.</p>",
            ),
        ],
    },
    {
        "slug": "terms",
        "title": "Terms of use",
        "intro": "The rules that keep MasteryHub fair for learners and experts.",
        "body": [
            ("heading", {"text": "Your account", "level": "h2"}),
            (
                "paragraph",
                "<p>Keep your password to yourself and your profile truthful. "
                "You can delete your account at any time.</p>",
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy",
        "intro": "What we keep about you, why, and how you control it.",
        "body": [
            ("heading", {"text": "Your profile", "level": "h2"}),
            (
                "paragraph",
                "<p>You choose who sees each section of your profile: "
                "everyone, signed-in members, or only you.</p>",
            ),
        ],
    },
]


def seed_pages() -> None:
    """Fill in what is missing; never overwrite what an editor has changed."""
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root is not a HomePage; migrate first.")
    missing = {
        field: value for field, value in HOME.items() if not getattr(home, field)
    }
    if missing:
        _set(home, missing)
        home.save_revision().publish()

    for data in STANDARD_PAGES:
        if StandardPage.objects.child_of(home).filter(slug=data["slug"]).exists():
            continue
        page = StandardPage(show_in_menus=data["slug"] == "about")
        _set(page, data)
        home.add_child(instance=page)
        page.save_revision().publish()

    _seed_settings(site)


def _set(page, data: dict) -> None:
    for field, value in data.items():
        setattr(page, field, value)


def _share_image():
    """The default social card (1200×630): white on the brand blue, which
    passes WCAG AA, for pages that have no image of their own."""
    canvas = PILImage.new("RGB", (1200, 630), "#1967D2")
    draw = ImageDraw.Draw(canvas)
    draw.text(
        (80, 250), "MasteryHub", fill="white", font=ImageFont.load_default(size=110)
    )
    draw.text(
        (84, 390),
        "Learn a skill or share one with professionals.",
        fill="white",
        font=ImageFont.load_default(size=44),
    )
    buffer = BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    image = get_image_model()(
        title="MasteryHub social card",
        file=ImageFile(buffer, name="masteryhub-social-card.png"),
    )
    image.save()
    return image


def _seed_settings(site: Site) -> None:
    branding = BrandingSettings.for_site(site)
    if branding.share_image_id is None:
        # Saving the branding also makes it wagtail-seo's default og:image.
        branding.share_image = _share_image()
        branding.save()

    social = SocialMediaSettings.for_site(site)
    if not social.links:
        social.linkedin = "https://www.linkedin.com/company/masteryhub-demo"
        social.github = "https://github.com/masteryhub-demo"
        social.save()

    navigation = NavigationSettings.for_site(site)
    if navigation.header_links or navigation.footer_columns:
        return
    navigation.header_links = [
        ("link", _link("Sessions", "/sessions/")),
        ("link", _link("Experts", "/experts/")),
        ("link", _link("Learn", "/learn/")),
        ("link", _link("About", "/about/")),
        ("link", _link("Become an expert", "/accounts/expert/apply/")),
    ]
    navigation.footer_columns = [
        (
            "column",
            {
                "heading": "MasteryHub",
                "links": [
                    _link("About", "/about/"),
                    _link("Join", "/accounts/signup/"),
                ],
            },
        ),
        (
            "column",
            {
                "heading": "Legal",
                "links": [
                    _link("Terms of use", "/terms/"),
                    _link("Privacy", "/privacy/"),
                ],
            },
        ),
    ]
    navigation.footer_text = "MasteryHub Ltd · Made for people who teach what they do."
    navigation.save()
