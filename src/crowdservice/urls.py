from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from crowdservice.api import api

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page links; send them to the real icon.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("core/img/favicon.svg"), permanent=True),
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("", include("crowdservice.accounts.urls")),
    path("", include("crowdservice.notifications.urls")),
    path("", include("crowdservice.search.urls")),
    path("", include("crowdservice.deflection.urls")),
    path("", include("crowdservice.moderation.urls")),
    path("", include("crowdservice.reputation.urls")),
    path("", include("crowdservice.community.urls")),
    path("", include("crowdservice.knowledge.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("crowdservice.cases.urls")),
    path("", include("crowdservice.roi.urls")),
    path("", include("crowdservice.insights.urls")),
    path("", include("crowdservice.trends.urls")),
]

handler400 = "crowdservice.core.views.bad_request"
handler403 = "crowdservice.core.views.permission_denied"
handler404 = "crowdservice.core.views.page_not_found"
handler500 = "crowdservice.core.views.server_error"
