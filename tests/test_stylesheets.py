"""Every stylesheet parses to the end: one unclosed rule silently swallows
every rule after it (the browser reads them as part of the open block)."""

import re
from pathlib import Path

import pytest

STATIC_CSS = Path(__file__).resolve().parent.parent / "static" / "css"
COMMENT = re.compile(r"/\*.*?\*/", re.S)
STRING = re.compile(r"\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'")


def _blank(match: re.Match) -> str:
    # Keep the line breaks, so errors name the right line.
    return "\n" * match.group(0).count("\n")


@pytest.mark.parametrize("path", sorted(STATIC_CSS.glob("*.css")), ids=lambda p: p.name)
def test_every_rule_is_closed_before_the_next_one(path):
    text = STRING.sub('""', COMMENT.sub(_blank, path.read_text()))
    open_blocks: list[bool] = []  # True for an at-rule (@media, @supports)
    prelude_start = 0
    for index, char in enumerate(text):
        line = text.count("\n", 0, index) + 1
        if char == "{":
            prelude = text[prelude_start:index].strip()
            # Plain CSS here: a rule opens only at the top or in an at-rule.
            assert all(open_blocks), f"{path.name}:{line} opens a rule inside a rule"
            open_blocks.append(prelude.startswith("@"))
            prelude_start = index + 1
        elif char == "}":
            assert open_blocks, f"{path.name}:{line} closes a block never opened"
            open_blocks.pop()
            prelude_start = index + 1
        elif char == ";" and (not open_blocks or open_blocks[-1]):
            prelude_start = index + 1  # @import, @charset
    assert not open_blocks, f"{path.name} ends inside a block"
