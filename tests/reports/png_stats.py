#!/usr/bin/env python3
"""Pixel statistics of a PNG screenshot, decoded with the standard library.

Usage: png_stats.py FILE  ->  prints JSON {"width", "height", "distinct_colours",
"non_white_fraction", "grey_variance"}. Used by the reports browser test to tell
a rendered report from a blank page. Supports 8-bit greyscale, RGB, RGBA,
grey+alpha (non-interlaced), which is what headless Chromium writes.
"""
import json
import struct
import sys
import zlib


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif kind == 4:
                line[i] = (line[i] + paeth(a, b, c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def main():
    width, height, channels, rows = decode(sys.argv[1])
    colours, non_white, total, s, s2 = set(), 0, 0, 0.0, 0.0
    for line in rows:
        for x in range(0, len(line), channels * 2):  # every other pixel: plenty, and twice as fast
            px = line[x:x + channels]
            rgb = tuple(px[:3]) if channels >= 3 else (px[0],) * 3
            colours.add(rgb)
            grey = sum(rgb) / 3.0
            total += 1
            s += grey
            s2 += grey * grey
            if grey < 250:
                non_white += 1
    mean = s / total
    print(json.dumps({"width": width, "height": height, "distinct_colours": len(colours),
                      "non_white_fraction": non_white / total, "grey_variance": s2 / total - mean * mean}))


if __name__ == "__main__":
    main()
