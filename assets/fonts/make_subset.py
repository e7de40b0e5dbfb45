"""Rebuild assets/fonts/NotoSansSC-Seatcast.otf, the Chinese font built into Seatcast.

Source: Noto Sans CJK SC Regular (SIL Open Font License 1.1, see OFL.txt), from
Debian's fonts-noto-cjk package (/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,
face 2). Kept: every character of GBK (GB 18030's two-byte part: the 21,003
hanzi of CJK Unified Ideographs and its symbols, so mainland village and
school names beyond GB 2312 draw) and of Big5 (traditional characters, for
Taiwan's and Hong Kong's tables), CJK and full-width punctuation, ASCII and
Latin-1 (the saved charts draw all their text with this font), and every
non-ASCII character in Seatcast's sources, sample data and test fixtures, so
the interface and the sample county never show a missing glyph.
Run from the repository root:

    apt-get install fonts-noto-cjk && pip install fonttools
    python3 assets/fonts/make_subset.py
"""

import pathlib
from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = ROOT / "assets/fonts/NotoSansSC-Seatcast.otf"

chars = set()
# GB 2312: rows 0xA1-0xF7, cells 0xA1-0xFE.
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
# GBK and Big5: every two-byte code (trail 0x40-0xFE).
# (Big5 as browsers and encoding_rs decode it, leads 0xA1-0xF9: Python's
# big5hkscs there, which names the ETEN radicals that plain big5 leaves in
# private use.)
for codec, leads in [("gb18030", range(0x81, 0xFF)), ("big5", range(0x81, 0xFF)),
                     ("big5hkscs", range(0xA1, 0xFA))]:
    for hi in leads:
        for lo in range(0x40, 0xFF):
            try:
                c = bytes([hi, lo]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(c) == 1 and not 0xE000 <= ord(c) <= 0xF8FF:  # no private use
                chars.add(c)
chars.update(chr(c) for c in range(0x20, 0x7F))  # ASCII: digits and Latin in saved charts
chars.update(chr(c) for c in range(0xA0, 0x100))  # Latin-1
chars.update(chr(c) for c in range(0x2010, 0x2040))  # dashes, quotes, bullets
chars.update("−×÷≤≥±%‰▲▼↑↓→←")
chars.update(chr(c) for c in range(0x3000, 0x3040))  # CJK punctuation
chars.update(chr(c) for c in range(0xFF00, 0xFFF0))  # full-width forms
for folder in ["src", "sample-data", "examples", "tests"]:
    for path in (ROOT / folder).rglob("*"):
        if path.suffix in {".rs", ".txt", ".md", ".csv", ".json", ".geojson"}:
            chars.update(c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7F)

font = TTCollection(SOURCE).fonts[2]  # Noto Sans CJK SC
cmap = font.getBestCmap()
options = subset.Options()
options.layout_features = []
options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
options.notdef_outline = True
options.hinting = False
options.desubroutinize = False
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=sorted(ord(c) for c in chars if ord(c) in cmap))
subsetter.subset(font)
font.save(OUT)
print(f"{OUT}: {len([c for c in chars if ord(c) in cmap])} characters, {OUT.stat().st_size:,} bytes")
