from django.urls import path

from crowdservice.roi import views

app_name = "roi"
urlpatterns = [
    path("roi/", views.calculator, name="calculator"),
    path("roi/scenarios/", views.scenarios, name="scenarios"),
    path("roi/scenarios/new/", views.save, name="save"),
    path("roi/scenarios/compare/", views.compare, name="compare"),
    path("roi/scenarios/<int:scenario_id>/", views.scenario_page, name="scenario"),
    path("roi/scenarios/<int:scenario_id>/update/", views.update, name="update"),
    path("roi/scenarios/<int:scenario_id>/delete/", views.delete, name="delete"),
]
