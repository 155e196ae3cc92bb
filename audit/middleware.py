import pghistory.middleware


class HistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """pghistory's middleware, also keeping the staff member's user name as it was at the time,
    so the history reads without a query per row and still names someone whose account changed."""

    def get_context(self, request):
        context = super().get_context(request)
        if context["user"] is not None:
            context["username"] = request.user.get_username()
        return context
