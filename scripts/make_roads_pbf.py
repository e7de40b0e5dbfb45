#!/usr/bin/env python3
"""A synthetic county road extract for `cargo bench --bench roads`:
a grid of residential ways and tracks, N ways of 10 nodes each (default
200,000 ways, 2,000,000 nodes) in rows 0.0015° apart, each row one chain
and every tenth way joined to the row above, written with pyosmium (pip install osmium).

    python3 scripts/make_roads_pbf.py target/bench-data/roads-200k.osm.pbf [N]
"""
import sys
import osmium

out = sys.argv[1]
n_ways = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
per_row = 500  # ways in a row of the grid
w = osmium.SimpleWriter(out)
node = 1
way = 1
for k in range(n_ways):
    row, col = divmod(k, per_row)
    refs = []
    for j in range(10):
        lon = 119.0 + col * 0.002 + j * 0.0002
        lat = 29.0 + row * 0.0015
        w.add_node(osmium.osm.mutable.Node(id=node, location=osmium.osm.Location(lon, lat), version=1))
        refs.append(node)
        node += 1
    # Join each way to the start of the next in its row, and every tenth way
    # to the start of the way above it in the next row (a road 167 m north),
    # so the grid is one net.
    if col + 1 < per_row:
        refs.append(node)
    if col % 10 == 0 and (k + per_row) < n_ways:
        refs.insert(0, (k + per_row) * 10 + 1)
    highway = 'residential' if k % 3 else 'track'
    w.add_way(osmium.osm.mutable.Way(id=way, nodes=refs, tags={'highway': highway}, version=1))
    way += 1
w.close()
print(f"{out}: {n_ways} ways, {node - 1} nodes")
