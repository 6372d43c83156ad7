from django.urls import path

from sources import views

app_name = "sources"
urlpatterns = [
    path("sources/", views.source_list, name="source_list"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet_detail"),
    path("sources/new/", views.source_create, name="source_create"),
]
