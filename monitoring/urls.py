from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/unread/", views.unread_count, name="unread_count"),
    path("inbox/read/", views.mark_read, name="mark_read"),
    path("watches/", views.watch_list, name="watch_list"),
    path("watches/<int:pk>/delete/", views.watch_delete, name="watch_delete"),
    path("watches/atom/<str:token>/", views.watch_atom, name="watch_atom"),
]
