from django.urls import path

from sources import views

# The "sources" namespace is assembled in config/urls.py: these, and the source pages that
# show what claims know of a source (the reader, an outlet's page), which live in claims.
urlpatterns = [
    path("sources/", views.source_list, name="source_list"),
    path("sources/new/", views.source_create, name="source_create"),
]
