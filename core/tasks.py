from django.core.mail import EmailMultiAlternatives
from django_tasks import task
from wagtail.images import get_image_model

from core.images import PREGENERATED


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    from_email: str = "",
    attachments: list[dict] | None = None,
    headers: dict[str, str] | None = None,
    attempt: int = 1,
) -> None:
    """Deliver one rendered email through the configured mail backend.

    `attachments` are `{"filename", "content" (text), "mimetype"}` dicts:
    task arguments must survive JSON, so no bytes or file objects.
    A send that raises fails the task; `run_periodic` queues it again with
    the next `attempt` number after a back-off (core.maintenance).
    """
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=to,
        from_email=from_email or None,
        headers=headers or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments or []:
        message.attach(
            attachment["filename"], attachment["content"], attachment["mimetype"]
        )
    message.send()


@task()
def generate_renditions(*, image_id: int) -> None:
    """Make the listing and social renditions of one image (core.images),
    so no visitor's request waits for a resize. Renditions that exist are
    kept; an image deleted meanwhile is skipped."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        image.get_renditions(*PREGENERATED)
