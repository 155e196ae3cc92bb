"""Starting reasons for referral or decline and message templates, in the four languages, so staff
can act on reports from the first day. Supervisors edit or retire them in the admin."""

from django.db import migrations

LANGUAGES = ("en", "es", "so", "hmn")
NO_DETAILS = dict.fromkeys(LANGUAGES, "")

REASONS = [
    {
        "action": "refer",
        "destination": "mpd",
        "destination_details": NO_DETAILS,
        "label": {
            "en": "Needs a police officer",
            "es": "Necesita a un agente de policía",
            "so": "Waxay u baahan tahay sarkaal booliis",
            "hmn": "Yuav tsum muaj ib tug tub ceev xwm",
        },
        "explanation": {
            "en": "What you described, such as a weapon or a known suspect, needs a Minneapolis police "
            "officer. In an emergency call 911; otherwise call 311 and ask to file a police report.",
            "es": "Lo que describió, como un arma o un sospechoso conocido, necesita a un agente de la "
            "policía de Minneapolis. En una emergencia llame al 911; si no, llame al 311 y pida hacer "
            "un informe policial.",
            "so": "Waxa aad sharraxday, sida hub ama qof la garanayo, waxay u baahan yihiin sarkaal "
            "booliiska Minneapolis. Xaalad degdeg ah wac 911; haddii kale wac 311 oo codso inaad "
            "gudbiso warbixin booliis.",
            "hmn": "Yam koj piav, xws li riam phom los yog ib tug neeg uas paub tias yog leej twg ua, "
            "yuav tsum muaj ib tug tub ceev xwm Minneapolis. Thaum muaj xwm txheej ceev hu 911; yog "
            "tsis yog ces hu 311 thiab thov ua ib daim ntawv qhia rau tub ceev xwm.",
        },
    },
    {
        "action": "refer",
        "destination": "311",
        "destination_details": NO_DETAILS,
        "label": {
            "en": "Handled by 311",
            "es": "Lo atiende el 311",
            "so": "Waxaa qabta 311",
            "hmn": "311 yog tus saib xyuas",
        },
        "explanation": {
            "en": "Minneapolis 311 handles this. Call 311, Monday to Friday, 7 a.m. to 7 p.m.",
            "es": "El 311 de Minneapolis se encarga de esto. Llame al 311, de lunes a viernes, de 7 a. m. "
            "a 7 p. m.",
            "so": "Minneapolis 311 ayaa qabta arrintan. Wac 311, Isniin ilaa Jimce, 7 subaxnimo ilaa "
            "7 fiidnimo.",
            "hmn": "Minneapolis 311 yog tus saib xyuas qhov no. Hu 311, hnub Monday txog Friday, "
            "7 teev sawv ntxov txog 7 teev tsaus ntuj.",
        },
    },
    {
        "action": "refer",
        "destination": "traffic_control",
        "destination_details": NO_DETAILS,
        "label": {
            "en": "Parking: Traffic Control",
            "es": "Estacionamiento: Control de Tráfico",
            "so": "Baarkin: Xakamaynta Taraafikada",
            "hmn": "Chaw nres tsheb: Traffic Control",
        },
        "explanation": {
            "en": "Parking problems are handled by the City's Traffic Control team. Call 311 to reach them.",
            "es": "Los problemas de estacionamiento los atiende el equipo de Control de Tráfico de la "
            "Ciudad. Llame al 311 para comunicarse con ellos.",
            "so": "Dhibaatooyinka baarkinka waxaa qabta kooxda Xakamaynta Taraafikada ee Magaalada. "
            "Wac 311 si aad u gaarto.",
            "hmn": "Teeb meem txog chaw nres tsheb yog pab neeg Traffic Control ntawm Lub Nroog saib "
            "xyuas. Hu 311 txhawm rau tiv tauj lawv.",
        },
    },
    {
        "action": "refer",
        "destination": "other_agency",
        "destination_details": {
            "en": "The police department of the city where it happened",
            "es": "El departamento de policía de la ciudad donde ocurrió",
            "so": "Waaxda booliiska ee magaalada ay ka dhacday",
            "hmn": "Lub chaw haujlwm tub ceev xwm ntawm lub nroog uas nws tshwm sim",
        },
        "label": {
            "en": "Outside Minneapolis",
            "es": "Fuera de Minneapolis",
            "so": "Meel ka baxsan Minneapolis",
            "hmn": "Sab nraum Minneapolis",
        },
        "explanation": {
            "en": "It happened outside Minneapolis, so the police of that city take the report.",
            "es": "Ocurrió fuera de Minneapolis, así que la policía de esa ciudad toma el informe.",
            "so": "Waxay ka dhacday meel ka baxsan Minneapolis, sidaa darteed booliiska magaaladaas "
            "ayaa qaata warbixinta.",
            "hmn": "Nws tshwm sim sab nraum Minneapolis, yog li tub ceev xwm ntawm lub nroog ntawd "
            "yog tus txais daim ntawv qhia.",
        },
    },
    {
        "action": "decline",
        "destination": "none",
        "destination_details": NO_DETAILS,
        "label": {
            "en": "Not theft or property damage",
            "es": "No es robo ni daño a la propiedad",
            "so": "Ma aha xatooyo ama waxyeello hanti",
            "hmn": "Tsis yog tub sab los yog ua puas khoom",
        },
        "explanation": {
            "en": "This service takes reports of theft and property damage only. Call 311 if you are "
            "not sure where to go.",
            "es": "Este servicio solo recibe informes de robo y daño a la propiedad. Llame al 311 si no "
            "sabe adónde acudir.",
            "so": "Adeeggan wuxuu qaataa oo keliya warbixinnada xatooyada iyo waxyeellada hantida. "
            "Wac 311 haddii aadan hubin meesha aad aadayso.",
            "hmn": "Qhov kev pab no tsuas txais cov ntawv qhia txog tub sab thiab ua puas khoom xwb. "
            "Hu 311 yog koj tsis paub tias yuav mus qhov twg.",
        },
    },
    {
        "action": "decline",
        "destination": "none",
        "destination_details": NO_DETAILS,
        "label": {
            "en": "Already reported",
            "es": "Ya se informó",
            "so": "Horay ayaa loo soo sheegay",
            "hmn": "Twb qhia lawm",
        },
        "explanation": {
            "en": "We already have a report about this. Follow it with the reference number of the "
            "first report.",
            "es": "Ya tenemos un informe sobre esto. Siga su avance con el número de referencia del "
            "primer informe.",
            "so": "Horay ayaan u haynaa warbixin ku saabsan arrintan. Kala soco lambarka tixraaca ee "
            "warbixinta koowaad.",
            "hmn": "Peb twb muaj ib daim ntawv qhia txog qhov no lawm. Saib nws nrog tus lej "
            "siv ntawm daim ntawv qhia thawj zaug.",
        },
    },
]

