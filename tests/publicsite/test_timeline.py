"""Where the initiative stands, from today's date."""

import datetime

import pytest
from django.utils import timezone

from pilots.models import Phase
from publicsite.timeline import phase_steps
from tests.factories import make_milestone
from tests.publicsite.conftest import assert_valid_html

PHASES_2021 = [
    Phase(name="Planning", starts_on=datetime.date(2021, 1, 1), ends_on=datetime.date(2021, 4, 30)),
    Phase(name="Pilot", starts_on=datetime.date(2021, 4, 1), ends_on=datetime.date(2021, 9, 30)),
    Phase(name="Analysis", starts_on=datetime.date(2021, 9, 1), ends_on=datetime.date(2021, 10, 31)),
    Phase(name="Report", starts_on=datetime.date(2021, 11, 1), ends_on=datetime.date(2021, 11, 30)),
]


def states(day):
    return [step.state for step in phase_steps(PHASES_2021, day)]


def test_the_current_phase_follows_the_date():
    assert states(datetime.date(2020, 12, 31)) == ["upcoming"] * 4
    assert states(datetime.date(2021, 2, 1)) == ["current", "upcoming", "upcoming", "upcoming"]
    assert states(datetime.date(2021, 11, 15)) == ["complete", "complete", "complete", "current"]
    assert states(datetime.date(2022, 1, 1)) == ["complete"] * 4


def test_when_phases_overlap_the_later_one_is_current():
    assert states(datetime.date(2021, 4, 15)) == ["complete", "current", "upcoming", "upcoming"]


@pytest.mark.django_db
def test_the_timeline_marks_the_phase_under_way_today(client):
    today = timezone.localdate()
    Phase.objects.initiative().delete()
    Phase.objects.create(
        kind="pilot", name="Pilot now", starts_on=today, ends_on=today + datetime.timedelta(days=30)
    )

    html = assert_valid_html(client.get("/timeline/"))

    assert 'aria-current="step"' in html
    assert "Current phase" in html


@pytest.mark.django_db
def test_milestones_run_from_december_2018_and_filter_by_kind(client):
    make_milestone(title="A county decision", kind="county")

    everything = client.get("/timeline/").content.decode()
    county = client.get("/timeline/?kind=county").content.decode()

    assert '<time datetime="2018-12-01">December 2018</time>' in everything
    assert "A county decision" in county
    assert '<time datetime="2018-12-01">' not in county


@pytest.mark.django_db
def test_an_unknown_kind_is_explained_and_everything_is_shown(client):
    response = client.get("/so/timeline/?kind=nonsense")

    html = assert_valid_html(response)
    assert response.status_code == 200
    assert "usa-error-message" in html
    assert '<time datetime="2018-12-01">' in html


@pytest.mark.django_db
def test_a_page_number_that_is_not_a_number_shows_the_first_page(client):
    assert client.get("/updates/?page=abc").status_code == 200
    assert client.get("/updates/?page=9999").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "month"), [("", "January 2021"), ("/es", "enero de 2021")])
def test_the_state_bills_show_only_their_year(client, prefix, month):
    html = assert_valid_html(client.get(f"{prefix}/timeline/?kind=state"))

    assert '<time datetime="2021-01-01">2021</time>' in html
    assert f'<time datetime="2021-01-01">{month}</time>' not in html
