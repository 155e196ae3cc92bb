from django.conf import settings
from django.utils.translation import get_language, get_language_info


def site(request):
    """The language switcher's links: the current page (even a 404) in each language.

    Public URLs differ between languages only by their prefix (none for English), so switching
    language swaps the prefix and keeps the rest of the path and the query string.
    """
    path = request.get_full_path()
    current = get_language()
    if current != settings.LANGUAGE_CODE and path.startswith(f"/{current}/"):
        path = path[len(current) + 1 :]
    # A path such as //evil.example/ or /\evil.example/ (browsers read a backslash as a slash)
    # would be a link to another site: one leading slash keeps every link on this one.
    path = "/" + path.lstrip("/\\")
    return {
        "language_links": [
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": path if code == settings.LANGUAGE_CODE else f"/{code}{path}",
            }
            for code, _name in settings.LANGUAGES
        ],
    }
