"""Staff newsroom under /staff/newsroom/, and the public feeds the portal mounts.

The portal includes ``feed_urlpatterns`` inside its own namespace, e.g.
``path("", include((feed_urlpatterns, "newsroom_feeds")))``; the addresses are
``<city>/news/feed/rss/``, ``<city>/news/feed/atom/``,
``<city>/programmes/<programme>/feed/rss/`` and ``…/feed/atom/``.
"""

from django.urls import URLPattern, path

from jahesh.newsroom import feeds, views

app_name = "newsroom"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<str:city>/", views.city, name="city"),
    path("<str:city>/new/", views.article_new, name="article_new"),
    path("<str:city>/compose/", views.compose, name="compose"),
    path("<str:city>/articles/<int:code>/", views.article, name="article"),
    path(
        "<str:city>/articles/<int:code>/<str:action>/",
        views.article_action,
        name="article_action",
    ),
    path("<str:city>/figures/", views.figures, name="figures"),
    path("<str:city>/figures/<int:code>/correct/", views.figures_correct, name="figures_correct"),
    path("<str:city>/publications/", views.publications, name="publications"),
    path(
        "<str:city>/publications/<int:pk>/<str:action>/",
        views.publication_action,
        name="publication_action",
    ),
    path("<str:city>/waves/<int:wave_id>/publish/", views.wave_publish, name="wave_publish"),
    path("<str:city>/channels/", views.channels, name="channels"),
    path("<str:city>/channels/<int:pk>/", views.channel_edit, name="channel_edit"),
]

feed_urlpatterns: list[URLPattern] = [
    path("<str:city>/news/feed/rss/", feeds.MunicipalityRssFeed(), name="news_rss"),
    path("<str:city>/news/feed/atom/", feeds.MunicipalityAtomFeed(), name="news_atom"),
    path(
        "<str:city>/programmes/<str:programme>/feed/rss/",
        feeds.ProgrammeRssFeed(),
        name="programme_rss",
    ),
    path(
        "<str:city>/programmes/<str:programme>/feed/atom/",
        feeds.ProgrammeAtomFeed(),
        name="programme_atom",
    ),
]
