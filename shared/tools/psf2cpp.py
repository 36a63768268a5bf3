#!/usr/bin/env python3
"""Convert a Linux console font (PSF1 or PSF2, optionally gzipped) into final/lib/gfx/font_*.cpp.

Usage:
    python3 shared/tools/psf2cpp.py FONT.psf[.gz] OUTPUT.cpp [--notice FILE]

The output defines `default_font` (see final/lib/gfx/font.hpp): 256 glyphs of 8 x HEIGHT pixels,
one byte per row, most significant bit leftmost, indexed by Latin-1 code point. Glyphs are placed
through the font's Unicode table, so 'A' lands at 0x41 whatever the font's internal order is.
Control characters (0x00-0x1F, 0x7F-0x9F) are blank; a printable Latin-1 character the font lacks
gets the font's U+FFFD glyph, or a hollow box.

The licence notice written at the top of the output is Terminus Font's (the font the OS ships);
pass --notice FILE to use another font's notice. Python 3 standard library only.
"""

import argparse
import gzip
import hashlib
import os
import struct
import sys
import textwrap

PSF1_MAGIC = b"\x36\x04"
PSF1_MODE512 = 0x01
PSF1_MODEHASTAB = 0x02
PSF1_MODESEQ = 0x04
PSF2_MAGIC = b"\x72\xb5\x4a\x86"
PSF2_HAS_UNICODE_TABLE = 0x01
GLYPHS = 256
COLUMNS = 100        # the longest line written (the book's listings are 100 columns wide)
BYTES_PER_LINE = 8   # glyph bytes per line of the table: a glyph spans height / 8 lines
REPLACEMENT = 0xFFFD

# Terminus Font's notice, verbatim from Debian's
# /usr/share/doc/keyboard-configuration/copyright.fonts.gz
# (package console-setup, which builds console-setup-linux's Terminus PSF fonts from ter-u*.bdf).
TERMINUS_NOTICE = """\
Terminus Font is licensed under the SIL Open Font License, Version 1.1.

Copyright (c) 2010 Dimitar Toshkov Zhekov,
with Reserved Font Name "Terminus Font".

To avoid name conflicts with other products named "Terminus", the
archive should be distributed as "Terminus Font", not "Terminus".

-----------------------------------------------------------
SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007
-----------------------------------------------------------

PREAMBLE
The goals of the Open Font License (OFL) are to stimulate worldwide
development of collaborative font projects, to support the font creation
efforts of academic and linguistic communities, and to provide a free and
open framework in which fonts may be shared and improved in partnership
with others.

The OFL allows the licensed fonts to be used, studied, modified and
redistributed freely as long as they are not sold by themselves. The
fonts, including any derivative works, can be bundled, embedded,
redistributed and/or sold with any software provided that any reserved
names are not used by derivative works. The fonts and derivatives,
however, cannot be released under any other type of license. The
requirement for fonts to remain under this license does not apply
to any document created using the fonts or their derivatives.

DEFINITIONS
"Font Software" refers to the set of files released by the Copyright
Holder(s) under this license and clearly marked as such. This may
include source files, build scripts and documentation.

"Reserved Font Name" refers to any names specified as such after the
copyright statement(s).

"Original Version" refers to the collection of Font Software components as
distributed by the Copyright Holder(s).

"Modified Version" refers to any derivative made by adding to, deleting,
or substituting -- in part or in whole -- any of the components of the
Original Version, by changing formats or by porting the Font Software to a
new environment.

"Author" refers to any designer, engineer, programmer, technical
writer or other person who contributed to the Font Software.

PERMISSION & CONDITIONS
Permission is hereby granted, free of charge, to any person obtaining
a copy of the Font Software, to use, study, copy, merge, embed, modify,
redistribute, and sell modified and unmodified copies of the Font
Software, subject to the following conditions:

1) Neither the Font Software nor any of its individual components,
in Original or Modified Versions, may be sold by itself.

2) Original or Modified Versions of the Font Software may be bundled,
redistributed and/or sold with any software, provided that each copy
contains the above copyright notice and this license. These can be
included either as stand-alone text files, human-readable headers or
in the appropriate machine-readable metadata fields within text or
binary files as long as those fields can be easily viewed by the user.

3) No Modified Version of the Font Software may use the Reserved Font
Name(s) unless explicit written permission is granted by the corresponding
Copyright Holder. This restriction only applies to the primary font name as
presented to the users.

4) The name(s) of the Copyright Holder(s) or the Author(s) of the Font
Software shall not be used to promote, endorse or advertise any
Modified Version, except to acknowledge the contribution(s) of the
Copyright Holder(s) and the Author(s) or with their explicit written
permission.

5) The Font Software, modified or unmodified, in part or in whole,
must be distributed entirely under this license, and must not be
distributed under any other license. The requirement for fonts to
remain under this license does not apply to any document created
using the Font Software.

TERMINATION
This license becomes null and void if any of the above conditions are
not met.

DISCLAIMER
THE FONT SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO ANY WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT
OF COPYRIGHT, PATENT, TRADEMARK, OR OTHER RIGHT. IN NO EVENT SHALL THE
COPYRIGHT HOLDER BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
INCLUDING ANY GENERAL, SPECIAL, INDIRECT, INCIDENTAL, OR CONSEQUENTIAL
DAMAGES, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
FROM, OUT OF THE USE OR INABILITY TO USE THE FONT SOFTWARE OR FROM
OTHER DEALINGS IN THE FONT SOFTWARE.
"""


