from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from publicsite.cache import cached_page
from publicsite.fallback import any_shown_in_english
from publicsite.forms import DangerForm, SearchForm, SituationForm
from publicsite.models import GlossaryTerm, HelpDestination, Office, Resource
from publicsite.search import Section, search


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
    )


@require_safe
def help_finder(request):
    """One question per step, as a plain GET form: the answers so far travel in the query string."""
    title = _("Find the right help")
    description = _("Answer one or two questions to find out whether to call 911, 311 or report online.")
    submitted = "step" in request.GET
    danger_form = DangerForm(request.GET if submitted else None)
    if not danger_form.is_valid():
        return _page(request, "publicsite/help_finder.html", title, description, form=danger_form, step="danger")
    if danger_form.cleaned_data["danger"] == "yes":
        situation = HelpDestination.Situation.DANGER
    else:
        situation_form = SituationForm(request.GET if request.GET.get("step") == "situation" else None)
        if not situation_form.is_valid():
            return _page(
                request, "publicsite/help_finder.html", title, description, form=situation_form, step="situation"
            )
        situation = situation_form.cleaned_data["situation"]
    destinations = HelpDestination.objects.filter(situation=situation).select_related("office")
    return _page(
        request,
        "publicsite/help_result.html",
        HelpDestination.Situation(situation).label,
        description,
        destinations=destinations,
        danger=situation == HelpDestination.Situation.DANGER,
        untranslated=any_shown_in_english(destinations, "title", "description"),
    )


@require_safe
@cached_page
def glossary(request):
    terms = list(GlossaryTerm.objects.alphabetical())
    return _page(
        request,
        "publicsite/glossary.html",
        _("Glossary"),
        _("Plain-language meanings of the terms and abbreviations used about alternatives to police response."),
        terms=terms,
        untranslated=any_shown_in_english(terms, "term", "definition"),
    )


@require_safe
@cached_page
def resources(request):
    items = list(Resource.objects.newest_first())
    return _page(
        request,
        "publicsite/resources.html",
        _("Reports and resources"),
        _("Reports, studies, plans and press coverage about alternatives to police response in Minneapolis."),
        resources=items,
        untranslated=any_shown_in_english(items, "title", "summary"),
    )


@require_safe
@cached_page
def contact(request):
    offices = list(Office.objects.all())
    return _page(
        request,
        "publicsite/contact.html",
        _("Contact"),
        _("Phone numbers, addresses and hours of the City offices behind alternatives to police response."),
        offices=offices,
        untranslated=any_shown_in_english(offices, "name", "description", "hours"),
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
    )


def _search_sections() -> list[Section]:
    return [
        Section(
            _("Glossary"),
            GlossaryTerm.objects.all(),
            ("term", "definition"),
            lambda term: {
                "title": term.term,
                "url": f"{reverse('publicsite:glossary')}#{term.slug}",
                "summary": term.definition,
            },
        ),
        Section(
            _("Reports and resources"),
            Resource.objects.all(),
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
        sections = [(section.heading, search(section, text, get_language())) for section in _search_sections()]
    return _page(
        request,
        "publicsite/search.html",
        _("Search"),
        _("Search the programs, timeline, Council updates, glossary and resources."),
        form=form,
        sections=sections,
        found=any(results for _heading, results in sections),
    )
