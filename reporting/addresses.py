"""The address a resident types, matched against the City's list of address points.

Both sides are put in the same words first (`search_text`): lower case without accents, the
usual short forms in full ("S" is "south", "Ave" is "avenue", "4th" stays "4th" and "fourth"
becomes it), without a unit ("#2", "Apt 2", "Unit 2"), the city, the state or the ZIP code.
PostgreSQL finds the points with the same house number and at least one word of the street
through a full-text index (the `simple` configuration, which keeps words as they are); Python
then ranks those few by how alike they read (difflib), so a misspelt street is still found.
Why this, and not PostgreSQL's trigram extension: docs/decisions/address-matching.md.

A place without a house number (a corner such as "Lake St and Chicago Ave", a park) is not
looked up: the list holds numbered addresses. It is kept as typed, like any address that
matches nothing, and staff see it flagged as unmatched.

`suggest` does the same for an address still being typed, whose last word may be cut short: it
offers the points whose words begin as the typed ones do.

Callers go through `geocoder()`, the class `ADDRESS_GEOCODER` names (as `SMS_BACKEND` names the
one that sends texts), so the City can put its own address service in front of the list; the
built-in one, `AddressList`, is this module. What a City's class must provide:
docs/decisions/address-matching.md."""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, Value, When
from django.utils.module_loading import import_string

from reporting.models import AddressPoint

DIRECTIONS = {
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
    "ne": "northeast",
    "nw": "northwest",
    "se": "southeast",
    "sw": "southwest",
}
STREET_TYPES = {
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "blvd": "boulevard",
    "rd": "road",
    "dr": "drive",
    "ln": "lane",
    "pl": "place",
    "pkwy": "parkway",
    "pky": "parkway",
    "ct": "court",
    "ter": "terrace",
    "cir": "circle",
    "hwy": "highway",
    "sq": "square",
    "trl": "trail",
}
ORDINALS = {
    "first": "1st",
    "second": "2nd",
    "third": "3rd",
    "fourth": "4th",
    "fifth": "5th",
    "sixth": "6th",
    "seventh": "7th",
    "eighth": "8th",
    "ninth": "9th",
    "tenth": "10th",
}
LONG_FORMS = {**DIRECTIONS, **STREET_TYPES, **ORDINALS}
# Words that say which city, not where in it.
CITY_WORDS = {"minneapolis", "mpls", "mn", "minnesota", "usa"}
UNIT = re.compile(r"(?:#|\b(?:apt|apartment|unit|ste|suite|fl|floor|rm|room)\b\.?)\s*#?\s*([a-z0-9-]+)")
# Two streets that meet: "Lake St and Chicago Ave", "Lake & Chicago", "Lake St at Chicago Ave".
CORNER = re.compile(r"\b(?:and|at)\b|[&@/]")
HOUSE_NUMBER = re.compile(r"[0-9]+[a-z]?")
ZIP_CODE = re.compile(r"[0-9]{5}")
WORD = re.compile(r"[a-z0-9]+")

# How many points with the house number are read to be ranked, at most; how many are offered;
# and how alike (difflib's ratio, 0 to 1) a point must read to be offered at all.
CANDIDATES = 100
OFFERED = 5
CLOSE_ENOUGH = 0.75


@dataclass(frozen=True)
class Typed:
    """An address as typed, in the list's words."""

    number: str
    street: tuple[str, ...]
    unit: str
    is_corner: bool

    @property
    def search_text(self) -> str:
        return " ".join([self.number, *self.street]).strip()


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def parse(text: str) -> Typed:
    """The house number, the street's words in their long forms, and any unit."""
    plain = _plain(text)
    unit = UNIT.search(plain)
    if unit:
        plain = plain[: unit.start()] + " " + plain[unit.end() :]
    # What follows a comma is the city, the state, the ZIP code or the country.
    street_part = plain.split(",", 1)[0]
    words = [LONG_FORMS.get(word, word) for word in WORD.findall(street_part)]
    number = words.pop(0) if words and HOUSE_NUMBER.fullmatch(words[0]) else ""
    words = [word for word in words if word not in CITY_WORDS and not ZIP_CODE.fullmatch(word)]
    return Typed(
        number=number,
        street=tuple(words),
        unit=unit.group(1) if unit else "",
        is_corner=bool(CORNER.search(street_part)),
    )


