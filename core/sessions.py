"""Sessions in the database with a copy in the default cache, readable
while Redis is down.

Django's cached_db backend already reads a session's row when the cache
fails; it then raises while putting the copy back. Here that copy is
skipped, so a signed-in member keeps browsing through an outage.

Writes still raise (core.middleware answers 503): a logout or a new
sign-in that removed the row but not Redis's copy would bring the old
session back, signed in, as soon as Redis answers again.
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.contrib.sessions.backends.db import SessionStore as DBStore

from core.cache import REDIS_DOWN

logger = logging.getLogger(__name__)


class SessionStore(CachedDbStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except REDIS_DOWN:
            logger.warning("Redis unavailable: session read from the database")
            return self._load_from_database(fill_cache=False)
        if data is None:
            return self._load_from_database(fill_cache=True)
        return data

    def _load_from_database(self, *, fill_cache: bool) -> dict:
        row = self._get_session_from_db()
        if row is None:
            return {}
        data = self.decode(row.session_data)
        if fill_cache:
            self._cache.set(
                self.cache_key, data, self.get_expiry_age(expiry=row.expire_date)
            )
        return data

    def delete(self, session_key=None):
        # The copy first: when Redis is down the row stays too, and the
        # member, told to try again, is still signed in everywhere alike.
        session_key = session_key or self.session_key
        if session_key is None:
            return
        self._cache.delete(self.cache_key_prefix + session_key)
        DBStore.delete(self, session_key)
