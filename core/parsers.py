"""The JSON parser of every DRF API here (REST_FRAMEWORK's
DEFAULT_PARSER_CLASSES).

Python's json module decodes nested arrays and objects by recursion, so a
body of 50,000 "[" raises RecursionError, a server error, before DRF could
say the JSON is bad. No request of ours nests more than a few levels:
anything deeper than MAX_DEPTH is refused with a 400 before decoding.
"""

import re

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

MAX_DEPTH = 64
TOO_DEEP = f"JSON parse error - nested deeper than {MAX_DEPTH} levels"
# A JSON string (skipped whole: brackets inside it do not nest) or a bracket.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def nesting_depth_exceeds(text: str, limit: int) -> bool:
    # Counting brackets costs nothing and clears nearly every body.
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False


class BoundedJSONParser(JSONParser):
    max_depth = MAX_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        if nesting_depth_exceeds(text, self.max_depth):
            raise ParseError(TOO_DEEP)
        parse_constant = json.strict_constant if self.strict else None
        try:
            return json.loads(text, parse_constant=parse_constant)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        except RecursionError as exc:
            # Unreachable past the depth check; kept so that no body can
            # ever turn into a server error.
            raise ParseError(TOO_DEEP) from exc
