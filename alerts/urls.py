"""The alert pages under /alerts/: console, inbox, an alert's page and actions, files, and the public Atom feed."""

from django.urls import path

from alerts import feeds, views

app_name = "alerts"
urlpatterns = [
    path("console/", views.console, name="console"),
    path("inbox/", views.inbox, name="inbox"),
    path("feed.atom", feeds.PublicAlertsFeed(), name="feed"),
    path("quick-report/", views.quick_report_selection, name="quick-report"),
    path("reports/<int:pk>/", views.report_file, name="report"),
    path("evidence/<str:name>", views.evidence_file, name="evidence"),
    path("<int:pk>/", views.alert_page, name="detail"),
    path("<int:pk>/photos/<str:name>", views.report_photo, name="report-photo"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
]
