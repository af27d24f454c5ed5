"""The product's URLs plus /_bench/trivial/, the baseline the page benchmark compares against."""

from __future__ import annotations

from django.urls import path

from benchsite import views
from crowdservice.urls import handler400, handler403, handler404, handler500, urlpatterns

urlpatterns = [path("_bench/trivial/", views.trivial, name="bench_trivial"), *urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
