#!/usr/bin/env python3
"""The PMTiles fixture for the basemap tests: raster tiles over the two
townships of tests/fixtures/areas ([119.85, 29.95, 120.15, 30.15]) at zooms
9 to 13, each tile one flat colour, its zoom's (the same tiles the tests
write as a z/x/y.png folder), so that no test touches the network.

    pip install pmtiles
    python3 scripts/make_pmtiles_fixture.py tests/fixtures/tiles/towns.pmtiles
"""
import math
import struct
import sys
import zlib

from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write

WEST, SOUTH, EAST, NORTH = 119.85, 29.95, 120.15, 30.15


def png(rgb, size=256):
    """A flat-colour RGB PNG."""
    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def tile_xy(lon, lat, z):
    n = 2**z
    x = (lon + 180.0) / 360.0 * n
    r = math.radians(lat)
    y = (1.0 - math.log(math.tan(r) + 1.0 / math.cos(r)) / math.pi) / 2.0 * n
    return int(x), int(y)


def main(out):
    tiles = []
    for z in range(9, 14):
        x0, y0 = tile_xy(WEST, NORTH, z)
        x1, y1 = tile_xy(EAST, SOUTH, z)
        data = png((120 + 20 * (z - 9), 230, 200))
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                tiles.append((zxy_to_tileid(z, x, y), data))
    tiles.sort(key=lambda t: t[0])
    with write(out) as w:
        for tid, data in tiles:
            w.write_tile(tid, data)
        w.finalize(
            {
                "tile_type": TileType.PNG,
                "tile_compression": Compression.NONE,
                "min_lon_e7": int(WEST * 1e7),
                "min_lat_e7": int(SOUTH * 1e7),
                "max_lon_e7": int(EAST * 1e7),
                "max_lat_e7": int(NORTH * 1e7),
                "center_zoom": 11,
                "center_lon_e7": int((WEST + EAST) / 2 * 1e7),
                "center_lat_e7": int((SOUTH + NORTH) / 2 * 1e7),
            },
            {"attribution": "Seatcast test tiles"},
        )
    print(f"{out}: {len(tiles)} tiles")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/tiles/towns.pmtiles")
