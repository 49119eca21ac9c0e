"""
Share cards: the image a link to a claim shows on social networks (og:image, 1200×630).

Drawn by the server with Pillow: the rating in its colour, the claim, who made it, and the
site's name. The file's name carries a digest of what it shows, so a new verdict gives a new
address (no stale card in anyone's cache); the task queue draws it when the verdict changes,
and the view draws it on first request if the worker has not yet.
"""

import hashlib
import io
import textwrap

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from statements.models import Claim, Stance

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
NEUTRAL = "#444444"


def _content(claim: Claim) -> tuple[str, str, str, str]:
    """What the card shows: rating label and colour, claim text, speaker."""
    verdict = getattr(claim, "verdict", None)
    rating = verdict.rating if verdict is not None and not claim.retracted_at else None
    stance = (
        Stance.objects.filter(claim=claim, stance=Stance.Kind.ASSERTS)
        .select_related("statement__speaker")
        .order_by("statement__said_on", "statement__id")
        .first()
    )
    label = "Retracted" if claim.retracted_at else (rating.label if rating else "")
    colour = rating.colour if rating else NEUTRAL
    speaker = stance.statement.speaker.name if stance else ""
    return label, colour, claim.text, speaker


def share_image_name(claim: Claim) -> str:
    """The storage name of the claim's current card."""
    digest = hashlib.sha256("|".join((*_content(claim), settings.SITE_NAME)).encode()).hexdigest()[
        :16
    ]
    return f"share/claims/{claim.pk}-{digest}.png"


def _draw(claim: Claim) -> bytes:
    label, colour, text, speaker = _content(claim)
    image = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    draw = ImageDraw.Draw(image)
    band = 120
    draw.rectangle([0, 0, WIDTH, band], fill=colour)
    # Every scale colour carries white text (statements migration 0002 checks the contrast).
    draw.text((MARGIN, band // 2), label.upper(), font=ImageFont.load_default(size=56),
              fill="#ffffff", anchor="lm")  # fmt: skip
    claim_font = ImageFont.load_default(size=52)
    lines = textwrap.wrap(f"“{text}”", width=38)[:5]
    y = band + 48
    for line in lines:
        draw.text((MARGIN, y), line, font=claim_font, fill="#111111")
        y += 64
    small = ImageFont.load_default(size=34)
    if speaker:
        draw.text((MARGIN, HEIGHT - MARGIN - 56), f"— {speaker}", font=small, fill="#333333")
    draw.text((WIDTH - MARGIN, HEIGHT - MARGIN), settings.SITE_NAME, font=small,
              fill="#333333", anchor="rs")  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def share_image_render(*, claim_id: int) -> str | None:
    """Draw the public claim's current card unless it is already stored; its storage name."""
    claim = Claim.objects.public().select_related("verdict__rating").filter(pk=claim_id).first()
    if claim is None:
        return None
    name = share_image_name(claim)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(_draw(claim)))
    return name
