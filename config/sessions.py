"""Database sessions that cost one statement to save instead of four.

Every step of a resident's report saves their session. Django's database backend wraps each save
in a transaction of its own (BEGIN, the statement, COMMIT) and, for a new session, first asks
whether the random key is taken. Outside a transaction one INSERT or UPDATE is atomic on its own,
and a taken key already fails the INSERT, which `create()` answers by drawing another key.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError, UpdateError
from django.db import DatabaseError, IntegrityError, connections, router
from django.utils.crypto import get_random_string


class SessionStore(db.SessionStore):
    def _get_new_session_key(self) -> str:
        return get_random_string(32, VALID_KEY_CHARS)

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        obj = self.create_model_instance(data)
        using = router.db_for_write(self.model, instance=obj)
        if connections[using].in_atomic_block:
            # A failed statement would spoil the surrounding transaction: keep Django's savepoint.
            return super().save(must_create=must_create)
        try:
            obj.save(force_insert=must_create, force_update=not must_create, using=using)
        except IntegrityError as error:
            if must_create:
                raise CreateError from error
            raise
        except DatabaseError as error:
            if not must_create:
                raise UpdateError from error
            raise
