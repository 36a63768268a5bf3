// The built-in bitmap font: 8x16 pixels, 256 glyphs indexed by Latin-1 code point.
//
// The glyphs come from Terminus Font (Lat15-Terminus16.psf.gz in Debian's console-setup-linux),
// Copyright (c) 2010 Dimitar Toshkov Zhekov, with Reserved Font Name "Terminus Font", licensed
// under the SIL Open Font License, Version 1.1 (full text at the top of font_terminus.cpp).
// font_terminus.cpp is generated from the PSF file by shared/tools/psf2cpp.py: do not edit it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

/// A monospaced bitmap font, at most 8 pixels wide: one byte per glyph row, most significant bit
/// is the leftmost pixel.
struct Font {
    uint32_t width;                      ///< pixels per glyph row (<= 8)
    uint32_t height;                     ///< rows per glyph (bytes per glyph)
    std::span<const uint8_t> glyph_bits; ///< 256 glyphs of `height` bytes each, by code point

    /// The `height` row bytes of the glyph for `c` (its code point as an unsigned byte).
    /// Empty if the font's data is too short.
    [[nodiscard]] std::span<const uint8_t> glyph(char c) const {
        size_t start = size_t{static_cast<unsigned char>(c)} * height;
        if (start + height > glyph_bits.size()) return {};
        return glyph_bits.subspan(start, height);
    }
};

/// The built-in 8x16 Terminus font (constant-initialized: usable before any constructor runs).
extern const Font default_font;
