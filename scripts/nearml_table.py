#!/usr/bin/python3
"""Summary of neuralfec-eval CSVs (scripts/nearml_sweep.sh): per code and
decoder, -ln(BER) at 4 / 5 / 6 dB, the Eb/N0 where BER crosses 1e-3 and 1e-4
(log-linear between measured points), and the gap there to the strongest OSD
in the same file (the ML reference). A point with no bit error shows the bound
-ln(3 / bits) with '>' (95% confidence); a crossing outside the measured range
shows '<' or '>' its end. Markdown on stdout."""
import csv
import math
import sys
from collections import OrderedDict


def load(path):
    """decoder -> points in file order; and the bits per frame."""
    rows, k = OrderedDict(), None
    for r in csv.DictReader(open(path)):
        p = dict(ebn0=float(r["ebn0_db"]), frames=int(r["frames"]), be=int(r["bit_errors"]), ber=float(r["ber"]))
        rows.setdefault(r["decoder"], []).append(p)
        if p["be"]:
            k = round(p["be"] / p["ber"] / p["frames"])
    return rows, k


def neg_ln(pts, ebn0, k):
    for p in pts:
        if abs(p["ebn0"] - ebn0) < 1e-9:
            if p["be"] == 0:
                return "> %.1f" % -math.log(3.0 / (p["frames"] * k))
            return "%.2f" % -math.log(p["ber"])
    return "-"


def crossing(pts, target):
    """(value, qualifier) of the Eb/N0 where BER falls through target."""
    prev = None
    for p in pts:
        if p["ber"] <= target:
            if prev is None:
                return p["ebn0"], "<"
            if p["ber"] == 0:
                return p["ebn0"], "<"  # between prev and here, no error at p
            a, b = math.log(prev["ber"]), math.log(p["ber"])
            t = (math.log(target) - a) / (b - a)
            return prev["ebn0"] + t * (p["ebn0"] - prev["ebn0"]), ""
        prev = p
    return pts[-1]["ebn0"], ">"


def gap(c, r):
    """Decoder crossing c minus the reference's r, as text."""
    if r[1]:
        return "-"
    if c[1] == ">":
        return "> %.2f" % (c[0] - r[0])
    if c[1] == "<":
        return "< %.2f" % (c[0] - r[0])
    return "%.2f" % (c[0] - r[0])


def main(paths):
    for path in paths:
        rows, k = load(path)
        code = next(iter(csv.DictReader(open(path))))["code"]
        refs = [d for d in rows if d.startswith("osd:")]
        ref = max(refs, key=lambda d: int(d.split(":")[1]))
        rc = {t: crossing(rows[ref], t) for t in (1e-3, 1e-4)}
        print("\n### %s\n" % code.split("/")[-1])
        print("| decoder | -ln BER 4 dB | 5 dB | 6 dB | Eb/N0 at 1e-3 | at 1e-4 | gap to %s at 1e-3 / 1e-4 (dB) |" % ref)
        print("|---|---|---|---|---|---|---|")
        for dec, pts in rows.items():
            cr = {t: crossing(pts, t) for t in (1e-3, 1e-4)}
            fmt = lambda c: "%s%.2f" % ((c[1] + " ") if c[1] else "", c[0])
            print("| %s | %s | %s | %s | %s | %s | %s / %s |" % (dec, neg_ln(pts, 4, k), neg_ln(pts, 5, k), neg_ln(pts, 6, k), fmt(cr[1e-3]),
                                                                fmt(cr[1e-4]), gap(cr[1e-3], rc[1e-3]), gap(cr[1e-4], rc[1e-4])))


if __name__ == "__main__":
    main(sys.argv[1:])
