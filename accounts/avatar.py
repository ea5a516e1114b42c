"""The picture-free avatar: initials on a coloured circle."""

import hashlib
from html import escape
from urllib.parse import quote

# White text on each of these has a contrast ratio of at least 4.5:1
# (tests/test_profile.py checks it), so the initials pass WCAG AA.
AVATAR_TONES = (
    "#1967d2",  # blue
    "#188038",  # green
    "#a50e0e",  # red
    "#7b1fa2",  # purple
    "#00695c",  # teal
    "#b3261e",  # brick
    "#5f6368",  # grey
    "#8a4b00",  # brown
)


def initials(name: str) -> str:
    parts = [part for part in name.replace("_", " ").replace(".", " ").split() if part]
    if not parts:
        return "?"
    if len(parts) == 1:
        return parts[0][:2].upper()
    return (parts[0][0] + parts[-1][0]).upper()


def tone_index(key: str) -> int:
    """A stable colour per member, so their avatar looks the same everywhere."""
    digest = hashlib.sha256(key.encode()).digest()
    return digest[0] % len(AVATAR_TONES)


def initials_svg_data_url(*, name: str, key: str) -> str:
    """The initials avatar as a data: URL, for places that want an image
    address (Wagtail's admin) rather than markup."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">'
        f'<rect width="96" height="96" fill="{AVATAR_TONES[tone_index(key)]}"/>'
        '<text x="48" y="48" dy=".35em" text-anchor="middle" fill="#fff" '
        'font-family="Helvetica, Arial, sans-serif" font-size="40" '
        f'font-weight="600">{escape(initials(name))}</text></svg>'
    )
    return "data:image/svg+xml," + quote(svg)
