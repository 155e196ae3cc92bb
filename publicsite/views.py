from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from pilots.models import CouncilUpdate, Metric, Milestone, Phase, Program
from publicsite import dashboards
from publicsite.cache import cached_page
from publicsite.evaluation import program_evaluation
from publicsite.fallback import any_shown_in_english, shown_in_english
from publicsite.forms import (
    DangerForm,
    DataQuarterForm,
    MilestoneFilterForm,
    MonthRange,
    ProgramFilterForm,
    SearchForm,
    SituationForm,
)
from publicsite.models import GlossaryTerm, HelpDestination, Office, Resource
from publicsite.search import Section, search
from publicsite.timeline import current_step, phase_steps
from reporting import aggregates
from reporting.models import Site

UPDATES_PER_PAGE = 20


def _page(request, template, title, description, **context):
    return render(request, template, {"title": title, "description": description, **context})


@require_safe
@cached_page
def home(request):
    return _page(
        request,
        "publicsite/home.html",
        _("Alternatives to police response"),
        _(
            "How Minneapolis is answering some 911 calls without police: crisis teams for "
            "behavioral-health emergencies, and online or City-staff reports for theft and property damage."
        ),
        destinations=list(HelpDestination.objects.in_situation_order()),
        programs=list(Program.objects.published().order_by("category", "position", "name")),
        categories=dict(Program.Category.choices),
        current=current_step(phase_steps(Phase.objects.published().initiative(), timezone.localdate())),
        updates=list(CouncilUpdate.objects.published()[:3]),
    )


@require_safe
def help_finder(request):
    """One question per step, as a plain GET form: the answers so far travel in the query string."""
    title = _("Find the right help")
    description = _("Answer one or two questions to find out whether to call 911, 311 or report online.")
    submitted = "step" in request.GET
    danger_form = DangerForm(request.GET if submitted else None)
    if not danger_form.is_valid():
        return _page(
            request, "publicsite/help_finder.html", title, description, form=danger_form, step="danger"
        )
    if danger_form.cleaned_data["danger"] == "yes":
        situation = HelpDestination.Situation.DANGER
    else:
        situation_form = SituationForm(request.GET if request.GET.get("step") == "situation" else None)
        if not situation_form.is_valid():
            return _page(
                request,
                "publicsite/help_finder.html",
                title,
                description,
                form=situation_form,
                step="situation",
            )
        situation = situation_form.cleaned_data["situation"]
    destinations = list(HelpDestination.objects.filter(situation=situation).with_published_office())
    sites = list(Site.objects.listed()) if any(destination.city_sites for destination in destinations) else []
    return _page(
        request,
        "publicsite/help_result.html",
        HelpDestination.Situation(situation).label,
        description,
        destinations=destinations,
        sites=sites,
        danger=situation == HelpDestination.Situation.DANGER,
        untranslated=any_shown_in_english(destinations, "title", "description"),
    )


def _list_page(request, template, title, description, *, name: str, items, translated: tuple[str, ...]):
    """A page listing `items` in the context as `name`, noting whether any of their `translated`
    fields are shown in English for lack of a translation."""
    items = list(items)
    untranslated = any_shown_in_english(items, *translated)
    return _page(request, template, title, description, untranslated=untranslated, **{name: items})


@require_safe
@cached_page
def glossary(request):
    return _list_page(
        request,
        "publicsite/glossary.html",
        _("Glossary"),
        _(
            "Plain-language meanings of the terms and abbreviations used about alternatives to police "
            "response."
        ),
        name="terms",
        items=GlossaryTerm.objects.published().alphabetical(),
        translated=("term", "definition"),
    )


@require_safe
@cached_page
def resources(request):
    return _list_page(
        request,
        "publicsite/resources.html",
        _("Reports and resources"),
        _("Reports, studies, plans and press coverage about alternatives to police response in Minneapolis."),
        name="resources",
        items=Resource.objects.published().newest_first(),
        translated=("title", "summary"),
    )


@require_safe
@cached_page
def contact(request):
    return _list_page(
        request,
        "publicsite/contact.html",
        _("Contact"),
        _("Phone numbers, addresses and hours of the City offices behind alternatives to police response."),
        name="offices",
        items=Office.objects.published(),
        translated=("name", "description", "hours"),
    )


@require_safe
@cached_page
def city_sites(request):
    return _list_page(
        request,
        "publicsite/city_sites.html",
        _("Report in person at a City site"),
        _("Where to file a theft or property-damage report in person: addresses, hours and languages."),
        name="sites",
        items=Site.objects.listed().with_walk_in_hours(),
        translated=("name", "room", "hours", "languages", "accessibility"),
    )


@require_safe
@cached_page
def accessibility(request):
    return _page(
        request,
        "publicsite/accessibility.html",
        _("Accessibility"),
        _("How this website is built to be usable by everyone, and how to tell us about a problem."),
    )


