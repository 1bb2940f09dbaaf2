#!/usr/bin/python3
"""Markdown tables from a neuralfec-speed CSV (one run).

  scripts/speed_table.py speed.csv > table.md
      per code, Eb/N0 and decoder: the best single-core kernel, its ratio to
      gr-fec's ldpc_decoder (sigma 0.5 and 0.3) on the same frames, the
      flowgraph path's share of the kernel, two-core scaling and the distance
      to the SIMD bound;
  scripts/speed_table.py --twins run1.csv [run2.csv ...] > twins.md
      students on a code's redundant cyclic matrix against their standard
      twins (run with --code bch:N,K --code bch:N,K:cyclic ...). With several
      runs, each rate is the best over the runs (a shared VM only ever slows
      a run down) and the ratios of the single runs are given as a range;
  scripts/speed_table.py --compare before1.csv ... -- after1.csv ... > ab.md
      kernel frames/s of two builds, each row the best over its runs (run
      the two builds' neuralfec-speed alternately).
"""
import csv
import os
import sys


def best_of(rows, key):
    """Per key, the row with the highest rate (a shared VM only ever slows a run down)."""
    best = {}
    for r in rows:
        k = key(r)
        if k not in best or float(r["frames_per_s"]) > float(best[k]["frames_per_s"]):
            best[k] = r
    return best


def twins(runs):
    def key(r):
        return (r["code"], float(r["ebn0_db"]), r["decoder"].endswith("int16"), r["path"])

    rates = [best_of(rows, key) for rows in runs]
    best = best_of((r for rows in runs for r in rows), key)

    def ratio(rate, code, ebn0, fixed, path):
        s, c = rate.get((code, ebn0, fixed, path)), rate.get((code + ":cyclic", ebn0, fixed, path))
        return 100 * float(c["info_mbps"]) / float(s["info_mbps"]) if s and c else None

    print("| code | Eb/N0 | arithmetic | BER standard / cyclic | standard Mbit/s, kernel / flowgraph | cyclic Mbit/s, kernel / flowgraph | cyclic / standard |"
          + (" single runs, kernel |" if len(runs) > 1 else ""))
    print("|---|---|---|---|---|---|---|" + ("---|" if len(runs) > 1 else ""))
    for (code, ebn0, fixed, path), r in sorted(best.items()):
        if code.endswith(":cyclic") or path != "kernel" or (code + ":cyclic", ebn0, fixed, path) not in best:
            continue
        c = best[(code + ":cyclic", ebn0, fixed, path)]
        sf = best.get((code, ebn0, fixed, "flowgraph"))
        cf = best.get((code + ":cyclic", ebn0, fixed, "flowgraph"))
        shown = "%.0f%%" % ratio(best, code, ebn0, fixed, "kernel")
        if sf and cf:
            shown += " / %.0f%%" % ratio(best, code, ebn0, fixed, "flowgraph")
        line = "| %s | %.1f | %s | %.1e / %.1e | %.1f / %s | %.1f / %s | %s |" % (
            code, ebn0, "int16" if fixed else "float", float(r["ber"]), float(c["ber"]), float(r["info_mbps"]),
            "%.1f" % float(sf["info_mbps"]) if sf else "", float(c["info_mbps"]), "%.1f" % float(cf["info_mbps"]) if cf else "", shown)
        if len(runs) > 1:
            single = [x for x in (ratio(rate, code, ebn0, fixed, "kernel") for rate in rates) if x is not None]
            line += " %.0f–%.0f%% |" % (min(single), max(single))
        print(line)


def best_kernels(paths):
    rows = (r for p in paths for r in csv.DictReader(open(p)) if r["path"] == "kernel")
    return best_of(rows, lambda r: (os.path.basename(r["code"]).replace(".alist", ""), float(r["ebn0_db"]), r["decoder"]))


def compare(before_paths, after_paths):
    before, after = best_kernels(before_paths), best_kernels(after_paths)
    print("| code | Eb/N0 | decoder | iterations per frame | before, frames/s | after, frames/s | after / before |")
    print("|---|---|---|---|---|---|---|")
    for k, b in before.items():
        if k in after:
            x, y = float(b["frames_per_s"]), float(after[k]["frames_per_s"])
            print("| %s | %.2f | %s | %.2f | %.0f | %.0f | %.2f |" % (k[0], k[1], k[2], float(b["iterations"]), x, y, y / x))


def main():
    if sys.argv[1] == "--compare":
        cut = sys.argv.index("--")
        return compare(sys.argv[2:cut], sys.argv[cut + 1:])
    if sys.argv[1] == "--twins":
        return twins([list(csv.DictReader(open(p))) for p in sys.argv[2:]])
    rows = list(csv.DictReader(open(sys.argv[1])))
    print("| code | Eb/N0 | decoder | BER | frames/s | Mbit/s | × gr-fec σ0.5 | × gr-fec σ0.3 | flowgraph / kernel | capillary ×2 / flowgraph | 2 threads / 1 | bound / achieved |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    points = []
    for r in rows:
        key = (r["code"], r["ebn0_db"])
        if key not in points:
            points.append(key)
    for code, ebn0 in points:
        here = [r for r in rows if (r["code"], r["ebn0_db"]) == (code, ebn0)]
        grfec = {r["decoder"].split("=")[-1]: float(r["frames_per_s"]) for r in here if r["decoder"].startswith("gr-fec")}
        for r in here:
            if r["decoder"].startswith("gr-fec"):
                print("| %s | %.2f | %s | %.1e | %.0f | %.2f | 1 | | | | | |" % (os.path.basename(code), float(ebn0), r["decoder"], float(r["ber"]),
                                                                    float(r["frames_per_s"]), float(r["info_mbps"])))
        names = []
        for r in here:
            if not r["decoder"].startswith("gr-fec") and r["decoder"] not in names:
                names.append(r["decoder"])
        for name in names:
            mine = [r for r in here if r["decoder"] == name]
            kernels = [r for r in mine if r["path"] == "kernel"]
            best = max(kernels, key=lambda r: float(r["frames_per_s"]))
            fps = float(best["frames_per_s"])
            path = {r["path"]: float(r["frames_per_s"]) for r in mine}
            flow = path.get("flowgraph")
            cap = path.get("flowgraph capillary x2")
            two = path.get("kernel 2 threads")
            bound = float(best["simd_bound"]) / float(best["edge_updates_per_s"]) if float(best["edge_updates_per_s"]) > 0 else float("nan")
            print("| %s | %.2f | %s (%s) | %.1e | %.0f | %.2f | %.0f | %.1f | %s | %s | %s | %.1f |" % (
                os.path.basename(code), float(ebn0), name, best["isa"], float(best["ber"]), fps, float(best["info_mbps"]),
                fps / grfec.get("0.5", float("nan")), fps / grfec.get("0.3", float("nan")),
                "%.0f%%" % (100 * flow / fps) if flow else "",
                "%.2f" % (cap / flow) if cap and flow else "",
                "%.2f" % (two / fps) if two else "", bound))


if __name__ == "__main__":
    main()
