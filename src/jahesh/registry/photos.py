"""Turn an uploaded progress photo into web-sized JPEG copies that carry no metadata.

The original is never stored: a phone's photo holds the place it was taken (GPS EXIF), the
camera's serial number and more, and a published copy must hold none of it. The pixels are
copied into a fresh image, so no EXIF, XMP, ICC profile or comment can ride along.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from jahesh import persian
from jahesh.core.errors import ValidationError

MAX_PHOTO_BYTES = 15 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
WEB_LONG_SIDE_PX = 1600
THUMBNAIL_LONG_SIDE_PX = 480
JPEG_QUALITY = 82
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


@dataclass(frozen=True, slots=True)
class WebPhoto:
    web_jpeg: bytes
    thumbnail_jpeg: bytes
    width_px: int
    height_px: int


def _fa(number: int) -> str:
    return persian.to_persian_digits(f"{number:,}".replace(",", "٬"))


def _not_a_photo(name: str) -> ValidationError:
    return ValidationError(
        f"پرونده «{name}» عکس نیست؛ عکس JPEG، PNG یا WebP بفرستید.", field="photos"
    )


def _jpeg(image: Image.Image, long_side_px: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((long_side_px, long_side_px), Image.Resampling.LANCZOS)
    # A fresh image has an empty ``info``: nothing of the upload's metadata reaches the file.
    clean = Image.new("RGB", copy.size)
    clean.paste(copy)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), clean.width, clean.height


def web_photo(data: bytes, *, name: str) -> WebPhoto:
    """Check an upload is a photo of a sane size and make its web and thumbnail copies.

    Raises ``ValidationError`` (Persian, naming the file) for anything else.
    """
    if len(data) > MAX_PHOTO_BYTES:
        limit = _fa(MAX_PHOTO_BYTES // (1024 * 1024))
        raise ValidationError(
            f"عکس «{name}» بزرگ‌تر از {limit} مگابایت است؛ آن را کوچک‌تر کنید.", field="photos"
        )
    try:
        # Opening reads only the header; the size is checked before any pixel is decoded.
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
    except Image.DecompressionBombError as exc:
        raise _huge(name, None) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise _not_a_photo(name) from exc
    if image_format not in ACCEPTED_FORMATS:
        raise _not_a_photo(name)
    if width * height > MAX_PHOTO_PIXELS:
        raise _huge(name, (width, height))
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            # Turn the pixels as the camera meant before the orientation tag is dropped.
            upright = ImageOps.exif_transpose(opened) or opened
            rgb = upright.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise _not_a_photo(name) from exc
    web, web_width, web_height = _jpeg(rgb, WEB_LONG_SIDE_PX)
    thumbnail, _, _ = _jpeg(rgb, THUMBNAIL_LONG_SIDE_PX)
    return WebPhoto(web, thumbnail, web_width, web_height)


def _huge(name: str, size: tuple[int, int] | None) -> ValidationError:
    limit = _fa(MAX_PHOTO_PIXELS // 1_000_000)
    shown = f" ({_fa(size[0])}×{_fa(size[1])} پیکسل)" if size else ""
    return ValidationError(
        f"عکس «{name}»{shown} بیش از {limit} میلیون پیکسل است؛ آن را کوچک‌تر کنید.",
        field="photos",
    )
