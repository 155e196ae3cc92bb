"""The seeded public content against the facts on the City's own pages (shared/seeds): every
phone number and date the public reads, in every language, is one those pages give.

The facts below are taken from the pages by hand; a fact the City publishes later is added here
with the content that states it."""

import datetime
import re
from urllib.parse import urlsplit

import html5lib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from modeltranslation.translator import translator

from pilots.models import Milestone, Phase, Program
from publicsite.models import HelpDestination, Office, Resource

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# Phone numbers: 911, 311, and the Community Safety Office.
SEED_PHONES = {"911", "311", "612-673-2482"}

# Dates given to the day: the Council's direction to OPI, the Work Group's final recommendations,
# the County Board's task force resolution, the funding of the four pilots.
SEED_DAYS = {
    datetime.date(2020, 7, 24),
    datetime.date(2020, 11, 5),
    datetime.date(2020, 12, 15),
    datetime.date(2021, 1, 26),
}
# Dates given to the month: the historical timeline (Dec. 2018 to Dec. 2020), the 2021 phases
# (Jan. to April planning, April to Sept. pilot, Sept. to Oct. analysis, Nov. report to the Council),
# and the state's 911 Telecommunicator Working Group, to start in August 2021.
SEED_MONTHS = {
    (2018, 12),
    (2019, 8),
    (2019, 12),
    (2020, 8),
    (2020, 11),
    (2020, 12),
    (2021, 1),
    (2021, 4),
    (2021, 8),
    (2021, 9),
    (2021, 10),
    (2021, 11),
} | {(day.year, day.month) for day in SEED_DAYS}
# Years the pages name: "since 2018", "in 2020", "in 2021", "plans for 2022".
SEED_YEARS = {2018, 2019, 2020, 2021, 2022}

SEED_ADDRESSES = {
    # Community Safety Office
    "250 S. 4th St., Room 510\nMinneapolis, MN 55415",
    # Office of Performance & Innovation
    "City Coordinator's Office\n350 Fifth St. S., Room 301M\nMinneapolis, MN 55415",
    # Performance Management & Innovation
    "Public Service Center\n250 S. 4th St., Room 110B\nMinneapolis, MN 55415",
}
SEED_HOURS = {
    "311": "7 a.m. \N{EN DASH} 7 p.m., Monday \N{EN DASH} Friday",
    "Office of Performance & Innovation": "8 a.m. \N{EN DASH} 4:30 p.m., Monday \N{EN DASH} Friday",
}
# Figures: BIPOC residents are about 37% of the population and 52% of mental health crisis calls;
# the Work Group's report has 73 pages and analysed over 8,000 survey responses; two mental health
# professionals in 911; two crisis teams, 24/7, in 2021.
SEED_PERCENTS = {"37", "52"}

PHONE = re.compile(
    r"(?<![\w-])(?:\(\d{3}\)\s*|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-])|(?<![\w,.-])[2-9]11(?![\w-])"
)
YEAR = re.compile(r"(?<![\w,.-])(?:19|20)\d{2}(?![\w-])")
NUMERIC_DATE = re.compile(r"(?<![\w/-])(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})(?![\w/-])")
PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s?%")


def month_names(language: str) -> dict[str, int]:
    """Every way the language, and English beside it, writes each month, in lower case."""
    names = {}
    for code in {language, "en"}:
        with translation.override(code):
            for month in range(1, 13):
                day = datetime.date(2021, month, 1)
                for style in ("F", "E", "N", "b"):
                    names[date_format(day, style).lower().rstrip(".")] = month
    names["sept"] = 9
    return names


def date_pattern(language: str) -> tuple[re.Pattern, dict[str, int]]:
    names = month_names(language)
    month = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    pattern = re.compile(
        # 1 de abril de 2021, 1 Abriil 2021, 1 Lub Plaub Hlis 2021
        rf"(?<![\w.])(?P<day_first>\d{{1,2}})\s+(?:de\s+)?(?P<month_a>{month})\.?(?:,?\s+(?:de\s+)?(?P<year_a>\d{{4}}))?(?!\w)"
        # April 1, 2021; April 2021; abril de 2021
        rf"|(?<!\w)(?P<month_b>{month})\.?\s+(?:(?P<day_b>\d{{1,2}})(?!\d),?\s*)?(?:(?:de\s+)?(?P<year_b>\d{{4}}))?(?!\w)",
        re.IGNORECASE,
    )
    return pattern, names


def unknown_dates(text: str, language: str) -> list[str]:
    """Dates in the text that the City's pages do not give."""
    pattern, names = date_pattern(language)
    days = {(day.month, day.day) for day in SEED_DAYS}
    unknown = []
    for found in pattern.finditer(text):
        month = names[(found["month_a"] or found["month_b"]).lower()]
        day = found["day_first"] or found["day_b"]
        year = found["year_a"] or found["year_b"]
        if not (day or year):
            continue  # a month's name alone ("may") is no date
        if year:
            known = (int(year), month) in SEED_MONTHS and (
                not day or datetime.date(int(year), month, int(day)) in SEED_DAYS
            )
        else:
            known = (month, int(day)) in days
        if not known:
            unknown.append(found.group())
    unknown += [year for year in YEAR.findall(text) if int(year) not in SEED_YEARS]
    unknown += NUMERIC_DATE.findall(text)  # the seeds' dates are never written this way
    return unknown


def unknown_phones(text: str) -> list[str]:
    return [phone for phone in PHONE.findall(text) if phone not in SEED_PHONES]


