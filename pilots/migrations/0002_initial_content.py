"""The programs, initiative phases, timeline and partners as the City's pages describe them,
written for this site, with names, summaries and goals in every site language."""

import datetime

from django.db import migrations

LANGUAGES = ("en", "es", "so", "hmn")

PARTNERS = [
    # (short name, name, kind)
    ("MPD", "Minneapolis Police Department", "city"),
    ("MFD", "Minneapolis Fire Department and Emergency Medical Services", "city"),
    ("911", "Minneapolis 911 (Emergency Communications)", "city"),
    ("OVP", "Office of Violence Prevention", "city"),
    ("", "City Attorney's Office", "city"),
    ("311", "Minneapolis 311", "city"),
    ("", "Traffic Control", "city"),
    ("", "Community Safety Office", "city"),
    ("COPE", "Hennepin County COPE mobile crisis team", "county"),
]

ACTIVE_SINCE = datetime.date(2021, 4, 1)  # start of the 2021 pilot phase
FUNDED_ON = datetime.date(2021, 1, 26)
DIRECTED_ON = datetime.date(2020, 7, 24)

PROGRAMS = [
    {
        "code": "MH1",
        "slug": "mobile-crisis-teams",
        "category": "behavioral-health",
        "opi_role": "lead",
        "kind": "pilot",
        "status": "active",
        "status_changed_on": ACTIVE_SINCE,
        "name": {
            "en": "Mobile behavioral health crisis teams",
            "es": "Equipos móviles para crisis de salud conductual",
            "so": "Kooxaha socda ee xaaladaha degdegga ah ee caafimaadka maskaxda",
            "hmn": "Pab neeg mus pab thaum muaj kev kub ntxhov txog kev noj qab haus huv ntawm lub hlwb",
        },
        "summary": {
            "en": "Unarmed teams of behavioral health workers, not police, answer emergency calls about "
            "a person in a mental health crisis.",
            "es": "Equipos desarmados de profesionales de salud conductual, no la policía, atienden las "
            "llamadas de emergencia sobre una persona en crisis de salud mental.",
            "so": "Kooxo aan hubaysnayn oo ka kooban shaqaale caafimaadka maskaxda, oo aan ahayn booliis, "
            "ayaa ka jawaaba wicitaannada degdegga ah ee ku saabsan qof ku jira xaalad maskaxeed oo degdeg ah.",
            "hmn": "Pab neeg uas tsis nqa riam phom thiab tsis yog tub ceev xwm, yog cov neeg ua hauj lwm "
            "txog kev noj qab haus huv ntawm lub hlwb, teb cov xov tooj ceev txog ib tug neeg uas muaj "
            "kev kub ntxhov ntawm lub hlwb.",
        },
        "description": "When someone calls 911 about a person in an emotional or mental health crisis "
        "(what dispatch calls an EDP incident), a crisis team can go instead of a squad car. The teams "
        "are built around behavioral health providers and can include medical professionals. In 2021 "
        "two teams were on duty at all hours, so police were no longer the first response to most of "
        "these calls; officers may still come when both teams are already out on calls.",
        "responders": "Behavioral health providers, sometimes joined by medical professionals such as "
        "EMTs. They are trained in crisis intervention, de-escalation, trauma, and race and gender "
        "identity. They come unarmed, in plain clothes, with a van of supplies.",
        "hours": "Two teams, 24 hours a day, 7 days a week (2021)",
        "what_to_expect": "A calm, respectful conversation with people who treat a crisis as a health "
        "need, not a crime; counseling or medical help on the spot; and a link to services that can "
        "help afterwards.",
        "goals": [
            {
                "en": "Offer people in a behavioral health crisis a response other than police",
                "es": "Ofrecer a las personas en crisis de salud conductual una respuesta distinta de la policía",
                "so": "In dadka ku jira xaalad degdeg ah oo caafimaadka maskaxda ah la siiyo jawaab aan "
                "booliis ahayn",
                "hmn": "Muab lwm txoj kev pab uas tsis yog tub ceev xwm rau cov neeg uas muaj kev kub "
                "ntxhov ntawm lub hlwb",
            },
            {
                "en": "Let responders work out what the person needs and give care and support on the spot",
                "es": "Permitir que el equipo evalúe lo que la persona necesita y le brinde atención y "
                "apoyo en el lugar",
                "so": "In kooxdu ogaato waxa qofku u baahan yahay oo ay goobta ku siiso daryeel iyo taageero",
                "hmn": "Cia pab neeg saib seb tus neeg xav tau dab tsi thiab pab saib xyuas nws ntawm "
                "qhov chaw ntawd",
            },
            {
                "en": "Avoid hospital stays and criminal charges that are not needed",
                "es": "Evitar hospitalizaciones y cargos penales innecesarios",
                "so": "Laga fogaado isbitaal dhigis iyo dacwado dambiyeed aan loo baahnayn",
                "hmn": "Zam kev mus pw tsev kho mob thiab kev raug foob txhaum cai uas tsis tsim nyog",
            },
        ],
        "benefits": [
            "A response from care providers instead of police for people in a behavioral health crisis",
            "Needs assessed, and care and support given, where the person is",
            "Fewer unneeded trips to the hospital and fewer criminal charges",
        ],
        "partners": ["911", "MPD", "MFD", "COPE"],
    },
    {
        "code": "MH2",
        "slug": "911-behavioral-health-training",
        "category": "behavioral-health",
        "opi_role": "lead",
        "kind": "pilot",
        "status": "active",
        "status_changed_on": ACTIVE_SINCE,
        "name": {
            "en": "Behavioral health training for 911 staff",
            "es": "Capacitación en salud conductual para el personal del 911",
            "so": "Tababarka caafimaadka maskaxda ee shaqaalaha 911",
            "hmn": "Kev cob qhia txog kev noj qab haus huv ntawm lub hlwb rau cov neeg ua hauj lwm 911",
        },
        "summary": {
            "en": "Some 911 call takers, dispatchers and supervisors are trained to assess behavioral "
            "health calls; the City reviews how it goes before training everyone.",
            "es": "Algunos operadores, despachadores y supervisores del 911 reciben capacitación para "
            "evaluar llamadas de salud conductual; la Ciudad revisa los resultados antes de capacitar a todos.",
            "so": "Qaar ka mid ah dadka qaata wicitaannada 911, kuwa dira kooxaha iyo kormeerayaasha ayaa "
            "lagu tababaraa qiimeynta wicitaannada caafimaadka maskaxda; Magaaladu waxay dib u eegtaa "
            "natiijada ka hor inta aan dhammaan la tababarin.",
            "hmn": "Ib txhia neeg txais xov tooj 911, neeg xa pab neeg thiab cov thawj saib xyuas tau "
            "txais kev cob qhia los ntsuam xyuas cov xov tooj txog kev noj qab haus huv ntawm lub hlwb; "
            "Lub Nroog yuav saib tias mus li cas ua ntej cob qhia txhua tus.",
        },
        "description": "A first group of 911 staff takes behavioral health dispatch training. Their "
        "experience is evaluated before the training is given to everyone who answers 911 calls.",
        "goals": [
            {
                "en": "Give 911 call takers the tools to assess behavioral health calls",
                "es": "Dar a los operadores del 911 las herramientas para evaluar llamadas de salud conductual",
                "so": "In dadka qaata wicitaannada 911 la siiyo qalabka ay ku qiimeeyaan wicitaannada "
                "caafimaadka maskaxda",
                "hmn": "Muab cov cuab yeej rau cov neeg txais xov tooj 911 los ntsuam xyuas cov xov tooj "
                "txog lub hlwb",
            },
            {
                "en": "Send each call to the team best suited to it",
                "es": "Enviar cada llamada al equipo más adecuado",
                "so": "Wicitaan kasta loo diro kooxda ugu habboon",
                "hmn": "Xa txhua qhov xov tooj mus rau pab neeg uas haum tshaj plaws",
            },
            {
                "en": "Give responders clear, reliable information about behavioral health needs",
                "es": "Dar a quienes responden información clara y confiable sobre las necesidades de "
                "salud conductual",
                "so": "Kooxaha gurmadka la siiyo macluumaad cad oo la isku halayn karo oo ku saabsan "
                "baahiyaha caafimaadka maskaxda",
                "hmn": "Muab cov ntaub ntawv meej thiab ntseeg tau txog kev noj qab haus huv ntawm lub "
                "hlwb rau cov neeg mus pab",
            },
        ],
        "benefits": [
            "911 call takers equipped to judge behavioral health calls",
            "Calls sent to the response team that fits them best",
            "Better information for responders before they arrive",
        ],
        "partners": ["911"],
    },
    {
        "code": "MH3",
        "slug": "mental-health-professionals-in-911",
        "category": "behavioral-health",
        "opi_role": "lead",
        "kind": "pilot",
        "status": "planned",
        "status_changed_on": FUNDED_ON,
        "name": {
            "en": "Mental health professionals in 911",
            "es": "Profesionales de salud mental en el 911",
            "so": "Xirfadlayaasha caafimaadka maskaxda ee 911",
            "hmn": "Cov kws pab txog kev noj qab haus huv ntawm lub hlwb hauv 911",
        },
        "summary": {
            "en": "Two mental health professionals work beside 911 call takers and dispatchers to sort "
            "behavioral health calls and choose the best response.",
            "es": "Dos profesionales de salud mental trabajan junto a los operadores y despachadores del "
            "911 para clasificar las llamadas de salud conductual y elegir la mejor respuesta.",
            "so": "Laba xirfadle oo caafimaadka maskaxda ah ayaa la shaqeeya dadka qaata wicitaannada 911 "
            "iyo kuwa dira kooxaha si ay u kala saaraan wicitaannada caafimaadka maskaxda oo ay u "
            "doortaan jawaabta ugu wanaagsan.",
            "hmn": "Ob tug kws txog kev noj qab haus huv ntawm lub hlwb ua hauj lwm nrog cov neeg txais "
            "xov tooj thiab cov neeg xa pab neeg hauv 911 los cais cov xov tooj txog lub hlwb thiab xaiv "
            "txoj kev pab zoo tshaj.",
        },
        "description": "Often described as social workers in 911: two behavioral health professionals "
        "sit in the 911 center, help triage calls about mental health, steer calls away from police "
        "where another response fits better, and pick the right response for each.",
        "responders": "Two mental health professionals working inside the 911 center.",
        "goals": [
            {
                "en": "Divert behavioral health calls to 911 away from police response",
                "es": "Desviar de la respuesta policial las llamadas de salud conductual al 911",
                "so": "Wicitaannada caafimaadka maskaxda ee 911 laga weeciyo jawaabta booliiska",
                "hmn": "Hloov cov xov tooj 911 txog lub hlwb kom tsis txhob xa tub ceev xwm mus",
            },
            {
                "en": "Find the right resources for the person in crisis",
                "es": "Encontrar los recursos adecuados para la persona en crisis",
                "so": "Loo helo qofka xaaladda ku jira kheyraadka ku habboon",
                "hmn": "Nrhiav cov kev pab uas haum rau tus neeg uas muaj kev kub ntxhov",
            },
            {
                "en": "Improve triage of behavioral health calls across the 911 center",
                "es": "Mejorar la clasificación de las llamadas de salud conductual en todo el centro 911",
                "so": "La hagaajiyo kala-saarista wicitaannada caafimaadka maskaxda ee xarunta 911 oo dhan",
                "hmn": "Txhim kho kev cais cov xov tooj txog lub hlwb thoob plaws lub chaw 911",
            },
        ],
        "partners": ["911", "MPD"],
    },
    {
        "code": "MH4",
        "slug": "community-de-escalation-training",
        "category": "behavioral-health",
        "opi_role": "support",
        "kind": "pilot",
        "status": "planned",
        "status_changed_on": DIRECTED_ON,
        "name": {
            "en": "Community de-escalation training",
            "es": "Capacitación comunitaria en desescalada",
            "so": "Tababarka bulshada ee dejinta xiisadaha",
            "hmn": "Kev cob qhia zej zog txog kev txo kev kub ntxhov",
        },
        "summary": {
            "en": "Training that helps community members calm tense situations safely, run by City "
            "departments with OPI's support.",
            "es": "Capacitación que ayuda a los miembros de la comunidad a calmar situaciones tensas de "
            "forma segura, a cargo de departamentos de la Ciudad con el apoyo de OPI.",
            "so": "Tababar ka caawiya xubnaha bulshada inay si nabad ah u dejiyaan xaaladaha kacsan, oo "
            "ay maamulaan waaxaha Magaalada iyagoo taageero ka helaya OPI.",
            "hmn": "Kev cob qhia uas pab cov tswv cuab hauv zej zog kom txo tau tej xwm txheej kub ntxhov "
            "kom muaj kev nyab xeeb, uas Lub Nroog cov chaw ua hauj lwm coj thiab OPI pab txhawb.",
        },
        "goals": [
            {
                "en": "Give community members skills to calm tense situations without force",
                "es": "Dar a los miembros de la comunidad habilidades para calmar situaciones tensas sin "
                "usar la fuerza",
                "so": "Xubnaha bulshada la siiyo xirfado ay ku dejiyaan xaaladaha kacsan iyagoo aan xoog "
                "adeegsan",
                "hmn": "Muab kev txawj rau cov tswv cuab hauv zej zog kom txo tau tej xwm txheej kub "
                "ntxhov yam tsis siv zog",
            },
        ],
        "partners": ["OVP"],
    },
    {
        "code": "R1",
        "slug": "property-damage-and-parking-calls-to-311",
        "category": "reporting",
        "opi_role": "support",
        "kind": "implementation",
        "status": "planned",
        "status_changed_on": DIRECTED_ON,
        "name": {
            "en": "Property damage and parking calls go to 311",
            "es": "Las llamadas por daños a la propiedad y estacionamiento pasan al 311",
            "so": "Wicitaannada waxyeellada hantida iyo baarkinka waxaa loo wareejiyaa 311",
            "hmn": "Cov xov tooj txog kev puas tsuaj rau khoom thiab chaw nres tsheb xa mus rau 311",
        },
        "summary": {
            "en": "Calls that only need a property damage report, and calls about parking problems, "
            "are sent to 311 instead of to police.",
            "es": "Las llamadas que solo necesitan un reporte de daños a la propiedad y las llamadas sobre "
            "problemas de estacionamiento se envían al 311 en lugar de a la policía.",
            "so": "Wicitaannada u baahan oo keliya warbixin waxyeello hanti, iyo wicitaannada ku saabsan "
            "dhibaatooyinka baarkinka, waxaa loo diraa 311 halkii booliiska.",
            "hmn": "Cov xov tooj uas tsuas xav tau sau ntawv qhia txog kev puas tsuaj rau khoom, thiab "
            "cov xov tooj txog teeb meem nres tsheb, raug xa mus rau 311 es tsis yog tub ceev xwm.",
        },
        "goals": [
            {
                "en": "Let residents report property damage and parking problems without a police response",
                "es": "Permitir que los residentes reporten daños a la propiedad y problemas de "
                "estacionamiento sin que acuda la policía",
                "so": "Dadka deegaanka u oggolow inay soo sheegaan waxyeellada hantida iyo dhibaatooyinka "
                "baarkinka iyadoo aan booliis loo soo dirin",
                "hmn": "Cia cov neeg nyob hauv nroog qhia txog kev puas tsuaj rau khoom thiab teeb meem "
                "nres tsheb yam tsis tas tub ceev xwm tuaj",
            },
        ],
        "partners": ["311", "MPD"],
    },
    {
        "code": "R2",
        "slug": "online-reporting",
        "category": "reporting",
        "opi_role": "support",
        "kind": "implementation",
        "status": "planned",
        "status_changed_on": DIRECTED_ON,
        "name": {
            "en": "Comprehensive online reporting",
            "es": "Sistema completo de reportes en línea",
            "so": "Nidaam dhammaystiran oo warbixinta online-ka ah",
            "hmn": "Txoj kev qhia ntawv hauv online uas tiav",
        },
        "summary": {
            "en": "One complete online system for incidents that need only a report, such as theft and "
            "property damage.",
            "es": "Un sistema en línea completo para los incidentes que solo necesitan un reporte, como "
            "robos y daños a la propiedad.",
            "so": "Hal nidaam online ah oo dhammaystiran oo loogu talagalay dhacdooyinka u baahan warbixin "
            "oo keliya, sida xatooyada iyo waxyeellada hantida.",
            "hmn": "Ib txoj kev online uas tiav rau tej xwm txheej uas tsuas xav tau ib daim ntawv qhia, "
            "xws li kev nyiag khoom thiab kev puas tsuaj rau khoom.",
        },
        "goals": [
            {
                "en": "Let residents file report-only incidents online, at any hour",
                "es": "Permitir que los residentes presenten en línea, a cualquier hora, los incidentes "
                "que solo requieren un reporte",
                "so": "Dadka deegaanka u oggolow inay saacad kasta online ku soo gudbiyaan dhacdooyinka "
                "u baahan warbixin oo keliya",
                "hmn": "Cia cov neeg nyob hauv nroog xa ntawv qhia online txog tej xwm txheej, txhua lub "
                "sij hawm",
            },
        ],
        "partners": ["311", "MPD"],
        "source_note": "Inferred. The City's pages never name R2. The 911/MPD Work Group's reporting "
        "recommendations list a comprehensive online reporting system between the items that became R1 "
        "(calls to 311) and R3 (awareness campaign), so this entry assumes that is R2. Correct it here "
        "if the City confirms otherwise.",
    },
    {
        "code": "R3",
        "slug": "reporting-awareness-campaign",
        "category": "reporting",
        "opi_role": "support",
        "kind": "implementation",
        "status": "planned",
        "status_changed_on": DIRECTED_ON,
        "name": {
            "en": "Reporting awareness campaign",
            "es": "Campaña informativa sobre cómo hacer reportes",
            "so": "Olole wacyigelin ah oo ku saabsan habka warbixinta",
            "hmn": "Kev tshaj tawm qhia txog txoj kev qhia ntawv",
        },
        "summary": {
            "en": "A campaign that tells residents they can report through 311 and online.",
            "es": "Una campaña que informa a los residentes que pueden hacer reportes por el 311 y en línea.",
            "so": "Olole u sheegaya dadka deegaanka inay warbixin ku soo gudbin karaan 311 iyo online.",
            "hmn": "Kev tshaj tawm qhia cov neeg nyob hauv nroog tias lawv qhia tau los ntawm 311 thiab online.",
        },
        "goals": [
            {
                "en": "Make more residents aware of reporting through 311 and online",
                "es": "Lograr que más residentes conozcan los reportes por el 311 y en línea",
                "so": "In dad badan oo deegaanka ah ogaadaan in warbixin lagu soo gudbin karo 311 iyo online",
                "hmn": "Kom muaj neeg coob dua paub txog kev qhia los ntawm 311 thiab online",
            },
        ],
        "partners": ["311"],
    },
    {
        "code": "R4",
        "slug": "city-staff-take-reports",
        "category": "reporting",
        "opi_role": "lead",
        "kind": "pilot",
        "status": "active",
        "status_changed_on": ACTIVE_SINCE,
        "name": {
            "en": "City staff take theft and property damage reports",
            "es": "Personal de la Ciudad recibe reportes de robo y daños a la propiedad",
            "so": "Shaqaalaha Magaaladu waxay qaataan warbixinada xatooyada iyo waxyeellada hantida",
            "hmn": "Cov neeg ua hauj lwm rau Lub Nroog txais ntawv qhia txog kev nyiag khoom thiab kev "
            "puas tsuaj rau khoom",
        },
        "summary": {
            "en": "Trained City employees who are not sworn officers take theft and property damage "
            "reports in person and collect evidence.",
            "es": "Empleados de la Ciudad capacitados, que no son agentes juramentados, reciben en persona "
            "reportes de robo y daños a la propiedad y recogen pruebas.",
            "so": "Shaqaale Magaalada oo tababaran oo aan ahayn saraakiil dhaartay ayaa si toos ah u "
            "qaata warbixinada xatooyada iyo waxyeellada hantida, una ururiya caddaymaha.",
            "hmn": "Cov neeg ua hauj lwm rau Lub Nroog uas tau kawm thiab tsis yog tub ceev xwm, txais "
            "ntawv qhia txog kev nyiag khoom thiab kev puas tsuaj rau khoom ntawm tes thiab sau cov pov thawj.",
        },
        "description": "Residents can make a theft or property damage report to a City employee in "
        "person instead of waiting for an officer. The work may become part of an existing City job or "
        "a new one.",
        "responders": "Non-sworn City employees trained to take reports and collect evidence.",
        "what_to_expect": "A City employee, not a police officer, takes your report at a City site and "
        "collects any evidence.",
        "goals": [
            {
                "en": "Offer an in-person way to report theft and property damage",
                "es": "Ofrecer una forma presencial de reportar robos y daños a la propiedad",
                "so": "La bixiyo hab fool-ka-fool ah oo lagu soo sheego xatooyada iyo waxyeellada hantida",
                "hmn": "Muab ib txoj kev los qhia ntawm tes txog kev nyiag khoom thiab kev puas tsuaj rau khoom",
            },
            {
                "en": "Free up police department time",
                "es": "Liberar tiempo del departamento de policía",
                "so": "Waqti loo banneeyo waaxda booliiska",
                "hmn": "Txuag sij hawm rau lub chaw tub ceev xwm",
            },
        ],
        "benefits": [
            "An in-person option for theft and property damage reports",
            "More police time for calls that need an officer",
        ],
        "partners": ["MPD"],
    },
    {
        "code": "RS",
        "slug": "parking-calls-to-traffic-control",
        "category": "reporting",
        "opi_role": "support",
        "kind": "pilot",
        "status": "planned",
        "status_changed_on": DIRECTED_ON,
        "name": {
            "en": "Parking calls go to Traffic Control",
            "es": "Las llamadas de estacionamiento pasan a Control de Tráfico",
            "so": "Wicitaannada baarkinka waxaa loo wareejiyaa Xakamaynta Taraafikada",
            "hmn": "Cov xov tooj txog chaw nres tsheb xa mus rau Traffic Control",
        },
        "summary": {
            "en": "Responses to parking-related calls move from police to the City's Traffic Control staff.",
            "es": "La respuesta a las llamadas relacionadas con el estacionamiento pasa de la policía al "
            "personal de Control de Tráfico de la Ciudad.",
            "so": "Ka jawaabista wicitaannada la xiriira baarkinka waxay booliiska uga wareegaysaa "
            "shaqaalaha Xakamaynta Taraafikada ee Magaalada.",
            "hmn": "Kev teb cov xov tooj txog chaw nres tsheb hloov ntawm tub ceev xwm mus rau Lub Nroog "
            "cov neeg ua hauj lwm Traffic Control.",
        },
        "goals": [
            {
                "en": "Have parking problems handled by Traffic Control rather than police",
                "es": "Que Control de Tráfico, y no la policía, atienda los problemas de estacionamiento",
                "so": "Dhibaatooyinka baarkinka waxaa xalliya Xakamaynta Taraafikada halkii booliiska",
                "hmn": "Cia Traffic Control daws cov teeb meem nres tsheb es tsis yog tub ceev xwm",
            },
        ],
        "partners": ["Traffic Control", "311", "MPD"],
        "source_note": "The City's pages write this code as RS.",
    },
    {
        "code": "",
        "slug": "community-safety-ambassadors",
        "category": "community-safety",
        "opi_role": "",
        "kind": "pilot",
        "status": "planned",
        "status_changed_on": FUNDED_ON,
        "name": {
            "en": "Community Safety Ambassadors",
            "es": "Embajadores de Seguridad Comunitaria",
            "so": "Safiirrada Badbaadada Bulshada",
            "hmn": "Cov Neeg Sawv Cev Kev Nyab Xeeb Hauv Zej Zog",
        },
        "summary": {
            "en": "Ambassadors walk the East Lake Street and East Franklin Avenue cultural districts and "
            "offer support at street level.",
            "es": "Los embajadores recorren los distritos culturales de East Lake Street y East Franklin "
            "Avenue y ofrecen apoyo en la calle.",
            "so": "Safiirradu waxay ku socdaan degmooyinka dhaqanka ee East Lake Street iyo East Franklin "
            "Avenue, waxayna bixiyaan taageero waddooyinka ah.",
            "hmn": "Cov neeg sawv cev taug kev ncig cov cheeb tsam kab lis kev cai East Lake Street thiab "
            "East Franklin Avenue thiab pab tib neeg ntawm txoj kev.",
        },
        "responders": "Teams of ambassadors on patrol in the two cultural districts.",
        "goals": [
            {
                "en": "Add a neighborhood safety resource around East Lake Street and East Franklin Avenue",
                "es": "Sumar un recurso de seguridad vecinal en las zonas de East Lake Street y East "
                "Franklin Avenue",
                "so": "Lagu kordhiyo kheyraad badbaado xaafadeed agagaarka East Lake Street iyo East "
                "Franklin Avenue",
                "hmn": "Ntxiv ib qho kev pab txog kev nyab xeeb rau cov zej zog ntawm East Lake Street "
                "thiab East Franklin Avenue",
            },
        ],
        "partners": ["Community Safety Office"],
        "source_note": "A new pilot without a program code.",
    },
]

