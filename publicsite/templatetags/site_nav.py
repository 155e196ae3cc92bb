from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The main navigation, in order. A section appears once its URL exists, so the header never
# links to a page that has not been built.
MAIN_NAVIGATION = [
    (_("Home"), "publicsite:home"),
    (_("Programs"), "publicsite:programs"),
    (_("Timeline"), "publicsite:timeline"),
    (_("Updates"), "publicsite:updates"),
    (_("Data"), "publicsite:data"),
    (_("Get help"), "publicsite:help"),
    (_("Report theft or damage"), "reporting:start"),
]


@register.simple_tag
def main_navigation(request):
    """The navigation entries whose pages exist, with the one for the current page marked."""
    items = []
    for label, url_name in MAIN_NAVIGATION:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "current": request.path == url})
    return items
