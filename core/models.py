"""The one table of the helpers every app shares: the public pages' rate limits (core.ratelimit)."""

from django.db import connection, models


class RateLimit(models.Model):
    """Requests per client key and fixed time window, shared by every app server."""

    key = models.CharField(max_length=100)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="core_ratelimit_one_row_per_window"),
        ]
        indexes = [
            # Pruning expired windows.
            models.Index(fields=["window_start"], name="core_ratelimit_window_idx"),
        ]

    def __str__(self):
        return self.key

    @classmethod
    def hit(cls, key: str, window_start, amount: int = 1) -> int:
        """Add one request (or `amount`, such as bytes) to the window and return what it now holds
        (one atomic statement)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {cls._meta.db_table} (key, window_start, count) VALUES (%s, %s, %s) "  # noqa: S608
                "ON CONFLICT (key, window_start) DO UPDATE SET count = "
                f"{cls._meta.db_table}.count + EXCLUDED.count RETURNING count",
                [key, window_start, amount],
            )
            return cursor.fetchone()[0]
