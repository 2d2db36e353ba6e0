"""Link-preview images (og:image): a company's name, total, stars and five category bars,
drawn on the server as a 1200×630 PNG. No review text is ever drawn.

Rendered bytes are cached per company version (nipa_reviews.pagecache), so a publish that
moves the score draws a new image; a company below the score threshold, like every other
page, shares the site's image.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from companies.models import Company
from nipa_reviews.arithmetic import out_of_five
from nipa_reviews.pagecache import SITE_KEY, cached, company_scope

from .management.commands.subset_fonts import SERVER_FONT, SERVER_RANGES
from .seo import OG_IMAGE_SIZE, shows_scores

WIDTH, HEIGHT = OG_IMAGE_SIZE
MARGIN = 72
# The site's colours (static/css/site.css).
INK, INK_SOFT, LINE = "#1b2033", "#5c6478", "#e3e6ef"
PAPER, BRAND, BRAND_SOFT = "#f5f6fa", "#3346c4", "#eef0fc"
STAR, STAR_EMPTY = "#f5a524", "#d9dde8"
# Messengers keep a preview for a while; the page's address for the image changes with
# its scores (seo.og_image_path), so a long life is safe.
MAX_AGE = 24 * 3600


@cache
def font(size: int, weight: int = 400) -> ImageFont.FreeTypeFont:
    face = ImageFont.truetype(str(Path(settings.BASE_DIR) / SERVER_FONT), size)
    face.set_variation_by_axes([weight])
    return face


@cache
def drawable() -> frozenset[int]:
    return frozenset(point for first, last in SERVER_RANGES for point in range(first, last + 1))


def printable(text: str) -> str:
    """`text` without what the font cannot draw (a hanja, an emoji): better left out than
    drawn as empty boxes."""
    kept = "".join(c if ord(c) in drawable() else " " for c in text)
    return " ".join(kept.split())


def fitted(text: str, width: int, size: int, minimum: int, weight: int = 700):
    """The largest font from `size` down to `minimum` that fits `text` in `width`, and
    `text` itself, shortened with an ellipsis if even the smallest does not fit."""
    for candidate in range(size, minimum - 1, -4):
        face = font(candidate, weight)
        if face.getlength(text) <= width:
            return face, text
    face = font(minimum, weight)
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return face, text.rstrip() + "…"


def star_points(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.48
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle)))
    return points


def stars(value: Decimal, size: int) -> Image.Image:
    """Five stars, amber to `value` of 5 and grey beyond, drawn four times larger and
    scaled down so their edges are smooth (the page's {% stars %} in pixels)."""
    scale = 4
    step = size * scale
    grey = Image.new("RGBA", (step * 5, step), (0, 0, 0, 0))
    amber = grey.copy()
    for layer, colour in ((grey, STAR_EMPTY), (amber, STAR)):
        pen = ImageDraw.Draw(layer)
        for i in range(5):
            pen.polygon(
                star_points(step * i + step / 2, step / 2 + step * 0.04, step * 0.5), colour
            )
    filled = round(step * 5 * float(value) / 5)
    grey.paste(amber.crop((0, 0, filled, step)), (0, 0))
    return grey.resize((size * 5, size), Image.Resampling.LANCZOS)


def band(pen: ImageDraw.ImageDraw) -> None:
    pen.rectangle((0, 0, WIDTH, 12), fill=BRAND)


def site_image() -> bytes:
    """The site's image: every page but a company's with shown scores."""
    image = Image.new("RGB", OG_IMAGE_SIZE, PAPER)
    pen = ImageDraw.Draw(image)
    band(pen)
    name_font, name = fitted(printable(settings.SITE_NAME), WIDTH - 2 * MARGIN, 120, 60)
    pen.text((MARGIN, 230), name, font=name_font, fill=INK)
    pen.text((MARGIN, 400), _("현직자가 말하는 기업 리뷰"), font=font(48, 600), fill=INK_SOFT)
    pen.text((MARGIN, 470), _("만족도 점수 · 리뷰 · 면접 후기"), font=font(36, 400), fill=INK_SOFT)
    return png(image)


def company_image(company: Company) -> bytes:
    score = company.score
    image = Image.new("RGB", OG_IMAGE_SIZE, PAPER)
    pen = ImageDraw.Draw(image)
    band(pen)
    pen.text((MARGIN, 52), printable(settings.SITE_NAME), font=font(34, 700), fill=BRAND)
    name_font, name = fitted(printable(company.name), WIDTH - 2 * MARGIN, 72, 44)
    pen.text((MARGIN, 110), name, font=name_font, fill=INK)

    # The total, left: points, stars, what it is over.
    pen.rounded_rectangle((MARGIN, 230, 560, 570), radius=24, fill="white", outline=LINE, width=2)
    left = MARGIN + 36
    pen.text((left, 256), _("현직자 만족도"), font=font(30, 600), fill=INK_SOFT)
    points = _("%(points)d점") % {"points": score.total_points()}
    pen.text((left, 296), points, font=font(120, 700), fill=BRAND)
    value = out_of_five(score.total_fraction())
    star_image = stars(value, 52)
    image.paste(star_image, (left, 448), star_image)
    pen.text((left + 52 * 5 + 16, 452), f"{value}", font=font(40, 700), fill=INK)
    meta = _("리뷰 %(count)s건 · %(date)s 기준") % {
        "count": f"{score.review_count:,}",
        "date": date_format(score.as_of, "SHORT_DATE_FORMAT") if score.as_of else "",
    }
    pen.text((left, 516), meta, font=font(26, 400), fill=INK_SOFT)

    # The five categories, right, as the page's bars.
    top, left, right = 246, 610, WIDTH - MARGIN
    bar_left, bar_right = left + 200, right - 96
    for i, line in enumerate(score.categories()):
        y = top + i * 64
        label_font, label = fitted(str(line.label), 190, 28, 20, weight=500)
        pen.text((left, y), label, font=label_font, fill=INK)
        pen.rounded_rectangle((bar_left, y + 10, bar_right, y + 26), radius=8, fill=LINE)
        end = bar_left + (bar_right - bar_left) * line.points / 100
        if line.points:
            pen.rounded_rectangle((bar_left, y + 10, end, y + 26), radius=8, fill=BRAND)
        pen.text(
            (right, y + 18),
            _("%(points)d점") % {"points": line.points},
            font=font(28, 700),
            fill=INK,
            anchor="rm",
        )
    return png(image)


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def image_response(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def site_og_image(request: HttpRequest) -> HttpResponse:
    """/og.png: drawn once per site version and language."""
    return image_response(cached(f"og:site:{get_language()}", [SITE_KEY], site_image))


def company_og_image(request: HttpRequest, slug: str) -> HttpResponse:
    """/companies/<slug>/og.png: the company's scores, or the site's image below the
    threshold; drawn once per company version and language."""

    def draw() -> bytes:
        company = get_object_or_404(Company.objects.published().select_related("score"), slug=slug)
        return company_image(company) if shows_scores(company) else site_image()

    return image_response(cached(f"og:{slug}:{get_language()}", company_scope(slug), draw))