PHASES = [
    # (kind, start, end, names, description)
    (
        "planning",
        datetime.date(2021, 1, 1),
        datetime.date(2021, 4, 30),
        {"en": "Planning", "es": "Planificación", "so": "Qorshaynta", "hmn": "Kev npaj"},
        "Decide how each pilot is staffed and which partners take part.",
    ),
    (
        "pilot",
        datetime.date(2021, 4, 1),
        datetime.date(2021, 9, 30),
        {"en": "Pilot", "es": "Prueba piloto", "so": "Tijaabada", "hmn": "Kev sim"},
        "Run the pilots, watch how they work and adjust them. The mental health teams keep working "
        "after this phase ends.",
    ),
    (
        "analysis",
        datetime.date(2021, 9, 1),
        datetime.date(2021, 10, 31),
        {"en": "Analysis", "es": "Análisis", "so": "Falanqaynta", "hmn": "Kev tshuaj xyuas"},
        "Evaluate the pilots formally and write final recommendations.",
    ),
    (
        "report",
        datetime.date(2021, 11, 1),
        datetime.date(2021, 11, 30),
        {
            "en": "Report to City Council",
            "es": "Informe al Concejo Municipal",
            "so": "Warbixinta Golaha Magaalada",
            "hmn": "Qhia rau Pawg Sab Laj Hauv Nroog",
        },
        "Present the results and the plans for 2022 to the City Council.",
    ),
]

