"""Database sessions read and saved in one plain statement each, the saves not waiting for the disk.

Every step of a resident's report saves their session, which holds the draft. Django's database
backend wraps each save in a transaction of its own (BEGIN, the statement, COMMIT) and, for a new
session, first asks whether the random key is taken. Here a save is one INSERT or UPDATE: on its
own it is atomic, and a taken key makes the INSERT return nothing, which `create()` answers by
drawing another key.

The statement also turns off `synchronous_commit` for its own transaction, so the server answers
before the write reaches the disk. Should the database server crash in that instant, a resident
would find the last step they saved blank and type it again; the report itself, when submitted,
is committed durably like everything else.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError, UpdateError
from django.db import connections, router
from django.utils import timezone
from django.utils.crypto import get_random_string

# Evaluated inside the statement's own transaction; the setting ends with it.
ASYNC_COMMIT = "set_config('synchronous_commit', 'off', true)"


class SessionStore(db.SessionStore):
    def _get_new_session_key(self) -> str:
        return get_random_string(32, VALID_KEY_CHARS)

    def load(self) -> dict:
        # Every request with a draft reads its session: SQL written once rather than built each time.
        connection = connections[router.db_for_read(self.model)]
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608
                [self.session_key, timezone.now()],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        connection = connections[router.db_for_write(self.model)]
        if connection.in_atomic_block:
            # Inside a transaction the commit is not this statement's to make: Django's way.
            return super().save(must_create=must_create)
        session = self.create_model_instance(self._get_session(no_load=must_create))
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            if must_create:
                cursor.execute(
                    f"INSERT INTO {table} (session_key, session_data, expire_date) VALUES (%s, %s, %s) "  # noqa: S608
                    f"ON CONFLICT (session_key) DO NOTHING RETURNING {ASYNC_COMMIT}",
                    [session.session_key, session.session_data, session.expire_date],
                )
            else:
                cursor.execute(
                    f"UPDATE {table} SET session_data = %s, expire_date = %s WHERE session_key = %s "  # noqa: S608
                    f"RETURNING {ASYNC_COMMIT}",
                    [session.session_data, session.expire_date, session.session_key],
                )
            if cursor.fetchone() is None:
                # The key was taken (a new session), or the session was deleted meanwhile.
                raise CreateError if must_create else UpdateError