@require_safe
@cached_page
def privacy(request):
    return _page(
        request,
        "publicsite/privacy.html",
        _("Privacy"),
        _("What the online theft and damage report collects, who sees it and how long the City keeps it."),
        # The periods reporting.retention applies, so the page says what the schedule does.
        ended_days=settings.RETENTION_DELETE_ENDED_DAYS,
        closed_days=settings.RETENTION_ANONYMISE_CLOSED_DAYS,
    )


def _search_sections() -> list[Section]:
    return [
        Section(
            _("Glossary"),
            GlossaryTerm.objects.published(),
            ("term", "definition"),
            lambda term: {
                "title": term.term,
                "url": f"{reverse('publicsite:glossary')}#{term.slug}",
                "summary": term.definition,
            },
        ),
        Section(
            _("Programs"),
            Program.objects.published(),
            ("name", "summary", "description"),
            lambda program: {
                "title": program.name,
                "url": program.get_absolute_url(),
                "summary": program.summary,
            },
        ),
        Section(
            _("Timeline"),
            Milestone.objects.published(),
            ("title", "description"),
            lambda milestone: {
                "title": milestone.title,
                "url": f"{reverse('publicsite:timeline')}#milestone-{milestone.pk}",
                "summary": milestone.description,
            },
        ),
        Section(
            _("Council updates"),
            CouncilUpdate.objects.published(),
            ("title", "summary"),
            lambda update: {
                "title": update.title,
                "url": reverse("publicsite:update", kwargs={"pk": update.pk}),
                "summary": update.summary,
            },
        ),
        Section(
            _("Reports and resources"),
            Resource.objects.published(),
            ("title", "summary"),
            lambda resource: {
                "title": resource.title,
                "url": resource.url or reverse("publicsite:resources"),
                "summary": resource.summary,
            },
        ),
    ]


@require_safe
def search_page(request):
    """Not cached: free text would fill the cache with pages nobody asks for twice."""
    form = SearchForm(request.GET or None)
    sections = []
    if form.is_valid() and form.cleaned_data["q"]:
        text = form.cleaned_data["q"]
        sections = [
            (section.heading, search(section, text, get_language())) for section in _search_sections()
        ]
    return _page(
        request,
        "publicsite/search.html",
        _("Search"),
        _("Search the programs, timeline, Council updates, glossary and resources."),
        form=form,
        sections=sections,
        found=any(results for _heading, results in sections),
    )


def _programs_query(request) -> str:
    return ProgramFilterForm(request.GET).validated_query()


@require_safe
@cached_page(query=_programs_query)
def programs(request):
    form = ProgramFilterForm(request.GET or None)
    items = list(form.filter(Program.objects.published()))
    return _page(
        request,
        "publicsite/programs.html",
        _("Programs"),
        _("Every pilot and program of the City's alternatives to police response, with its status."),
        form=form,
        programs=items,
        untranslated=any_shown_in_english(items, "name", "summary"),
    )


def _published_program(slug: str) -> Program:
    published = Program.objects.published().prefetch_related("goals", "benefits", "partners")
    return get_object_or_404(published, slug=slug)


@require_safe
@cached_page
def program(request, slug):
    program = _published_program(slug)
    # Only the program's own phases: the initiative's are not every program's (a planned program
    # would read "All phases are complete").
    steps = phase_steps(program.phases.published(), timezone.localdate())
    return _page(
        request,
        "publicsite/program.html",
        program.name,
        program.summary,
        program=program,
        steps=steps,
        current=current_step(steps),
        milestones=list(program.milestones.published()),
        updates=list(program.council_updates.published()),
        metrics=list(program.metrics.filter(is_public=True)),
        evaluation=program_evaluation(program, None, timezone.localdate()),
        untranslated=shown_in_english(
            program, "name", "summary", "description", "responders", "hours", "what_to_expect"
        ),
    )


def _timeline_query(request) -> str:
    return MilestoneFilterForm(request.GET).validated_query()


@require_safe
@cached_page(query=_timeline_query)
def timeline(request):
    form = MilestoneFilterForm(request.GET or None)
    milestones = list(form.filter(Milestone.objects.published()))
    steps = phase_steps(Phase.objects.published().initiative(), timezone.localdate())
    return _page(
        request,
        "publicsite/timeline.html",
        _("Timeline"),
        _(
            "The phases of the 2021 pilots and every step since the City Council's direction in "
            "December 2018."
        ),
        form=form,
        steps=steps,
        current=current_step(steps),
        milestones=milestones,
        untranslated=any_shown_in_english(milestones, "title", "description"),
    )


def _updates_page(request):
    published = CouncilUpdate.objects.published().prefetch_related(
        Prefetch("programs", queryset=Program.objects.published())
    )
    return Paginator(published, UPDATES_PER_PAGE).get_page(request.GET.get("page"))


def _updates_query(request) -> str:
    # The page shown, as its number: ?page=abc and pages past the last show an existing one.
    return f"page={_updates_page(request).number}" if "page" in request.GET else ""


