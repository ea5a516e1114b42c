"""The development mailbox: what the file mail backend wrote, readable at
/dev/mail/ so a newcomer can click a sign-up verification link without
digging through files. Routed only when DEBUG is on (masteryhub/urls.py)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from csp.decorators import csp_update
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path

LISTED = 100
# The file backend ends every message with a line of 79 dashes.
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


@dataclass(frozen=True)
class Mail:
    name: str
    sent_at: datetime
    message: EmailMessage

    @property
    def subject(self) -> str:
        return self.message["Subject"] or "(no subject)"

    @property
    def to(self) -> str:
        return self.message["To"] or ""

    @property
    def text(self) -> str:
        return self._part("plain")

    @property
    def html(self) -> str:
        return self._part("html")

    def _part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        return body.get_content() if body is not None else ""

    @property
    def attachments(self) -> list[str]:
        return [part.get_filename() or "" for part in self.message.iter_attachments()]


def _folder() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


def _read(path: Path) -> list[Mail]:
    sent_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    chunks = [chunk for chunk in path.read_bytes().split(SEPARATOR) if chunk.strip()]
    return [
        Mail(
            name=path.name if len(chunks) == 1 else f"{path.name}.{index}",
            sent_at=sent_at,
            message=message_from_bytes(chunk, policy=policy.default),
        )
        for index, chunk in enumerate(chunks)
    ]


def _mails() -> list[Mail]:
    folder = _folder()
    if not folder.is_dir():
        return []
    paths = sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    return [mail for path in paths[:LISTED] for mail in _read(path)]


def _find(name: str) -> Mail:
    for mail in _mails():
        if mail.name == name:
            return mail
    raise Http404("No such email.")


def mailbox(request):
    return render(
        request,
        "dev/mailbox.html",
        {"mails": _mails(), "folder": _folder()},
    )


def mail_detail(request, name: str):
    return render(request, "dev/mail.html", {"mail": _find(name)})


@csp_update({"style-src": ["'unsafe-inline'"]})
def mail_html(request, name: str):
    """The HTML part as a mail app shows it (emails carry inline styles)."""
    html = _find(name).html
    if not html:
        raise Http404("This email has no HTML part.")
    return HttpResponse(html)


urlpatterns = [
    path("", mailbox, name="dev_mailbox"),
    path("<str:name>/", mail_detail, name="dev_mail"),
    path("<str:name>/html/", mail_html, name="dev_mail_html"),
]
