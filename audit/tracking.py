"""Every model staff edit, and what its history keeps (django-pghistory).

A Postgres trigger on each table copies the row into the model's event table on every insert,
update and delete, whatever made the change: an admin form, a queryset `.update()`, an import,
raw SQL. `audit.middleware.HistoryMiddleware` attaches the staff member and the address of
the request to the events of that request. Event tables refuse updates and deletes.
"""

import pghistory

from audit.models import (
    TrackedCouncilUpdateProgram,
    TrackedGroup,
    TrackedGroupMembership,
    TrackedGroupPermission,
    TrackedMilestoneProgram,
    TrackedProgramPartner,
    TrackedUser,
    TrackedUserPermission,
)
from pilots.models import (
    Benefit,
    CouncilUpdate,
    Goal,
    Measure,
    Metric,
    MetricValue,
    Milestone,
    Partner,
    Phase,
    Program,
    ProgressUpdate,
    Recommendation,
)
from publicsite.models import GlossaryTerm, HelpDestination, Office, PopulationShare, Resource
from reporting.models import HandoffAddress, MessageTemplate, Reason, Site, WorkflowSettings
from surveys.models import Question, Survey


def track(model, *, exclude=(), model_name=None):
    """Keep every version of the model's rows in an append-only event model, `<Model>Event` by default.

    Trackers are made per model: an update tracker learns the fields of the model it watches."""
    pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        exclude=list(exclude),
        append_only=True,
        model_name=model_name,
    )(model)


for content_model in (
    Program,
    Phase,
    Milestone,
    CouncilUpdate,
    Goal,
    Benefit,
    Partner,
    Metric,
    MetricValue,
    Measure,
    ProgressUpdate,
    Recommendation,
    GlossaryTerm,
    Resource,
    Office,
    HelpDestination,
    PopulationShare,
    MessageTemplate,
    Reason,
    HandoffAddress,
    Site,
    WorkflowSettings,
    # The surveys and their questions, which OPI edit; never the answers or the links, which
    # would then carry the times the surveys' anonymity leaves out (docs/decisions/surveys.md).
    Survey,
    Question,
):
    track(content_model)

# The password hash is never copied. A sign-in only updates last_login, which is left out too,
# so signing in is not a change of the account (the update trigger fires on tracked fields only).
track(TrackedUser, exclude=["password", "last_login"], model_name="UserEvent")
track(TrackedGroup, model_name="GroupEvent")
track(TrackedGroupMembership, model_name="GroupMembershipEvent")
track(TrackedUserPermission, model_name="UserPermissionEvent")
track(TrackedGroupPermission, model_name="GroupPermissionEvent")
track(TrackedProgramPartner, model_name="ProgramPartnerEvent")
track(TrackedMilestoneProgram, model_name="MilestoneProgramEvent")
track(TrackedCouncilUpdateProgram, model_name="CouncilUpdateProgramEvent")
