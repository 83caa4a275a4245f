"""Static-file storage for production: content-hashed names that survive third-party packages.

Django's ``ManifestStaticFilesStorage`` rewrites every ``url(…)`` in a stylesheet to the hashed
name of the file it points at, and stops ``collectstatic`` when that file does not exist. Packages
ship such stylesheets: django-jalali's ``jquery-ui.min.css`` names theme images its wheel does not
contain, so no manifest was written and every page then failed with "Missing staticfiles manifest
entry". A reference to a missing file cannot work whatever we do, so it is left as written (the
browser gets a 404 for that one image) and named in the log, and the build goes on.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class ForgivingManifestStaticFilesStorage(ManifestStaticFilesStorage):
    """Hash and rewrite references like Django does, leaving references to missing files alone."""

    def url_converter(
        self, name: str, hashed_files: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Callable[[re.Match[str]], str]:
        convert = super().url_converter(name, hashed_files, *args, **kwargs)

        def converter(matchobj: re.Match[str]) -> str:
            try:
                return convert(matchobj)
            except ValueError as exc:
                # hashed_name() raises ValueError only when the referenced file is not there.
                logger.warning("%s: reference left unhashed: %s", name, exc)
                return matchobj.group("matched")

        return converter
