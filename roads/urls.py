from django.urls import path

from roads import pages

app_name = "roads"
urlpatterns = [
    path("import/", pages.upload, name="upload"),
]
