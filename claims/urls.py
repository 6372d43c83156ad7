from django.urls import path

from claims import views

app_name = "claims"
urlpatterns = [
    path("claims/<slug:slug>/", views.claim_detail, name="claim_detail"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker_detail"),
    path("statements/<int:pk>/", views.statement_detail, name="statement_detail"),
]
