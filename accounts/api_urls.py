"""The accounts API under /api/v1: the caller's account and, by role, an agency's contacts; include it at the root."""

from django.urls import path

from accounts import views

app_name = "accounts_api"
urlpatterns = [
    path("api/v1/me", views.me, name="me"),
    path("api/v1/agencies/<slug:code>/contacts", views.agency_contacts, name="agency-contacts"),
]
