"""The public site's starting content, from the facts on the City's own pages.

Only phone numbers the City publishes are used: 911, 311 and the Community Safety Office.
Help-finder text is given in all four languages because residents may need it urgently; the
glossary and resources start in English and show the "not translated yet" notice elsewhere.
"""

import datetime

from django.db import migrations

LANGUAGES = ("en", "es", "so", "hmn")

OFFICES = [
    {
        "key": "911",
        "phone": "911",
        "order": 1,
        "name": {"en": "911 emergency", "es": "Emergencias 911", "so": "Gurmadka degdegga 911", "hmn": "Xov tooj ceev 911"},
        "description": {
            "en": "For danger to anyone, a crime in progress, a fire or a medical emergency.",
            "es": "Para cualquier peligro, un delito que está ocurriendo, un incendio o una emergencia médica.",
            "so": "Khatar qof kasta ku jiro, dambi hadda dhacaya, dab ama xaalad caafimaad oo degdeg ah.",
            "hmn": "Rau kev phom sij rau leej twg, kev ua txhaum cai uas tab tom tshwm sim, hluav taws kub lossis kev mob nkeeg ceev.",
        },
        "hours": {"en": "Any time, day or night", "es": "A cualquier hora, de día o de noche", "so": "Wakhti kasta, habeen iyo maalin", "hmn": "Txhua lub sij hawm, nruab hnub thiab hmo ntuj"},
    },
    {
        "key": "311",
        "phone": "311",
        "order": 2,
        "name": {"en": "Minneapolis 311", "es": "Minneapolis 311", "so": "Minneapolis 311", "hmn": "Minneapolis 311"},
        "description": {
            "en": "The City's number for non-emergency services and reports, including property damage, theft and parking problems.",
            "es": "El número de la Ciudad para servicios y reportes que no son emergencias, incluidos daños a la propiedad, robos y problemas de estacionamiento.",
            "so": "Lambarka Magaalada ee adeegyada iyo warbixinnada aan degdegga ahayn, oo ay ku jiraan waxyeellada hantida, xatooyada iyo dhibaatooyinka baarkinka.",
            "hmn": "Lub nroog tus xov tooj rau kev pab thiab kev qhia uas tsis ceev, xws li kev puas tsuaj rau khoom, kev nyiag khoom thiab teeb meem chaw nres tsheb.",
        },
        "hours": {
            "en": "7 a.m. – 7 p.m., Monday – Friday",
            "es": "7 a. m. – 7 p. m., de lunes a viernes",
            "so": "7 subaxnimo – 7 fiidnimo, Isniin – Jimce",
            "hmn": "7 teev sawv ntxov – 7 teev tsaus ntuj, Hnub Monday – Hnub Friday",
        },
    },
    {
        "key": "cso",
        "phone": "612-673-2482",
        "order": 3,
        "address": "250 S. 4th St., Room 510\nMinneapolis, MN 55415",
        "name": {"en": "Community Safety Office", "es": "Oficina de Seguridad Comunitaria", "so": "Xafiiska Badbaadada Bulshada", "hmn": "Chaw Haujlwm Kev Nyab Xeeb Hauv Zej Zog"},
        "description": {
            "en": "Runs the City's community safety programs, including City staff who take theft and property-damage reports in person.",
            "es": "Dirige los programas de seguridad comunitaria de la Ciudad, incluido el personal de la Ciudad que toma en persona reportes de robos y daños a la propiedad.",
            "so": "Waxa uu maamulaa barnaamijyada badbaadada bulshada ee Magaalada, oo ay ku jiraan shaqaalaha Magaalada ee si toos ah u qaata warbixinnada xatooyada iyo waxyeellada hantida.",
            "hmn": "Saib xyuas lub nroog cov kev pab cuam kev nyab xeeb hauv zej zog, xws li cov neeg ua haujlwm rau lub nroog uas txais kev qhia txog kev nyiag khoom thiab kev puas tsuaj rau khoom tim ntej muag.",
        },
    },
    {
        "key": "opi",
        "order": 4,
        "address": "City Coordinator's Office\n350 Fifth St. S., Room 301M\nMinneapolis, MN 55415",
        "name": {"en": "Office of Performance & Innovation", "es": "Oficina de Desempeño e Innovación", "so": "Xafiiska Waxqabadka iyo Hal-abuurka", "hmn": "Chaw Haujlwm Saib Kev Ua Haujlwm thiab Kev Tsim Kho Tshiab"},
        "description": {
            "en": "Leads the City's work on alternatives to police response and reports to the City Council on the pilots.",
            "es": "Dirige el trabajo de la Ciudad sobre alternativas a la respuesta policial e informa al Concejo Municipal sobre los programas piloto.",
            "so": "Waxa uu hoggaamiyaa shaqada Magaalada ee beddelka jawaabta booliska, waxana uu Golaha Magaalada la wadaagaa warbixinnada barnaamijyada tijaabada ah.",
            "hmn": "Coj lub nroog txoj haujlwm txog lwm txoj kev teb es tsis yog tub ceev xwm, thiab qhia rau Pawg Sab Laj Hauv Nroog txog cov kev sim.",
        },
        "hours": {
            "en": "8 a.m. – 4:30 p.m., Monday – Friday",
            "es": "8 a. m. – 4:30 p. m., de lunes a viernes",
            "so": "8 subaxnimo – 4:30 galabnimo, Isniin – Jimce",
            "hmn": "8 teev sawv ntxov – 4:30 teev tav su, Hnub Monday – Hnub Friday",
        },
    },
    {
        "key": "pmi",
        "order": 5,
        "address": "Public Service Center\n250 S. 4th St., Room 110B\nMinneapolis, MN 55415",
        "name": {"en": "Performance Management & Innovation", "es": "Gestión del Desempeño e Innovación", "so": "Maareynta Waxqabadka iyo Hal-abuurka", "hmn": "Kev Tswj Kev Ua Haujlwm thiab Kev Tsim Kho Tshiab"},
        "description": {
            "en": "The City team's office in the Public Service Center.",
            "es": "La oficina del equipo de la Ciudad en el Public Service Center.",
            "so": "Xafiiska kooxda Magaalada ee ku yaal Public Service Center.",
            "hmn": "Pab neeg ua haujlwm rau lub nroog lub chaw haujlwm hauv Public Service Center.",
        },
    },
]

