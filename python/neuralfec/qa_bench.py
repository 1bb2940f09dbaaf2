#!/usr/bin/python3
"""neuralfec-bench end to end: table, CSV and plot for ours and gr-fec's
decoders on the same frames, and Ctrl-C keeping what was measured."""
import csv
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from gnuradio import gr_unittest
from qa_common import SRC

BENCH = os.path.join(SRC, "apps", "neuralfec-bench")


class qa_bench(gr_unittest.TestCase):

    def test_001_table_csv_and_plot(self):
        decoders = ["minsum:30", "minsum:5@int16", "student:bch_63_36", "nms:5:0.8", "grfec-bp:0.3:20"]
        with tempfile.TemporaryDirectory() as d:
            out_csv, out_png = os.path.join(d, "b.csv"), os.path.join(d, "b.png")
            r = subprocess.run([sys.executable, BENCH, "--code", "bch:63,36", "--ebn0", "3:5:2", "--max-frames", "800",
                                "--chunk", "400", "--decoders", ",".join(decoders), "--csv", out_csv, "--plot", out_png],
                               capture_output=True, text=True, timeout=300)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("student:bch_63_36", r.stdout)
            rows = list(csv.DictReader(open(out_csv)))
            self.assertEqual(len(rows), 2 * len(decoders))
            self.assertEqual({row["code"] for row in rows}, {"bch:63,36"})
            for row in rows:
                ber, lo, hi = float(row["ber"]), float(row["ber_lo"]), float(row["ber_hi"])
                self.assertTrue(0.0 <= lo <= ber <= hi <= 1.0, row)
                self.assertGreater(int(row["frames"]), 0)
                self.assertGreater(float(row["frames_per_s"]), 0.0)
            ber = {(row["decoder"], float(row["ebn0_db"])): float(row["ber"]) for row in rows}
            # the student beats min-sum T=5 and gr-fec beats nothing for free
            self.assertLess(ber[("student:bch_63_36", 5.0)], ber[("minsum:5@int16", 5.0)])
            self.assertLess(ber[("minsum:30", 5.0)], ber[("minsum:30", 3.0)])
            with open(out_png, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_002_ctrl_c_keeps_what_was_measured(self):
        with tempfile.TemporaryDirectory() as d:
            out_csv = os.path.join(d, "b.csv")
            p = subprocess.Popen([sys.executable, BENCH, "--code", "bch:63,36", "--ebn0", "2:9:0.5", "--max-frames", "100000000",
                                  "--target-errors", "100000000", "--chunk", "2000", "--decoders", "minsum:30",
                                  "--csv", out_csv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            time.sleep(6)
            p.send_signal(signal.SIGINT)
            out, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 130, err)
            rows = list(csv.DictReader(open(out_csv)))
            self.assertGreaterEqual(len(rows), 1)
            self.assertEqual(rows[-1]["partial"], "True")
            self.assertGreater(int(rows[-1]["frames"]), 0)

    def test_mpi_two_ranks_count_as_one_process(self):
        mpirun = shutil.which("mpirun")
        try:
            import mpi4py  # noqa: F401
        except ImportError:
            mpi4py = None
        if not mpirun or not mpi4py:
            self.skipTest("no mpirun or mpi4py")  # scripts/common.sh installs both
        if "asan" in os.environ.get("LD_PRELOAD", ""):
            self.skipTest("the sanitizer build: its runtimes preloaded into OpenMPI's launcher test OpenMPI, not us")
        env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_btl_vader_single_copy_mechanism="none")
        args = [BENCH, "--code", "bch:31,16", "--ebn0", "2,4", "--max-frames", "3000", "--target-errors", "150", "--chunk", "256",
                "--decoders", "minsum:5,nms:5:0.5+osd:1,grfec-bp:0.5:20"]
        with tempfile.TemporaryDirectory() as d:
            one, two = os.path.join(d, "one.csv"), os.path.join(d, "two.csv")
            r = subprocess.run([sys.executable] + args + ["--csv", one], capture_output=True, text=True, timeout=300)
            self.assertEqual(r.returncode, 0, r.stderr)
            r = subprocess.run([mpirun, "--oversubscribe", "-np", "2", sys.executable] + args + ["--csv", two], capture_output=True,
                               text=True, timeout=300, env=env)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.count("minsum:5 "), 2, r.stdout)  # one table, from rank 0
            counts = lambda path: [(row["decoder"], row["ebn0_db"], row["frames"], row["bit_errors"], row["frame_errors"])
                                   for row in csv.DictReader(open(path))]
            a, b = counts(one), counts(two)
            self.assertEqual(a, b)
            # one point stopped at the target, one at the frame cap: both stops are exercised
            self.assertTrue(any(int(f) < 3000 for _, _, f, _, _ in a) and any(int(f) >= 3000 for _, _, f, _, _ in a), a)

    def test_003_bad_decoder_name_is_refused(self):
        r = subprocess.run([sys.executable, BENCH, "--code", "bch:63,36", "--decoders", "grfec-bp@int16"],
                           capture_output=True, text=True, timeout=120)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("fixed-point", r.stderr + r.stdout)
        # bad options and unwritable outputs: a message before any frame, no traceback
        for args, says in ((["--csv", "/nonexistent/dir/x.csv"], "not a writable directory"), (["--plot", "/dev/null"], "not a regular file"),
                           (["--max-frames", "-5"], "--max-frames must be at least 1"), (["--ebn0", "4:x"], "expected A:B:STEP"),
                           (["--decoders", "osd:9"], "OSD order")):
            r = subprocess.run([sys.executable, BENCH, "--code", "bch:63,36", "--decoders", "bm"] + args, capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertIn(says, r.stderr)
            self.assertNotIn("Traceback", r.stderr)


if __name__ == "__main__":
    gr_unittest.run(qa_bench)
