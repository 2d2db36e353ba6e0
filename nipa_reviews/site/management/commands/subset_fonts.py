"""Cuts Pretendard, from its npm package, into the woff2 files the pages load.

    make fonts    # npm pack pretendard@$(PRETENDARD) into a temporary folder, then this command

The whole font is 750 KB a weight; KS X 1001's 2,350 common syllables alone are 156 KB,
more than a page may weigh. So the variable font, limited to the weights the pages use
(400 to 700), is cut in two tiers:
- core: ASCII, punctuation and every Hangul syllable in the site's own text (templates,
  messages, the demo data): the one file every page loads;
- symbols: compatibility jamo (ㅋㅋ), circled numbers, arrows, stars;
- the rest of KS X 1001's syllables in chunks of CHUNK, each declared with exactly the code
  points it holds (unicode-range), so that a browser fetches a chunk only for a page that
  shows one of its syllables. Text outside KS X 1001 falls back to the system's font.

Writes static/fonts/pretendard-*.woff2, static/fonts/LICENSE.txt (SIL OFL 1.1) and the
generated static/css/fonts.css. Needs fontTools and brotli (requirements-dev.txt).

Besides them, SERVER_FONT: the font the server draws link-preview images with
(nipa_reviews/site/og_image.py). A company's name is any text, so it holds every Hangul
syllable, not the pages' subset; it lives in the app, not static/, so it is never served.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

CHUNK = 200
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Besides the syllables, the core holds ASCII, no-break space, middle dot, ×, dashes,
# curly quotes, bullet, ellipsis, arrows (the hiring steps) and CJK brackets; what pages
# seldom show (compatibility jamo as in ㅋㅋ, circled numbers, ※, ★☆) is a face of its own.
CORE_RANGES = [
    (0x20, 0x7E),
    (0xA0, 0xA0),
    (0xB7, 0xB7),
    (0xD7, 0xD7),
    (0x2013, 0x2014),
    (0x2018, 0x201D),
    (0x2022, 0x2022),
    (0x2026, 0x2026),
    (0x2190, 0x2193),
    (0x3000, 0x3003),
    (0x3008, 0x3011),
]
SYMBOL_RANGES = [
    (0x203B, 0x203B),
    (0x2460, 0x2473),
    (0x2605, 0x2606),
    (0x3131, 0x318E),
]
# The site's own text, whose syllables go in the core.
SOURCES = [
    ("templates", ("*.html", "*.txt")),
    ("nipa_reviews", ("*.py",)),
    ("companies", ("*.py", "*.json")),
    ("reviews", ("*.py",)),
    ("interviews", ("*.py",)),
]
# Long documents few people open load the chunks they need instead of growing every page's font.
SKIPPED = ("templates/legal/",)
FONTS = Path("static") / "fonts"
CSS = Path("static") / "css" / "fonts.css"
SERVER_FONT = Path("nipa_reviews") / "site" / "fonts" / "pretendard-og.woff2"
# What SERVER_FONT holds: the core's and the symbols' ranges, Latin-1, and all 11,172
# modern Hangul syllables (a name outside them is drawn with the missing letters left out).
SERVER_RANGES = [*CORE_RANGES, *SYMBOL_RANGES, (0xA1, 0xFF), (0xAC00, 0xD7A3)]


def ks_x_1001_syllables() -> set[int]:
    """The 2,350 Hangul syllables of KS X 1001 (EUC-KR rows 0xB0 to 0xC8)."""
    found = set()
    for high in range(0xB0, 0xC9):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # the rows' unassigned cells
                found.add(ord(bytes([high, low]).decode("euc-kr")))
    return found


def points_in(ranges: list[tuple[int, int]]) -> set[int]:
    return {point for first, last in ranges for point in range(first, last + 1)}


def site_syllables(base: Path) -> set[int]:
    found: set[int] = set()
    for folder, patterns in SOURCES:
        for pattern in patterns:
            for path in (base / folder).rglob(pattern):
                if path.relative_to(base).as_posix().startswith(SKIPPED):
                    continue
                found.update(map(ord, HANGUL.findall(path.read_text(encoding="utf-8"))))
    return found


def unicode_range(code_points: set[int]) -> str:
    """`U+20-7E,U+AC00,...`: runs of consecutive code points as ranges."""
    runs: list[list[int]] = []
    for point in sorted(code_points):
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return ",".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)


class Command(BaseCommand):
    help = "Subsets Pretendard from its unpacked npm package into static/fonts/."

    def add_arguments(self, parser):
        parser.add_argument("package", help="the unpacked npm package (its `package/` folder)")

    def handle(self, *args, package: str, **options):
        base = Path(settings.BASE_DIR)
        buffer = variable_font(Path(package))
        (base / FONTS).mkdir(exist_ok=True)
        for old in (base / FONTS).glob("pretendard-*.woff2"):
            old.unlink()

        def cut(code_points: set[int], name: str) -> set[int]:
            return cut_font(buffer, code_points, base / FONTS / name)

        core = cut(points_in(CORE_RANGES) | site_syllables(base), "pretendard-core.woff2")
        faces = [
            ("pretendard-core.woff2", core),
            ("pretendard-symbols.woff2", cut(points_in(SYMBOL_RANGES), "pretendard-symbols.woff2")),
        ]
        rest = sorted(ks_x_1001_syllables() - core)
        for number, start in enumerate(range(0, len(rest), CHUNK), start=1):
            name = f"pretendard-ksx-{number:02}.woff2"
            faces.append((name, cut(set(rest[start : start + CHUNK]), name)))
        license_text = (Path(package) / "dist" / "LICENSE.txt").read_text(encoding="utf-8")
        (base / FONTS / "LICENSE.txt").write_text(license_text, encoding="utf-8")

        version = json.loads((Path(package) / "package.json").read_text())["version"]
        rules = [
            f"/* Generated by `make fonts` (manage.py subset_fonts) from Pretendard {version}, "
            "SIL Open Font License 1.1 (../fonts/LICENSE.txt). Do not edit. */"
        ]
        # The core last: where ranges could meet, the last rule is checked first.
        for name, points in reversed(faces):
            rules.append(
                "@font-face{font-family:Pretendard;font-style:normal;font-weight:400 700;"
                f'font-display:swap;src:url(../fonts/{name}) format("woff2");'
                f"unicode-range:{unicode_range(points)}}}"
            )
        (base / CSS).write_text("\n".join(rules) + "\n", encoding="utf-8")
        server = cut_server_font(Path(package), buffer)
        for name, points in [*faces, (SERVER_FONT.name, server)]:
            path = base / (SERVER_FONT if name == SERVER_FONT.name else FONTS / name)
            self.stdout.write(
                f"{name}: {len(points)} characters, {path.stat().st_size / 1024:.1f} KB"
            )


def variable_font(package: Path) -> io.BytesIO:
    """Pretendard's variable font from the unpacked npm package, limited to the weights the
    pages use (400 to 700)."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # one line per table else
    source = package / "dist" / "web" / "variable" / "woff2" / "PretendardVariable.woff2"
    if not source.is_file():
        raise CommandError(f"{source} is missing: pass the unpacked pretendard npm package.")
    variable = instancer.instantiateVariableFont(
        TTFont(source, recalcTimestamp=False), {"wght": (400, 700)}
    )
    variable.recalcTimestamp = False
    buffer = io.BytesIO()
    variable.save(buffer)
    return buffer


def cut_font(buffer: io.BytesIO, code_points: set[int], path: Path) -> set[int]:
    """Writes the variable font's `code_points` to `path` as woff2; returns what it holds.
    The same input makes the same bytes: no timestamp, so an unchanged face is no change in
    git."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(buffer.getvalue()), recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern"]
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # the copyright and the licence
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=code_points)
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(path)
    return set(font.getBestCmap())


def cut_server_font(package: Path, buffer: io.BytesIO | None = None) -> set[int]:
    """SERVER_FONT, with its licence beside it."""
    base = Path(settings.BASE_DIR)
    (base / SERVER_FONT).parent.mkdir(exist_ok=True)
    license_text = (package / "dist" / "LICENSE.txt").read_text(encoding="utf-8")
    (base / SERVER_FONT).with_name("LICENSE.txt").write_text(license_text, encoding="utf-8")
    buffer = buffer if buffer is not None else variable_font(package)
    return cut_font(buffer, points_in(SERVER_RANGES), base / SERVER_FONT)
