"""The evaluation in the admin: OPI staff set measures, write progress updates that another OPI
member publishes, and record the recommendation; bad input gets a message and saves nothing."""

import pytest
from django.urls import reverse

from accounts.roles import OPI_STAFF
from pilots.models import Measure, ProgressUpdate, Recommendation
from tests.conftest import _client_for
from tests.factories import make_goal, make_measure, make_metric, make_progress_update, make_staff

pytestmark = pytest.mark.django_db


def measure_form(goal, metric, **overrides) -> dict:
    data = {
        "goal": goal.pk,
        "name_en": "Crisis calls answered by a team",
        "position": 0,
        "is_published": "on",
        "metric": metric.pk,
        "report_figure": "",
        "direction": "higher",
        "baseline": "240",
        "baseline_start": "2021-04-01",
        "baseline_end": "2021-04-30",
        "target": "400",
        "due_on": "2021-09-30",
        "status_note_en": "",
    }
    data.update(overrides)
    return data


def update_form(program, **overrides) -> dict:
    data = {
        "program": program.pk,
        "period_start": "2021-04-01",
        "period_end": "2021-06-30",
        "status": "at-risk",
        "narrative_en": "Calls answered rose, more slowly than planned.",
        "adjustments_en": "We added a second team on weekends.",
        "publish_at_0": "2021-07-01",
        "publish_at_1": "09:00:00",
    }
    data.update(overrides)
    return data


def test_opi_staff_set_a_measures_baseline_and_target(opi_staff):
    goal = make_goal()
    metric = make_metric(program=goal.program)

    response = opi_staff.post(reverse("admin:pilots_measure_add"), measure_form(goal, metric))

    assert response.status_code == 302
    measure = Measure.objects.get()
    assert (measure.baseline, measure.target, str(measure.due_on)) == (240, 400, "2021-09-30")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"target": "200"}, "With higher is better, the target must be above the baseline."),
        ({"due_on": "2021-04-30"}, "The target must be due after the baseline period."),
        (
            {"report_figure": "reports"},
            "Choose one figure: an imported metric, a figure from reports or a survey question.",
        ),
        ({"baseline": "many"}, "Enter a number."),
    ],
)
def test_a_bad_measure_is_refused_with_a_message_and_what_was_typed_kept(opi_staff, overrides, message):
    goal = make_goal()
    metric = make_metric(program=goal.program)

    response = opi_staff.post(reverse("admin:pilots_measure_add"), measure_form(goal, metric, **overrides))

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Crisis calls answered by a team" in page
    assert not Measure.objects.exists()


def test_a_new_update_is_written_by_whoever_adds_it_and_is_a_draft(opi_staff):
    program = make_goal().program

    response = opi_staff.post(reverse("admin:pilots_progressupdate_add"), update_form(program))

    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.author == opi_staff.user
    assert not update.is_published


def publish(client, update):
    return client.post(
        reverse("admin:pilots_progressupdate_changelist"),
        {"action": "publish_selected", "_selected_action": [update.pk]},
        follow=True,
    )


def test_the_author_cannot_publish_their_update_in_the_admin(opi_staff):
    update = make_progress_update(author=opi_staff.user)

    page = publish(opi_staff, update).content.decode()

    assert "Another OPI member must review this update: you wrote it." in page
    update.refresh_from_db()
    assert not update.is_published


def test_another_opi_member_publishes_the_update_in_the_admin(opi_staff):
    update = make_progress_update()

    page = publish(opi_staff, update).content.decode()

    assert "1 update published." in page
    update.refresh_from_db()
    assert update.is_published and update.reviewed_by == opi_staff.user


def test_editing_a_published_update_takes_it_off_the_site_until_reviewed_again(opi_staff):
    author = make_staff(OPI_STAFF)
    update = make_progress_update(author=author, program=make_goal().program)
    publish(opi_staff, update)
    writer = _client_for(author)

    response = writer.post(
        reverse("admin:pilots_progressupdate_change", args=[update.pk]),
        update_form(update.program, narrative_en="Calls answered rose sharply."),
        follow=True,
    )

    assert "it is off the site until it is reviewed again" in response.content.decode()
    update.refresh_from_db()
    assert update.narrative == "Calls answered rose sharply."
    assert not update.is_published and update.reviewed_by is None


def test_supervisors_cannot_publish_updates(supervisor):
    update = make_progress_update()

    assert publish(supervisor, update).status_code == 403
    update.refresh_from_db()
    assert not update.is_published


def test_the_evidence_of_a_recommendation_is_measures_of_its_program(opi_staff):
    mine = make_measure()
    other = make_measure(name="Someone else's measure")

    response = opi_staff.post(
        reverse("admin:pilots_recommendation_add"),
        {
            "program": mine.goal.program.pk,
            "findings_en": "Calls were answered faster.",
            "decision": "continue",
            "reasons_en": "Targets met.",
            "evidence": [mine.pk, other.pk],
            "publish_at_0": "2021-10-01",
            "publish_at_1": "09:00:00",
        },
    )

    assert response.status_code == 200
    assert (
        "Choose measures of this program only; not: Someone else&#x27;s measure." in response.content.decode()
    )
    assert not Recommendation.objects.exists()
