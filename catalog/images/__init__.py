"""Generated demo pictures (Pillow): product images per OCOP sector and producer logos.

Files get deterministic names and are never redrawn once they exist, so reruns are cheap.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from oscar.core.loading import get_model
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ..importers.base import ImportSummary, Progress, no_progress
from ..utils import fold, slugify
from .motifs import SECTORS, SectorStyle

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from oscar.apps.partner.abstract_models import AbstractPartner as Partner

    from ..models import Product

FONT_DIR = Path(__file__).resolve().parent.parent / "data" / "fonts"
SIZE = 800
SCALE = 2  # shapes are drawn at twice the size and scaled down: smooth edges
PRODUCT_FOLDER = "images/products/ocop"
LOGO_FOLDER = "producers"
INK = (31, 41, 55)
MUTED = (95, 105, 120)
RIBBON = (183, 28, 28)
GOLD = (255, 202, 40)


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans, shipped in catalog/data/fonts: it covers every Vietnamese letter."""
    return ImageFont.truetype(str(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _background(style: SectorStyle) -> Image.Image:
    """A soft diagonal gradient with two faint circles for depth."""
    vertical = Image.linear_gradient("L").resize((SIZE, SIZE))
    mask = Image.blend(
        vertical,
        vertical.transpose(Image.Transpose.ROTATE_90).transpose(Image.Transpose.FLIP_LEFT_RIGHT),
        0.35,
    )
    image = Image.composite(
        Image.new("RGB", (SIZE, SIZE), style.deep),
        Image.new("RGB", (SIZE, SIZE), style.light),
        mask.point(lambda v: int(v * 0.85)),
    )
    glow = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(glow)
    draw.ellipse([-160, -200, 420, 380], fill=(255, 255, 255, 60))
    draw.ellipse([520, 180, 980, 640], fill=(255, 255, 255, 35))
    return Image.alpha_composite(image.convert("RGBA"), glow)


def _motif_layer(style: SectorStyle) -> Image.Image:
    big = SIZE * SCALE
    layer = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    style.motif(ImageDraw.Draw(layer), big / 2, big * 0.355, big * 0.25)
    layer = layer.resize((SIZE, SIZE), Image.LANCZOS)
    shadow = Image.new("RGBA", layer.size, (*style.deep, 0))
    shadow.putalpha(layer.getchannel("A").point(lambda v: v // 3).filter(ImageFilter.GaussianBlur(10)))
    base = Image.new("RGBA", layer.size, (0, 0, 0, 0))
    base.paste(shadow, (6, 10))
    return Image.alpha_composite(base, layer)


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(
    text: str, width: int, max_lines: int, sizes: Iterable[int], bold: bool
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which `text` fits; the last size truncates with an ellipsis."""
    for size in sizes:
        face = font(size, bold)
        lines = _wrap(text, face, width)
        if len(lines) <= max_lines and all(face.getlength(line) <= width for line in lines):
            return face, lines
    lines = _wrap(text, face, width)[:max_lines]
    while lines and face.getlength(lines[-1] + "…") > width:
        lines[-1] = lines[-1][:-1].rstrip()
    if lines:
        lines[-1] += "…"
    return face, lines


def _sector_base(sector: str) -> Image.Image:
    """Everything a sector's pictures share (gradient, motif, OCOP pill, empty name card): drawn once."""
    style = SECTORS[sector]
    image = Image.alpha_composite(_background(style), _motif_layer(style))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([32, 40, 170, 96], radius=28, fill=(255, 255, 255, 235))
    draw.text((101, 68), "OCOP", font=font(28, True), fill=style.deep, anchor="mm")
    card = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(card).rounded_rectangle(
        [32, 520, SIZE - 32, SIZE - 32], radius=28, fill=(255, 255, 255, 240)
    )
    image = Image.alpha_composite(image, card)
    draw = ImageDraw.Draw(image)
    # Says plainly that the picture is not a photograph of the product.
    draw.text((SIZE - 40, 506), "Ảnh minh họa", font=font(17), fill=(255, 255, 255, 230), anchor="rs")
    draw.rectangle([32 + 28, 520, 32 + 110, 526], fill=style.deep)
    return image.convert("RGB")


def product_image_render(*, title: str, subtitle: str, sector: str) -> bytes:
    """An 800×800 JPEG: sector gradient and motif, OCOP pill, name card.

    No stars on the picture: a rating can lapse, and the page shows the current badge."""
    image = _sector_base(sector if sector in SECTORS else "I").copy()
    draw = ImageDraw.Draw(image)
    title_font, lines = _fit(title, SIZE - 128, 3, (48, 44, 40, 36, 32), True)
    y = 548
    for line in lines:
        draw.text((64, y), line, font=title_font, fill=INK)
        y += int(title_font.size * 1.22)
    sub_font, sub_lines = _fit(subtitle, SIZE - 128, 1 if len(lines) == 3 else 2, (26, 24, 22), False)
    y = max(y + 8, SIZE - 60 - len(sub_lines) * 32)
    for line in sub_lines:
        draw.text((64, y), line, font=sub_font, fill=MUTED)
        y += 32
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=86, progressive=True)
    return buffer.getvalue()


def stored_file(name: str, render: Callable[[], bytes]) -> str:
    """The file at `name`, drawn and saved only when it does not exist yet."""
    if default_storage.exists(name):
        return name
    return default_storage.save(name, ContentFile(render()))


def product_sector(product: Product) -> str:
    """The product's OCOP sector ("I"…"VI") from its product set code (prefetch `categories`)."""
    codes = sorted(c.code for c in product.categories.all() if c.code)
    return codes[0].split(".")[0] if codes else "I"


def product_images_ensure(products: QuerySet[Product], *, progress: Progress = no_progress) -> ImportSummary:
    """Give every product without an image a generated one (file name from its UPC)."""
    ProductImage = get_model("catalogue", "ProductImage")
    summary = ImportSummary()
    items = list(products.select_related("producer", "province").prefetch_related("categories", "images"))
    for product in progress(items, total=len(items), desc="images"):
        if product.images.all():
            summary.add("product images", "unchanged")
            continue
        subtitle = " · ".join(
            part
            for part in (
                product.producer.name if product.producer else "",
                product.province.name if product.province else "",
            )
            if part
        )
        render = partial(
            product_image_render,
            title=product.title,
            subtitle=subtitle,
            sector=product_sector(product),
        )
        name = stored_file(f"{PRODUCT_FOLDER}/{slugify(product.upc or f'product-{product.pk}')}.jpg", render)
        ProductImage.objects.create(
            product=product, original=name, caption=product.title[:200], display_order=0
        )
        summary.add("product images", "created")
    return summary


def pool_image_ensure(*, code: str, title: str, subtitle: str) -> str:
    """One shared picture per product set, for synthetic products (no stars: it is generic)."""
    render = partial(product_image_render, title=title, subtitle=subtitle, sector=code.split(".")[0])
    return stored_file(f"{PRODUCT_FOLDER}/pool/{slugify(code)}.jpg", render)


# Words of a legal form or trade that say nothing about who the producer is.
LEGAL_WORDS = {
    "cong",
    "ty",
    "tnhh",
    "mtv",
    "co",
    "phan",
    "cp",
    "hop",
    "tac",
    "xa",
    "htx",
    "ho",
    "kinh",
    "doanh",
    "to",
    "chi",
    "nhanh",
    "thuong",
    "mai",
    "dich",
    "vu",
    "san",
    "xuat",
    "va",
    "nong",
    "nghiep",
    "tap",
    "doan",
}
LOGO_COLOURS = [
    (230, 111, 0),
    (0, 121, 130),
    (46, 125, 50),
    (150, 75, 40),
    (194, 24, 91),
    (21, 101, 192),
    (106, 27, 154),
    (0, 105, 92),
    (191, 54, 12),
    (69, 90, 100),
]


def producer_initials(name: str) -> str:
    """Up to two initials from the distinctive end of the name: "HTX Nông nghiệp Đồng Tiến" → "ĐT"."""
    words = [word for word in name.replace("(", " ").replace(")", " ").split() if word[0].isalnum()]
    distinctive = [word for word in words if fold(word) not in LEGAL_WORDS] or words
    return "".join(word[0].upper() for word in distinctive[-2:]) or "?"


def producer_logo_render(name: str) -> bytes:
    """A 256×256 PNG: the producer's initials on a coloured circle."""
    colour = LOGO_COLOURS[int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % len(LOGO_COLOURS)]
    big = 256 * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([8, 8, big - 8, big - 8], fill=colour)
    draw.ellipse([28, 28, big - 28, big - 28], outline=(255, 255, 255, 90), width=6)
    initials = producer_initials(name)
    draw.text(
        (big / 2, big / 2 + 6),
        initials,
        font=font(190 if len(initials) == 1 else 170, True),
        fill="white",
        anchor="mm",
    )
    buffer = io.BytesIO()
    image.resize((256, 256), Image.LANCZOS).save(buffer, "PNG")
    return buffer.getvalue()


def producer_logos_ensure(partners: Iterable[Partner], *, progress: Progress = no_progress) -> ImportSummary:
    """Give every producer without a logo its initials logo."""
    summary = ImportSummary()
    items = list(partners)
    for partner in progress(items, total=len(items), desc="logos"):
        if partner.logo:
            summary.add("producer logos", "unchanged")
            continue
        name = stored_file(f"{LOGO_FOLDER}/{partner.code}.png", partial(producer_logo_render, partner.name))
        type(partner).objects.filter(pk=partner.pk).update(logo=name)
        summary.add("producer logos", "created")
    return summary
