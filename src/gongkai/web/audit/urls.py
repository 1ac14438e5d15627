from django.urls import path

from gongkai.web.audit import views

urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("export.<slug:fmt>", views.audit_export, name="audit_export"),
]
