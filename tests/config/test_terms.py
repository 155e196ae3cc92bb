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
    """Every translatable text of the pilots and the public site in the language, as seeded."""
    texts = []
    for model in translator.get_registered_models():
        if model._meta.app_label not in ("pilots", "publicsite"):
            continue
        columns = [f"{field}_{language}" for field in translator.get_options_for_model(model).fields]
        for row in model.objects.values_list(*columns):
            texts += [text for text in row if text]
    return texts


@pytest.mark.django_db
@pytest.mark.parametrize("row", TERMS, ids=lambda row: f"{row['language']}-{row['concept']}")
def test_each_language_uses_its_chosen_word_for_each_concept(row):
    texts = catalog_texts(row["language"]) + content_texts(row["language"])

    assert any(row["term"].lower() in text.lower() for text in texts)
    for variant in filter(None, row["avoid"].split("|")):
        # A prefix match, so that "reporte" also finds "reportes".
        found = [text for text in texts if re.search(rf"(?<!\w){re.escape(variant)}", text, re.IGNORECASE)]
        assert found == [], f"{row['language']} uses {variant!r} for {row['concept']}: choose {row['term']!r}"


def test_every_catalog_header_says_no_reviewer_has_checked_it_yet():
    # No native speaker has reviewed the catalogs; the header says so rather than name a reviewer.
    for path in [
        *BASE_DIR.glob("locale/*/LC_MESSAGES/django.po"),
        *BASE_DIR.glob("*/locale/*/LC_MESSAGES/django.po"),
    ]:
        team = polib.pofile(str(path)).metadata["Language-Team"]
        assert re.search(r"awaiting review by a native (Spanish|Somali|Hmong) speaker", team), path
        assert "reviewed by" not in team, path
