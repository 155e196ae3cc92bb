"""The report to the City Council: the programs, their updates and public figures for whole
quarters that have ended, the R4 figures quarter by quarter with small counts hidden as on the
data page, in the language asked for; from the command line and from OPI's page in the admin."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import formats, timezone

from accounts.roles import OPI_STAFF
from pilots import services
from pilots.models import CouncilUpdate, Program
from publicsite import dashboards
from publicsite.dashboards import REPORT_THRESHOLD
from publicsite.forms import ended_quarters
from reporting.models import Report
from tests.factories import (
    make_goal,
    make_measure,
    make_metric,
    make_metric_value,
    make_progress_update,
    make_recommendation,
    make_report,
    make_staff,
)
from tests.reporting.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


def last_quarter() -> tuple[datetime.date, datetime.date]:
    _key, start, end = ended_quarters()[0]
    return start, end


def middle_of(quarter: tuple[datetime.date, datetime.date]) -> datetime.datetime:
    start, _end = quarter
    return timezone.make_aware(datetime.datetime(start.year, start.month + 1, 15))


def reports_in(quarter: tuple[datetime.date, datetime.date], count: int) -> None:
    """`count` reports made in the middle of `quarter`."""
    made = [make_report()[0].pk for _ in range(count)]
    Report.objects.filter(pk__in=made).update(created_at=middle_of(quarter))


def report_text(tmp_path, start: datetime.date, end: datetime.date, language: str = "en") -> str:
    output = tmp_path / "report.pdf"
    call_command(
        "council_report", start=f"{start:%Y-%m}", end=f"{end:%Y-%m}", language=language, output=output
    )
    content = output.read_bytes()
    assert content.startswith(b"%PDF-")
    return pdf_text(content)


def test_each_published_program_with_its_status_and_the_updates_of_the_period(tmp_path):
    start, end = last_quarter()
    r4 = Program.objects.get(code="R4")
    shown = CouncilUpdate.objects.create(
        presented_on=start + datetime.timedelta(days=20), title="Quarterly pilot briefing", is_published=True
    )
    shown.programs.add(r4)
    draft = CouncilUpdate.objects.create(
        presented_on=start, title="A draft nobody published", is_published=False
    )
    draft.programs.add(r4)
    earlier = CouncilUpdate.objects.create(
        presented_on=start - datetime.timedelta(days=1), title="Before the period", is_published=True
    )
    earlier.programs.add(r4)

    text = report_text(tmp_path, start, end)

    for program in Program.objects.published():
        assert (f"{program.code} \N{EM DASH} {program.name}" if program.code else program.name) in text
    assert f"Status {r4.get_status_display()}" in text
    assert "Quarterly pilot briefing" in text
    assert "A draft nobody published" not in text
    assert "Before the period" not in text


def test_each_programs_measures_updates_and_recommendation_as_its_page_gives_them(tmp_path):
    start, end = last_quarter()
    program = Program.objects.get(code="MH1")
    metric = make_metric(program=program, name="Calls answered by the teams", unit="count")
    make_metric_value(metric=metric, period_start=start, period_end=end, value=130)
    measure = make_measure(
        metric=metric,
        goal=make_goal(program=program, text="Answer crisis calls without police"),
        name="Calls the teams answered",
        baseline=100,
        baseline_start=datetime.date(2024, 1, 1),
        baseline_end=datetime.date(2024, 3, 31),
        target=160,
        due_on=end + datetime.timedelta(days=365),
    )
    published = make_progress_update(
        program=program,
        period_start=start,
        period_end=end,
        narrative="More calls were answered by the teams.",
        adjustments="We moved a team to the night shift.",
    )
    services.publish_update(published, by=make_staff(OPI_STAFF, username="second-opi"))
    make_progress_update(
        program=program, period_start=start, period_end=end, narrative="A draft no one has reviewed."
    )
    make_recommendation(program=program, findings="The teams answer faster.").evidence.add(measure)

    text = report_text(tmp_path, start, end)

    assert "How it is going" in text
    assert "Answer crisis calls without police" in text
    assert "Calls the teams answered 100 (January 2024 \N{EN DASH} March 2024)" in text
    assert f"160 by {formats.date_format(measure.due_on, 'DATE_FORMAT')}" in text
    assert f"130 ({dashboards.period_label(start, end)})" in text
    assert "More calls were answered by the teams." in text
    assert "What we changed and why We moved a team to the night shift." in text
    assert "A draft no one has reviewed." not in text
    assert "Findings and recommendation The teams answer faster. Recommendation: Continue" in text
    assert "Evidence \N{BULLET} Calls the teams answered" in text


def test_an_unpublished_program_is_left_out(tmp_path):
    Program.objects.filter(code="MH4").update(is_published=False)
    start, end = last_quarter()

    assert "MH4 \N{EM DASH}" not in report_text(tmp_path, start, end)


def test_public_metric_values_of_the_period_only(tmp_path):
    start, end = last_quarter()
    program = Program.objects.get(code="MH1")
    metric = make_metric(program=program, name="Calls answered by the teams", unit="count")
    make_metric_value(metric=metric, period_start=start, period_end=end, value=345)
    make_metric_value(
        metric=metric,
        period_start=start - datetime.timedelta(days=90),
        period_end=start - datetime.timedelta(days=1),
        value=678,
    )
    private = make_metric(program=program, name="A figure only staff see", is_public=False)
    make_metric_value(metric=private, period_start=start, period_end=end, value=999)

    text = report_text(tmp_path, start, end)

    assert "Calls answered by the teams, over time" in text
    assert "345" in text
    assert "678" not in text
    assert "A figure only staff see" not in text


def test_report_figures_show_above_the_threshold(tmp_path):
    quarter = last_quarter()
    reports_in(quarter, REPORT_THRESHOLD + 1)

    text = report_text(tmp_path, *quarter)

    assert "Reports by how they were made" in text
    assert f"Online {REPORT_THRESHOLD + 1} 100" in text


def test_report_figures_hide_small_counts_as_the_data_page_does(tmp_path):
    quarter = last_quarter()
    reports_in(quarter, REPORT_THRESHOLD)

    text = report_text(tmp_path, *quarter)

    assert "Online suppressed suppressed" in text
    assert f"Total {REPORT_THRESHOLD}" not in text
    assert f"Online {REPORT_THRESHOLD}" not in text


def test_several_quarters_come_one_at_a_time(tmp_path):
    """A half year's figures beside a quarter's on the data page would give away the other
    quarter's hidden counts, so each quarter is counted on its own."""
    older, newer = sorted((first, last) for _key, first, last in ended_quarters()[:2])
    reports_in(older, 4)
    reports_in(newer, REPORT_THRESHOLD + 1)

    text = report_text(tmp_path, older[0], newer[1])

    assert text.count("Reports filed with the City (R4)") == 2
    assert "Online suppressed suppressed" in text
    assert f"Online {REPORT_THRESHOLD + 1} 100" in text
    summed = REPORT_THRESHOLD + 5
    assert f"Online {summed}" not in text  # never the two quarters summed
    assert f"Total {summed}" not in text


