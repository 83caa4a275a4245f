"""Staff pages of the newsroom under /staff/newsroom/ (thin: parse, call a service, render)."""

from jahesh.newsroom.views.articles import (
    article,
    article_action,
    article_new,
    city,
    compose,
    index,
)
from jahesh.newsroom.views.channels import channel_edit, channels
from jahesh.newsroom.views.facts import figures, figures_correct
from jahesh.newsroom.views.media import photo
from jahesh.newsroom.views.publishing import publication_action, publications, wave_publish

__all__ = [
    "article",
    "article_action",
    "article_new",
    "channel_edit",
    "channels",
    "city",
    "compose",
    "figures",
    "figures_correct",
    "index",
    "photo",
    "publication_action",
    "publications",
    "wave_publish",
]
