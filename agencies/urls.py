from django.urls import path

from agencies import views

app_name = "agencies"
urlpatterns = [
    path("api/v1/agencies", views.agency_list, name="agency-list"),
    path("api/v1/agencies/<slug:code>", views.agency_detail, name="agency-detail"),
]
