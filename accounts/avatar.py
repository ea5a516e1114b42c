"""The picture-free avatar: initials on a coloured circle."""

import hashlib

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
