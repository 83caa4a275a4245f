"""Addresses of the public portal. Slugs may be Persian (``str`` converters, not ``slug``)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from jahesh.newsroom.urls import feed_urlpatterns
from jahesh.portal import feeds, promises, views
from jahesh.portal.sitemaps import SITEMAPS

app_name = "portal"

city_urls = [
    path("<str:city>/", views.home, name="home"),
    path("<str:city>/programmes/<str:programme>/", views.programme, name="programme"),
    path("<str:city>/programmes/<str:programme>/<int:number>/", views.wave, name="wave"),
    path("<str:city>/projects/", views.project_list, name="project_list"),
    path("<str:city>/projects/page/<int:page>/", views.project_list, name="project_list_page"),
    path("<str:city>/projects/<str:code>/", views.project, name="project_short"),
    path("<str:city>/projects/<str:code>/<str:slug>/", views.project, name="project"),
    path("<str:city>/map/", views.city_map, name="city_map"),
    path("<str:city>/districts/", views.district_list, name="district_list"),
    path("<str:city>/districts/<int:number>/", views.district, name="district"),
    path(
        "<str:city>/districts/<int:number>/page/<int:page>/",
        views.district,
        name="district_page",
    ),
    path("<str:city>/sectors/", views.sector_list, name="sector_list"),
    path("<str:city>/sectors/<str:code>/", views.sector, name="sector"),
    path("<str:city>/sectors/<str:code>/page/<int:page>/", views.sector, name="sector_page"),
    path("<str:city>/search/", views.search_page, name="search"),
    path("<str:city>/news/", views.news_list, name="news_list"),
    path("<str:city>/news/page/<int:page>/", views.news_list, name="news_list_page"),
    path("<str:city>/news/<int:code>/", views.article, name="article_short"),
    path("<str:city>/news/<int:code>/<str:slug>/", views.article, name="article"),
    path("<str:city>/n/<int:code>/", views.short_link, name="short_link"),
    path("<str:city>/facts/<int:pk>/", views.fact, name="fact"),
    path("<str:city>/promises/", promises.promises, name="promises"),
    path("", include((feed_urlpatterns, feeds.NAMESPACE))),
]

urlpatterns = [
    path("", views.root, name="root"),
    path("members/", views.members, name="members"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    *city_urls,
]
