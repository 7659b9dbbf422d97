"""Template context shared by every page: the viewer's display preferences."""

from accounts.preferences import Prefs, prefs_for_request


def preferences(request):
    prefs = getattr(request, "prefs", None)
    if not isinstance(prefs, Prefs):
        prefs = prefs_for_request(request)
    return {"prefs": prefs}
