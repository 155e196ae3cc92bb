"""What each report counts as in the R4 figures, as database expressions: both the figures counted
from every report (`reporting.aggregates`) and the daily roll-ups (`reporting.rollups`) read them,
so the two count alike."""

from django.db.models import BooleanField, Case, CharField, F, Q, TextChoices, Value, When
from django.utils.translation import gettext_lazy as _

from reporting.models import Report


class Decision(TextChoices):
    """Where a report stands, as the evaluation counts it: a report accepted and then closed
    still counts as accepted."""

    ACCEPTED = "accepted", _("Accepted")
    REFERRED = "referred", _("Referred elsewhere")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the resident")
    CLOSED = "closed", _("Closed without a decision")
    WAITING = "waiting", _("Waiting for a decision")


# When each follow-up counts as given (see `reporting.aggregates`).
GIVEN_WHEN = {
    Report.FollowUp.ONLINE: Q(decided_at__isnull=False),
    Report.FollowUp.PHONE: Q(call_answered=True),
    Report.FollowUp.VISIT: Q(visited_at__isnull=False),
}


def decision() -> Case:
    """The `Decision` a report counts as, from its status and case number."""
    # A case number is an acceptance that stands while the report is open or closed: asked for
    # more information after it, a report is still accepted, not waiting.
    return Case(
        When(
            Q(status=Report.Status.ACCEPTED)
            | Q(has_case_number=True, status__in=[*Report.OPEN_STATUSES, Report.Status.CLOSED]),
            then=Value(Decision.ACCEPTED),
        ),
        When(
            status__in=[
                Report.Status.REFERRED,
                Report.Status.DECLINED,
                Report.Status.WITHDRAWN,
                Report.Status.CLOSED,
            ],
            then=F("status"),
        ),
        default=Value(Decision.WAITING),
        output_field=CharField(),
    )


def given() -> Case:
    """Whether the resident got the follow-up they chose (`GIVEN_WHEN`)."""
    return Case(
        *(
            When(Q(follow_up=choice) & condition, then=Value(True))
            for choice, condition in GIVEN_WHEN.items()
        ),
        default=Value(False),
        output_field=BooleanField(),
    )
