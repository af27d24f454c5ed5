from django.urls import path

from crowdservice.trends import views

app_name = "trends"
urlpatterns = [
    path("trending/", views.trending_page, name="page"),
    path("trending/alerts/<int:alert_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("trending/alerts/<int:alert_id>/resolve/", views.resolve, name="resolve"),
]
