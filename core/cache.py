"""Which cache a reader uses decides what a Redis outage does to its page.

- `rebuildable`: copies of what the database holds (site settings, the home
  page's highlights, menus, share cards, the spelling vocabulary, admin
  access answers, sessions in front of their rows, Wagtail's site paths and
  renditions). With REDIS_URL it is django-redis with IGNORE_EXCEPTIONS: a
  failure is logged and reads as a miss, so pages render from the database.
- `default`: what must not pass unchecked. allauth keeps its rate limits and
  used two-factor codes there; a limit that stopped counting while Redis is
  down would let a password guesser through, so a failure raises and the
  visitor gets the 503 page (core.middleware.CacheOutageMiddleware).
- `pages`: the anonymous page cache, which steps aside on its own
  (core.page_cache).
"""

import redis
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.utils.connection import ConnectionProxy

REBUILDABLE = "rebuildable"
# What redis-py raises when Redis cannot be reached or stops answering.
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

# Like django.core.cache.cache, for the rebuildable alias.
rebuildable_cache = ConnectionProxy(caches, REBUILDABLE)

# Wagtail keeps these copies of database rows in the default cache, with no
# setting to move them; every page asks for the site paths.
WAGTAIL_COPIES = frozenset({"wagtail_site_root_paths", "wagtail_locales_display_name"})


class StrictRedisCache(RedisCache):
    """Django's Redis cache, raising when Redis fails, except that Wagtail's
    copies of database rows go to the rebuildable cache."""

    def get(self, key, default=None, version=None):
        if key in WAGTAIL_COPIES:
            return rebuildable_cache.get(key, default, version)
        return super().get(key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if key in WAGTAIL_COPIES:
            return rebuildable_cache.set(key, value, timeout, version)
        return super().set(key, value, timeout, version)

    def delete(self, key, version=None):
        if key in WAGTAIL_COPIES:
            return rebuildable_cache.delete(key, version)
        return super().delete(key, version)
