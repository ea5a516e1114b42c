"""Reading what Stripe sent, field by field.

Handlers read events through these functions, which check each field they
read: present (Stripe renders every field of an object at the endpoint's API
version, null when empty), of the right type and within what our columns
hold. An event that fails is `MalformedEvent`: nothing of it is stored or
applied and the webhook answers 400. That covers bodies Stripe never sends
(an id with a NUL, a `created` that is not a number) and events rendered at
an API version whose shape we do not know, so a misconfigured endpoint shows
up as failing deliveries in Stripe's Dashboard instead of as lost renewals.
"""

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

ID = re.compile(r"[A-Za-z0-9_]{1,255}")
EVENT_TYPE = re.compile(r"[a-z0-9_.]{1,100}")
WORD = re.compile(r"[a-z0-9_]{1,50}")
# Statuses we store (our columns hold 30 characters).
STATUS = re.compile(r"[a-z_]{1,30}")
CURRENCY = re.compile(r"[a-z]{3}")
API_VERSION = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(\.[a-z]{1,30})?")
URL = re.compile(r"https://[!-~]{1,492}")
OUR_PK = re.compile(r"[1-9][0-9]{0,17}")

# 9999-12-31, the last second `datetime` can hold.
MAX_TIMESTAMP = 253402300799
# Our amount columns hold 99,999,999.99.
MAX_MINOR_UNITS = 9_999_999_999


class MalformedEvent(Exception):
    """A correctly signed event we cannot read; answered 400."""


def _where(obj: dict, key: str) -> str:
    kind = obj.get("object")
    return f"{kind if isinstance(kind, str) else '?'}.{key}"


def _value(obj: dict, key: str, optional: bool) -> Any:
    if key not in obj:
        raise MalformedEvent(f"{_where(obj, key)} is missing")
    value = obj[key]
    if value is None and not optional:
        raise MalformedEvent(f"{_where(obj, key)} is null")
    return value


def mapping(obj: dict, key: str, *, optional: bool = False) -> dict:
    value = _value(obj, key, optional)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MalformedEvent(f"{_where(obj, key)} is not an object")
    return value


def text(obj: dict, key: str, pattern: re.Pattern, *, optional=False) -> str:
    """The string at `key` ("" when null and optional)."""
    value = _value(obj, key, optional)
    if value is None:
        return ""
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise MalformedEvent(f"{_where(obj, key)} is not what Stripe sends")
    return value


def identifier(obj: dict, key: str, *, optional: bool = False) -> str:
    return text(obj, key, ID, optional=optional)


def boolean(obj: dict, key: str) -> bool:
    value = _value(obj, key, False)
    if not isinstance(value, bool):
        raise MalformedEvent(f"{_where(obj, key)} is not true or false")
    return value


def integer(obj: dict, key: str, high: int, *, optional=False) -> int | None:
    value = _value(obj, key, optional)
    if value is None:
        return None
    # bool is an int in Python, never in Stripe's JSON.
    if isinstance(value, bool) or not isinstance(value, int):
        raise MalformedEvent(f"{_where(obj, key)} is not a number")
    if not 0 <= value <= high:
        raise MalformedEvent(f"{_where(obj, key)} is out of range")
    return value


def timestamp(obj: dict, key: str, *, optional=False) -> datetime | None:
    value = integer(obj, key, MAX_TIMESTAMP, optional=optional)
    return None if value is None else datetime.fromtimestamp(value, UTC)


def minor_units(obj: dict, key: str) -> int:
    return integer(obj, key, MAX_MINOR_UNITS)


def money(obj: dict, key: str, *, optional: bool = False) -> Decimal:
    """An amount in minor units as a Decimal (our currencies have two
    decimals); 0 when null and optional."""
    value = integer(obj, key, MAX_MINOR_UNITS, optional=optional)
    return (Decimal(value or 0) / 100).quantize(Decimal("0.01"))


def currency(obj: dict, key: str = "currency") -> str:
    return text(obj, key, CURRENCY).upper()


def url(obj: dict, key: str) -> str:
    return text(obj, key, URL, optional=True)


def list_data(obj: dict, key: str) -> list[dict]:
    """The objects of a Stripe list (`{"object": "list", "data": [...]}`)."""
    data = mapping(obj, key).get("data")
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise MalformedEvent(f"{_where(obj, key)} is not a list")
    return data


def our_pk(metadata: dict, key: str) -> int | None:
    """An id of ours that we put in metadata; None when it is not one (an
    object made outside this site: a Payment Link, the Dashboard)."""
    value = metadata.get(key)
    if isinstance(value, str) and OUR_PK.fullmatch(value):
        return int(value)
    return None


@dataclass(frozen=True)
class Envelope:
    id: str
    type: str
    created: datetime
    api_version: str
    object: dict
    object_id: str


def read_envelope(payload: str) -> Envelope:
    """The event around the object: what every event must have."""
    try:
        event = json.loads(payload)
    except (ValueError, RecursionError) as error:
        raise MalformedEvent("the body is not JSON we can read") from error
    if not isinstance(event, dict) or event.get("object") != "event":
        raise MalformedEvent("the body is not a Stripe event")
    obj = mapping(mapping(event, "data"), "object")
    if not obj:
        raise MalformedEvent("event.data.object is empty")
    object_id = ""
    if "id" in obj:
        object_id = identifier(obj, "id")
    return Envelope(
        id=identifier(event, "id"),
        type=text(event, "type", EVENT_TYPE),
        created=timestamp(event, "created"),
        api_version=text(event, "api_version", API_VERSION, optional=True),
        object=obj,
        object_id=object_id,
    )
