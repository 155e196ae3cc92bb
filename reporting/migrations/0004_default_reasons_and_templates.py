"""A starting list of reasons and message templates, in the four languages; staff edit it."""

from django.db import migrations

LANGUAGES = ("en", "es", "so", "hmn")

REASONS = [
    {
        "action": "refer",
        "destination": "mpd",
        "label": (
            "A police officer needs to take this report",
            "Un agente de policía debe tomar esta denuncia",
            "Sarkaal booliis ayaa qaadaya warbixintan",
            "Tub ceev xwm yuav tsum txais daim ntawv no",
        ),
        "explanation": (
            "Reports involving a weapon, a known suspect or a stolen vehicle are taken by the police. "
            "Call 911 if anyone is in danger; otherwise call 311 and ask to file a police report.",
            "Las denuncias con un arma, un sospechoso conocido o un vehículo robado las toma la policía. "
            "Llame al 911 si alguien está en peligro; si no, llame al 311 y pida presentar una denuncia policial.",
            "Warbixinnada ay ku jiraan hub, tuhmane la yaqaan ama gaari la xaday waxaa qaata booliiska. "
            "Wac 911 haddii qof khatar ku jiro; haddii kale wac 311 oo codso inaad gudbiso warbixin booliis.",
            "Cov ntawv uas muaj riam phom, paub tus neeg ua los sis tsheb raug nyiag yog tub ceev xwm txais. "
            "Hu 911 yog muaj neeg nyob hauv kev phom sij; yog tsis yog hu 311 thiab thov xa ntawv rau tub ceev xwm.",
        ),
    },
    {
        "action": "refer",
        "destination": "311",
        "label": (
            "Damage to City property",
            "Daños a propiedad de la Ciudad",
            "Waxyeelo hantida Magaalada",
            "Kev puas tsuaj rau khoom ntawm Lub Nroog",
        ),
        "explanation": (
            "Streetlights, signs, graffiti on public property and other City property are repaired through 311.",
            "Los faroles, las señales, el grafiti en propiedad pública y otros bienes de la Ciudad "
            "se reparan por el 311.",
            "Nalalka wadada, calaamadaha, qoraallada hantida dadweynaha iyo hantida kale ee Magaalada "
            "waxaa lagu hagaajiyaa 311.",
            "Teeb kev, daim paib, kev pleev xim rau khoom pej xeem thiab lwm yam khoom ntawm Lub Nroog "
            "yog kho los ntawm 311.",
        ),
    },
    {
        "action": "refer",
        "destination": "traffic_control",
        "label": ("Parking problem", "Problema de estacionamiento", "Dhibaato baarkin", "Teeb meem chaw nres tsheb"),
        "explanation": (
            "Parking problems are handled by the City's Traffic Control team. Call 311 to reach them.",
            "Los problemas de estacionamiento los atiende el equipo de Control de Tráfico de la Ciudad. "
            "Llame al 311 para comunicarse.",
            "Dhibaatooyinka baarkinka waxaa qabta kooxda Xakamaynta Gaadiidka ee Magaalada. "
            "Wac 311 si aad u gaarto.",
            "Teeb meem chaw nres tsheb yog pab pawg Tswj Tsheb ntawm Lub Nroog saib. Hu 311 los tiv tauj lawv.",
        ),
    },
    {
        "action": "refer",
        "destination": "other_agency",
        "label": (
            "It happened outside Minneapolis",
            "Pasó fuera de Minneapolis",
            "Waxay ka dhacday meel ka baxsan Minneapolis",
            "Nws tshwm sim sab nraum Minneapolis",
        ),
        "explanation": (
            "The police of the city or county where it happened take the report.",
            "La denuncia la toma la policía de la ciudad o el condado donde pasó.",
            "Warbixinta waxaa qaata booliiska magaalada ama degmada ay ka dhacday.",
            "Tub ceev xwm ntawm lub nroog los sis lub nroog loj uas nws tshwm sim yuav txais daim ntawv.",
        ),
        "destination_details": (
            "The police department or sheriff's office where it happened. Call 311 if you are not sure which.",
            "La policía o la oficina del sheriff del lugar donde pasó. Llame al 311 si no sabe cuál es.",
            "Waaxda booliiska ama xafiiska sheriff-ka ee meesha ay ka dhacday. Wac 311 haddii aadan hubin.",
            "Chaw tub ceev xwm los sis chaw sheriff nyob qhov chaw uas tshwm sim. Hu 311 yog koj tsis paub meej.",
        ),
    },
    {
        "action": "decline",
        "destination": "none",
        "label": (
            "Not theft or property damage",
            "No es robo ni daños a la propiedad",
            "Ma aha xatooyo ama waxyeelo hanti",
            "Tsis yog kev nyiag los sis kev ua puas khoom",
        ),
        "explanation": (
            "What you describe is not a theft or property damage, so there is no report to take. "
            "Call 311 if you need help from the City.",
            "Lo que describe no es un robo ni daños a la propiedad, así que no hay denuncia que tomar. "
            "Llame al 311 si necesita ayuda de la Ciudad.",
            "Waxaad sharaxday ma aha xatooyo ama waxyeelo hanti, sidaas darteed warbixin lama qaadayo. "
            "Wac 311 haddii aad u baahan tahay caawimaad Magaalada.",
            "Yam koj piav tsis yog kev nyiag los sis kev ua puas khoom, yog li tsis muaj ntawv yuav txais. "
            "Hu 311 yog koj xav tau kev pab ntawm Lub Nroog.",
        ),
    },
    {
        "action": "decline",
        "destination": "none",
        "label": ("Already reported", "Ya denunciado", "Horay loo soo sheegay", "Twb qhia lawm"),
        "explanation": (
            "This repeats a report you already filed. We keep working on the first one.",
            "Esto repite una denuncia que ya presentó. Seguimos trabajando en la primera.",
            "Tani waxay ku celinaysaa warbixin aad horay u gudbisay. Waxaan ka shaqaynaynaa tii hore.",
            "Qhov no rov hais dua ib daim ntawv koj twb xa lawm. Peb tseem ua hauj lwm rau thawj daim.",
        ),
    },
]

