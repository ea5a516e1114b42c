"""Saving an image makes its listing and social renditions in a task, so
no visitor waits for a resize."""

import pytest
from wagtail.images import get_image_model
from wagtail_factories import ImageFactory

from core.images import PREGENERATED
from core.tasks import generate_renditions

pytestmark = pytest.mark.django_db


def specs(image) -> set[str]:
    return set(image.renditions.values_list("filter_spec", flat=True))


def test_saving_an_image_makes_every_listing_and_social_rendition(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()
    assert specs(image) == set(PREGENERATED)


def test_the_renditions_wait_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image = ImageFactory()
    assert specs(image) == set()
    assert len(callbacks) == 1


def test_a_second_run_keeps_the_renditions_it_made(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()
    before = set(image.renditions.values_list("pk", flat=True))
    generate_renditions.call(image_id=image.pk)
    assert set(image.renditions.values_list("pk", flat=True)) == before


def test_an_image_deleted_before_the_task_runs_is_skipped():
    image = ImageFactory()
    pk = image.pk
    image.delete()
    generate_renditions.call(image_id=pk)
    assert not get_image_model().objects.filter(pk=pk).exists()