def page_text(html: str) -> tuple[str, list[str]]:
    """What a reader reads of the content (no scripts, styles or form values), and the page's
    tel: links. The data page's figures of residents' reports are left out: they count the
    months up to today, not the City's content."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    for parent in tree.iter():
        for child in list(parent):
            if child.tag in ("script", "style", "option", "textarea") or child.get("id") == "reports":
                parent.remove(child)
    text = " ".join(" ".join(tree.itertext()).split())
    phones = [link.get("href") for link in tree.iter("a") if (link.get("href") or "").startswith("tel:")]
    return text, phones


def public_pages(client) -> list[str]:
    """Every page of the sitemap in every language, and each answer of the help finder."""
    sitemap = client.get("/sitemap.xml").content.decode()
    paths = {urlsplit(url).path for url in re.findall(r"<loc>(.*?)</loc>", sitemap)}
    for prefix in ("", "/es", "/so", "/hmn"):
        paths.add(f"{prefix}/get-help/?step=danger&danger=yes")
        for situation in HelpDestination.Situation.values:
            paths.add(f"{prefix}/get-help/?step=situation&danger=no&situation={situation}")
    return sorted(paths)


def language_of(path: str) -> str:
    first = path.strip("/").split("/")[0]
    return first if first in LANGUAGES else "en"


def tel(phone: str) -> str:
    return Office(phone=phone).phone_href


def test_the_date_finder_finds_dates_in_every_language():
    # The finder itself, on dates the seeds do not have and on some they do.
    assert unknown_dates("Active since April 1, 2021 · City code MH1", "en") == ["April 1, 2021"]
    assert unknown_dates("desde el 1 de abril de 2021", "es") == ["1 de abril de 2021"]
    assert unknown_dates("laga bilaabo 1 Abriil 2021", "so") == ["1 Abriil 2021"]
    assert unknown_dates("txij li 1 Lub Plaub Hlis 2021", "hmn") == ["1 Lub Plaub Hlis 2021"]
    assert unknown_dates("Updated March 2023, 04/01/2021", "en") == ["March 2023", "2023", "04/01/2021"]
    assert unknown_dates("Police may still respond. July 24, 2020; Lub Kaum Ob Hlis 2018", "hmn") == []
    assert (
        unknown_dates("Jan. \N{EN DASH} April 2021, Sept. \N{EN DASH} Oct. 2021, November 5, 2020", "en")
        == []
    )
    assert unknown_phones("Call 311, 911, 612-673-2482 or 612-555-0100 (411)") == ["612-555-0100", "411"]


def test_every_public_page_in_every_language_gives_only_the_citys_phone_numbers_and_dates(client):
    allowed_links = {tel(phone) for phone in SEED_PHONES}
    problems = []
    for path in public_pages(client):
        response = client.get(path)
        assert response.status_code == 200, path
        text, links = page_text(response.content.decode())
        problems += [(path, phone) for phone in unknown_phones(text)]
        problems += [(path, link) for link in links if link not in allowed_links]
        problems += [(path, date) for date in unknown_dates(text, language_of(path))]
        problems += [(path, f"{share}%") for share in PERCENT.findall(text) if share not in SEED_PERCENTS]

    assert problems == []


def content_texts() -> list[tuple[str, str, str]]:
    """Every translatable text of the seeded pilots and public-site content: (where, language, text)."""
    texts = []
    for model in translator.get_registered_models():
        if model._meta.app_label not in ("pilots", "publicsite"):
            continue
        for field in translator.get_options_for_model(model).fields:
            for language in LANGUAGES:
                column = f"{field}_{language}"
                for pk, text in model.objects.values_list("pk", column):
                    if text:
                        texts.append((f"{model.__name__} {pk} {column}", language, text))
    return texts


def test_the_seeded_texts_give_only_the_citys_phone_numbers_and_dates():
    problems = []
    for where, language, text in content_texts():
        problems += [(where, phone) for phone in unknown_phones(text)]
        problems += [(where, date) for date in unknown_dates(text, language)]

    assert problems == []


def test_the_seeded_offices_give_the_citys_numbers_addresses_and_hours():
    offices = list(Office.objects.all())

    assert {office.phone for office in offices} - {""} == SEED_PHONES
    assert {office.address for office in offices} - {""} == SEED_ADDRESSES
    hours = {office.name_en: office.hours_en for office in offices if office.hours_en}
    # 911 answers at any hour: the seeds' two crisis teams answer its calls 24/7.
    assert hours.pop("911 emergency") == "Any time, day or night"
    assert {"311" if name == "Minneapolis 311" else name: text for name, text in hours.items()} == SEED_HOURS


def test_the_seeded_dates_are_the_citys_or_marked_inferred():
    for milestone in Milestone.objects.all():
        day = milestone.occurred_on
        if milestone.date_precision == "day":
            assert day in SEED_DAYS, milestone
        elif milestone.date_precision == "month":
            assert (day.year, day.month) in SEED_MONTHS, milestone
        assert day.year in SEED_YEARS, milestone
    for phase in Phase.objects.all():
        assert phase.date_precision == "month", phase
        assert {
            (phase.starts_on.year, phase.starts_on.month),
            (phase.ends_on.year, phase.ends_on.month),
        } <= SEED_MONTHS
    for resource in Resource.objects.all():
        assert resource.published_on in SEED_DAYS, resource
    for program in Program.objects.all():
        assert program.status_date_is_inferred or program.status_changed_on in SEED_DAYS, program
