"""What `python3 dev.py` shows a newcomer: the mailbox, the task summary,
and a site that answers /favicon.ico."""

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


@pytest.fixture
def mail_folder(settings, tmp_path):
    settings.EMAIL_BACKEND = FILE_BACKEND
    settings.EMAIL_FILE_PATH = str(tmp_path)
    return tmp_path


def _send_verification():
    message = EmailMultiAlternatives(
        subject="[MasteryHub] Please confirm your email address",
        body="Confirm: http://127.0.0.1:8000/accounts/confirm-email/abc/",
        to=["newcomer@example.com"],
    )
    message.attach_alternative(
        "<p style='color:#333'>Confirm <b>now</b></p>", "text/html"
    )
    message.attach("session.ics", "BEGIN:VCALENDAR", "text/calendar")
    message.send()


@pytest.mark.urls("core.tests.dev_urls")
def test_mailbox_lists_sent_emails_with_clickable_links(client, mail_folder):
    _send_verification()

    listing = client.get("/dev/mail/")
    assert listing.status_code == 200
    assert "Please confirm your email address" in listing.content.decode()
    assert "newcomer@example.com" in listing.content.decode()

    (name,) = [path.name for path in mail_folder.iterdir()]
    detail = client.get(f"/dev/mail/{name}/").content.decode()
    assert 'href="http://127.0.0.1:8000/accounts/confirm-email/abc/"' in detail
    assert "session.ics" in detail

    html = client.get(f"/dev/mail/{name}/html/")
    assert "Confirm <b>now</b>" in html.content.decode()
    # Emails style themselves inline; the page must let them.
    assert "'unsafe-inline'" in html["Content-Security-Policy"].split("style-src")[1]


@pytest.mark.urls("core.tests.dev_urls")
def test_mailbox_says_when_nothing_was_sent_and_404s_unknown_emails(
    client, mail_folder
):
    assert "No email yet" in client.get("/dev/mail/").content.decode()
    assert client.get("/dev/mail/nope.log/").status_code == 404


def test_mailbox_does_not_exist_without_debug(client, mail_folder):
    _send_verification()
    assert client.get("/dev/mail/").status_code == 404


def _result(status, task_path, exception=""):
    return DBTaskResult.objects.create(
        status=status,
        task_path=task_path,
        exception_class_path=exception,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
    )


def test_task_summary_names_what_failed(capsys):
    _result(TaskResultStatus.SUCCESSFUL, "core.tasks.send_email")
    for _ in range(2):
        _result(
            TaskResultStatus.FAILED,
            "wagtail.tasks.update_reference_index_task",
            "experts.models.ExpertExperience.DoesNotExist",
        )

    call_command("task_summary")

    line = capsys.readouterr().out.strip()
    assert line.startswith("Background tasks: 1 done, 2 FAILED")
    assert "update_reference_index_task (ExpertExperience.DoesNotExist) x2" in line
    assert "status__exact=FAILED" in line


def test_task_summary_when_all_went_well(capsys):
    _result(TaskResultStatus.SUCCESSFUL, "core.tasks.send_email")
    call_command("task_summary")
    assert capsys.readouterr().out.strip() == "Background tasks: 1 done, none failed."


def test_favicon_ico_redirects_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
