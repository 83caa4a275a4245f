"""The drafts' addresses, joined into the committee's URLconf (``urls.py``)."""

from django.urls import URLPattern, path

from jahesh.committee import views

D = "<str:slug>/drafts/<int:draft_id>/"
V = D + "v<int:number>/"

draft_patterns: list[URLPattern] = [
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
]
