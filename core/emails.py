"""Emails are rendered in the request and delivered by the task worker."""

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django_tasks_db.backend import DatabaseBackend

from core.tasks import send_email


def prefixed_subject(subject: str) -> str:
    """Every email's subject starts with EMAIL_SUBJECT_PREFIX, once: ours and
    allauth's (accounts.adapter) alike, so members can filter on it."""
    prefix = settings.EMAIL_SUBJECT_PREFIX
    subject = " ".join(subject.split())
    return subject if subject.startswith(prefix.strip()) else prefix + subject


def render_email(template_prefix: str, context: dict) -> dict:
    """Render `<prefix>_subject.txt`, `<prefix>_message.txt` and, if present,
    `<prefix>_message.html` into the arguments `send_email` takes.

    The HTML part extends emails/base.html, which links home through
    `site_url`; every email gets it."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = _render_text(f"{template_prefix}_subject.txt", context)
    parts = {
        "subject": prefixed_subject(subject),
        "body": _render_text(f"{template_prefix}_message.txt", context),
    }
    try:
        parts["html"] = render_to_string(f"{template_prefix}_message.html", context)
    except TemplateDoesNotExist:
        pass
    return parts


def _render_text(template_name: str, context: dict) -> str:
    # Plain text is not HTML: "&" must stay "&", so autoescaping is off here.
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def queue_email(
    *,
    template_prefix: str,
    to: str | list[str],
    context: dict,
    attachments: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Render now, send once the surrounding transaction commits.

    With the database task queue the task's row is written inside that
    transaction: the email and what it tells commit together, or neither
    does. Queued after the commit instead, a database that went away in
    between (a restart, a failover) lost the email of a booking that was
    kept. Other queues (the immediate one in tests) wait for the commit.

    `attachments`: `{"filename", "content" (str), "mimetype"}` dicts;
    `headers`: extra message headers (List-Unsubscribe and the like).
    """
    recipients = [to] if isinstance(to, str) else list(to)
    parts = render_email(template_prefix, context)
    if attachments:
        parts["attachments"] = list(attachments)
    if headers:
        parts["headers"] = dict(headers)

    def enqueue() -> None:
        send_email.enqueue(to=recipients, **parts)

    if isinstance(send_email.get_backend(), DatabaseBackend):
        enqueue()
    else:
        transaction.on_commit(enqueue)
