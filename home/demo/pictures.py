"""Made-up pictures for the demo: abstract covers in the brand's colours with
the subject's skill as a motif, and illustrated (not photographed) expert
portraits. Each is drawn from a seed (a slug or username), so seeding again
draws the same picture, and is stored once under a stable title."""

import random
import zlib
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

COVER_SIZE = (1200, 675)  # the largest rendition asked for (core.images.SOCIAL)
PORTRAIT_SIZE = 480

# Brand blues and greens (static/css/main.css) to pair as gradients, and the
# yellow for accents.
GRADIENTS = (
    ("#174ea6", "#4285f4"),
    ("#0d652d", "#34a853"),
    ("#1967d2", "#188038"),
    ("#174ea6", "#0d652d"),
    ("#4285f4", "#188038"),
)
YELLOW = (251, 188, 5)
WHITE = (255, 255, 255)

# A skill's words pick its motif; anything else gets loose shapes.
MOTIFS = {
    "chart": ("sql", "data", "kafka", "dbt", "analysis", "analytics"),
    "shapes": ("design", "figma", "ux", "accessibility", "front-end"),
    "steps": ("leadership", "management", "hiring", "career", "coaching"),
    "network": ("aws", "kubernetes", "terraform", "devops", "cloud"),
}

SKIN = ("#f1c7a5", "#e0ac84", "#c68a62", "#a86b45", "#7c4a2d", "#5a3620")
HAIR = ("#2b1d14", "#4a2f1d", "#7a4e2d", "#b5895b", "#1f1f1f", "#8c8c8c")
SHIRTS = ("#ffffff", "#fbbc05", "#e8f0fe", "#e6f4ea", "#202124")


def _rng(seed: str) -> random.Random:
    return random.Random(zlib.crc32(seed.encode()))


def _gradient(size: tuple[int, int], start: str, end: str) -> Image.Image:
    """A diagonal blend from `start` to `end`: Pillow's ready-made ramp,
    down and across averaged, stretched; a few milliseconds at any size."""
    down = Image.linear_gradient("L").resize(size)
    across = down.transpose(Image.Transpose.ROTATE_90).resize(size)
    mask = Image.blend(down, across.transpose(Image.Transpose.FLIP_LEFT_RIGHT), 0.5)
    solid_start, solid_end = Image.new("RGB", size, start), Image.new("RGB", size, end)
    return Image.composite(solid_end, solid_start, mask)


def _motif(skills: list[str]) -> str:
    words = " ".join(skills).lower()
    for motif, keys in MOTIFS.items():
        if any(key in words for key in keys):
            return motif
    return "loose"


