#!/usr/bin/env python3
"""Independent check of the county (system) 80 % ranges' coverage
(docs/method.md, "The 80 % ranges"), written apart from the Rust code from
the method's description. Reads backtest comparisons as
`cargo test -p seatcast-engine --test main backtest::dump_comparisons -- --ignored` writes them
(SEATCAST_DUMP_COMPARISONS=file) and prints, per method and horizon, how
many of the origins 2003-2019 had their actual county total inside the
range known at the origin. Plain Python 3, no packages.

The range at origin T for horizon h: the county total's log errors
log(actual sum / projected sum) of every (origin, h') whose target
origin + h' <= T; each scaled to h by (h / h')^p, p the least-squares slope
of log(median |e|) on log h' over the horizons with at least 2 errors,
within 0.4-1.5 (1 when fewer than two horizons qualify); sigma^2 their mean
square x (t90(k) / z90)^2, k the origins they come from; the range
projected sum x exp(-/+ 1.2816 sigma). No range at T unless at least 10
school errors have a target among the last five falls (T-4 ... T).
"""
import csv
import math
import sys
from collections import defaultdict

T90 = [3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372,
       1.363, 1.356, 1.350, 1.345, 1.341, 1.337, 1.333, 1.330, 1.328, 1.325,
       1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.310]
Z80 = 1.281551565545


def widen(k):
    if k == 0:
        return T90[0] / Z80
    return T90[k - 1] / Z80 if k <= 30 else 1.0


def median(v):
    v = sorted(v)
    pos = 0.5 * (len(v) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def growth(errors):
    pts = []
    for h in sorted({h for h, _ in errors}):
        a = [abs(e) for hh, e in errors if hh == h]
        if len(a) >= 2 and median(a) > 0:
            pts.append((math.log(h), math.log(median(a))))
    if len(pts) < 2:
        return 1.0
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    sxy = sum((p[0] - mx) * (p[1] - my) for p in pts)
    if sxx <= 0:
        return 1.0
    return min(max(sxy / sxx, 0.4), 1.5)


def main(path):
    rows = defaultdict(list)
    with open(path) as f:
        for r in csv.DictReader(f):
            rows[r["method"]].append((int(r["origin"]), int(r["h"]), float(r["projected"]), float(r["actual"])))
    for method, comps in rows.items():
        sums = defaultdict(lambda: [0.0, 0.0])
        for o, h, p, a in comps:
            sums[(o, h)][0] += p
            sums[(o, h)][1] += a
        inside = [0] * 5
        total = [0] * 5
        for T in range(2003, 2020):
            recent = [c for c in comps if T - 5 < c[0] + c[1] <= T and c[2] > 0 and c[3] > 0]
            if len(recent) < 10:
                continue
            known = [(o, h, math.log(a / p)) for (o, h), (p, a) in sums.items()
                     if o + h <= T and p > 0 and a > 0]
            errs = [(h, e) for _, h, e in known]
            k = len({o for o, _, _ in known})
            pc = growth(errs)
            for h in range(1, 6):
                if (T, h) not in sums:
                    continue
                P, A = sums[(T, h)]
                if not known:
                    var = 0.0
                else:
                    var = sum((e * (h / hh) ** pc) ** 2 for hh, e in errs) / len(errs) * widen(k) ** 2
                s = math.sqrt(var)
                lo, hi = P * math.exp(-Z80 * s), P * math.exp(Z80 * s)
                total[h - 1] += 1
                inside[h - 1] += lo <= A <= hi
        print(method, "inside", inside, "of", total)


if __name__ == "__main__":
    main(sys.argv[1])
