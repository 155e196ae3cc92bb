"""Seeded public-site texts that said more than the City's pages: the County crisis team's card
gave 911's number and a web address the pages do not give; the glossary said calls "now go to 311"
(the City's pages say it will start sending them there) and that non-sworn staff carry no weapons
and make no arrests; two office descriptions were not the City's.

Each text changes only in the languages where it is still as seeded, so staff edits stay.
"""

from django.db import migrations

COPE = ("crisis", "Hennepin County's COPE mobile crisis team")

# (model, lookup, field): {"before": texts as seeded, "after": texts now}
TEXTS = [
    (
        "HelpDestination",
        {"situation": COPE[0], "title_en": COPE[1]},
        "description",
        {
            "before": {
                "en": "The county's mobile crisis team can come to a person in a mental-health crisis in "
                "Hennepin County. How to reach COPE is on Hennepin County's website, hennepin.us. Or call 911.",
                "es": "El equipo móvil de crisis del condado puede ir a ver a una persona en una crisis de salud "
                "mental en el condado de Hennepin. Cómo comunicarse con COPE está en el sitio web del condado de "
                "Hennepin, hennepin.us. O llame al 911.",
                "so": "Kooxda socota ee degmada ayaa u iman karta qof ku jira xaalad caafimaad maskaxeed oo "
                "degdeg ah gudaha Degmada Hennepin. Sida loola xiriiro COPE waxaa laga helaa bogga internetka "
                "ee Degmada Hennepin, hennepin.us. Ama wac 911.",
                "hmn": "Lub county pab neeg pab kev kub ntxhov tuaj tau rau ib tug neeg uas muaj kev kub ntxhov "
                "txog kev puas siab puas ntsws hauv Hennepin County. Yuav hu COPE li cas muaj nyob rau Hennepin "
                "County lub vev xaib, hennepin.us. Lossis hu 911.",
            },
            "after": {
                "en": "In a mental-health crisis in Minneapolis, you can also contact Hennepin County's COPE "
                "mobile crisis team.",
                "es": "En una crisis de salud mental en Minneapolis, también puede comunicarse con el equipo "
                "móvil de crisis COPE del condado de Hennepin.",
                "so": "Haddii ay jirto xaalad caafimaad maskaxeed oo degdeg ah gudaha Minneapolis, waxaad sidoo "
                "kale la xiriiri kartaa kooxda COPE ee xaaladaha degdegga ah ee Degmada Hennepin.",
                "hmn": "Thaum muaj kev kub ntxhov txog kev puas siab puas ntsws hauv Minneapolis, koj kuj tiv "
                "tauj tau Hennepin County pab neeg COPE pab kev kub ntxhov.",
            },
        },
    ),
    (
        "GlossaryTerm",
        {"slug": "311"},
        "definition",
        {
            "before": {
                "en": "Minneapolis's phone number for City services and reports that are not emergencies. Some "
                "calls that used to go to 911, such as property damage that is over and parking problems, now "
                "go to 311.",
                "es": "El número de teléfono de Minneapolis para servicios de la Ciudad y denuncias que no son "
                "emergencias. Algunas llamadas que antes iban al 911, como daños a la propiedad que ya pasaron "
                "y problemas de estacionamiento, ahora van al 311.",
                "so": "Lambarka telefoonka Minneapolis ee adeegyada Magaalada iyo warbixinada aan degdegga "
                "ahayn. Wicitaannada qaarkood oo hore u aadi jiray 911, sida waxyeello hanti oo dhacday oo "
                "dhammaatay iyo dhibaatooyinka baarkinka, hadda waxay aadaan 311.",
                "hmn": "Minneapolis tus xov tooj rau Lub Nroog cov kev pab thiab daim ntawv qhia uas tsis ceev. "
                "Ib txhia xov tooj uas yav tas los hu 911, xws li kev puas tsuaj rau khoom uas twb dhau lawm "
                "thiab teeb meem chaw nres tsheb, tam sim no hu 311.",
            },
            "after": {
                "en": "Minneapolis's phone number for City services and reports that are not emergencies. The "
                "City plans to ask people who report some issues, such as property damage, theft and parking "
                "problems, to call 311 or make an online report.",
                "es": "El número de teléfono de Minneapolis para servicios de la Ciudad y denuncias que no son "
                "emergencias. La Ciudad prevé pedir a quienes denuncien algunos asuntos, como daños a la "
                "propiedad, robos y problemas de estacionamiento, que llamen al 311 o hagan una denuncia en "
                "línea.",
                "so": "Lambarka telefoonka Minneapolis ee adeegyada Magaalada iyo warbixinada aan degdegga "
                "ahayn. Magaaladu waxay qorshaynaysaa in dadka soo sheegaya arrimaha qaarkood, sida "
                "waxyeellada hantida, xatooyada iyo dhibaatooyinka baarkinka, laga codsado inay wacaan 311 ama "
                "ay online ku soo gudbiyaan warbixin.",
                "hmn": "Minneapolis tus xov tooj rau Lub Nroog cov kev pab thiab daim ntawv qhia uas tsis ceev. "
                "Lub Nroog npaj yuav hais kom cov neeg uas qhia txog qee yam, xws li kev puas tsuaj rau khoom, "
                "kev nyiag khoom thiab teeb meem chaw nres tsheb, hu 311 lossis xa daim ntawv qhia hauv online.",
            },
        },
    ),
    (
        "GlossaryTerm",
        {"slug": "non-sworn"},
        "definition",
        {
            "before": {
                "en": "City employees who are not police officers. They do not carry weapons or make arrests. "
                "In one pilot they take theft and property-damage reports and collect evidence.",
                "es": "Empleados de la Ciudad que no son policías. No llevan armas ni hacen arrestos. En uno de "
                "los programas piloto reciben denuncias de robo y daños a la propiedad y reúnen pruebas.",
                "so": "Shaqaalaha Magaalada ee aan ahayn saraakiil booliis. Ma sitaan hub, dadna ma xiraan. "
                "Mid ka mid ah tijaabooyinka, waxay qaataan warbixinada xatooyada iyo waxyeellada hantida, "
                "waxayna ururiyaan caddaymaha.",
                "hmn": "Cov neeg ua hauj lwm rau Lub Nroog uas tsis yog tub ceev xwm. Lawv tsis nqa riam phom "
                "thiab tsis ntes neeg. Hauv ib qho kev sim, lawv txais daim ntawv qhia txog kev nyiag khoom "
                "thiab kev puas tsuaj rau khoom thiab sau cov pov thawj.",
            },
            "after": {
                "en": "City employees who are not police officers. In one pilot they take theft and "
                "property-damage reports and collect evidence.",
                "es": "Empleados de la Ciudad que no son policías. En uno de los programas piloto reciben "
                "denuncias de robo y daños a la propiedad y reúnen pruebas.",
                "so": "Shaqaalaha Magaalada ee aan ahayn saraakiil booliis. Mid ka mid ah tijaabooyinka, waxay "
                "qaataan warbixinada xatooyada iyo waxyeellada hantida, waxayna ururiyaan caddaymaha.",
                "hmn": "Cov neeg ua hauj lwm rau Lub Nroog uas tsis yog tub ceev xwm. Hauv ib qho kev sim, lawv "
                "txais daim ntawv qhia txog kev nyiag khoom thiab kev puas tsuaj rau khoom thiab sau cov pov "
                "thawj.",
            },
        },
    ),
    (
        # The City's pages give the Community Safety Office's number and address, not what it does.
        "Office",
        {"phone": "612-673-2482"},
        "description",
        {
            "before": {
                "en": "Runs the City's community safety programs, including City staff who take theft and "
                "property-damage reports in person.",
                "es": "Dirige los programas de seguridad comunitaria de la Ciudad, incluido el personal de la "
                "Ciudad que toma en persona denuncias de robos y daños a la propiedad.",
                "so": "Waxa uu maamulaa barnaamijyada badbaadada bulshada ee Magaalada, oo ay ku jiraan "
                "shaqaalaha Magaalada ee si toos ah u qaata warbixinnada xatooyada iyo waxyeellada hantida.",
                "hmn": "Saib xyuas lub nroog cov kev pab cuam kev nyab xeeb hauv zej zog, xws li cov neeg ua "
                "haujlwm rau lub nroog uas txais daim ntawv qhia txog kev nyiag khoom thiab kev puas tsuaj rau "
                "khoom tim ntej muag.",
            },
            "after": {"en": "", "es": "", "so": "", "hmn": ""},
        },
    ),
    (
        # Nor what Performance Management & Innovation is: only its address.
        "Office",
        {"name_en": "Performance Management & Innovation"},
        "description",
        {
            "before": {
                "en": "The City team's office in the Public Service Center.",
                "es": "La oficina del equipo de la Ciudad en el Public Service Center.",
                "so": "Xafiiska kooxda Magaalada ee ku yaal Public Service Center.",
                "hmn": "Pab neeg ua haujlwm rau lub nroog lub chaw haujlwm hauv Public Service Center.",
            },
            "after": {"en": "", "es": "", "so": "", "hmn": ""},
        },
    ),
]


