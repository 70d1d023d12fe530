from django.urls import path

from accounts import views as accounts_views
from agencies import views

app_name = "agencies"
urlpatterns = [
    path("api/v1/agencies", views.agency_list, name="agency-list"),
    path("api/v1/agencies/<slug:code>", views.agency_detail, name="agency-detail"),
    path("api/v1/agencies/<slug:code>/contacts", views.agency_contacts, name="agency-contacts"),
    # /api/v1/me lives at the root, which accounts.urls (mounted at accounts/) cannot reach.
    path("api/v1/me", accounts_views.me, name="me"),
]
