"""Full-text search of the public content in the reader's language, with Postgres.

Each language is searched with its own text-search configuration so that words match their
other forms ("llamadas" finds "llamada"). Postgres has stemmers for English and Spanish but none
for Somali or Hmong, which use the `simple` configuration (lower-cased whole words). A field
with no translation is searched in English, as that is the text the reader sees.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, NullIf

SEARCH_CONFIGURATIONS = {"en": "english", "es": "spanish", "so": "simple", "hmn": "simple"}
RESULTS_PER_SECTION = 20


@dataclass(frozen=True)
class Section:
    """One kind of content in the results: its heading, rows, the fields searched, and how a
    row is shown (a function returning its title, link and summary)."""

    heading: str
    queryset: QuerySet
    fields: tuple[str, ...]
    show: Callable[[object], dict]


def _text_in(field: str, language: str):
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return Coalesce(
        NullIf(F(f"{field}_{language}"), Value("")),
        F(f"{field}_{default}"),
        Value(""),
        output_field=TextField(),
    )


def search(section: Section, text: str, language: str) -> list[dict]:
    """The section's rows matching `text` in `language`, best first, as shown (one query)."""
    config = SEARCH_CONFIGURATIONS.get(language, "simple")
    vector = SearchVector(*(_text_in(field, language) for field in section.fields), config=config)
    query = SearchQuery(text, config=config, search_type="websearch")
    rows = (
        section.queryset.annotate(document=vector)
        .filter(document=query)
        .annotate(rank=SearchRank(F("document"), query))
        .order_by("-rank")[:RESULTS_PER_SECTION]
    )
    return [section.show(row) for row in rows]
