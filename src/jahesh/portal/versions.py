"""This process's memo of content versions, so a cached page costs no query at all.

A version read is trusted for ``MEMO_SECONDS``: a change made through this process clears the memo
at once (and again when its transaction commits); another process's change is seen within that
time. See ``caching``.
"""

from __future__ import annotations

import time

MEMO_SECONDS = 1.0

_memo: dict[str, tuple[float, str]] = {}


def remembered(key: str) -> str | None:
    found = _memo.get(key)
    if found is None or time.monotonic() - found[0] >= MEMO_SECONDS:
        return None
    return found[1]


def remember(key: str, value: str) -> None:
    _memo[key] = (time.monotonic(), value)


def forget() -> None:
    _memo.clear()