class FontError(Exception):
    """The input is not a PSF font this tool can convert."""


class PsfFont:
    """Glyph bitmaps plus, for each glyph, the code points it stands for."""

    def __init__(self, width, height, bytes_per_glyph, glyphs, code_points):
        self.width = width
        self.height = height
        self.bytes_per_glyph = bytes_per_glyph
        self.glyphs = glyphs            # list of bytes objects
        self.code_points = code_points  # list of sets of ints, one per glyph (may be empty)


def parse_psf1(data):
    mode, charsize = data[2], data[3]
    count = 512 if mode & PSF1_MODE512 else 256
    offset = 4
    glyphs = [data[offset + i * charsize: offset + (i + 1) * charsize] for i in range(count)]
    if len(glyphs[-1]) != charsize:
        raise FontError("glyph data is truncated")
    offset += count * charsize
    code_points = [set() for _ in range(count)]
    if mode & (PSF1_MODEHASTAB | PSF1_MODESEQ):
        for index in range(count):
            in_sequence = False
            while True:
                if offset + 2 > len(data):
                    raise FontError("unicode table is truncated")
                (value,) = struct.unpack_from("<H", data, offset)
                offset += 2
                if value == 0xFFFF:
                    break
                if value == 0xFFFE:      # the rest of the entry are combining sequences
                    in_sequence = True
                elif not in_sequence:
                    code_points[index].add(value)
    else:
        code_points = [{i} for i in range(count)]  # no table: assume the glyph order is Latin-1
    return PsfFont(8, charsize, charsize, glyphs, code_points)


