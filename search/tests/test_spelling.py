"""The spelling vocabulary behind "Did you mean": each process keeps the
copy it read while the shared cache holds the same one."""

import pytest

from core.cache import rebuildable_cache
from search import spelling
from sessions.tests.factories import SessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_reads(monkeypatch):
    keys = []
    real_get = rebuildable_cache.get

    def get(key, *args, **kwargs):
        keys.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(rebuildable_cache, "get", get)
    return keys


def test_a_process_reads_only_the_stamp_while_its_copy_stands(cache_reads):
    SessionPageFactory(title="Zeppelin rides")
    first = spelling.get_vocabulary()
    cache_reads.clear()
    assert spelling.get_vocabulary() is first
    assert cache_reads == [spelling.VOCABULARY_STAMP_KEY]


def test_a_new_title_is_known_once_the_kept_vocabulary_expires():
    assert "zeppelin" not in spelling.get_vocabulary().get(8, ())
    SessionPageFactory(title="Zeppelin rides")
    assert "zeppelin" not in spelling.get_vocabulary().get(8, ())
    rebuildable_cache.clear()  # what the cache's minutes do
    assert "zeppelin" in spelling.get_vocabulary()[8]


def test_another_process_vocabulary_is_read_not_rebuilt(monkeypatch):
    SessionPageFactory(title="Zeppelin rides")
    stored = spelling.get_vocabulary()
    monkeypatch.setattr(spelling, "_known", None)  # a process just started
    monkeypatch.setattr(spelling, "_read_vocabulary", pytest.fail)
    assert spelling.get_vocabulary() == stored


def test_a_stamp_beside_another_vocabulary_rebuilds_it(monkeypatch):
    SessionPageFactory(title="Zeppelin rides")
    spelling.get_vocabulary()
    # Two processes stored at once: one's stamp, the other's vocabulary.
    rebuildable_cache.set(spelling.VOCABULARY_CACHE_KEY, ("other", {4: {"lava"}}))
    monkeypatch.setattr(spelling, "_known", None)
    assert "zeppelin" in spelling.get_vocabulary()[8]