@require_safe
@cached_page(query=_updates_query)
def updates(request):
    page = _updates_page(request)
    return _page(
        request,
        "publicsite/updates.html",
        _("Council updates"),
        _("The pilot progress updates given to the Minneapolis City Council, with videos and documents."),
        page=page,
        untranslated=any_shown_in_english(page, "title", "summary"),
    )


@require_safe
@cached_page
def update(request, pk):
    published = CouncilUpdate.objects.published().prefetch_related(
        Prefetch("programs", queryset=Program.objects.published())
    )
    item = get_object_or_404(published, pk=pk)
    return _page(
        request,
        "publicsite/update.html",
        item.title,
        item.summary[:200],
        update=item,
        untranslated=shown_in_english(item, "title", "summary"),
    )


@require_safe
def update_slides(request, pk):
    return _update_file(pk, "slides")


@require_safe
def update_council_report(request, pk):
    return _update_file(pk, "council_report")


def _update_file(pk: int, field: str) -> FileResponse:
    """A file of a published Council update (its slides, its report to the Council). Uploads are
    kept in private storage, so the public copy is served here, and only for updates the public
    can see."""
    item = get_object_or_404(CouncilUpdate.objects.published().exclude(**{field: ""}), pk=pk)
    file = getattr(item, field)
    name = Path(file.name).name
    # Only ever a download, never a document of this origin: a file that is not what it claims
    # cannot run script here, nor be read as another type.
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/pdf" if name.lower().endswith(".pdf") else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _months(request) -> MonthRange:
    return DataQuarterForm(request.GET).month_range()


def _months_query(request) -> str:
    return _months(request).query


def _redirect_to_canonical(request, months: MonthRange):
    """A redirect to the one query string that asks for these months when the request used any
    other (a bad quarter, the month ranges of old links, extra parameters); None when it used that one."""
    if request.GET.urlencode() == months.query:
        return None
    return redirect(f"{request.path}?{months.query}" if months.query else request.path)


def _report_tables(months: MonthRange, shares: dict):
    figures = aggregates.pilot_figures(months.start, months.end)
    # The public tables all hide at one threshold: what each hides is worked out once for all.
    threshold = dashboards.REPORT_THRESHOLD
    hidden = dashboards.hidden_report_figures(figures, threshold)
    return (
        dashboards.report_tables(figures, months.start, months.end, threshold=threshold, hidden=hidden),
        dashboards.equity_tables(figures, months.start, months.end, shares, hidden),
        dashboards.ward_figures(
            figures, aggregates.ward_shapes(), months.start, months.end, threshold=threshold, hidden=hidden
        ),
    )


@require_safe
def data(request):
    """The figures; the report figures cover the quarter in the query string (a bad one: the default)."""
    months = _months(request)
    return _redirect_to_canonical(request, months) or _data_page(request, months)


@cached_page(query=_months_query)
def _data_page(request, months: MonthRange):
    metrics = list(
        Metric.objects.public().select_related("program").order_by("program__position", "program_id", "code")
    )
    shares = dashboards.population_shares()
    tables = dashboards.metrics_tables(metrics, shares)
    for metric in metrics:
        metric.tables = tables[metric.pk]
    report_tables, equity_tables, ward_figures = _report_tables(months, shares)
    return _page(
        request,
        "publicsite/data.html",
        _("Data"),
        _("What the pilots have achieved, in charts with the numbers beside them and files to download."),
        metrics=metrics,
        report_tables=report_tables,
        equity_tables=equity_tables,
        ward_figures=ward_figures,
        report_threshold=dashboards.REPORT_THRESHOLD,
        period_form=DataQuarterForm.showing(months),
        period_query=f"?{months.query}" if months.query else "",
        untranslated=any_shown_in_english(metrics, "name", "description"),
    )


@require_safe
@cached_page
def data_csv(request, code, table):
    metric = get_object_or_404(Metric.objects.public(), code=code)
    found = next(
        (
            t
            for t in dashboards.metrics_tables([metric], dashboards.population_shares())[metric.pk]
            if t.slug == table
        ),
        None,
    )
    if found is None:
        raise Http404
    return _csv_response(found, f"{metric.code}-{found.slug}.csv")


@require_safe
def data_reports_csv(request, table):
    months = _months(request)
    return _redirect_to_canonical(request, months) or _data_reports_csv(request, months, table)


@cached_page(query=_months_query)
def _data_reports_csv(request, months: MonthRange, table: str):
    report_tables, equity_tables, ward_figures = _report_tables(months, dashboards.population_shares())
    every = [*report_tables, *(t for _heading, tables in equity_tables for t in tables), *ward_figures.tables]
    found = next((t for t in every if t.slug == table), None)
    if found is None:
        raise Http404
    return _csv_response(found, f"r4-reports-{found.slug}-{months.start:%Y-%m}-{months.end:%Y-%m}.csv")


def _csv_response(table, filename: str) -> HttpResponse:
    response = HttpResponse(dashboards.table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def robots_txt(request):
    """Search results are endless and say nothing new, so crawlers skip them."""
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: {reverse('publicsite:search')}")
    lines.append(f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
