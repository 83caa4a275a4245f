"""Every write of the newsroom: articles and their workflow, channels, publishing."""

from __future__ import annotations

from jahesh.newsroom.services.articles import (
    article_approve,
    article_correct,
    article_create,
    article_create_composed,
    article_photo_add,
    article_return,
    article_submit,
    article_update,
    article_withdraw,
    clean_text,
)
from jahesh.newsroom.services.channels import channel_create, channel_update
from jahesh.newsroom.services.facts import (
    article_correct_figures,
    article_create_for_programme,
    article_create_for_wave,
    fact_evaluate,
    facts_recheck,
    facts_record,
    facts_record_programme,
)
from jahesh.newsroom.services.publishing import (
    article_publish_now,
    article_record_published,
    article_schedule,
    dispatch_fire,
    dispatch_fire_by_channel,
    dispatches_unfired,
    wave_publish,
    wave_publish_now,
)
from jahesh.newsroom.services.sending import (
    publication_mark_sent,
    publication_retry,
    publication_send,
    publications_due,
    publications_recover,
)

__all__ = [
    "article_approve",
    "article_correct",
    "article_correct_figures",
    "article_create",
    "article_create_composed",
    "article_create_for_programme",
    "article_create_for_wave",
    "article_photo_add",
    "article_publish_now",
    "article_record_published",
    "article_return",
    "article_schedule",
    "article_submit",
    "article_update",
    "article_withdraw",
    "channel_create",
    "channel_update",
    "clean_text",
    "dispatch_fire",
    "dispatch_fire_by_channel",
    "dispatches_unfired",
    "fact_evaluate",
    "facts_recheck",
    "facts_record",
    "facts_record_programme",
    "publication_mark_sent",
    "publication_retry",
    "publication_send",
    "publications_due",
    "publications_recover",
    "wave_publish",
    "wave_publish_now",
]
