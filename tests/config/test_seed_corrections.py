"""A data migration that corrects seeded content changes a row only while it still holds what was
seeded (docs/decisions/seed-content.md): the correction reaches a site where nobody touched the
row, and a staff edit stays. Each migration's own function runs here on rows set up as seeded
and as staff left them."""

from importlib import import_module

from django.apps import apps

from pilots.models import Partner, Program
from publicsite.models import GlossaryTerm, HelpDestination, Office

TEXTS = import_module("publicsite.migrations.0010_seeded_content_says_only_what_the_city_says")
HMONG_WEEKDAYS = import_module("publicsite.migrations.0013_hmong_weekday_names")
PARTNERS = import_module("pilots.migrations.0012_own_phases_and_partners_from_the_seeds")
STAFF_TEXT = "Words a member of staff chose."


def columns(field: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": text for language, text in texts.items()}


def test_a_corrected_text_changes_where_it_is_as_seeded_and_stays_where_staff_edited_it(db):
    (_model, cope, _field, cope_texts), (_model, term, _field, term_texts) = TEXTS.TEXTS[:2]
    HelpDestination.objects.filter(**cope).update(**columns("description", cope_texts["before"]))
    # Staff rewrote the English definition and left the other languages as seeded.
    GlossaryTerm.objects.filter(**term).update(
        **columns("definition", {**term_texts["before"], "en": STAFF_TEXT})
    )

    TEXTS.say_only_what_the_city_says(apps, None)

    card = HelpDestination.objects.filter(**cope).values(*columns("description", cope_texts["after"])).get()
    assert card == columns("description", cope_texts["after"])
    definition = GlossaryTerm.objects.filter(**term).values(*columns("definition", term_texts["after"])).get()
    assert definition == columns("definition", {**term_texts["after"], "en": STAFF_TEXT})


def test_hours_are_named_in_hmong_only_where_staff_left_them_as_seeded(db):
    seeded, corrected = HMONG_WEEKDAYS.HOURS[0]
    as_seeded, edited = Office.objects.order_by("pk")[:2]
    Office.objects.filter(pk=as_seeded.pk).update(hours_hmn=seeded)
    Office.objects.filter(pk=edited.pk).update(hours_hmn=STAFF_TEXT)

    HMONG_WEEKDAYS.name_weekdays_in_hmong(apps, None)

    assert Office.objects.get(pk=as_seeded.pk).hours_hmn == corrected
    assert Office.objects.get(pk=edited.pk).hours_hmn == STAFF_TEXT


def test_partners_change_where_they_are_as_seeded_and_stay_where_staff_chose_others(db):
    seeded, named = PARTNERS.PARTNERS["mental-health-professionals-in-911"]
    as_seeded = Program.objects.get(slug="mental-health-professionals-in-911")
    as_seeded.partners.set(Partner.objects.filter(name_en__in=seeded))
    chosen = Program.objects.get(slug="online-reporting")
    staff_choice = {"Minneapolis 311", "Traffic Control"}
    chosen.partners.set(Partner.objects.filter(name_en__in=staff_choice))

    PARTNERS.seed_phases_and_partners(apps, None)

    assert set(as_seeded.partners.values_list("name_en", flat=True)) == named
    assert set(chosen.partners.values_list("name_en", flat=True)) == staff_choice