MILESTONES = [
    # (date, precision, kind, title, description, program codes)
    (
        datetime.date(2018, 12, 1),
        "month",
        "council",
        "City Council asks where non-police responses could work",
        "The Council asked the City Coordinator's Office for advice on which areas the City should "
        "explore for responses other than police.",
        [],
    ),
    (
        datetime.date(2019, 8, 1),
        "month",
        "city",
        "911/MPD Work Group formed",
        "A work group of community members and staff from police, 911, fire, the Office of Violence "
        "Prevention and the City Attorney's Office began studying call data to pick the kinds of calls "
        "that could be tried with a different response.",
        [],
    ),
    (
        datetime.date(2019, 12, 1),
        "month",
        "council",
        "Work group plans approved and funded",
        "The Mayor and City Council approved the work group's plans and funded the response models.",
        [],
    ),
    (
        datetime.date(2020, 7, 24),
        "day",
        "council",
        "Council directs OPI to lead the public safety effort",
        "The City Council directed the Office of Performance and Innovation to lead a City-wide effort "
        "to transform public safety: moving theft report-only calls to 311, building alternative "
        "responses to emotionally disturbed person (EDP) calls, and handing other report-only 911 "
        "calls to alternative responders.",
        ["MH1", "R1", "R4"],
    ),
    (
        datetime.date(2020, 8, 1),
        "month",
        "city",
        "Community survey completed; model planning begins",
        "OPI finished a community survey and started planning alternative responses for mental health "
        "calls and report-only calls with the community.",
        [],
    ),
    (
        datetime.date(2020, 11, 5),
        "day",
        "city",
        "Work group publishes its final recommendations",
        "The 73-page report analysed more than 8,000 survey responses and recommended four pilots for "
        "mental health calls and non-emergency calls to 911.",
        ["MH1", "MH2", "MH3", "R4"],
    ),
    (
        datetime.date(2020, 12, 1),
        "month",
        "council",
        "Mayor and Council approve funding to test new responses",
        "Funding was approved to pilot and test alternative responses to mental health crisis calls "
        "and report-only calls. OPI refined the pilot designs the same month.",
        [],
    ),
    (
        datetime.date(2020, 12, 15),
        "day",
        "county",
        "Hennepin County creates a 911/mental health task force",
        "The County Board passed a resolution creating a task force to plan responses to mental "
        "health needs that reach public safety partners. Its members bring experience in dispatch, "
        "law enforcement and mental health, and lived experience of mental illness.",
        [],
    ),
    (
        datetime.date(2021, 1, 1),
        "month",
        "state",
        "State bills on 911 dispatcher standards introduced",
        "Bills HF515 in the House and SF565 in the Senate, introduced in the 2021 session, would set up "
        "a 911 Telecommunicator Working Group from August 2021 to create statewide training and "
        "certification standards for dispatchers. They were heard in committee but had not reached a "
        "floor vote.",
        ["MH2"],
    ),
    (
        datetime.date(2021, 1, 26),
        "day",
        "city",
        "The four pilots are funded",
        "The City funded the four pilot programs led by OPI.",
        ["MH1", "MH2", "MH3", "R4"],
    ),
]