def parse_psf2(data):
    (_, version, header_size, flags, count, charsize, height, width) = struct.unpack_from(
        "<4sIIIIIII", data, 0)
    if version != 0:
        raise FontError(f"unknown PSF2 version {version}")
    if charsize != height * ((width + 7) // 8):
        raise FontError("glyph size does not match width x height")
    glyphs = [data[header_size + i * charsize: header_size + (i + 1) * charsize]
              for i in range(count)]
    if len(glyphs[-1]) != charsize:
        raise FontError("glyph data is truncated")
    offset = header_size + count * charsize
    code_points = [set() for _ in range(count)]
    if flags & PSF2_HAS_UNICODE_TABLE:
        for index in range(count):
            end = data.find(b"\xff", offset)
            if end < 0:
                raise FontError("unicode table is truncated")
            entry = data[offset:end].split(b"\xfe")[0]  # drop combining sequences
            code_points[index].update(ord(ch) for ch in entry.decode("utf-8"))
            offset = end + 1
    else:
        code_points = [{i} for i in range(count)]
    return PsfFont(width, height, charsize, glyphs, code_points)


def read_font(path):
    with open(path, "rb") as f:
        raw = f.read()
    data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    if data[:2] == PSF1_MAGIC:
        font = parse_psf1(data)
    elif data[:4] == PSF2_MAGIC:
        font = parse_psf2(data)
    else:
        raise FontError("not a PSF1 or PSF2 font")
    if font.width > 8:
        raise FontError(f"glyphs are {font.width} pixels wide; font.hpp holds at most 8")
    return font, hashlib.sha256(raw).hexdigest()


def is_control(cp):
    return cp < 0x20 or 0x7F <= cp <= 0x9F


def box(height):
    """A hollow rectangle: the glyph for a character the font does not have."""
    rows = [0x00] * height
    for y in range(2, height - 2):
        rows[y] = 0x42
    rows[2] = rows[height - 3] = 0x7E
    return bytes(rows)


def latin1_table(font):
    """256 glyphs of `height` bytes, indexed by code point; also the code points that fell back."""
    by_code_point = {}
    for index, cps in enumerate(font.code_points):
        for cp in cps:
            by_code_point.setdefault(cp, index)  # the first glyph claiming a code point wins
    if REPLACEMENT in by_code_point:
        fallback = font.glyphs[by_code_point[REPLACEMENT]]
    else:
        fallback = box(font.height)
    table, missing = [], []
    for cp in range(GLYPHS):
        if cp in by_code_point:
            table.append(bytes(font.glyphs[by_code_point[cp]]))
        elif is_control(cp):
            table.append(bytes(font.height))
        else:
            table.append(bytes(fallback))
            missing.append(cp)
    return table, missing


def describe(cp):
    """A comment for the glyph's line: the code point, and the character itself when it is ASCII."""
    if cp == 0x5C:
        return "U+005C backslash"  # a quoted backslash would read as an escape
    if 0x20 <= cp < 0x7F:
        return f"U+{cp:04X} '{chr(cp)}'"
    return f"U+{cp:04X}"


def comment(text, first="// ", rest="// "):
    """`text` as // comment lines of at most COLUMNS characters, broken between words."""
    return textwrap.wrap(text, COLUMNS, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


def render(font_path, output_path, font, digest, table, missing, notice):
    name = os.path.basename(font_path)
    missing_list = " (" + " ".join(f"{cp:#04x}" for cp in missing) + ")" if missing else ""
    lines = ["// @chapter 01-uefi",
             "// GENERATED FILE, do not edit. Regenerate with this one command:"]
    lines += comment(f"python3 shared/tools/psf2cpp.py /usr/share/consolefonts/{name} "
                     f"{output_path}", first="//   ", rest="//       ")
    lines += comment(f"from {name}, shipped by Debian's console-setup-linux package,")
    lines += [f"// sha256 {digest}.", "// Layout: see lib/gfx/font.hpp."]
    lines += comment(f"Printable Latin-1 characters missing from the font: {len(missing)}"
                     f"{missing_list}.")
    lines += ["//"]
    lines += comment("This is a Modified Version (a format conversion) of the font below, "
                     "distributed under its licence, reproduced here in full as clause 2 requires:")
    lines += ["//"]
    for line in notice.rstrip("\n").split("\n"):
        lines += comment(line) if len("// " + line) > COLUMNS else [("// " + line).rstrip()]
    lines += ["",
              '#include "lib/gfx/font.hpp"',
              "",
              "namespace {",
              "",
              f"/// {GLYPHS} glyphs x {font.height} rows; bit 7 of each byte is the leftmost "
              "pixel.",
              f"constexpr uint8_t glyph_data[{GLYPHS} * {font.height}] = {{"]
    for cp, glyph in enumerate(table):
        for start in range(0, len(glyph), BYTES_PER_LINE):
            hex_bytes = ", ".join(f"0x{b:02x}" for b in glyph[start:start + BYTES_PER_LINE])
            lines.append(f"    {hex_bytes}," + (f"  // {describe(cp)}" if start == 0 else ""))
    lines += ["};",
              "",
              "}  // namespace",
              "",
              "// constinit: the font is usable before any constructor runs (the loader has none).",
              f"constinit const Font default_font{{{font.width}, {font.height}, glyph_data}};",
              ""]
    return "\n".join(lines)


def main(argv):
    parser = argparse.ArgumentParser(
        description="Convert a PSF console font into a C++ font table.")
    parser.add_argument("font", help="PSF1 or PSF2 font, optionally gzipped")
    parser.add_argument("output", help="the .cpp file to write")
    parser.add_argument("--notice",
                        help="licence notice to put at the top (default: Terminus Font's)")
    args = parser.parse_args(argv)
    try:
        font, digest = read_font(args.font)
    except (OSError, FontError, struct.error, UnicodeDecodeError) as error:
        sys.exit(f"psf2cpp: {args.font}: {error}")
    notice = TERMINUS_NOTICE
    if args.notice:
        with open(args.notice, encoding="utf-8") as f:
            notice = f.read()
    table, missing = latin1_table(font)
    text = render(args.font, args.output, font, digest, table, missing, notice)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"psf2cpp: wrote {args.output}: {font.width}x{font.height}, "
          f"{len(missing)} printable glyphs missing")


if __name__ == "__main__":
    main(sys.argv[1:])
