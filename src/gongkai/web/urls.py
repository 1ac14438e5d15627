from django.contrib import admin
from django.urls import include, path

from gongkai.web.api.api import api
from gongkai.web.health import healthz
from gongkai.web.throttle.views import ThrottledLoginView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("gongkai.web.applications.urls")),
    path("catalogue/", include("gongkai.web.proactive.urls")),
    path("reports/", include("gongkai.web.reports.urls")),
    path("calendar/", include("gongkai.web.workdays.urls")),
    path("dashboard/", include("gongkai.web.dashboard.urls")),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("open/", include("gongkai.web.portal.urls")),
    path("jobs/", include("gongkai.web.jobs.urls")),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("api/clients/", include("gongkai.web.api.urls")),
    path("audit/", include("gongkai.web.audit.urls")),
    path("evaluations/", include("gongkai.web.evaluations.urls")),
]
