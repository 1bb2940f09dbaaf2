#!/usr/bin/python3
"""The 16-bit fixed-point decoders' loss against float, in dB at BER 1e-4.

For each shipped student (and plain min-sum T=30 on each code), runs
neuralfec-bench on identical frames with the float and the @int16 form over
an Eb/N0 grid, finds where each curve crosses the target BER (log-BER
interpolated linearly in dB) and reports the difference. Writes a Markdown
table (--out) and the raw CSVs beside it.

  scripts/fixed_point_loss.py --build build --out docs/fixed_point.md
"""
import argparse
import csv
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# shipped student -> (code spec, Eb/N0 grid "START:STOP:STEP")
CASES = [
    ("bch_63_36", "bch:63,36", "5.5:8.5:0.5"),
    ("bch_63_36_cyclic", "bch:63,36", "4.5:7.5:0.5"),
    ("bch_63_45", "bch:63,45", "5.5:8.5:0.5"),
    ("bch_63_45_cyclic", "bch:63,45", "4.5:7.5:0.5"),
    ("bch_127_64", "bch:127,64", "6:10:0.5"),
    ("bch_127_64_cyclic", "bch:127,64", "5:9:0.5"),
    ("n_0100_k_0042_gap_02", "/usr/share/gnuradio/fec/ldpc/n_0100_k_0042_gap_02.alist", "3.5:7:0.5"),
]


def crossing(points, target):
    """Eb/N0 where BER falls through target, from (ebn0, ber) sorted by ebn0."""
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if y0 >= target > y1:
            if y1 <= 0:
                return x1
            f = (math.log(y0) - math.log(target)) / (math.log(y0) - math.log(y1))
            return x0 + f * (x1 - x0)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="build tree with the Python module")
    ap.add_argument("--out", required=True, help="Markdown table to write")
    ap.add_argument("--target", type=float, default=1e-4)
    ap.add_argument("--max-frames", type=int, default=400000)
    ap.add_argument("--target-errors", type=int, default=200)
    ap.add_argument("--only", help="comma-separated student names")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=os.path.join(args.build, "test_modules"))
    outdir = os.path.dirname(os.path.abspath(args.out))
    rows = []
    cases = [c for c in CASES if not args.only or c[0] in args.only.split(",")]
    for student, spec, grid in cases:
        decoders = ["student:" + student, "student:%s@int16" % student]
        if not student.endswith("_cyclic"):
            decoders += ["minsum:30", "minsum:30@int16"]
        path = os.path.join(outdir, "fixed_point_%s.csv" % student)
        cmd = [sys.executable, os.path.join(ROOT, "apps", "neuralfec-bench"), "--code", spec, "--decoders", ",".join(decoders),
               "--ebn0", grid, "--max-frames", str(args.max_frames), "--target-errors", str(args.target_errors),
               "--codewords-per-frame", "16", "--chunk", "16000", "--csv", path]
        print("+", " ".join(cmd), flush=True)
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        curves = {}
        with open(path) as f:
            for r in csv.DictReader(f):
                curves.setdefault(r["decoder"], []).append((float(r["ebn0_db"]), float(r["ber"]), int(r["frames"])))
        for name in decoders[::2]:
            fl = sorted(curves[name])
            fx = sorted(curves[name + "@int16"])
            a = crossing([(x, y) for x, y, _ in fl], args.target)
            b = crossing([(x, y) for x, y, _ in fx], args.target)
            frames = sum(n for _, _, n in fl)
            rows.append((student, name, a, b, frames))
            print("%-22s %-26s float %s  int16 %s" % (student, name, a, b), flush=True)
    with open(args.out + ".tmp", "w") as f:
        f.write("| shipped student / code | decoder | Eb/N0 at BER %.0e, float | int16 | int16 loss (dB) | frames per decoder |\n" % args.target)
        f.write("|---|---|---|---|---|---|\n")
        for student, name, a, b, frames in rows:
            fmt = lambda v: "%.2f" % v if v is not None else "not reached"
            loss = "%+.2f" % (b - a) if a is not None and b is not None else "n/a"
            f.write("| %s | %s | %s | %s | %s | %d |\n" % (student, name, fmt(a), fmt(b), loss, frames))
    os.replace(args.out + ".tmp", args.out)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