def test_a_quarter_without_reports_says_so(tmp_path):
    start, end = last_quarter()

    assert "No reports were filed in this quarter." in report_text(tmp_path, start, end)


def test_the_report_in_somali(tmp_path):
    start, end = last_quarter()

    text = report_text(tmp_path, start, end, language="so")

    assert "Warbixinta Golaha Magaalada" in text
    assert "Report to the City Council" not in text


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        ("2024-02", "2024-03", "start: Choose the first month of a quarter"),
        ("2024-01", "2024-02", "end: Choose the last month of a quarter that has ended."),
        ("2024-04", "2024-03", "The first month must come before the last."),
        ("2024-13", "2025-03", "start: Enter a valid date."),
    ],
)
def test_a_period_that_is_not_whole_ended_quarters_is_refused(tmp_path, start, end, problem):
    output = tmp_path / "report.pdf"

    with pytest.raises(CommandError, match=problem):
        call_command("council_report", start=start, end=end, output=output)

    assert not output.exists()


def test_a_quarter_still_running_is_refused(tmp_path):
    today = timezone.localdate()
    quarter_start = today.replace(month=today.month - (today.month - 1) % 3, day=1)
    quarter_last = quarter_start.replace(month=quarter_start.month + 2)

    with pytest.raises(CommandError, match="a quarter that has ended"):
        call_command(
            "council_report",
            start=f"{quarter_start:%Y-%m}",
            end=f"{quarter_last:%Y-%m}",
            output=tmp_path / "report.pdf",
        )