def translated(field: str, values: dict) -> dict:
    """The English value in the base column and each language's value in its own column."""
    row = {field: values["en"]}
    row.update({f"{field}_{language}": values.get(language, "") for language in LANGUAGES})
    return row


def english(field: str, value: str) -> dict:
    return {field: value, f"{field}_en": value}


def load_content(apps, schema_editor):
    Partner = apps.get_model("pilots", "Partner")
    Program = apps.get_model("pilots", "Program")
    Goal = apps.get_model("pilots", "Goal")
    Benefit = apps.get_model("pilots", "Benefit")
    Phase = apps.get_model("pilots", "Phase")
    Milestone = apps.get_model("pilots", "Milestone")

    partners = {}
    for short_name, name, kind in PARTNERS:
        partner, _created = Partner.objects.update_or_create(
            name=name, defaults={"short_name": short_name, "kind": kind, **english("name", name)}
        )
        partners[short_name or name] = partner

    programs = {}
    for position, spec in enumerate(PROGRAMS, start=1):
        fields = {
            "code": spec["code"],
            "category": spec["category"],
            "opi_role": spec["opi_role"],
            "kind": spec["kind"],
            "status": spec["status"],
            "status_changed_on": spec["status_changed_on"],
            "position": position,
            "is_published": True,
            "source_note": spec.get("source_note", ""),
            **translated("name", spec["name"]),
            **translated("summary", spec["summary"]),
        }
        for field in ("description", "responders", "hours", "what_to_expect"):
            fields.update(english(field, spec.get(field, "")))
        program, _created = Program.objects.update_or_create(slug=spec["slug"], defaults=fields)
        program.goals.all().delete()
        Goal.objects.bulk_create(
            Goal(program=program, position=number, **translated("text", text))
            for number, text in enumerate(spec["goals"], start=1)
        )
        program.benefits.all().delete()
        Benefit.objects.bulk_create(
            Benefit(program=program, position=number, **english("text", text))
            for number, text in enumerate(spec.get("benefits", []), start=1)
        )
        program.partners.set(partners[key] for key in spec["partners"])
        programs[spec["code"]] = program

    Phase.objects.filter(program__isnull=True).delete()
    Phase.objects.bulk_create(
        Phase(
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            date_precision="month",
            **translated("name", names),
            **english("description", description),
        )
        for kind, starts_on, ends_on, names, description in PHASES
    )

    for occurred_on, precision, kind, title, description, codes in MILESTONES:
        milestone, _created = Milestone.objects.update_or_create(
            occurred_on=occurred_on,
            title=title,
            defaults={
                "date_precision": precision,
                "kind": kind,
                **english("title", title),
                **english("description", description),
            },
        )
        milestone.programs.set(programs[code] for code in codes)


def remove_content(apps, schema_editor):
    apps.get_model("pilots", "Milestone").objects.filter(title__in=[m[3] for m in MILESTONES]).delete()
    apps.get_model("pilots", "Phase").objects.filter(program__isnull=True).delete()
    apps.get_model("pilots", "Program").objects.filter(slug__in=[p["slug"] for p in PROGRAMS]).delete()
    apps.get_model("pilots", "Partner").objects.filter(name__in=[p[1] for p in PARTNERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("pilots", "0001_programs_phases_timeline_metrics")]

    operations = [migrations.RunPython(load_content, remove_content)]
