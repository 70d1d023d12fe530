"""The project's URLs without the accounts app, to show the base template survives its absence."""

from django.urls import URLPattern, URLResolver

from config.urls import urlpatterns as project_urlpatterns


def _is_accounts(pattern: URLPattern | URLResolver) -> bool:
    return isinstance(pattern, URLResolver) and pattern.namespace == "accounts"


urlpatterns = [pattern for pattern in project_urlpatterns if not _is_accounts(pattern)]
