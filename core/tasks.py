from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    *, subject: str, body: str, to: list[str], html: str = "", from_email: str = ""
) -> None:
    """Deliver one rendered email through the configured mail backend."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=to, from_email=from_email or None
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
