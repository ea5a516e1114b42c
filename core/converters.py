"""URL converters."""

from django.urls.converters import IntConverter

# The largest id a database integer column holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


class IdConverter(IntConverter):
    """`<id:session_id>`: like `<int:...>`, but a number no row can have is
    no match (a 404) rather than a number handed to the view. SQLite
    refuses to even compare an integer past 64 bits, and a lookup through a
    page's `page_ptr` (every SessionPage pk) gets no range check from
    Django, so `?pk=10**20` would be a server error there."""

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(f"{value} is past the largest id")
        return number
