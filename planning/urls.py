"""Pages of the planning app, mounted at /planning/."""

from django.urls import path

from planning import pages, planner_page

app_name = "planning"
urlpatterns = [
    path("", pages.citizen_lookup, name="lookup"),
    path("planners/", planner_page.planner_page, name="planners"),
]
