from django.urls import path

from jahesh.committee import views
from jahesh.committee.feeds import CommitteeSessionsAtomFeed, CommitteeSessionsRssFeed

# A draft's addresses, and a version's under it.
D = "<str:slug>/drafts/<int:draft_id>/"
V = D + "v<int:number>/"

app_name = "committee"
urlpatterns = [
    path("", views.index, name="index"),
    path("feeds/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("<str:slug>/", views.public, name="public"),
    path("<str:slug>/sessions.rss", CommitteeSessionsRssFeed(), name="sessions-rss"),
    path("<str:slug>/sessions.atom", CommitteeSessionsAtomFeed(), name="sessions-atom"),
    path("<str:slug>/home/", views.home, name="home"),
    path("<str:slug>/sessions/", views.sessions, name="sessions"),
    path("<str:slug>/sessions/plan/", views.session_plan, name="session-plan"),
    path("<str:slug>/sessions/<int:number>/", views.session, name="session"),
    path(
        "<str:slug>/sessions/<int:number>/do/<str:action>/",
        views.session_action,
        name="session-action",
    ),
    path(
        "<str:slug>/sessions/<int:number>/report/<str:action>/",
        views.session_report_action,
        name="session-report",
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
    path("<str:slug>/drafts/", views.drafts, name="drafts"),
    path("<str:slug>/drafts/new/", views.draft_create, name="draft-create"),
    path("<str:slug>/drafts/import/", views.draft_import, name="draft-import"),
    path(D, views.draft, name="draft"),
    path(D + "sections/", views.section_add, name="section-add"),
    path(D + "sections/<int:section_id>/", views.section_edit, name="section-edit"),
    path(D + "circulate/", views.circulate, name="draft-circulate"),
    path(D + "diff/", views.diff, name="draft-diff"),
    path(D + "chart/", views.chart, name="draft-chart"),
    path(D + "submissions/", views.submission_add, name="submission-add"),
    path(
        D + "submissions/<int:submission_id>/",
        views.submission_answer,
        name="submission-answer",
    ),
    path(D + "adoption/", views.adoption, name="draft-adoption"),
    path(D + "publish/", views.publish, name="draft-publish"),
    path(D + "revise/", views.revise, name="draft-revise"),
    path(V, views.version, name="draft-version"),
    path(V + "matrix/", views.matrix, name="draft-matrix"),
    path(V + "<str:which>.<str:fmt>", views.draft_document, name="draft-document"),
    path(V + "answer/", views.whole_answer, name="draft-answer"),
    path(V + "apply/", views.apply_accepted, name="draft-apply"),
    path(V + "opinions/<int:section_id>/", views.opinion, name="draft-opinion"),
    path(
        V + "dispositions/<int:opinion_id>/",
        views.disposition,
        name="draft-disposition",
    ),
    path("<str:slug>/glossary/<int:draft_id>/", views.public_glossary, name="public-glossary"),
    path("<str:slug>/resolutions/", views.resolutions, name="resolutions"),
    path(
        "<str:slug>/resolutions/<int:resolution_id>/follow-up/",
        views.follow_up,
        name="follow-up",
    ),
]
