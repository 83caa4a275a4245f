"""Who may do what with a city's articles, channels and publications.

A reporter writes and edits their own drafts; an editor edits anybody's draft, approves (never
their own unless the city allows it) and corrects; a publisher schedules, publishes waves,
withdraws and manages channels. Roles of one city give nothing in another.
"""

from __future__ import annotations

from jahesh.newsroom.models import VISIBLE_STATUSES, Article, ArticleStatus
from jahesh.registry.models import Municipality, Role
from jahesh.registry.permissions import (
    Actor,
    can_approve_articles,
    can_publish,
    can_write_articles,
    is_member,
    role_at_least,
)

EDITABLE_STATUSES = (ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW, ArticleStatus.APPROVED)


def is_author(user: Actor, article: Article) -> bool:
    if not user.is_authenticated:
        return False
    return user.pk in {article.reporter_id, article.created_by_id}


def can_view_newsroom(user: Actor, municipality: Municipality) -> bool:
    return can_write_articles(user, municipality)


def can_view_article(user: Actor, article: Article) -> bool:
    """Visible articles of public cities are for everybody; the rest only for the city's staff."""
    if article.status in VISIBLE_STATUSES and article.municipality.is_public:
        return True
    return is_member(user, article.municipality)


def can_see_unpublished_media(user: Actor, municipality: Municipality) -> bool:
    """The photos of a draft are the city's own until the article is out: any role there."""
    return is_member(user, municipality)


def can_create_article(user: Actor, municipality: Municipality) -> bool:
    return can_write_articles(user, municipality)


def can_change_article(user: Actor, article: Article) -> bool:
    if article.status not in EDITABLE_STATUSES:
        return False
    if role_at_least(user, article.municipality, Role.EDITOR):
        return True
    return can_write_articles(user, article.municipality) and is_author(user, article)


def can_submit_article(user: Actor, article: Article) -> bool:
    return article.status == ArticleStatus.DRAFT and can_change_article(user, article)


def can_review_article(user: Actor, article: Article) -> bool:
    """Approve or return articles of the city in general (an editor or above)."""
    return can_approve_articles(user, article.municipality)


def can_approve_article(user: Actor, article: Article) -> bool:
    """Approve this article: an editor who did not write it, or any editor where the city allows
    self-approval."""
    if not can_review_article(user, article):
        return False
    return article.municipality.allow_self_approval or not is_author(user, article)


def can_schedule_article(user: Actor, article: Article) -> bool:
    return can_publish(user, article.municipality)


def can_correct_article(user: Actor, article: Article) -> bool:
    return can_approve_articles(user, article.municipality)


def can_withdraw_article(user: Actor, article: Article) -> bool:
    return can_publish(user, article.municipality)


def can_publish_wave(user: Actor, municipality: Municipality) -> bool:
    return can_publish(user, municipality)


def can_manage_channels(user: Actor, municipality: Municipality) -> bool:
    return can_publish(user, municipality)


def can_manage_publications(user: Actor, municipality: Municipality) -> bool:
    return can_publish(user, municipality)
