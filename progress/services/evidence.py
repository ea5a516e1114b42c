"""What a member adds as proof of a skill: a project, a certificate, a
repository, a link. Sessions attended and accepted forum answers count too,
but are read where they live (progress.selectors), never copied here."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from accounts.models import User
from core.models import Skill
from progress import errors
from progress.errors import ProgressError
from progress.models import Evidence

# Only addresses a browser opens as a page: never javascript:, data: or
# ftp: links on a page other people (a mentor) may see.
validate_web_address = URLValidator(schemes=["http", "https"])
URL_MAX_LENGTH = Evidence._meta.get_field("url").max_length
TITLE_MAX_LENGTH = Evidence._meta.get_field("title").max_length


def check_url(url: str) -> str:
    url = (url or "").strip()
    try:
        if len(url) > URL_MAX_LENGTH:
            raise ValidationError("too long")
        validate_web_address(url)
    except ValidationError:
        raise ProgressError(errors.EVIDENCE_BAD_URL) from None
    return url


@transaction.atomic
def add_evidence(
    *, member: User, skill: Skill, kind: str, title: str, url: str
) -> Evidence:
    title = " ".join((title or "").split())[:TITLE_MAX_LENGTH]
    if not title:
        raise ProgressError(errors.EVIDENCE_NO_TITLE)
    if kind not in Evidence.Kind.values:
        kind = Evidence.Kind.LINK
    return Evidence.objects.create(
        member=member, skill=skill, kind=kind, title=title, url=check_url(url)
    )


@transaction.atomic
def delete_evidence(*, member: User, evidence: Evidence) -> None:
    Evidence.objects.filter(pk=evidence.pk, member=member).delete()
