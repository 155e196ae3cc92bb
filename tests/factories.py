"""Plain builder functions for tests: make_<thing>(**overrides) returns a saved object."""

import datetime
import time
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import RecoveryCode, RecoveryCodeDevice
from accounts.roles import OPI_STAFF
from pilots.models import (
    CouncilUpdate,
    Goal,
    Measure,
    Metric,
    MetricValue,
    Milestone,
    Partner,
    Phase,
    Program,
    ProgressUpdate,
    Recommendation,
    Status,
)
from reporting import services, views
from reporting.emails import SUBMITTED_LINK_LIFETIME, new_access_link
from reporting.models import WARDS, AddressPoint, Reason, Report, Site, WardBoundary, WardImport
from reporting.services import submit_report
from surveys.models import Answer, Question, Response, Survey

_serial = count(1)


def make_user(*, groups: tuple[str, ...] = (), is_staff: bool = False, **overrides):
    number = next(_serial)
    fields = {
        "username": f"user{number}",
        "email": f"user{number}@example.org",
        "first_name": "Test",
        "last_name": f"User {number}",
        "is_staff": is_staff,
    }
    fields.update(overrides)
    user = get_user_model().objects.create_user(password="a-long-test-password", **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_staff(role: str, **overrides):
    """A staff member in one of the role groups (accounts.roles)."""
    return make_user(groups=(role,), is_staff=True, **overrides)


def make_recovery_codes(user, count: int = 10) -> list[str]:
    """Recovery codes for `user` (stored hashed, as enrolment stores them); returns the codes."""
    device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    return RecoveryCode.new_codes(device, count)


# pilots


def make_program(**overrides):
    number = next(_serial)
    fields = {
        "code": f"T{number}",
        "slug": f"test-program-{number}",
        "name": f"Test program {number}",
        "summary": "A program made for a test.",
        "category": Program.Category.BEHAVIORAL_HEALTH,
        "opi_role": Program.Role.LEAD,
        "is_published": True,
    }
    fields.update(overrides)
    return Program.objects.create(**fields)


def make_partner(**overrides):
    fields = {"name": f"Test partner {next(_serial)}", "kind": Partner.Kind.CITY}
    fields.update(overrides)
    return Partner.objects.create(**fields)


def make_phase(**overrides):
    fields = {
        "kind": Phase.Kind.PILOT,
        "name": f"Test phase {next(_serial)}",
        "starts_on": datetime.date(2024, 1, 1),
        "ends_on": datetime.date(2024, 6, 30),
    }
    fields.update(overrides)
    if "program" not in fields:
        fields["program"] = make_program()
    return Phase.objects.create(**fields)


def make_milestone(**overrides):
    fields = {
        "occurred_on": datetime.date(2024, 3, 14),
        "title": f"Test milestone {next(_serial)}",
        "kind": Milestone.Kind.CITY,
    }
    fields.update(overrides)
    return Milestone.objects.create(**fields)


def make_council_update(**overrides):
    fields = {
        "presented_on": datetime.date(2024, 5, 2),
        "title": f"Test Council update {next(_serial)}",
        "is_published": True,
    }
    fields.update(overrides)
    return CouncilUpdate.objects.create(**fields)


def make_metric(**overrides):
    number = next(_serial)
    fields = {"code": f"test-metric-{number}", "name": f"Test metric {number}", "is_public": True}
    fields.update(overrides)
    if "program" not in fields:
        fields["program"] = make_program()
    return Metric.objects.create(**fields)


def make_metric_value(**overrides):
    fields = {
        "period_start": datetime.date(2024, 1, 1),
        "period_end": datetime.date(2024, 1, 31),
        "value": 12,
        # Published, as the public pages read them; drafts are asked for by name.
        "is_published": True,
    }
    fields.update(overrides)
    if "metric" not in fields:
        fields["metric"] = make_metric()
    return MetricValue.objects.create(**fields)


def make_goal(**overrides):
    fields = {"text": f"Test goal {next(_serial)}"}
    fields.update(overrides)
    if "program" not in fields:
        fields["program"] = make_program()
    return Goal.objects.create(**fields)


def make_measure(**overrides):
    """A public measure of an imported metric: from 100 in January 2024 up to 160 by the end of 2024."""
    fields = {
        "name": f"Test measure {next(_serial)}",
        "baseline": 100,
        "baseline_start": datetime.date(2024, 1, 1),
        "baseline_end": datetime.date(2024, 1, 31),
        "target": 160,
        "due_on": datetime.date(2024, 12, 31),
        "is_published": True,
    }
    fields.update(overrides)
    if "goal" not in fields:
        fields["goal"] = make_goal(
            program=fields["metric"].program if fields.get("metric") else make_program()
        )
    if "metric" not in fields and not fields.get("report_figure") and not fields.get("survey_question"):
        fields["metric"] = make_metric(program=fields["goal"].program)
    return Measure.objects.create(**fields)


def make_progress_update(**overrides):
    """A draft progress update for the first quarter of 2024, written by an OPI staff member."""
    fields = {
        "period_start": datetime.date(2024, 1, 1),
        "period_end": datetime.date(2024, 3, 31),
        "status": Status.ON_TRACK,
        "narrative": "The teams answered more calls than in the quarter before.",
    }
    fields.update(overrides)
    if "program" not in fields:
        fields["program"] = make_program()
    if "author" not in fields:
        fields["author"] = make_staff(OPI_STAFF)
    return ProgressUpdate.objects.create(**fields)


def make_recommendation(**overrides):
    fields = {
        "findings": "Crisis calls were answered faster.",
        "decision": Recommendation.Decision.CONTINUE,
        "reasons": "The teams met their targets.",
        "is_published": True,
    }
    fields.update(overrides)
    if "program" not in fields:
        fields["program"] = make_program()
    return Recommendation.objects.create(**fields)


# reporting


def make_report(*, items=(), **overrides):
    """A submitted online report, through the same service residents use; returns it and the token
    of a link to it like the one its submission email carries."""
    fields = {
        "kind": "theft",
        "follow_up": "online",
        "occurred_from": timezone.localdate() - datetime.timedelta(days=2),
        "address": "350 S 5th St",
        "place_type": "street",
        "narrative": "My bike was taken from the rack.",
        "full_name": "Alex Resident",
        "email": "alex@example.org",
        "language": "en",
        "false_report_acknowledged": True,
    }
    channel = overrides.pop("channel", "online")
    taken_by = overrides.pop("taken_by", None)
    pin = overrides.pop("pin", "")
    draft_id = overrides.pop("draft_id", "")
    slot = overrides.pop("slot", None)
    fields.update(overrides)
    report = submit_report(
        fields=fields,
        items=list(items),
        channel=channel,
        taken_by=taken_by,
        pin=pin,
        draft_id=draft_id,
        slot=slot,
    )
    # As the submission email does: a link only to an address; without one, the PIN opens it.
    return report, new_access_link(report, SUBMITTED_LINK_LIFETIME) if report.email else None


def make_reason(**overrides):
    fields = {
        "action": "refer",
        "label": f"Reason {next(_serial)}",
        "explanation": "This is handled elsewhere.",
        "destination": "311",
    }
    fields.update(overrides)
    return Reason.objects.create(**fields)


def make_site(**overrides):
    fields = {"name": f"Site {next(_serial)}", "address": "1 Example St\nMinneapolis, MN", "is_demo": True}
    fields.update(overrides)
    return Site.objects.create(**fields)


def make_address_point(ward: int, **overrides) -> AddressPoint:
    """A made-up point of the City's address list in `ward`."""
    number = next(_serial)
    fields = {
        "city_id": f"test-{number}",
        "address": f"{number} Example St",
        "ward": ward,
        "neighborhood": "Example",
        "search_text": f"{number} example street",
        "is_demo": True,
    }
    fields.update(overrides)
    return AddressPoint.objects.create(**fields)


def ward_square(ward: int) -> dict:
    """A made-up square ward, the wards side by side four to a row over the city's longitudes
    and latitudes: not the City's shapes."""
    row, column = divmod(ward - 1, 4)
    west, north = -93.33 + column * 0.04, 45.05 - row * 0.03
    ring = [
        [west, north],
        [west + 0.04, north],
        [west + 0.04, north - 0.03],
        [west, north - 0.03],
        [west, north],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def make_ward_shapes(wards=WARDS, *, by=None) -> WardImport:
    """Made-up square shapes (`ward_square`) for `wards`, as an import by `by` would save them."""
    imported = WardImport.objects.create(
        file_name="wards.geojson", ward_count=len(wards), imported_by=by or make_user()
    )
    WardBoundary.objects.bulk_create(
        WardBoundary(ward=ward, name=f"Ward {ward}", geometry=ward_square(ward), imported_in=imported)
        for ward in wards
    )
    return imported


def make_report_in(status: str, actor) -> Report:
    """A report by phone, brought to `status` by the services staff and residents use."""
    report, _token = make_report(full_name="Sam Resident", follow_up="phone", phone="612-555-0100")
    Status = Report.Status
    if status == Status.NEEDS_INFO:
        services.request_info(report, actor=actor, body="Which rack?")
    elif status == Status.ACCEPTED:
        services.accept(report, actor=actor)
    elif status == Status.REFERRED:
        services.refer(report, actor=actor, reason=make_reason())
    elif status == Status.DECLINED:
        services.decline(report, actor=actor, reason=make_reason(action="decline"))
    elif status == Status.WITHDRAWN:
        services.withdraw(report)
    elif status == Status.CLOSED:
        services.close(report, actor=actor)
    report.refresh_from_db()
    return report


def open_report(client, report) -> None:
    """Give the client access to its report, as following the emailed link does, just now."""
    session = client.session
    session[views.ACCESS_KEY] = [report.pk]
    session[views.ACCESS_SEEN_KEY] = int(time.time())
    session.save()


# surveys


def make_survey(**overrides):
    """A training's survey, open, with an agree-or-disagree question and a comment."""
    fields = {"title": f"Training survey {next(_serial)}", "audience": Survey.Audience.TRAINING}
    fields.update(overrides)
    survey = Survey.objects.create(**fields)
    make_question(survey=survey, text="The training prepared me for these calls.", position=1)
    make_question(survey=survey, text="Anything to add?", kind=Question.Kind.COMMENT, position=2)
    return survey


def make_question(**overrides):
    fields = {"text": f"Question {next(_serial)}", "kind": Question.Kind.AGREE}
    fields.update(overrides)
    return Question.objects.create(**fields)


def residents_survey() -> Survey:
    """The residents' survey the migrations seed."""
    return Survey.objects.for_residents().get()


def make_responses(question: Question, values: list[int], month: datetime.date, comment: str = ""):
    """One response to the question's survey for each value, given in `month`."""
    for value in values:
        response = Response.objects.create(survey=question.survey, month=month.replace(day=1), language="en")
        Answer.objects.create(response=response, question=question, value=value)
        if comment:
            other = question.survey.questions.filter(kind=Question.Kind.COMMENT).first()
            Answer.objects.create(response=response, question=other, comment=comment)
