"""Every URL pattern the resolver knows, ours and the frameworks', as URLs.

The walk reads `get_resolver()` itself, so a route added tomorrow (ours, or a
library's after an upgrade) is walked without anyone listing it. Each
pattern's regex is flattened as Django's own `reverse()` does
(`normalize`), its parameters are filled in, and a URL is kept only when it
resolves back to that very pattern: a value the pattern does not accept would
test some other route instead.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

# The regex parser behind `re`: it is how a parameter's own regex is read to
# build a value it accepts (sre_parse, its old name, is deprecated).
from re import _constants as sre
from re import _parser as sre_parser
from urllib.parse import quote, unquote_to_bytes

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)
from django.urls.exceptions import Resolver404
from django.utils.encoding import repercent_broken_unicode
from django.utils.regex_helper import normalize

from core.converters import IdConverter

# The kinds of value a parameter takes; corpus.py has hostile values for each.
CONVERTER_KINDS = {
    IntConverter: "int",
    IdConverter: "int",
    SlugConverter: "slug",
    UUIDConverter: "uuid",
    PathConverter: "path",
    StringConverter: "text",
}


@dataclass(frozen=True)
class Route:
    """One URL pattern, flattened: `template % {param: value}` is a path."""

    pattern: URLPattern
    regex: str
    template: str
    params: tuple[str, ...]
    kinds: dict[str, str] = field(hash=False, compare=False)
    # A value each parameter's own regex accepts.
    samples: dict[str, str] = field(hash=False, compare=False)

    def __str__(self) -> str:
        return "/" + self.regex

    def url(self, values: dict[str, str]) -> str | None:
        """The URL for `values` (percent-encoded), if this pattern takes it;
        None when it would land on another route or on none."""
        path = "/" + self.template % values
        return path if resolve_pattern(path) is self.pattern else None

    def fill(self, preferred: dict[str, Iterable[str]]) -> str | None:
        """A URL with, for each parameter in turn, the first of its
        `preferred` values this pattern takes (else its sample)."""
        values = dict(self.samples)
        for name in self.params:
            for value in preferred.get(name, ()):
                if self.url({**values, name: value}) is not None:
                    values[name] = value
                    break
        return self.url(values)

    def is_shadowed(self) -> bool:
        """True when an earlier pattern answers this one's URLs, so no
        request can ever reach it (the project's expert-scoped admin views
        sit ahead of Wagtail's own on purpose)."""
        path = "/" + self.template % self.samples
        decoded = _decoded(path)[1:]
        return bool(re.fullmatch(self.regex, decoded)) and resolve_pattern(
            path
        ) not in (
            None,
            self.pattern,
        )


def _decoded(path: str) -> str:
    # What the WSGI handler resolves: the percent-decoded path, invalid UTF-8
    # put back as %XX.
    return repercent_broken_unicode(unquote_to_bytes(path)).decode()


def resolve_pattern(path: str) -> URLPattern | None:
    try:
        match = get_resolver().resolve(_decoded(path))
    except Resolver404:
        return None
    return match.tried[-1][-1]


def _sample(items) -> str:
    """The shortest non-empty text a parsed regex accepts, more or less."""
    out = []
    for op, arg in items:
        if op is sre.LITERAL:
            out.append(chr(arg))
        elif op in (sre.NOT_LITERAL, sre.ANY):
            out.append("b" if arg == ord("a") else "a")
        elif op is sre.IN:
            out.append(_sample_set(arg))
        elif op is sre.CATEGORY:
            out.append(_sample_set([(op, arg)]))
        elif op is sre.BRANCH:
            out.append(_sample(arg[1][0]))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, sub = arg
            out.append(_sample(sub) * min(max(low, 1), high))
        elif op is sre.SUBPATTERN:
            out.append(_sample(arg[-1]))
    return "".join(out)


def _sample_set(members) -> str:
    if members and members[0][0] is sre.NEGATE:
        return "a"
    op, arg = members[0]
    if op is sre.LITERAL:
        return chr(arg)
    if op is sre.RANGE:
        return chr(arg[0])
    return {sre.CATEGORY_DIGIT: "1", sre.CATEGORY_SPACE: " "}.get(arg, "a")


def _group_samples(regex: str, params: list[str]) -> dict[str, str]:
    parsed = sre_parser.parse(regex)
    by_number = {}
    unnamed = 0
    numbers_to_names = {v: k for k, v in parsed.state.groupdict.items()}

    def visit(items):
        nonlocal unnamed
        for op, arg in items:
            if op is sre.SUBPATTERN and arg[0] is not None:
                name = numbers_to_names.get(arg[0])
                if name is None:
                    name = f"_{unnamed}"
                    unnamed += 1
                by_number[name] = quote(_sample(arg[-1]), safe="/")
            for sub in _children(op, arg):
                visit(sub)

    visit(parsed)
    return {name: by_number.get(name, "a") for name in params}


def _children(op, arg) -> Iterator:
    if op is sre.SUBPATTERN:
        yield arg[-1]
    elif op is sre.BRANCH:
        yield from arg[1]
    elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        yield arg[2]


def _leaves(patterns, prefix: str, converters: dict) -> Iterator[tuple]:
    for entry in patterns:
        regex = entry.pattern.regex.pattern.removeprefix("^")
        found = {**converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            yield from _leaves(entry.url_patterns, prefix + regex, found)
        else:
            yield entry, prefix + regex, found


def all_routes() -> list[Route]:
    routes = []
    for pattern, regex, converters in _leaves(get_resolver().url_patterns, "", {}):
        # `normalize` gives the first alternative of each choice: one URL
        # shape per pattern, as reverse() would build.
        template, params = normalize(regex)[0]
        kinds = {
            name: CONVERTER_KINDS.get(type(converters.get(name)), "regex")
            for name in params
        }
        samples = _group_samples(regex, params)
        routes.append(Route(pattern, regex, template, tuple(params), kinds, samples))
    return routes
