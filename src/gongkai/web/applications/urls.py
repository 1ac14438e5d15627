from django.urls import path

from gongkai.web.applications import (
    document_views,
    duty_views,
    ledger_views,
    letter_views,
    step_views,
    views,
)

urlpatterns = [
    path("", views.queue, name="queue"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.register, name="register"),
    path("applications/<int:pk>/", step_views.detail, name="application"),
    path("applications/<int:pk>/act/<slug:name>/", step_views.act, name="application_act"),
    path(
        "applications/<int:pk>/consultation-answered/",
        step_views.consultation_answered,
        name="consultation_answered",
    ),
    path("applications/<int:pk>/appeals/", step_views.appeal_add, name="appeal_add"),
    path(
        "applications/<int:pk>/appeals/<int:case>/",
        duty_views.appeal_update,
        name="appeal_update",
    ),
    path(
        "applications/<int:pk>/extension-requests/",
        duty_views.extension_request_add,
        name="extension_request",
    ),
    path(
        "applications/<int:pk>/extension-requests/<int:req>/<slug:decision>/",
        duty_views.extension_decide,
        name="extension_decide",
    ),
    path(
        "applications/<int:pk>/identity-document/",
        document_views.identity_document,
        name="identity_document",
    ),
    path(
        "applications/<int:pk>/letters/<slug:kind>/",
        document_views.letter_issue,
        name="letter_issue",
    ),
    path(
        "applications/<int:pk>/letters/<int:letter>.<slug:fmt>",
        document_views.letter_download,
        name="letter_download",
    ),
    path("applications/ledger/", ledger_views.ledger, name="ledger"),
    path("applications/ledger/export.xlsx", ledger_views.ledger_xlsx, name="ledger_export"),
    path("applications/ledger/print/", ledger_views.ledger_print, name="ledger_print"),
    path("applications/<int:pk>/print/", ledger_views.application_print, name="application_print"),
    path(
        "applications/<int:pk>/letters/<int:letter>/delivery/",
        letter_views.letter_deliver,
        name="letter_deliver",
    ),
    path("letter-templates/", letter_views.letter_templates, name="letter_templates"),
    path(
        "letter-templates/preview/",
        letter_views.letter_template_preview,
        name="letter_template_preview",
    ),
]