def page_url(**query) -> str:
    url = reverse("admin:council-report")
    return f"{url}?{'&'.join(f'{key}={value}' for key, value in query.items())}" if query else url


def test_anonymous_visitors_are_sent_to_sign_in(anonymous):
    response = anonymous.get(page_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("persona", ["staff_without_group", "report_taker"])
def test_staff_without_the_role_cannot_make_it(persona, request):
    start, end = last_quarter()
    client = request.getfixturevalue(persona)

    assert client.get(page_url()).status_code == 403
    assert client.get(page_url(start=f"{start:%Y-%m}", end=f"{end:%Y-%m}", language="en")).status_code == 403


@pytest.mark.parametrize("persona", ["opi_staff", "supervisor"])
def test_opi_staff_and_supervisors_download_it(persona, request):
    start, end = last_quarter()
    client = request.getfixturevalue(persona)

    response = client.get(page_url(start=f"{start:%Y-%m}", end=f"{end:%Y-%m}", language="hmn"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="council-report-{start:%Y-%m}-{end:%Y-%m}-hmn.pdf"'
    )
    assert "R4" in pdf_text(response.content)


def test_a_bad_choice_shows_the_form_again_with_what_was_chosen(opi_staff):
    response = opi_staff.get(page_url(start="2024-02", end="2024-06", language="so"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the first month of a quarter from January 2021 on." in page
    assert 'value="2024-02"' in page
    assert 'value="2024-06"' in page
    assert '<option value="so" selected>' in page


@pytest.fixture
def council_update():
    return CouncilUpdate.objects.create(
        presented_on=timezone.localdate(), title="Pilot progress to the Council", is_published=True
    )


def attach(client, update, **choice):
    start, end = last_quarter()
    data = {
        "attach-start": f"{start:%Y-%m}",
        "attach-end": f"{end:%Y-%m}",
        "attach-language": "en",
        "attach-update": update.pk,
        **choice,
    }
    return client.post(reverse("admin:council-report"), data)


def test_opi_staff_keep_the_report_with_a_council_update_the_public_downloads(
    opi_staff, client, council_update
):
    start, end = last_quarter()

    response = attach(opi_staff, council_update)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:pilots_councilupdate_change", args=[council_update.pk])
    council_update.refresh_from_db()
    assert council_update.council_report.name.endswith(f"council-report-{start:%Y-%m}-{end:%Y-%m}-en.pdf")
    page = client.get(reverse("publicsite:update", args=[council_update.pk])).content.decode()
    link = reverse("publicsite:update-council-report", args=[council_update.pk])
    assert f'href="{link}"' in page
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "report to the City Council, " in pdf_text(b"".join(download.streaming_content))


def test_the_report_of_an_unpublished_update_is_not_public(opi_staff, client, council_update):
    attach(opi_staff, council_update)
    CouncilUpdate.objects.filter(pk=council_update.pk).update(is_published=False)

    assert (
        client.get(reverse("publicsite:update-council-report", args=[council_update.pk])).status_code == 404
    )


def test_an_update_without_a_report_has_no_link(client, council_update):
    page = client.get(reverse("publicsite:update", args=[council_update.pk])).content.decode()

    assert "report to the Council" not in page
    assert (
        client.get(reverse("publicsite:update-council-report", args=[council_update.pk])).status_code == 404
    )


def test_supervisors_who_may_not_change_updates_cannot_keep_a_report(supervisor, council_update):
    assert "Keep it with a Council update" not in supervisor.get(page_url()).content.decode()

    assert attach(supervisor, council_update).status_code == 403
    council_update.refresh_from_db()
    assert not council_update.council_report


def test_a_bad_choice_to_keep_shows_the_form_again(opi_staff, council_update):
    response = attach(opi_staff, council_update, **{"attach-start": "2024-02"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the first month of a quarter from January 2021 on." in page
    assert 'value="2024-02"' in page
    council_update.refresh_from_db()
    assert not council_update.council_report