def search_text(address: str) -> str:
    """The words of an address of the City's list, as `AddressPoint.search_text` keeps them."""
    return parse(address).search_text


@dataclass(frozen=True)
class Matches:
    """What was typed, the point it names exactly (if any) and the closest points, best first."""

    typed: str
    exact: AddressPoint | None = None
    closest: list[AddressPoint] = field(default_factory=list)


def match(typed: str) -> Matches:
    """The points of the City's list that the address typed names, or comes close to: one query."""
    parsed = parse(typed)
    if not parsed.number or not parsed.street or parsed.is_corner:
        return Matches(typed)
    key = parsed.search_text
    # Only letters and digits reach the text-search query (WORD), so no input breaks its syntax.
    query = f"{parsed.number} & ({' | '.join(parsed.street)})"
    candidates = (
        AddressPoint.objects.alias(words=SearchVector("search_text", config="simple"))
        .filter(words=SearchQuery(query, search_type="raw", config="simple"))
        .order_by(Case(When(search_text=key, then=Value(0)), default=Value(1)), "search_text", "id")
    )[:CANDIDATES]
    scored = []
    for point in candidates:
        score = difflib.SequenceMatcher(None, key, point.search_text).ratio()
        if score >= CLOSE_ENOUGH:
            scored.append((score, point))
    scored.sort(key=lambda pair: -pair[0])
    closest = [point for _score, point in scored[:OFFERED]]
    exact = closest[0] if closest and closest[0].search_text == key else None
    return Matches(typed, exact=exact, closest=closest)


def suggest(typed: str) -> list[AddressPoint]:
    """The points an address still being typed may become, best first: one query. Its last word
    may be the start of one ("1200 Nicol"), and each point is compared with what was typed over
    as many letters as were typed."""
    parsed = parse(typed)
    if not parsed.number or not parsed.street or parsed.is_corner:
        return []
    key = parsed.search_text
    # The last word as typed, and in its long form when it is a short one ("s" is also "south").
    last_typed = WORD.findall(_plain(typed).split(",", 1)[0])[-1]
    last = {parsed.street[-1], last_typed} if parsed.street[-1] != last_typed else {last_typed}
    words = [*parsed.street[:-1], *(f"{word}:*" for word in sorted(last))]
    query = SearchQuery(f"{parsed.number} & ({' | '.join(words)})", search_type="raw", config="simple")
    words_of_point = SearchVector("search_text", config="simple")
    # Those with the most words typed first, in case more than CANDIDATES have the number.
    candidates = (
        AddressPoint.objects.alias(words=words_of_point, rank=SearchRank(words_of_point, query))
        .filter(words=query)
        .order_by("-rank", "search_text", "id")
    )[:CANDIDATES]
    scored = []
    for point in candidates:
        score = difflib.SequenceMatcher(None, key, point.search_text[: len(key)]).ratio()
        if score >= CLOSE_ENOUGH:
            scored.append((score, point))
    scored.sort(key=lambda pair: -pair[0])
    return [point for _score, point in scored[:OFFERED]]


class AddressList:
    """The built-in geocoder, and ADDRESS_GEOCODER's default: the City's list as imported."""

    def match(self, typed: str) -> Matches:
        return match(typed)

    def suggest(self, typed: str) -> list[AddressPoint]:
        return suggest(typed)


# What a geocoder class must have: docs/decisions/address-matching.md.
GEOCODER_METHODS = ("match", "suggest")


def geocoder():
    """The geocoder ADDRESS_GEOCODER names."""
    return import_string(settings.ADDRESS_GEOCODER)()


def check_geocoder() -> None:
    """Refuse to start when ADDRESS_GEOCODER names no class with the geocoder's methods, rather
    than fail on the form's first step."""
    path = settings.ADDRESS_GEOCODER
    try:
        geocoder_class = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(f"ADDRESS_GEOCODER {path!r} cannot be imported: {error}") from error
    missing = [name for name in GEOCODER_METHODS if not callable(getattr(geocoder_class, name, None))]
    if missing:
        raise ImproperlyConfigured(f"ADDRESS_GEOCODER {path!r} has no {' or '.join(missing)} method.")
