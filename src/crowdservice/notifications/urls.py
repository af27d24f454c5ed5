from django.urls import path

from crowdservice.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.mark_all_read, name="mark_read"),
    path("notifications/<int:notification_id>/", views.open_notification, name="open"),
    path("settings/notifications/", views.notification_settings, name="settings"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
