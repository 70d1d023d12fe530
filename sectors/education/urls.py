from django.urls import path

from sectors.education import views

app_name = "education"
urlpatterns = [
    path("schools/", views.schools, name="schools"),
    path("schools/<slug:code>/close", views.close_school, name="close"),
    path("schools/<slug:code>/reopen", views.reopen_school, name="reopen"),
]
