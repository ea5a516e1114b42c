import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Profile
from accounts.tests.factories import UserFactory
from accounts.tests.test_profile import EDIT, form_data

pytestmark = pytest.mark.django_db


def upload(image_format: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "white").save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize(
    ("image_format", "name", "stored_as"),
    [
        ("PNG", "photo.jpg", ".png"),
        ("JPEG", "photo.png", ".jpg"),
        ("WEBP", "photo.gif", ".webp"),
        ("GIF", "photo", ".gif"),
        ("JPEG", "photo.JPEG", ".jpg"),
    ],
)
def test_a_photo_is_stored_under_the_extension_of_its_real_format(
    client, login, image_format, name, stored_as
):
    member = UserFactory()
    login(member)
    data = form_data(member, photo=upload(image_format, name))
    assert client.post(EDIT, data).status_code == 302
    photo = Profile.objects.get(user=member).photo
    assert photo.name.endswith(stored_as)
    with Image.open(photo.path) as stored:
        assert stored.format == image_format
