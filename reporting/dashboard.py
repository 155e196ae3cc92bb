"""The figures of the staff dashboard for report takers and Supervisors: what is waiting, what is
late, what comes next, and what residents did lately. Reference numbers only, no personal data.

A fixed number of queries whatever the number of reports (tested, and timed by
`benchmarks/staff_queue.py`)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.models import HistoryEntry, Report, Visit, WorkflowSettings

Status = Report.Status
# A request for information is "running out" when its answer is due within this time.
RUNNING_OUT = timedelta(days=3)
UPCOMING_VISIT_DAYS = 7
NOTICE_DAYS = 7
LIST_LENGTH = 10


def working_days_before(moment: datetime, days: int) -> datetime:
    """The same time of day `days` working days (Monday to Friday) before `moment`, in local
    time. City holidays are not known to the application and count as working days."""
    moment = timezone.localtime(moment)
    while days:
        moment -= timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def week_start(moment: datetime) -> datetime:
    """Monday 00:00, local time, of the week `moment` falls in."""
    local = timezone.localtime(moment)
    monday = local.date() - timedelta(days=local.weekday())
    return timezone.make_aware(datetime.combine(monday, datetime.min.time()))


@dataclass(frozen=True)
class Dashboard:
    now: datetime
    today: date
    target_days: int
    counts: dict[str, int]
    oldest_waiting: list[tuple[Report, bool]]  # with whether it is past its target time
    target_cutoff: datetime
    running_out: list[Report]
    visits: list[Visit]
    notices: list[tuple[HistoryEntry, str]]  # with what the resident did, in words

    @property
    def waiting(self) -> list[tuple[str, int]]:
        """Open reports per status, as (label, count)."""
        return [(Status(status).label, self.counts[status]) for status in Report.OPEN_STATUSES]


def staff_dashboard(now: datetime | None = None) -> Dashboard:
    """Everything on the staff dashboard, as it is at `now`."""
    now = now or timezone.now()
    target_days = WorkflowSettings.current().first_review_days
    cutoff = working_days_before(now, target_days)
    this_week = week_start(now)
    last_week = this_week - timedelta(days=7)
    a_week_ago = now - timedelta(days=7)
    counts = Report.objects.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Report.OPEN_STATUSES},
        past_target=Count("pk", filter=Q(status=Status.SUBMITTED, created_at__lt=cutoff)),
        running_out=Count(
            "pk", filter=Q(status=Status.NEEDS_INFO, info_requested_until__lt=now + RUNNING_OUT)
        ),
        # This week so far against last week up to the same day and time.
        received_this_week=Count("pk", filter=Q(created_at__gte=this_week, created_at__lte=now)),
        received_last_week=Count("pk", filter=Q(created_at__gte=last_week, created_at__lte=a_week_ago)),
        decided_this_week=Count("pk", filter=Q(decided_at__gte=this_week, decided_at__lte=now)),
        decided_last_week=Count("pk", filter=Q(decided_at__gte=last_week, decided_at__lte=a_week_ago)),
    )
    today = timezone.localdate(now)
    return Dashboard(
        now=now,
        today=today,
        target_days=target_days,
        counts=counts,
        oldest_waiting=[
            (report, report.created_at < cutoff)
            for report in Report.objects.filter(status=Status.SUBMITTED)
            .order_by("created_at", "id")
            .only("id", "reference", "created_at", "follow_up")[:LIST_LENGTH]
        ],
        target_cutoff=cutoff,
        running_out=list(
            Report.objects.filter(status=Status.NEEDS_INFO, info_requested_until__lt=now + RUNNING_OUT)
            .order_by("info_requested_until", "id")
            .only("id", "reference", "info_requested_until")[:LIST_LENGTH]
        ),
        visits=list(
            Visit.objects.filter(
                date__gte=today,
                date__lt=today + timedelta(days=UPCOMING_VISIT_DAYS),
                report__status__in=Report.OPEN_STATUSES,
                outcome=Visit.Outcome.BOOKED,
            )
            .select_related("report", "staff")
            .order_by("date", "window_start", "id")[:LIST_LENGTH]
        ),
        notices=[
            (entry, _notice_text(entry))
            for entry in resident_notices(now - timedelta(days=NOTICE_DAYS))[:LIST_LENGTH]
        ],
    )


def resident_notices(since: datetime):
    """What residents did themselves since `since`, newest first: answers to a request for
    information, information added, visits moved or cancelled, withdrawals."""
    return (
        HistoryEntry.objects.filter(
            actor__isnull=True,
            kind__in=[
                HistoryEntry.Kind.STATUS,
                HistoryEntry.Kind.SUPPLEMENT,
                HistoryEntry.Kind.VISIT_RECORDED,
            ],
            created_at__gte=since,
        )
        .filter(
            Q(kind__in=[HistoryEntry.Kind.SUPPLEMENT, HistoryEntry.Kind.VISIT_RECORDED])
            | Q(from_status=Status.NEEDS_INFO, to_status=Status.SUBMITTED)
            | Q(to_status=Status.WITHDRAWN)
        )
        .select_related("report")
        .only("id", "kind", "to_status", "text", "created_at", "report__reference", "report__status")
        .order_by("-created_at", "-id")
    )


def _notice_text(entry: HistoryEntry) -> str:
    if entry.kind == HistoryEntry.Kind.SUPPLEMENT:
        return _("The resident added information.")
    if entry.kind == HistoryEntry.Kind.VISIT_RECORDED:
        # The entry says which visit and what became of it, in the staff's language.
        return _("The resident changed a visit: %(visit)s.") % {"visit": entry.text}
    if entry.to_status == Status.WITHDRAWN:
        return _("The resident withdrew the report.")
    return _("The resident answered the request for information.")
