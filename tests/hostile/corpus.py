"""What crawlers, fuzzers and attackers put in URLs and request bodies.

Values are as they travel in a URL (percent-encoded), so invalid UTF-8 and
control characters reach the site exactly as a raw request would carry them.
"""

from urllib.parse import quote

OVERFLOW = "99999999999999999999"  # past a 64-bit integer
NUL = "%00"
CONTROL = "a%01b%1Bc%7F"  # C0 controls and DEL
BIDI = quote("\u202eevil\u202c\u200f\ufeff")  # right-to-left override, BOM
INVALID_UTF8 = "%C3%28%FF%FE"
OVERLONG = "x" * 3000
TRAVERSAL = "..%2F..%2Fetc%2Fpasswd"
DOT_DOT = ".."

# One list per kind of URL parameter (tests/hostile/routes.py names them).
# Each value must be one the kind's pattern can take: a slug never holds a
# NUL, so it gets the hostile slugs there are.
PATH_VALUES = {
    "int": [OVERFLOW],
    "slug": ["-" * 3000, "a" * 3000],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
    "text": [NUL, CONTROL, BIDI, INVALID_UTF8, OVERLONG, DOT_DOT],
    "path": [NUL, TRAVERSAL, "../../etc/passwd", BIDI, INVALID_UTF8, OVERLONG],
    # Regex groups take what their regex takes: the walk tries these in turn
    # and keeps the first the pattern accepts.
    "regex": [NUL, BIDI, INVALID_UTF8, OVERLONG, "../x", OVERFLOW, "a", "1"],
}

# Query parameters the site and its frameworks read, each with the values
# most likely to break them.
NUMBERS = [OVERFLOW, "-1", "1e309", "0x10"]
DATES = ["0001-01-01", "9999-12-31", "2026-02-30", "99999-01-01"]
TEXT = [NUL, CONTROL, BIDI, INVALID_UTF8, OVERLONG, "../../etc/passwd"]
QUERY_VALUES = {
    "q": TEXT,
    "search": TEXT,
    "tag": TEXT,
    "category": TEXT,
    "type": TEXT + ["wagtailcore.Page,auth.User", "a.b.c"],
    "locale": TEXT,
    "fields": TEXT + ["*,-id,_,parent(*)", "a(b(c(d)))"],
    "order": TEXT + ["-random,id", "random"],
    "sort": TEXT,
    "format": TEXT + ["json", "api"],
    "next": TEXT + ["//evil.example/", "javascript:alert(1)"],
    "page": NUMBERS,
    "offset": NUMBERS,
    "limit": NUMBERS,
    "min_rating": NUMBERS,
    "price": NUMBERS + ["free"],
    "date_from": DATES,
    "date_to": list(reversed(DATES)),
}

# Form fields most forms have, for a hostile POST body.
FORM_FIELDS = [
    "q",
    "email",
    "login",
    "password",
    "username",
    "name",
    "title",
    "text",
    "comment",
    "message",
    "next",
    "session_id",
    "booking",
    "status",
    "starts_at",
    "ends_at",
    "time_zone",
    "rating",
    "confirm",
]
FORM_VALUES = [
    "\x00",
    "a\x01b\x1b",
    "\u202eevil\u202c",
    "x" * 20000,
    OVERFLOW,
    "-1",
    "0001-01-01 00:00",
    "9999-12-31 23:59",
]

# JSON bodies for the APIs: nesting past any parser's recursion limit, huge
# numbers, wrong types.
JSON_BODIES = [
    "[" * 50000,
    "{" + '"a":{' * 20000,
    '{"session_id": 99999999999999999999}',
    '{"session_id": -1}',
    '{"session_id": 1e309}',
    '{"session_id": "\\u0000"}',
    '{"session_id": [[[[]]]]}',
    "null",
    '"\\ud800"',
    "\xff\xfe",
]