def draw_cover(seed: str, skills: list[str]) -> Image.Image:
    rng = _rng(seed)
    width, height = COVER_SIZE
    start, end = rng.choice(GRADIENTS)
    canvas = _gradient(COVER_SIZE, start, end).convert("RGBA")
    layer = Image.new("RGBA", COVER_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    # Two soft discs behind the motif give the picture depth.
    for _ in range(2):
        r = rng.randint(height // 3, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*WHITE, 22))
    DRAWERS[_motif(skills)](draw, rng, width, height)
    return Image.alpha_composite(canvas, layer).convert("RGB")


def _chart(draw, rng, width, height):
    bars, left, base = 7, width * 0.45, height * 0.82
    step = (width * 0.48) / bars
    for i in range(bars):
        top = base - rng.uniform(0.15, 0.6) * height
        colour = (*YELLOW, 235) if i == rng.randrange(bars) else (*WHITE, 190)
        x = left + i * step
        draw.rounded_rectangle((x, top, x + step * 0.62, base), 14, fill=colour)
    points = [
        (left + i * step + step * 0.31, base - rng.uniform(0.5, 0.72) * height)
        for i in range(bars)
    ]
    draw.line(points, fill=(*WHITE, 230), width=6, joint="curve")
    for x, y in points:
        draw.ellipse((x - 11, y - 11, x + 11, y + 11), fill=(*WHITE, 255))


def _shapes(draw, rng, width, height):
    cx, cy = width * 0.68, height * 0.5
    for i, colour in enumerate(((*WHITE, 120), (*YELLOW, 200), (*WHITE, 200))):
        r = height * rng.uniform(0.16, 0.26)
        x = cx + (i - 1) * r * 1.1
        y = cy + rng.uniform(-0.15, 0.15) * height
        if i == 1:
            draw.rounded_rectangle((x - r, y - r, x + r, y + r), 28, fill=colour)
        else:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    # A pen stroke: a curve through a few points, as a designer's path.
    points = [
        (width * (0.4 + 0.08 * i), height * (0.78 + 0.08 * rng.uniform(-1, 1)))
        for i in range(7)
    ]
    draw.line(points, fill=(*WHITE, 235), width=8, joint="curve")
    for x, y in points[::3]:
        draw.rectangle((x - 10, y - 10, x + 10, y + 10), outline=(*WHITE, 255), width=4)


def _steps(draw, rng, width, height):
    count, left, base = 5, width * 0.42, height * 0.86
    step_w, step_h = width * 0.1, height * 0.13
    outline = [(left, base)]
    for i in range(count):
        x, y = left + i * step_w, base - (i + 1) * step_h
        outline += [(x, y), (x + step_w, y)]
    outline += [(left + count * step_w, base)]
    draw.polygon(outline, fill=(*WHITE, 200))
    # A flag on the top step.
    top_x = left + count * step_w - step_w * 0.4
    top_y = base - count * step_h
    draw.line((top_x, top_y, top_x, top_y - height * 0.22), fill=(*WHITE, 255), width=6)
    pole = top_y - height * 0.22
    flag = [
        (top_x, pole),
        (top_x + width * 0.08, pole + height * 0.05),
        (top_x, pole + height * 0.1),
    ]
    draw.polygon(flag, fill=(*YELLOW, 255))
    # People on the way up: a head and shoulders per step.
    for i in range(rng.randint(2, 3)):
        x = left + (i + 0.5) * step_w
        y = base - (i + 1) * step_h
        draw.ellipse((x - 16, y - 78, x + 16, y - 46), fill=(*WHITE, 255))
        draw.pieslice((x - 30, y - 42, x + 30, y + 18), 180, 360, fill=(*WHITE, 255))


def _network(draw, rng, width, height):
    nodes = [
        (rng.uniform(0.45, 0.93) * width, rng.uniform(0.15, 0.85) * height)
        for _ in range(9)
    ]
    for x, y in nodes:
        nearest = sorted(nodes, key=lambda n: (n[0] - x) ** 2 + (n[1] - y) ** 2)[1:3]
        for nx, ny in nearest:
            draw.line((x, y, nx, ny), fill=(*WHITE, 150), width=5)
    for i, (x, y) in enumerate(nodes):
        r = 26 if i % 3 else 38
        colour = (*YELLOW, 255) if i == 0 else (*WHITE, 240)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    # A cloud: overlapping discs on a flat base.
    cx, cy = width * 0.22, height * 0.3
    for dx, dy, r in ((0, 0, 60), (70, -30, 78), (150, 0, 60)):
        draw.ellipse(
            (cx + dx - r, cy + dy - r, cx + dx + r, cy + dy + r), fill=(*WHITE, 70)
        )
    draw.rectangle((cx, cy, cx + 150, cy + 60), fill=(*WHITE, 70))


def _loose(draw, rng, width, height):
    for _ in range(6):
        r = rng.randint(30, 90)
        x = rng.uniform(0.45, 0.9) * width
        y = rng.uniform(0.15, 0.85) * height
        colour = (*rng.choice((WHITE, YELLOW)), rng.randint(140, 230))
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.polygon([(x, y - r), (x + r, y + r), (x - r, y + r)], fill=colour)


DRAWERS = {
    "chart": _chart,
    "shapes": _shapes,
    "steps": _steps,
    "network": _network,
    "loose": _loose,
}


def draw_portrait(seed: str, background: str) -> Image.Image:
    """Head and shoulders in flat colours on the member's avatar colour: a
    stylised illustration, recognisably a person, never a real one."""
    rng = _rng(seed)
    size = PORTRAIT_SIZE
    light = "#" + "".join(
        f"{min(int(background[i : i + 2], 16) + 60, 255):02x}" for i in (1, 3, 5)
    )
    canvas = _gradient((size, size), background, light)
    draw = ImageDraw.Draw(canvas)
    skin, hair, shirt = rng.choice(SKIN), rng.choice(HAIR), rng.choice(SHIRTS)
    cx = size / 2
    hair_style = rng.choice(("short", "long", "bun", "curly", "none"))
    head_w, head_h = size * 0.26, size * 0.31
    head_top = size * 0.2
    head = (cx - head_w / 2, head_top, cx + head_w / 2, head_top + head_h)
    if hair_style == "long":
        draw.rounded_rectangle(
            (head[0] - 22, head_top - 14, head[2] + 22, head_top + head_h * 1.25),
            60,
            fill=hair,
        )
    # Shoulders, then the neck over them and the head on top.
    draw.rounded_rectangle(
        (cx - size * 0.33, size * 0.6, cx + size * 0.33, size * 1.05), 110, fill=shirt
    )
    draw.rectangle(
        (cx - size * 0.055, head[3] - 20, cx + size * 0.055, size * 0.64), fill=skin
    )
    draw.pieslice(
        (cx - size * 0.1, size * 0.52, cx + size * 0.1, size * 0.68), 0, 180, fill=skin
    )
    draw.ellipse(head, fill=skin)
    if hair_style in ("short", "long", "bun"):
        draw.chord(
            (head[0] - 4, head_top - 12, head[2] + 4, head_top + head_h * 0.7),
            180,
            360,
            fill=hair,
        )
    if hair_style == "bun":
        draw.ellipse((cx - 34, head_top - 58, cx + 34, head_top + 6), fill=hair)
    if hair_style == "curly":
        for i in range(7):
            x = head[0] + i * head_w / 6
            draw.ellipse((x - 24, head_top - 26, x + 24, head_top + 22), fill=hair)
    # A calm face: eyes and a smile; glasses for some.
    eye_y = head_top + head_h * 0.52
    glasses = rng.random() < 0.4
    for dx in (-head_w * 0.2, head_w * 0.2):
        draw.ellipse((cx + dx - 6, eye_y - 6, cx + dx + 6, eye_y + 6), fill="#202124")
        if glasses:
            draw.ellipse(
                (cx + dx - 22, eye_y - 20, cx + dx + 22, eye_y + 20),
                outline="#202124",
                width=5,
            )
    draw.arc(
        (cx - 26, eye_y + 10, cx + 26, eye_y + 46), 20, 160, fill="#202124", width=5
    )
    # Closer in: on a 64 px card avatar the whole figure would be a speck.
    margin = size // 6
    box = (margin, margin // 2, size - margin, size - margin * 3 // 2)
    return canvas.crop(box).resize((size, size))


def stored_picture(*, title: str, filename: str, draw, owner=None, collection=None):
    """The image titled `title`, drawn by `draw()` and saved on first use."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=title).first()
    if image is not None:
        return image
    buffer = BytesIO()
    # JPEG: a fraction of a PNG's size for gradients, and quick to write.
    draw().save(buffer, format="JPEG", quality=85, optimize=False)
    image = image_model(
        title=title,
        collection=collection or Collection.get_first_root_node(),
        uploaded_by_user=owner,
        file=ImageFile(buffer, name=filename),
    )
    image.save()
    return image


def cover_for(*, slug: str, title: str, skills: list[str], owner=None):
    return stored_picture(
        title=f"Cover: {title}",
        filename=f"cover-{slug}.jpg",
        draw=lambda: draw_cover(slug, skills),
        owner=owner,
    )
