from django.urls import path

import gongkai.web.converters  # noqa: F401  (registers <year:…>)
from gongkai.web.jobs import views

urlpatterns = [
    path("bulk-audit/", views.bulk_audit, name="bulk_audit"),
    path("rollup/<str:code>/<year:year>/", views.rollup_documents, name="rollup_documents"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/status.json", views.job_status, name="job_status"),
    path("<int:pk>/<str:filename>", views.job_output, name="job_output"),
]
