import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from pilots.models import CouncilUpdate

FEED_LENGTH = 20


class CouncilUpdatesFeed(Feed):
    """The Council updates as an Atom feed, in the language of its address (Django's default)."""

    feed_type = Atom1Feed
    title = _("Alternatives to police response: Council updates")
    subtitle = _("Progress updates on the pilots given to the Minneapolis City Council.")

    def link(self):
        return reverse("publicsite:updates")

    def items(self):
        return CouncilUpdate.objects.published()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("publicsite:update", kwargs={"pk": item.pk})

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.presented_on, datetime.time()))

    def item_updateddate(self, item):
        return item.updated_at