TEMPLATES = [
    {
        "name": "Serial numbers or photos",
        "purpose": "info_request",
        "body": {
            "en": "Could you give us the serial numbers of the stolen items, or add photos or receipts?",
            "es": "¿Nos puede dar los números de serie de los objetos robados, o agregar fotos o recibos?",
            "so": "Ma na siin kartaa lambarrada taxanaha ee alaabta la xaday, ama ma ku dari kartaa "
            "sawirro ama rasiidyo?",
            "hmn": "Koj puas muab tau cov lej serial ntawm cov khoom raug nyiag, los yog ntxiv cov duab "
            "los yog daim ntawv txais nyiaj?",
        },
    },
    {
        "name": "Exact place and time",
        "purpose": "info_request",
        "body": {
            "en": "Could you tell us more exactly where and when it happened?",
            "es": "¿Nos puede decir con más exactitud dónde y cuándo ocurrió?",
            "so": "Ma noo sheegi kartaa si sax ah meesha iyo goorta ay dhacday?",
            "hmn": "Koj puas qhia tau meej dua rau peb tias nws tshwm sim qhov twg thiab thaum twg?",
        },
    },
    {
        "name": "We are working on it",
        "purpose": "general",
        "body": {
            "en": "Thank you for your report. A City staff member is reviewing it and will contact you "
            "the way you chose.",
            "es": "Gracias por su informe. Un empleado de la Ciudad lo está revisando y se comunicará con "
            "usted de la forma que eligió.",
            "so": "Waad ku mahadsan tahay warbixintaada. Shaqaale Magaalada ka tirsan ayaa dib u "
            "eegaya oo kula soo xiriiri doona sida aad dooratay.",
            "hmn": "Ua tsaug rau koj daim ntawv qhia. Ib tug neeg ua haujlwm ntawm Lub Nroog tab tom "
            "saib thiab yuav tiv tauj koj raws li koj xaiv.",
        },
    },
]


def translated(field: str, values: dict) -> dict:
    """The default-language column and one column per language, as modeltranslation stores them."""
    return {field: values["en"], **{f"{field}_{language}": values[language] for language in LANGUAGES}}


def add_starting_lists(apps, schema_editor=None) -> None:
    Reason = apps.get_model("reporting", "Reason")
    MessageTemplate = apps.get_model("reporting", "MessageTemplate")
    for reason in REASONS:
        Reason.objects.get_or_create(
            action=reason["action"],
            label=reason["label"]["en"],
            defaults={
                **translated("label", reason["label"]),
                **translated("explanation", reason["explanation"]),
                **translated("destination_details", reason["destination_details"]),
                "destination": reason["destination"],
            },
        )
    for template in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            name=template["name"],
            defaults={"purpose": template["purpose"], **translated("body", template["body"])},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_staff_queue_and_search_indexes"),
    ]

    operations = [migrations.RunPython(add_starting_lists, migrations.RunPython.noop)]
