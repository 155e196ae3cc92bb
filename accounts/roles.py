"""Staff roles: one Django group per role, and the permissions each role needs.

Each app adds its models' permissions here when it lands, then ships a data migration that
calls `sync_roles` so existing databases get them too.
"""

OPI_STAFF = "OPI staff"
REPORT_TAKERS = "Report takers"
SUPERVISORS = "Supervisors"

# The content OPI staff edit, and read the history of (models of pilots and of publicsite).
PILOTS_CONTENT = (
    "program",
    "goal",
    "benefit",
    "phase",
    "milestone",
    "councilupdate",
    "partner",
    "metric",
    "metricvalue",
    "measure",
    "progressupdate",
    "recommendation",
)
PUBLIC_SITE_CONTENT = ("glossaryterm", "resource", "office", "helpdestination", "populationshare")
EDITING = ("view", "add", "change", "delete")

# Permissions as "app_label.codename".
ROLE_PERMISSIONS: dict[str, list[str]] = {
    OPI_STAFF: [
        # pilots
        *(f"pilots.{action}_{model}" for model in PILOTS_CONTENT for action in EDITING),
        "pilots.view_statuschange",
        # Publishing a progress update is reviewing it: only another OPI member than its author
        # (pilots.services.publish_update).
        "pilots.publish_progressupdate",
    ],
    REPORT_TAKERS: [],
    SUPERVISORS: [
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
    ],
}

# reporting: report takers work on reports; supervisors also reopen, export and keep the
# templates, reasons and workflow settings. OPI staff get nothing from reporting
# but the wards' shapes (below).
REPORTING_WORK = [
    "reporting.view_report",
    "reporting.add_report",
    "reporting.change_report",
    "reporting.view_item",
    "reporting.add_item",
    "reporting.view_attachment",
    "reporting.view_historyentry",
    "reporting.add_historyentry",
    "reporting.view_message",
    "reporting.add_message",
    "reporting.view_messagetemplate",
    "reporting.view_reason",
    "reporting.view_visit",
    "reporting.add_visit",
    "reporting.change_visit",
    "reporting.view_evidence",
    "reporting.add_evidence",
    "reporting.change_evidence",
    "reporting.view_custodytransfer",
    "reporting.add_custodytransfer",
    "reporting.view_correction",
    "reporting.add_correction",
    "reporting.view_call",
    "reporting.add_call",
    "reporting.view_site",
    "reporting.view_addresspoint",
    # Each report taker publishes their own availability (reporting.admin.schedule).
    "reporting.view_availability",
    "reporting.add_availability",
    "reporting.change_availability",
    "reporting.delete_availability",
]
ROLE_PERMISSIONS[REPORT_TAKERS] += REPORTING_WORK
# Residents' PINs (reporting/pins.py): report takers give new ones and see who gave which;
# only Supervisors read the wrong tries at the look-up.
ROLE_PERMISSIONS[REPORT_TAKERS] += ["reporting.view_pinissue", "reporting.add_pinissue"]
ROLE_PERMISSIONS[SUPERVISORS] += [
    "reporting.view_pinissue",
    "reporting.add_pinissue",
    "reporting.view_wrongpin",
]
ROLE_PERMISSIONS[SUPERVISORS] += [
    *REPORTING_WORK,
    "reporting.reopen_report",
    "reporting.export_report",
    "reporting.export_personal_data",
    "reporting.view_exportrecord",
    "reporting.view_accessrecord",
    "reporting.add_messagetemplate",
    "reporting.change_messagetemplate",
    "reporting.add_reason",
    "reporting.change_reason",
    "reporting.view_screeningexit",
    "reporting.view_workflowsettings",
    "reporting.change_workflowsettings",
    # The City sites where their staff take reports, in every language, like the reasons.
    "reporting.add_site",
    "reporting.change_site",
    "reporting.plan_for_others",
    # The daily files for the police records system (reporting.records_export).
    "reporting.view_recordsexport",
    "reporting.download_recordsexport",
    # Where referred reports are passed on (reporting.handoffs), and those passed on: only
    # Supervisors set an address or send a failed one again.
    "reporting.view_handoffaddress",
    "reporting.change_handoffaddress",
    "reporting.view_handoff",
    "reporting.resend_handoff",
    # The City's address list, imported from its file (reporting.address_import).
    "reporting.add_addresspoint",
    "reporting.change_addresspoint",
    "reporting.view_addressimport",
]


