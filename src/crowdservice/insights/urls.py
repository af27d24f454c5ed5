from django.urls import path

from crowdservice.insights import views

app_name = "insights"
urlpatterns = [
    path("insights/", views.overview, name="overview"),
    path("insights/community/", views.community, name="community"),
    path("insights/support/", views.support, name="support"),
    path("insights/deflection/", views.deflection, name="deflection"),
    path("insights/report/", views.report, name="report"),
]
