"""What the newsroom's services announce after their transaction commits; tasks.py listens."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after commit, so a listener never sees a rolled-back row.
# ``dispatch_id`` (int) and ``due_at`` (aware datetime): articles were scheduled for that moment.
dispatch_scheduled = Signal()
# ``publication_id`` (int): a person asked for a failed or uncertain publication to go again now.
publication_retried = Signal()
# ``wave_ids`` (list of int): rows published figures may stand on changed in these waves
# (projects, ceremonies, plans); sent once per transaction, after it commits.
figures_may_have_changed = Signal()
# ``municipality_ids`` (list of int): a re-check changed published facts' values in these cities
# (bulk UPDATEs, so no post_save); the portal makes their cached pages stale.
facts_rechecked = Signal()
# ``municipality_ids`` and ``article_ids`` (lists of int): a dispatch fired and made these
# articles public with a bulk UPDATE (no post_save); the portal makes the cities' cached pages
# stale and indexes the articles at once, instead of waiting for its minute sweep.
articles_published = Signal()
