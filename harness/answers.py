"""Answers that pass each step of the resident form."""

SCREENING_CLEAR = {
    "danger": "no",
    "injury": "no",
    "weapon": "no",
    "suspect": "no",
    "in_minneapolis": "yes",
    "vehicle": "no",
    "parking": "no",
    "city_property": "no",
}
WHAT = {
    "kind": "theft",
    "occurred_from": "2026-01-02",
    "occurred_to": "",
    "address": "1200 Nicollet Mall",
    "place_type": "street",
    "narrative": "My bike was cut from the rack.",
}
ITEMS = {
    "items-TOTAL_FORMS": "1",
    "items-INITIAL_FORMS": "0",
    "items-0-kind": "bicycle",
    "items-0-description": "Blue mountain bike",
    "items-0-brand": "Trek",
    "items-0-model": "Marlin 5",
    "items-0-serial_number": "WTU123456",
    "items-0-quantity": "1",
    "items-0-value": "450.00",
}
ABOUT = {
    "full_name": "Alex Resident",
    "email": "alex@example.org",
    "phone": "",
    "home_address": "",
    "language": "en",
    "follow_up": "online",
}
# The address typed matches none of the City's list (the tests have none): it is kept as typed.
ADDRESS = {"address_point": "typed", "place_note": ""}
QUESTIONS = {"age_range": "prefer_not"}

# Every step of the form in order, each with answers that pass it; the review page follows.
EVERY_STEP = {
    "what": WHAT,
    "address": ADDRESS,
    "items": ITEMS,
    "files": {},
    "about": ABOUT,
    "questions": QUESTIONS,
}