DESTINATIONS = [
    {
        "situation": "danger",
        "office": "911",
        "title": {"en": "Call 911 now", "es": "Llame al 911 ahora", "so": "Wac 911 hadda", "hmn": "Hu 911 tam sim no"},
        "description": {
            "en": "Tell the call taker where you are and what is happening. Stay on the line if you can.",
            "es": "Diga a la persona que contesta dónde está y qué está pasando. Si puede, no cuelgue.",
            "so": "U sheeg qofka telefoonka qaata meesha aad joogto iyo waxa dhacaya. Khadka ku sii jir haddii aad awooddo.",
            "hmn": "Qhia rau tus neeg txais xov tooj tias koj nyob qhov twg thiab muaj dab tsi tshwm sim. Yog koj ua tau, tsis txhob daig xov tooj.",
        },
    },
    {
        "situation": "crisis",
        "office": "911",
        "title": {"en": "Call 911", "es": "Llame al 911", "so": "Wac 911", "hmn": "Hu 911"},
        "description": {
            "en": "Say that it is a mental-health crisis. An unarmed behavioral-health crisis team may come instead of police. Police may still come if every crisis team is already on a call.",
            "es": "Diga que es una crisis de salud mental. Puede venir un equipo de crisis de salud conductual sin armas en lugar de la policía. La policía puede venir si todos los equipos ya están atendiendo otra llamada.",
            "so": "Sheeg in ay tahay xaalad caafimaad maskaxeed oo degdeg ah. Koox hubka ka madhan oo ka shaqeysa caafimaadka dabeecadda ayaa iman karta halkii booliska. Booliisku wuu iman karaa haddii kooxaha oo dhan ay wacitaanno kale ku jiraan.",
            "hmn": "Hais tias nws yog kev kub ntxhov txog kev puas siab puas ntsws. Ib pab neeg pab kev puas siab puas ntsws uas tsis nqa riam phom yuav tuaj hloov tub ceev xwm. Tub ceev xwm tseem yuav tuaj yog tias txhua pab neeg twb mus teb lwm qhov lawm.",
        },
    },
    {
        "situation": "crisis",
        "office": None,
        "title": {"en": "Hennepin County's COPE mobile crisis team", "es": "Equipo móvil de crisis COPE del condado de Hennepin", "so": "Kooxda COPE ee xaaladaha degdegga ah ee Degmada Hennepin", "hmn": "Pab neeg COPE pab kev kub ntxhov ntawm Hennepin County"},
        "description": {
            "en": "The county's mobile crisis team can come to a person in a mental-health crisis in Hennepin County.",
            "es": "El equipo móvil de crisis del condado puede ir a ver a una persona en una crisis de salud mental en el condado de Hennepin.",
            "so": "Kooxda socota ee degmada ayaa u iman karta qof ku jira xaalad caafimaad maskaxeed oo degdeg ah gudaha Degmada Hennepin.",
            "hmn": "Lub county pab neeg pab kev kub ntxhov tuaj tau rau ib tug neeg uas muaj kev kub ntxhov txog kev puas siab puas ntsws hauv Hennepin County.",
        },
    },
    {
        "situation": "property",
        "office": None,
        "online_report": True,
        "title": {"en": "Report it online", "es": "Repórtelo en línea", "so": "Ku soo sheeg khadka internetka", "hmn": "Qhia hauv online"},
        "description": {
            "en": "File a theft or property-damage report on this website and choose how the City follows up. No police officer needs to come.",
            "es": "Presente en este sitio web un reporte de robo o de daños a la propiedad y elija cómo le da seguimiento la Ciudad. No hace falta que venga un policía.",
            "so": "Ku gudbi warbixinta xatooyada ama waxyeellada hantida boggan, oo dooro sida Magaaladu kuula soo xiriirayso. Looma baahna in sarkaal booliis ah yimaado.",
            "hmn": "Sau daim ntawv qhia txog kev nyiag khoom lossis kev puas tsuaj rau khoom hauv lub vev xaib no thiab xaiv seb lub nroog yuav txuas ntxiv li cas. Tsis tas yuav muaj tub ceev xwm tuaj.",
        },
    },
    {
        "situation": "property",
        "office": "311",
        "title": {"en": "Call 311", "es": "Llame al 311", "so": "Wac 311", "hmn": "Hu 311"},
        "description": {
            "en": "311 takes property-damage and theft reports by phone.",
            "es": "El 311 toma por teléfono reportes de daños a la propiedad y de robos.",
            "so": "311 waxa ay telefoonka ku qaadataa warbixinnada waxyeellada hantida iyo xatooyada.",
            "hmn": "311 txais kev qhia txog kev puas tsuaj rau khoom thiab kev nyiag khoom hauv xov tooj.",
        },
    },
    {
        "situation": "property",
        "office": "cso",
        "title": {"en": "Report it in person to City staff", "es": "Repórtelo en persona al personal de la Ciudad", "so": "Si toos ah ugu sheeg shaqaalaha Magaalada", "hmn": "Qhia tim ntej rau cov neeg ua haujlwm rau lub nroog"},
        "description": {
            "en": "Trained City staff who are not police officers can take your report and collect evidence.",
            "es": "Personal capacitado de la Ciudad que no es policía puede tomar su reporte y reunir pruebas.",
            "so": "Shaqaalaha Magaalada ee tababaran oo aan ahayn booliis ayaa qaadi kara warbixintaada oo ururin kara caddaymaha.",
            "hmn": "Cov neeg ua haujlwm rau lub nroog uas tau kawm thiab tsis yog tub ceev xwm txais tau koj daim ntawv qhia thiab sau tau cov pov thawj.",
        },
    },
    {
        "situation": "parking",
        "office": "311",
        "title": {"en": "Call 311", "es": "Llame al 311", "so": "Wac 311", "hmn": "Hu 311"},
        "description": {
            "en": "Parking problems go to 311, and the City's Traffic Control staff respond instead of police.",
            "es": "Los problemas de estacionamiento van al 311, y el personal de Control de Tráfico de la Ciudad responde en lugar de la policía.",
            "so": "Dhibaatooyinka baarkinka waxa loo gudbiyaa 311, waxana ka jawaaba shaqaalaha Xakamaynta Gaadiidka ee Magaalada halkii booliska.",
            "hmn": "Teeb meem chaw nres tsheb mus rau 311, thiab lub nroog cov neeg ua haujlwm Tswj Kev Tsheb yuav teb es tsis yog tub ceev xwm.",
        },
    },
    {
        "situation": "other",
        "office": "311",
        "title": {"en": "Call 311", "es": "Llame al 311", "so": "Wac 311", "hmn": "Hu 311"},
        "description": {
            "en": "For other matters that only need a report and where no one is in danger, 311 takes the report or tells you where to go.",
            "es": "Para otros asuntos que solo necesitan un reporte y en los que nadie corre peligro, el 311 toma el reporte o le dice adónde ir.",
            "so": "Arrimaha kale ee u baahan warbixin keliya oo aan qofna khatar ku jirin, 311 ayaa qaata warbixinta ama kuu sheegta meesha aad aadayso.",
            "hmn": "Rau lwm yam uas tsuas xav tau daim ntawv qhia thiab tsis muaj leej twg raug kev phom sij, 311 yuav txais daim ntawv qhia lossis qhia koj tias yuav mus qhov twg.",
        },
    },
]

