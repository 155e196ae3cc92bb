from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from reporting import ratelimit, services
from reporting.draft import IDLE_LIFETIME
from reporting.models import PendingUpload


class Command(BaseCommand):
    help = (
        "Delete expired sessions (with the drafts in them), uploads from drafts left for a day, "
        "expired access links and rate-limit counters. Safe to run at any time, and again."
    )

    def handle(self, *args, **options):
        sessions, _details = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        uploads = services.discard_pending_uploads(PendingUpload.objects.abandoned(IDLE_LIFETIME))
        links = services.prune_access_links()
        counters = ratelimit.prune()
        self.stdout.write(
            f"Removed {sessions} expired session(s), {uploads} abandoned upload(s), "
            f"{links} expired access link(s) and {counters} expired rate-limit counter(s)."
        )
