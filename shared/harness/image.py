"""Screenshots: read QEMU's PPM screendumps, write PNG files (python3 standard library only)."""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Image:
    width: int
    height: int
    rgb: bytes  # 3 bytes a pixel, row after row

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        if not (0 <= x < self.width and 0 <= y < self.height):
            raise IndexError(f"pixel ({x}, {y}) is outside the {self.width}x{self.height} screen")
        i = 3 * (y * self.width + x)
        return self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]

    def count(self, x0: int, y0: int, x1: int, y1: int, predicate) -> int:
        """How many pixels of the box [x0, x1) x [y0, y1) satisfy predicate((r, g, b))."""
        return sum(1 for y in range(y0, y1) for x in range(x0, x1) if predicate(self.pixel(x, y)))

    def save_png(self, path: Path) -> None:
        row_bytes = 3 * self.width
        rows = b"".join(b"\x00" + self.rgb[row_bytes * y: row_bytes * (y + 1)]
                        for y in range(self.height))

        def chunk(kind: bytes, data: bytes) -> bytes:
            crc = zlib.crc32(kind + data) & 0xFFFFFFFF
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)  # 8-bit RGB
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                         + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))


def read_ppm(path: Path) -> Image:
    """Reads a binary (P6) PPM with maxval 255, as QEMU's screendump writes it."""
    data = path.read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError(f"{path}: not a P6 PPM with maxval 255")
    width, height = int(fields[1]), int(fields[2])
    rgb = data[pos + 1: pos + 1 + 3 * width * height]
    if len(rgb) != 3 * width * height:
        raise ValueError(f"{path}: truncated pixel data")
    return Image(width, height, rgb)
