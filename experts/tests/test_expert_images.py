"""Experts upload images for their page photo and their covers, and choose
among their own uploads only."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from accounts.tests.factories import StaffFactory, UserFactory
from core.admin_forms import IMAGE_NOT_YOURS
from core.tests.admin_forms import editor_data
from experts.tests.factories import ExpertPageFactory, GroupExpertFactory
from sessions.tests.factories import session_editor_form

pytestmark = pytest.mark.django_db

Image = get_image_model()


@pytest.fixture
def uploads():
    return Collection.objects.get(name="Expert uploads")


def png_upload(name):
    return SimpleUploadedFile(
        name, get_test_image_file().file.getvalue(), content_type="image/png"
    )


def upload(user, title, collection):
    return Image.objects.create(
        title=title,
        file=get_test_image_file(),
        collection=collection,
        uploaded_by_user=user,
    )


def test_an_expert_uploads_an_image_into_expert_uploads(client, uploads):
    expert = GroupExpertFactory()
    client.force_login(expert)
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "My portrait", "file": png_upload("me.png")},
    )
    assert response.status_code == 302
    image = Image.objects.get(title="My portrait")
    assert image.uploaded_by_user == expert
    assert image.collection == uploads


def test_the_chooser_offers_an_expert_only_their_own_uploads(client, uploads):
    expert, other = GroupExpertFactory(), GroupExpertFactory()
    upload(expert, "Amara cover", uploads)
    upload(other, "Lucas unpublished cover", uploads)
    client.force_login(expert)
    html = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    assert "Amara cover" in html
    assert "Lucas unpublished cover" not in html


def test_staff_choose_from_every_image(client, uploads):
    upload(GroupExpertFactory(), "Amara cover", uploads)
    upload(GroupExpertFactory(), "Lucas cover", uploads)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    assert "Amara cover" in html and "Lucas cover" in html


def test_an_expert_cannot_open_or_delete_another_experts_image(client, uploads):
    expert, other = GroupExpertFactory(), GroupExpertFactory()
    theirs = upload(other, "Lucas cover", uploads)
    client.force_login(expert)
    listing = client.get(reverse("wagtailimages:index")).content.decode()
    assert "Lucas cover" not in listing
    assert client.get(reverse("wagtailimages:edit", args=[theirs.pk])).status_code in (
        302,
        403,
    )
    client.post(reverse("wagtailimages:delete", args=[theirs.pk]))
    assert Image.objects.filter(pk=theirs.pk).exists()


def test_members_without_the_experts_group_get_no_image_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("wagtailimages:add"))
    assert response.status_code == 403  # the admin is not for them


# --- Where another expert's image could still show up -----------------------
CONFIDENTIAL = "CONFIDENTIAL Lucas launch cover"


def test_the_public_api_lists_no_uploads(client, uploads):
    upload(GroupExpertFactory(), CONFIDENTIAL, uploads)
    response = client.get("/api/v2/images/", {"fields": "*"})
    assert response.status_code == 404
    assert CONFIDENTIAL not in response.content.decode()


def test_the_admin_images_api_shows_an_expert_only_their_own(client, uploads):
    expert = GroupExpertFactory()
    upload(expert, "Amara cover", uploads)
    upload(GroupExpertFactory(), CONFIDENTIAL, uploads)
    client.force_login(expert)
    body = client.get("/admin/api/main/images/", {"fields": "*"}).content.decode()
    assert "Amara cover" in body and CONFIDENTIAL not in body


def test_experts_see_only_their_own_documents(client):
    expert = GroupExpertFactory()
    for owner, title in ((expert, "Amara handout"), (StaffFactory(), CONFIDENTIAL)):
        Document.objects.create(
            title=title,
            file=ContentFile(b"%PDF-1.4", name="paper.pdf"),
            uploaded_by_user=owner,
        )
    client.force_login(expert)
    for url in ("/admin/api/main/documents/", "/admin/documents/chooser/"):
        body = client.get(url, {"fields": "*"}).content.decode()
        assert "Amara handout" in body and CONFIDENTIAL not in body, url


def _edit_expert_page(client, page, **changes):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, editor_data(client, url, **changes))
    page.refresh_from_db()
    return response


def test_the_page_editor_refuses_another_experts_image(client, uploads):
    expert = GroupExpertFactory()
    page = ExpertPageFactory(expert=expert)
    theirs = upload(GroupExpertFactory(), CONFIDENTIAL, uploads)
    client.force_login(expert)
    response = _edit_expert_page(client, page, photo=theirs.pk)
    assert response.status_code == 200
    assert str(IMAGE_NOT_YOURS) in response.content.decode()
    assert page.get_latest_revision_as_object().photo_id is None


def test_the_page_editor_takes_the_experts_own_image(client, uploads):
    expert = GroupExpertFactory()
    page = ExpertPageFactory(expert=expert)
    mine = upload(expert, "Amara portrait", uploads)
    client.force_login(expert)
    assert _edit_expert_page(client, page, photo=mine.pk).status_code == 302
    assert page.get_latest_revision_as_object().photo_id == mine.pk


def test_an_image_already_on_the_page_may_stay(client, uploads):
    # Staff chose it; the expert edits something else and still saves.
    expert = GroupExpertFactory()
    staffs = upload(UserFactory(is_staff=True), "Studio portrait", uploads)
    page = ExpertPageFactory(expert=expert, photo=staffs)
    client.force_login(expert)
    response = _edit_expert_page(client, page, headline="Now teaching dbt")
    assert response.status_code == 302
    revision = page.get_latest_revision_as_object()
    assert (revision.headline, revision.photo_id) == ("Now teaching dbt", staffs.pk)


def test_a_session_body_refuses_another_experts_image(uploads):
    expert = GroupExpertFactory()
    theirs = upload(GroupExpertFactory(), CONFIDENTIAL, uploads)
    mine = upload(expert, "Amara diagram", uploads)

    def body_with(image):
        return {
            "title": "Window functions",
            "slug": "window-functions",
            "summary": "Hands-on.",
            "starts_at": "2031-05-01 10:00",
            "ends_at": "2031-05-01 12:00",
            "time_zone": "UTC",
            "format": "workshop",
            "level": "all",
            "status": "scheduled",
            "max_participants": 10,
            "price": "0",
            "currency": "EUR",
            "description-count": 1,
            "description-0-type": "image",
            "description-0-deleted": "",
            "description-0-order": 0,
            "description-0-value-image": image.pk,
            "description-0-value-alt_text": "A diagram",
            "description-0-value-caption": "",
        }

    refused = session_editor_form(expert, data=body_with(theirs))
    assert not refused.is_valid()
    assert refused.errors["description"] == [IMAGE_NOT_YOURS]
    assert session_editor_form(expert, data=body_with(mine)).is_valid()
