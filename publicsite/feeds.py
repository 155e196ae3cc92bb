import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from pilots.models import CouncilUpdate

FEED_LENGTH = 20


def _public_url(path: str) -> str:
    """The address readers follow, at the site's public address (SITE_URL) whatever host the
    request came in on: the feed is stored and given to every reader alike."""
    return settings.SITE_URL.rstrip("/") + path


class CouncilUpdatesFeed(Feed):
    """The Council updates as an Atom feed, in the language of its address (Django's default),
    with its links at the site's public address."""

    feed_type = Atom1Feed
    title = _("Alternatives to police response: Council updates")
    subtitle = _("Progress updates on the pilots given to the Minneapolis City Council.")

    def link(self):
        return _public_url(reverse("publicsite:updates"))

    def feed_url(self):
        return _public_url(reverse("publicsite:updates-feed"))

    def items(self):
        return CouncilUpdate.objects.published()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return _public_url(reverse("publicsite:update", kwargs={"pk": item.pk}))

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.presented_on, datetime.time()))

    def item_updateddate(self, item):
        return item.updated_at
