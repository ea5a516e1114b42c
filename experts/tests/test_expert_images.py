"""Experts upload images for their page photo and their covers, and choose
among their own uploads only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from accounts.tests.factories import UserFactory
from experts.tests.factories import GroupExpertFactory

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
