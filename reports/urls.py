"""The report archive under /reports/."""

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.archive, name="archive"),
    path("dashboard/", views.leadership, name="dashboard"),
    path("generate", views.generate_now, name="generate"),
    path("<int:pk>.pdf", views.download, {"fmt": "pdf"}, name="pdf"),
    path("<int:pk>.xlsx", views.download, {"fmt": "xlsx"}, name="xlsx"),
]
