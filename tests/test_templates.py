"""Template comments that Django would print: `{# #}` ends on its line,
and a comment over several lines shows on the page as text."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(
    path
    for path in ROOT.glob("**/templates/**/*.html")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_comments_close_on_the_line_they_open(path):
    for number, line in enumerate(path.read_text().splitlines(), 1):
        opened = line.count("{#") - line.count("#}")
        assert opened <= 0, f"{path.relative_to(ROOT)}:{number}: use {{% comment %}}"