TEMPLATES = [
    {
        "name": "Serial numbers or receipts",
        "purpose": "info_request",
        "body": (
            "Could you send the serial numbers, receipts or photos of what was taken? "
            "You can add them from your status page.",
            "¿Podría enviarnos los números de serie, recibos o fotos de lo que se llevaron? "
            "Puede agregarlos desde su página de estado.",
            "Ma noo soo diri kartaa lambarrada taxanaha, rasiidhada ama sawirrada waxa la qaatay? "
            "Waxaad ku dari kartaa bogga xaaladdaada.",
            "Koj puas xa tau tus lej serial, daim ntawv txais nyiaj los sis duab ntawm yam raug nyiag? "
            "Koj ntxiv tau ntawm koj nplooj ntawv xwm txheej.",
        ),
    },
    {
        "name": "Exact place",
        "purpose": "info_request",
        "body": (
            "Could you tell us more exactly where it happened, such as the nearest corner or a landmark?",
            "¿Podría decirnos con más precisión dónde pasó, como la esquina más cercana o un punto de referencia?",
            "Ma noo sheegi kartaa si sax ah halka ay ka dhacday, sida geeska ugu dhow ama calaamad la yaqaan?",
            "Koj puas qhia tau meej dua tias nws tshwm sim qhov twg, xws li lub ces kaum kev ze los sis ib qho chaw paub?",
        ),
    },
    {
        "name": "Arrange a visit",
        "purpose": "general",
        "body": (
            "We would like to arrange a visit. Which days and times suit you this week?",
            "Queremos organizar una visita. ¿Qué días y horas le convienen esta semana?",
            "Waxaan jeclaan lahayn inaan diyaarino booqasho. Maalmaha iyo saacadaha kuu habboon toddobaadkan?",
            "Peb xav npaj tuaj xyuas koj. Lub lim tiam no hnub twg thiab thaum twg haum rau koj?",
        ),
    },
]


def translated(field: str, values: tuple) -> dict:
    return {field: values[0], **{f"{field}_{code}": value for code, value in zip(LANGUAGES, values, strict=True)}}


def add_defaults(apps, schema_editor):
    Reason = apps.get_model("reporting", "Reason")
    MessageTemplate = apps.get_model("reporting", "MessageTemplate")
    for reason in REASONS:
        fields = {"action": reason["action"], "destination": reason["destination"]}
        for name in ("label", "explanation", "destination_details"):
            if name in reason:
                fields.update(translated(name, reason[name]))
        Reason.objects.create(**fields)
    for template in TEMPLATES:
        MessageTemplate.objects.create(
            name=template["name"], purpose=template["purpose"], **translated("body", template["body"])
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("reporting", "Reason").objects.filter(label__in=[r["label"][0] for r in REASONS]).delete()
    apps.get_model("reporting", "MessageTemplate").objects.filter(name__in=[t["name"] for t in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_staff_permissions"),
    ]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