GLOSSARY = [
    ("311", "311", "Minneapolis's phone number for City services and reports that are not emergencies. Some calls that used to go to 911, such as property damage that is over and parking problems, now go to 311."),
    ("911", "911", "The number to call when someone is in danger, a crime is happening, or there is a fire or a medical emergency. The City's 911 center answers and decides who responds."),
    ("bcr", "BCR (behavioral crisis response)", "Teams of behavioral-health professionals, not police, that answer 911 calls about a person in a mental-health crisis. They are unarmed, dressed down and travel in a van with supplies."),
    ("bipoc", "BIPOC", "Black, Indigenous and People of Color."),
    ("call-taker", "Call taker and dispatcher", "The 911 staff who answer emergency calls (call takers) and send responders to them (dispatchers)."),
    ("cope", "COPE", "Hennepin County's mobile crisis team, which comes to people in a mental-health crisis."),
    ("de-escalation", "De-escalation", "Ways of calming a tense situation with words, time and space so that no one gets hurt and force is not needed."),
    ("edp", "EDP (emotionally disturbed person)", "The code 911 has used for calls about a person in a behavioral-health or mental-health crisis. The crisis teams answer these calls."),
    ("lims", "LIMS", "The City's Legislative Information Management System: the online record of City Council meetings, where the slides and documents of pilot updates are published."),
    ("non-sworn", "Non-sworn staff", "City employees who are not police officers. They do not carry weapons or make arrests. In one pilot they take theft and property-damage reports and collect evidence."),
    ("opi", "OPI", "The Office of Performance & Innovation, in the City Coordinator's Office. It improves how City services work and leads the pilots of alternatives to police response."),
    ("ovp", "OVP", "The City's Office of Violence Prevention."),
    ("pilot", "Pilot", "A program run for a limited time to test an idea. The City measures how it works before deciding whether to keep it."),
    ("report-only-call", "Report-only call", "A call about something that is already over, such as a theft or property damage, where no one is in danger and what is needed is a written report rather than a response at the scene."),
    ("rfp", "RFP (request for proposals)", "A competitive process in which the City invites organizations to offer a service and chooses among them."),
    ("triage", "Triage", "Sorting calls by how urgent they are and what kind of help they need, so each one gets the right response."),
]

