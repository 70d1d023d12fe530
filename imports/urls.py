from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("<uuid:job_id>/", views.job, name="job"),
    path("<uuid:job_id>/status", views.status, name="status"),
]
