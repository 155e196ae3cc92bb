"""One word per concept in each language (locale/terms.csv), in the catalogs and in the seeded
content alike: Spanish says "denuncia" for a resident's report everywhere, never "reporte"."""

import csv
import re
from pathlib import Path

import polib
import pytest
from modeltranslation.translator import translator

BASE_DIR = Path(__file__).resolve().parents[2]
with open(BASE_DIR / "locale" / "terms.csv", encoding="utf-8") as terms_file:
    TERMS = list(csv.DictReader(terms_file))


def catalog_texts(language: str) -> list[str]:
    paths = [*BASE_DIR.glob(f"locale/{language}/LC_MESSAGES/django.po")]
    paths += BASE_DIR.glob(f"*/locale/{language}/LC_MESSAGES/django.po")
    texts = []
    for path in paths:
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                texts += [entry.msgstr, *entry.msgstr_plural.values()]
    return texts


def content_texts(language: str) -> list[str]:
    """Every translatable text in the language, as seeded: the pilots, the public site, the
    reasons and message templates residents read, and the residents' survey."""
    texts = []
    for model in translator.get_registered_models():
        if model._meta.app_label not in ("pilots", "publicsite", "reporting", "surveys"):
            continue
        columns = [f"{field}_{language}" for field in translator.get_options_for_model(model).fields]
        for row in model.objects.values_list(*columns):
            texts += [text for text in row if text]
    return texts


# Languages whose words take endings: Spanish "reporte" is also "reportó", Somali "tuugo" is also
# "tuugada". Hmong words do not change, so its phrases are matched as they are.
INFLECTED = {"es", "so"}


def stem(phrase: str, language: str) -> str:
    """A pattern for the phrase in any inflected form: each word from its start, less a final
    vowel the endings replace, followed by any ending."""
    words = phrase.split()
    if language in INFLECTED:
        words = [word[:-1] if len(word) > 3 and word[-1].lower() in "aeiou" else word for word in words]
    return r"(?<!\w)" + r"\w*\s+".join(re.escape(word) for word in words)


def uses(text: str, variant: str, row: dict) -> bool:
    """Whether the text has the avoided variant in any form, not counting the chosen word itself
    (Somali "waxyeello" starts as "waxyeelo" does)."""
    chosen = re.compile(stem(row["term"], row["language"]), re.IGNORECASE)
    return any(
        not chosen.match(text, found.start())
        for found in re.finditer(stem(variant, row["language"]), text, re.IGNORECASE)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("row", TERMS, ids=lambda row: f"{row['language']}-{row['concept']}")
def test_each_language_uses_its_chosen_word_for_each_concept(row):
    texts = catalog_texts(row["language"]) + content_texts(row["language"])

    assert any(row["term"].lower() in text.lower() for text in texts)
    for variant in filter(None, row["avoid"].split("|")):
        found = [text for text in texts if uses(text, variant, row)]
        assert found == [], f"{row['language']} uses {variant!r} for {row['concept']}: choose {row['term']!r}"


@pytest.mark.parametrize(
    ("language", "variant", "text", "found"),
    [
        ("so", "tuugo", "warbixinnada tuugada", True),
        ("so", "burburin hanti", "burburinta hantida", True),
        ("so", "waxyeelo", "Waxyeelo hantida", True),
        ("so", "waxyeelo", "waxyeellada hantida", False),
        ("es", "reporte", "lo reportó ayer", True),
        ("hmn", "Tswj Tsheb", "pab pawg Tswj Kev Tsheb", False),
    ],
)
def test_an_avoided_word_is_found_in_its_inflected_forms(language, variant, text, found):
    term = {"so": "waxyeello", "es": "denuncia", "hmn": "Tswj Kev Tsheb"}[language]

    assert uses(text, variant, {"term": term, "language": language}) is found


def test_every_catalog_header_says_no_reviewer_has_checked_it_yet():
    # No native speaker has reviewed the catalogs; the header says so rather than name a reviewer.
    for path in [
        *BASE_DIR.glob("locale/*/LC_MESSAGES/django.po"),
        *BASE_DIR.glob("*/locale/*/LC_MESSAGES/django.po"),
    ]:
        team = polib.pofile(str(path)).metadata["Language-Team"]
        assert re.search(r"awaiting review by a native (Spanish|Somali|Hmong) speaker", team), path
        assert "reviewed by" not in team, path
