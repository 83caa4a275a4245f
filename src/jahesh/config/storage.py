"""Static-file storage for production: content-hashed names that survive third-party packages.

Django's ``ManifestStaticFilesStorage`` rewrites every ``url(…)`` in a stylesheet to the hashed
name of the file it points at, and stops ``collectstatic`` when that file does not exist. Packages
ship such stylesheets: django-jalali's ``jquery-ui.min.css`` names theme images its wheel does not
contain, so no manifest was written and every page then failed with "Missing staticfiles manifest
entry". A reference to a missing file cannot work whatever we do, so it is left as written (the
browser gets a 404 for that one image) and named in the log, and the build goes on.

Those references are real gaps, but in someone else's file: django-jalali's minified stylesheet
names five theme images (highlight and error icons) that its wheel does not ship, and the
admin's date picker never shows those states. Django checks a stylesheet once per pass, up to
``max_post_process_passes`` times, so the same five used to be logged twenty times. Each
stylesheet's missing references are now gathered and logged once, as one WARNING line at the end
of ``post_process``, naming them all.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class ForgivingManifestStaticFilesStorage(ManifestStaticFilesStorage):
    """Hash and rewrite references like Django does, leaving references to missing files alone."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Stylesheet -> the references to missing files it holds, as written.
        self.missing_references: dict[str, set[str]] = {}

    def post_process(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        self.missing_references = {}
        yield from super().post_process(*args, **kwargs)
        for name, references in sorted(self.missing_references.items()):
            logger.warning(
                "%s: %d reference(s) to files that do not exist left unhashed: %s",
                name,
                len(references),
                ", ".join(sorted(references)),
            )

    def url_converter(
        self, name: str, hashed_files: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Callable[[re.Match[str]], str]:
        convert = super().url_converter(name, hashed_files, *args, **kwargs)

        def converter(matchobj: re.Match[str]) -> str:
            try:
                return convert(matchobj)
            except ValueError as exc:
                # hashed_name() raises ValueError only when the referenced file is not there.
                logger.debug("%s: reference left unhashed: %s", name, exc)
                self.missing_references.setdefault(name, set()).add(matchobj.group("url"))
                return matchobj.group("matched")

        return converter
