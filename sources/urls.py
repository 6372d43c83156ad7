from django.urls import path

from sources import views

# The "sources" namespace is assembled in config/urls.py: these, the source pages that show
# what claims know of a source (the reader, an outlet's page), which live in claims, and the
# upload page, which ingests (pipeline).
urlpatterns = [
    path("sources/", views.source_list, name="source_list"),
]
