"""Script, markup and SQL that staff type into public content appear as text on every public
page, in the feed and in the admin, never as markup."""

import csv
import io
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from pilots.models import Benefit, CouncilUpdate, Goal, Milestone, Partner, Program
from publicsite.models import GlossaryTerm, HelpDestination, Office, Resource
from tests.factories import (
    make_council_update,
    make_metric,
    make_metric_value,
    make_milestone,
    make_partner,
    make_phase,
    make_program,
)
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db

RAW_MARKUP = ["<script>alert(", "<img src=x", "<svg onload", "<b>"]


def hostile(field: str) -> str:
    """Script, an attribute break and SQL, named for the field they were typed into."""
    return (
        f"<script>alert('{field}')</script>\"><img src=x onerror=alert(1)><svg onload=alert(1)><b>"
        f"'; DROP TABLE pilots_program; -- {field}"
    )


def assert_shown_as_text(html: str, *values: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html, f"{raw!r} appears as markup"
    for shown in values:
        assert escape(shown) in html, f"{shown[:40]!r}… is not shown as text"


@pytest.fixture
def content():
    """Every staff-edited text field of the public content, filled with hostile text."""
    program = make_program(
        slug="hostile",
        name=hostile("program name")[:200],
        summary=hostile("program summary"),
        description=hostile("program description"),
        responders=hostile("responders"),
        hours=hostile("hours"),
        what_to_expect=hostile("what to expect"),
    )
    Goal.objects.create(program=program, text=hostile("goal"))
    Benefit.objects.create(program=program, text=hostile("benefit"))
    program.partners.add(make_partner(name=hostile("partner"), description=hostile("partner description")))
    make_phase(program=program, name=hostile("phase"), description=hostile("phase description"))
    milestone = make_milestone(title=hostile("milestone"), description=hostile("milestone description"))
    milestone.programs.add(program)
    update = make_council_update(title=hostile("update"), summary=hostile("update summary"))
    update.programs.add(program)
    metric = make_metric(program=program, name=hostile("metric"), description=hostile("metric description"))
    make_metric_value(metric=metric, value=100)
    for category, value in ((hostile("category")[:100], 60), ("Other", 40)):
        make_metric_value(metric=metric, value=value, breakdown_dimension="race", breakdown_category=category)
    GlossaryTerm.objects.create(slug="hostile", term=hostile("term")[:120], definition=hostile("definition"))
    Resource.objects.create(
        title=hostile("resource"),
        kind=Resource.Kind.REPORT,
        published_on="2024-01-01",
        publisher=hostile("publisher"),
        summary=hostile("resource summary"),
    )
    office = Office.objects.create(
        name=hostile("office"),
        description=hostile("office description"),
        phone='"><b>311',
        address=hostile("address"),
        hours=hostile("office hours"),
    )
    HelpDestination.objects.create(
        situation=HelpDestination.Situation.PROPERTY,
        title=hostile("destination"),
        description=hostile("destination description"),
        office=office,
    )
    return program


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/", ["program summary"]),
        ("/programs/", ["program summary"]),
        (
            "/programs/hostile/",
            [
                "program summary",
                "program description",
                "responders",
                "hours",
                "what to expect",
                "goal",
                "benefit",
                "partner",
            ],
        ),
        ("/timeline/", ["milestone", "milestone description"]),
        ("/updates/", ["update"]),
        ("/data/", ["metric", "metric description"]),
        ("/glossary/", ["definition"]),
        ("/resources/", ["resource", "publisher", "resource summary"]),
        ("/contact/", ["office", "office description", "office hours"]),
        (
            "/get-help/?step=situation&danger=no&situation=property",
            ["destination", "destination description"],
        ),
        ("/search/?q=DROP+TABLE", ["definition"]),
    ],
)
def test_staff_content_appears_as_text_on_public_pages(anonymous, content, path, fields):
    response = anonymous.get(path)

    assert response.status_code == 200
    assert_shown_as_text(assert_valid_html(response), *[hostile(field) for field in fields])


def test_a_council_update_page_shows_its_title_and_summary_as_text(anonymous, content):
    update = CouncilUpdate.objects.get()

    html = assert_valid_html(anonymous.get(reverse("publicsite:update", args=[update.pk])))

    assert_shown_as_text(html, hostile("update"), hostile("update summary"))


def test_the_phone_number_link_cannot_break_out_of_its_attribute(anonymous, content):
    html = anonymous.get("/contact/").content.decode()

    assert '"><b>' not in html
    assert "tel:311" in html


def test_the_feed_carries_titles_and_summaries_as_escaped_text(anonymous, content):
    xml = anonymous.get("/updates/feed/").content.decode()

    assert "<script>" not in xml
    atom = "{http://www.w3.org/2005/Atom}"
    [entry] = ElementTree.fromstring(xml).iter(f"{atom}entry")  # noqa: S314 (our own feed)
    assert entry.find(f"{atom}title").text == hostile("update")
    assert entry.find(f"{atom}summary").text == hostile("update summary")


def test_the_data_page_and_its_downloads_show_a_category_as_text(anonymous, content):
    html = anonymous.get("/data/").content.decode()
    links = {part.split('"')[0] for part in html.split('href="')[1:] if part.split('"')[0].endswith(".csv")}

    cells = {
        cell
        for link in links
        for row in csv.reader(io.StringIO(anonymous.get(link).content.decode()))
        for cell in row
    }

    assert_shown_as_text(html, hostile("category")[:100])
    assert hostile("category")[:100] in cells


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:pilots_program_changelist",
        "admin:pilots_milestone_changelist",
        "admin:pilots_councilupdate_changelist",
        "admin:pilots_partner_changelist",
        "admin:publicsite_glossaryterm_changelist",
        "admin:publicsite_resource_changelist",
        "admin:publicsite_office_changelist",
        "admin:publicsite_helpdestination_changelist",
    ],
)
def test_staff_content_appears_as_text_in_the_admin(opi_staff, content, changelist):
    response = opi_staff.get(reverse(changelist))

    assert response.status_code == 200
    for raw in RAW_MARKUP:
        assert raw not in response.content.decode()


def test_the_program_form_in_the_admin_shows_the_text_as_text(opi_staff, content):
    response = opi_staff.get(reverse("admin:pilots_program_change", args=[content.pk]))

    assert response.status_code == 200
    assert_shown_as_text(response.content.decode(), hostile("program description"))


@pytest.mark.parametrize(
    "build",
    [
        lambda: Resource(title="r", kind="report", published_on="2024-01-01", url="javascript:alert(1)"),
        lambda: Partner(name="p", kind="city", url="javascript:alert(1)"),
        lambda: Milestone(occurred_on="2024-01-01", title="m", kind="city", url="javascript:alert(1)"),
        lambda: CouncilUpdate(presented_on="2024-01-01", title="u", video_url="javascript:alert(1)"),
        lambda: Program(slug="x", name="x", summary="x", category="behavioral_health", opi_role="lead"),
    ],
    ids=["resource", "partner", "milestone", "council-update", "program"],
)
def test_links_staff_enter_cannot_run_script(build):
    instance = build()
    if isinstance(instance, Program):
        # Programs have no free link; their web address name is a slug.
        instance.slug = "javascript:alert(1)"
    with pytest.raises(ValidationError):
        instance.full_clean()