RESOURCES = [
    {
        "title": "911/MPD Workgroup final recommendations",
        "kind": "report",
        "published_on": datetime.date(2020, 11, 5),
        "publisher": "Office of Performance & Innovation",
        "summary": "A 73-page report that analyzed more than 8,000 survey responses and recommended pilot programs for mental-health and non-emergency calls to 911.",
    },
    {
        "title": "Hennepin County 911/Mental Health Task Force resolution",
        "kind": "plan",
        "published_on": datetime.date(2020, 12, 15),
        "publisher": "Hennepin County Board",
        "summary": "The county board's resolution creating a task force to plan how to respond to mental-health needs that public safety partners identify.",
    },
]


POPULATION_SHARES = [
    # The City's own figure: BIPOC residents are about 37% of Minneapolis's population.
    ("race", "BIPOC", "37.0", "City of Minneapolis"),
]


def _translated(field, values):
    """The plain column (English, as modeltranslation expects) and one column per language."""
    columns = {field: values["en"]}
    columns.update({f"{field}_{language}": values[language] for language in LANGUAGES})
    return columns


def _english(field, value):
    return {field: value, f"{field}_en": value}


def create_content(apps, schema_editor):
    Office = apps.get_model("publicsite", "Office")
    HelpDestination = apps.get_model("publicsite", "HelpDestination")
    GlossaryTerm = apps.get_model("publicsite", "GlossaryTerm")
    Resource = apps.get_model("publicsite", "Resource")
    PopulationShare = apps.get_model("publicsite", "PopulationShare")

    offices = {}
    for data in OFFICES:
        fields = {"phone": data.get("phone", ""), "address": data.get("address", ""), "order": data["order"]}
        for field in ("name", "description", "hours"):
            if field in data:
                fields.update(_translated(field, data[field]))
        offices[data["key"]] = Office.objects.create(**fields)

    for order, data in enumerate(DESTINATIONS, start=1):
        HelpDestination.objects.create(
            situation=data["situation"],
            office=offices.get(data["office"]),
            online_report=data.get("online_report", False),
            order=order,
            **_translated("title", data["title"]),
            **_translated("description", data["description"]),
        )

    for slug, term, definition in GLOSSARY:
        GlossaryTerm.objects.create(slug=slug, **_english("term", term), **_english("definition", definition))

    for data in RESOURCES:
        Resource.objects.create(
            kind=data["kind"],
            published_on=data["published_on"],
            publisher=data["publisher"],
            **_english("title", data["title"]),
            **_english("summary", data["summary"]),
        )

    for dimension, category, percent, source in POPULATION_SHARES:
        PopulationShare.objects.create(dimension=dimension, category=category, percent=percent, source=source)


def remove_content(apps, schema_editor):
    for model in ("HelpDestination", "Office", "GlossaryTerm", "Resource", "PopulationShare"):
        apps.get_model("publicsite", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("publicsite", "0003_opi_staff_permissions")]

    operations = [migrations.RunPython(create_content, remove_content)]