# The wards' shapes the data page draws (reporting.ward_import): Supervisors and OPI staff import
# them and read who imported which file; nothing else of reporting is OPI's.
WARD_SHAPES = ["reporting.view_wardboundary", "reporting.view_wardimport", "reporting.add_wardimport"]
ROLE_PERMISSIONS[SUPERVISORS] += WARD_SHAPES
ROLE_PERMISSIONS[OPI_STAFF] += WARD_SHAPES

# publicsite: OPI staff edit the public site's own content.
ROLE_PERMISSIONS[OPI_STAFF] += [
    f"publicsite.{action}_{model}" for model in PUBLIC_SITE_CONTENT for action in EDITING
]

# publicsite: OPI's dashboard of the pilots' figures (the R4 figures without small-count
# suppression, screening exits per week) is for OPI staff and Supervisors, not Report takers.
ROLE_PERMISSIONS[OPI_STAFF].append("publicsite.view_pilot_dashboard")
ROLE_PERMISSIONS[SUPERVISORS].append("publicsite.view_pilot_dashboard")

# publicsite: the translation queue (publicsite.translation_queue), for the staff who keep content
# in every language: OPI staff (the pilots' and the public site's) and Supervisors (the reasons,
# message templates and City sites). Each sees only the content they may change.
TRANSLATION_QUEUE = ["publicsite.view_translationstatus", "publicsite.review_translation"]
ROLE_PERMISSIONS[OPI_STAFF] += TRANSLATION_QUEUE
ROLE_PERMISSIONS[SUPERVISORS] += TRANSLATION_QUEUE

# surveys: OPI staff keep the surveys and their questions, make training links, and read the
# answers (comments too); Supervisors read the answers. Nobody edits an answer, and Report takers
# see none: answers are anonymous and their comments are never public.
SURVEY_ANSWERS = [
    "surveys.view_survey",
    "surveys.view_question",
    "surveys.view_response",
    "surveys.view_answer",
]
ROLE_PERMISSIONS[OPI_STAFF] += [
    *SURVEY_ANSWERS,
    "surveys.add_survey",
    "surveys.change_survey",
    "surveys.add_question",
    "surveys.change_question",
    "surveys.delete_question",
    "surveys.add_invitation",
]
ROLE_PERMISSIONS[SUPERVISORS] += SURVEY_ANSWERS

# accounts: Supervisors read the sign-in events and unlock accounts locked after failed
# sign-ins (deleting django-axes' record of the failures).
ROLE_PERMISSIONS[SUPERVISORS] += [
    "accounts.view_signinevent",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
]

# background: Supervisors see the task queue and run a failed task again (changing a task is
# the permission to retry it; the admin edits nothing).
ROLE_PERMISSIONS[SUPERVISORS] += [
    "django_tasks_database.view_dbtaskresult",
    "django_tasks_database.change_dbtaskresult",
]


# History of staff edits (audit): OPI staff read the history of the content they edit;
# Supervisors read all of it, staff accounts and groups included. Nobody can change it.
CONTENT_HISTORY = [
    *(f"pilots.view_{model}event" for model in PILOTS_CONTENT),
    *(f"publicsite.view_{model}event" for model in PUBLIC_SITE_CONTENT),
    "audit.view_programpartnerevent",
    "audit.view_milestoneprogramevent",
    "audit.view_councilupdateprogramevent",
    "surveys.view_surveyevent",
    "surveys.view_questionevent",
]
ROLE_PERMISSIONS[OPI_STAFF] += CONTENT_HISTORY
ROLE_PERMISSIONS[SUPERVISORS] += [
    *CONTENT_HISTORY,
    "reporting.view_messagetemplateevent",
    "reporting.view_reasonevent",
    "reporting.view_handoffaddressevent",
    "reporting.view_siteevent",
    "reporting.view_workflowsettingsevent",
    "audit.view_userevent",
    "audit.view_groupevent",
    "audit.view_groupmembershipevent",
    "audit.view_userpermissionevent",
    "audit.view_grouppermissionevent",
]


def sync_roles(apps, schema_editor=None) -> None:
    """Create each role's group and give it exactly the permissions listed above."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after `migrate` finishes; a data migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = [tuple(name.split(".", 1)) for name in names]
        # An app's permissions exist once its models are migrated; until then they are skipped,
        # and the app's own sync_roles migration grants them.
        permissions = [
            permission
            for app_label, codename in wanted
            for permission in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        ]
        group.permissions.set(permissions)
