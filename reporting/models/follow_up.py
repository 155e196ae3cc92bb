"""What a report's follow-up came to, as the figures count it: kept on each report (and on what a
deleted one leaves), refreshed from its visits and calls whenever staff record one
(`refresh_follow_up`), so the figures read plain columns rather than every visit and call."""

from django.conf import settings
from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class FollowUpFigures(models.Model):
    visited_at = models.DateTimeField(_("first visit held at"), null=True, blank=True, editable=False)
    visit_site = models.ForeignKey(
        "Site",
        verbose_name=_("site of that visit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Defaults in the database too: rows written by SQL (imports, benchmarks) start at nothing.
    call_answered = models.BooleanField(
        _("a follow-up call was answered"), default=False, db_default=False, editable=False
    )
    visits_not_kept = models.PositiveSmallIntegerField(
        _("visits the resident was not there for"), default=0, db_default=0, editable=False
    )
    staff_minutes = models.PositiveIntegerField(
        _("minutes of staff time recorded"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True


# The first visit held (when, on the City's clock, and at which site), whether a call was
# answered, the visits missed and the minutes recorded on visits and calls, of the reports named
# (or of every report when the list is NULL).
REFRESH_SQL = """
UPDATE reporting_report AS report
SET visited_at = visits.visited_at,
    visit_site_id = visits.visit_site_id,
    call_answered = COALESCE(calls.answered, false),
    visits_not_kept = COALESCE(visits.not_kept, 0),
    staff_minutes = CASE WHEN visits.minutes IS NULL AND calls.minutes IS NULL THEN NULL
                         ELSE COALESCE(visits.minutes, 0) + COALESCE(calls.minutes, 0) END
FROM reporting_report AS chosen
LEFT JOIN (
    SELECT report_id,
           MIN(timezone(%(zone)s, date + window_start)) FILTER (WHERE outcome = 'held') AS visited_at,
           (ARRAY_AGG(site_id ORDER BY date, window_start) FILTER (WHERE outcome = 'held'))[1]
               AS visit_site_id,
           COUNT(*) FILTER (WHERE outcome = 'not_there') AS not_kept,
           SUM(minutes) AS minutes
    FROM reporting_visit
    WHERE %(ids)s::bigint[] IS NULL OR report_id = ANY(%(ids)s::bigint[])
    GROUP BY report_id
) AS visits ON visits.report_id = chosen.id
LEFT JOIN (
    SELECT report_id, BOOL_OR(result = 'answered') AS answered, SUM(minutes) AS minutes
    FROM reporting_call
    WHERE %(ids)s::bigint[] IS NULL OR report_id = ANY(%(ids)s::bigint[])
    GROUP BY report_id
) AS calls ON calls.report_id = chosen.id
WHERE report.id = chosen.id AND (%(ids)s::bigint[] IS NULL OR chosen.id = ANY(%(ids)s::bigint[]))
"""


def refresh_follow_up(report_ids: list[int] | None, using=connection) -> None:
    """Recount the follow-up figures of these reports (of all, for None) from their visits and
    calls, on `using` (a migration passes its own connection)."""
    with using.cursor() as cursor:
        cursor.execute(REFRESH_SQL, {"zone": settings.TIME_ZONE, "ids": report_ids})
