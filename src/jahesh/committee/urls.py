from django.urls import path

from jahesh.committee import views
from jahesh.committee.draft_urls import draft_patterns

app_name = "committee"
urlpatterns = [
    path("", views.index, name="index"),
    path("feeds/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("<str:slug>/", views.public, name="public"),
    path("<str:slug>/home/", views.home, name="home"),
    path("<str:slug>/sessions/", views.sessions, name="sessions"),
    path("<str:slug>/sessions/plan/", views.session_plan, name="session-plan"),
    path("<str:slug>/sessions/<int:number>/", views.session, name="session"),
    path(
        "<str:slug>/sessions/<int:number>/do/<str:action>/",
        views.session_action,
        name="session-action",
    ),
    path("<str:slug>/sessions/<int:number>/agenda/", views.agenda_add, name="agenda-add"),
    path(
        "<str:slug>/sessions/<int:number>/agenda/<int:item_id>/<str:direction>/",
        views.agenda_move,
        name="agenda-move",
    ),
    path("<str:slug>/sessions/<int:number>/carry-over/", views.carry_over, name="carry-over"),
    path("<str:slug>/sessions/<int:number>/answer/", views.attendance_answer, name="answer"),
    path(
        "<str:slug>/sessions/<int:number>/minutes/<int:item_id>/",
        views.minutes_item,
        name="minutes-item",
    ),
    path(
        "<str:slug>/sessions/<int:number>/corrections/<int:item_id>/",
        views.correction_propose,
        name="correction-propose",
    ),
    path(
        "<str:slug>/sessions/<int:number>/corrections/answer/<int:correction_id>/",
        views.correction_answer,
        name="correction-answer",
    ),
    path(
        "<str:slug>/sessions/<int:number>/resolutions/", views.resolution_add, name="resolution-add"
    ),
    path("<str:slug>/sessions/<int:number>/errata/", views.erratum_add, name="erratum-add"),
    path(
        "<str:slug>/sessions/<int:number>/minutes.pdf",
        views.minutes_download,
        {"fmt": "pdf"},
        name="minutes-pdf",
    ),
    path(
        "<str:slug>/sessions/<int:number>/minutes.docx",
        views.minutes_download,
        {"fmt": "docx"},
        name="minutes-docx",
    ),
    path(
        "<str:slug>/sessions/<int:number>/items/<int:item_id>/attachments/",
        views.attachment_upload,
        name="attachment-upload",
    ),
    path(
        "<str:slug>/sessions/<int:number>/items/<int:item_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "<str:slug>/sessions/<int:number>/items/<int:item_id>/attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment-delete",
    ),
    path("<str:slug>/calendar/", views.calendar_page, name="calendar"),
    path("<str:slug>/hosting/", views.hosting, name="hosting"),
    *draft_patterns,
    path("<str:slug>/resolutions/", views.resolutions, name="resolutions"),
    path(
        "<str:slug>/resolutions/<int:resolution_id>/follow-up/",
        views.follow_up,
        name="follow-up",
    ),
]
