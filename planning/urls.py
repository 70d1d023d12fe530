"""Pages of the planning app, mounted at /planning/."""

from django.urls import path

from planning import import_pages, pages, planner_page

app_name = "planning"
urlpatterns = [
    path("", pages.citizen_lookup, name="lookup"),
    path("sheet.pdf", pages.planning_sheet, name="sheet"),
    path("planners/", planner_page.planner_page, name="planners"),
    path("planners/import/", import_pages.upload, name="import"),
    path("planners/import/<str:token>/", import_pages.report, name="import-report"),
    path("planners/import/<str:token>/confirm", import_pages.confirm, name="import-confirm"),
]
