from django.conf import settings

from publicsite.cache import forget_content_version


class ForgetContentVersionMiddleware:
    """After a POST to the admin, where staff edit content, the next public page reads the content
    version from the database again, so the edit shows at once (publicsite/cache.py)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and request.path.startswith(self.admin_prefix):
            forget_content_version()
        return response
