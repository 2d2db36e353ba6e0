"""The vendored Pretendard (`make fonts`): each face declares exactly the characters its file
holds, together they cover KS X 1001's 2,350 syllables, and no page waits for them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nipa_reviews.site.management.commands.subset_fonts import (
    ks_x_1001_syllables,
    site_syllables,
)

ROOT = Path(__file__).resolve().parent.parent
CSS = (ROOT / "static" / "css" / "fonts.css").read_text(encoding="utf-8")
FACES = re.findall(r"@font-face\{([^}]*)\}", CSS)


def declared(face: str) -> tuple[str, set[int]]:
    name = re.search(r"url\(\.\./fonts/([^)]+)\)", face).group(1)
    points = set()
    for first, last in re.findall(r"U\+([0-9A-F]+)(?:-([0-9A-F]+))?", face):
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return name, points


def test_every_face_swaps_and_is_a_file_of_ours():
    assert FACES
    for face in FACES:
        assert "font-family:Pretendard" in face and "font-display:swap" in face
        assert "font-weight:400 700" in face
        assert (ROOT / "static" / "fonts" / declared(face)[0]).is_file()
    assert (ROOT / "static" / "fonts" / "LICENSE.txt").read_text().count("SIL OPEN FONT LICENSE")


def test_faces_hold_what_they_declare_and_cover_ks_x_1001_once():
    ttlib = pytest.importorskip("fontTools.ttLib")
    covered: list[int] = []
    for face in FACES:
        name, points = declared(face)
        font = ttlib.TTFont(ROOT / "static" / "fonts" / name)
        assert set(font.getBestCmap()) == points, name
        covered.extend(points)
    assert len(covered) == len(set(covered))  # no character in two faces
    assert ks_x_1001_syllables() <= set(covered)
    assert set(range(0x20, 0x7F)) <= set(covered)


def test_the_core_face_holds_the_sites_own_text():
    """What the templates and messages say is in the one file every page loads; a new word
    outside it still shows, but costs its page a chunk: run `make fonts`."""
    name, core = declared(FACES[-1])  # the last rule, checked first
    assert name == "pretendard-core.woff2"
    missing = "".join(sorted(chr(p) for p in site_syllables(ROOT) - core))
    assert missing == "", f"not in the core font, run `make fonts`: {missing}"
