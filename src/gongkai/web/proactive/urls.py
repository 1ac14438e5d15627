from django.urls import path

from gongkai.web.proactive import channels_views, columns_views, views, wording_views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("new/", views.item_edit, name="catalogue_new"),
    path("<int:pk>/", views.item_detail, name="catalogue_item"),
    path("<int:pk>/edit/", views.item_edit, name="catalogue_edit"),
    path("<int:pk>/review/", views.item_review, name="catalogue_review"),
    path(
        "<int:pk>/attachments/<int:attachment>/",
        views.attachment_download,
        name="catalogue_attachment",
    ),
    path("counts/", views.counts, name="active_counts"),
    path("counts/imports/<int:pk>/", views.import_job, name="import_job"),
    path("columns/", columns_views.columns, name="columns"),
    path("columns/new/", columns_views.column_edit, name="column_new"),
    path("columns/<int:pk>/edit/", columns_views.column_edit, name="column_edit"),
    path("<int:pk>/wording/", wording_views.item_wording, name="catalogue_wording"),
    path("wording/", wording_views.lexicon, name="wording_lexicon"),
    path("wording/new/", wording_views.lexicon_entry, name="wording_entry_new"),
    path("wording/<int:pk>/", wording_views.lexicon_entry, name="wording_entry_edit"),
    path("<int:pk>/channels/", channels_views.item_channels, name="catalogue_channels"),
    path("reading-rooms/", channels_views.reading_rooms, name="reading_rooms"),
    path("reading-rooms/new/", channels_views.reading_room_edit, name="reading_room_new"),
    path("reading-rooms/<int:pk>/", channels_views.reading_room_edit, name="reading_room_edit"),
]