def _replace(apps, which: str, to: str) -> None:
    for model, lookup, field, texts in TEXTS:
        rows = apps.get_model("publicsite", model).objects.filter(**lookup)
        for language, before in texts[which].items():
            after = texts[to][language]
            rows.filter(**{f"{field}_{language}": before}).update(**{f"{field}_{language}": after})
        # The plain column modeltranslation reads holds the English text.
        rows.filter(**{field: texts[which]["en"]}).update(**{field: texts[to]["en"]})


def _cope_office(apps, office_phone: str | None, description: str, to_phone: str | None) -> None:
    """The County team's card ends with 911's number only while it is as seeded."""
    Office = apps.get_model("publicsite", "Office")
    cards = apps.get_model("publicsite", "HelpDestination").objects.filter(
        situation=COPE[0], title_en=COPE[1], description_en=description
    )
    cards = cards.filter(office__phone=office_phone) if office_phone else cards.filter(office__isnull=True)
    cards.update(office=Office.objects.filter(phone=to_phone).first() if to_phone else None)


def say_only_what_the_city_says(apps, schema_editor):
    _replace(apps, "before", "after")
    _cope_office(apps, "911", TEXTS[0][3]["after"]["en"], None)


def say_it_as_before(apps, schema_editor):
    _cope_office(apps, None, TEXTS[0][3]["after"]["en"], "911")
    _replace(apps, "after", "before")


class Migration(migrations.Migration):
    dependencies = [("publicsite", "0009_help_destination_link")]

    operations = [migrations.RunPython(say_only_what_the_city_says, say_it_as_before)]
