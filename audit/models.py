"""Tables without a model of our own whose history we keep: Django's users and groups, and the
many-to-many links between them and between pilots' content.

A history trigger is created by the migrations of the app that declares the model it sits on;
Django's auth app and the automatic link tables cannot take a migration of ours, so the triggers
sit on these proxies of them (`audit.tracking` declares what is tracked)."""

import pghistory.models
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from pilots.models import CouncilUpdate, Milestone, Program


class TrackedUser(User):
    class Meta:
        proxy = True
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")


class TrackedGroup(Group):
    class Meta:
        proxy = True
        verbose_name = _("group")
        verbose_name_plural = _("groups")


class TrackedGroupMembership(User.groups.through):
    class Meta:
        proxy = True
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")


class TrackedUserPermission(User.user_permissions.through):
    class Meta:
        proxy = True
        verbose_name = _("permission of a staff account")
        verbose_name_plural = _("permissions of staff accounts")


class TrackedGroupPermission(Group.permissions.through):
    class Meta:
        proxy = True
        verbose_name = _("permission of a group")
        verbose_name_plural = _("permissions of groups")


class TrackedProgramPartner(Program.partners.through):
    class Meta:
        proxy = True
        verbose_name = _("partner of a program")
        verbose_name_plural = _("partners of programs")


class TrackedMilestoneProgram(Milestone.programs.through):
    class Meta:
        proxy = True
        verbose_name = _("program of a timeline entry")
        verbose_name_plural = _("programs of timeline entries")


class TrackedCouncilUpdateProgram(CouncilUpdate.programs.through):
    class Meta:
        proxy = True
        verbose_name = _("program of a Council update")
        verbose_name_plural = _("programs of Council updates")


class StaffEdit(pghistory.models.Events):
    """Every event of every event model, one row each, with its change from the version before.

    A read-only view that pghistory builds over all event tables; `audit.admin` shows each staff
    member only the event tables their role may read."""

    class Meta:
        proxy = True
        verbose_name = _("edit")
        verbose_name_plural = _("history of edits")
