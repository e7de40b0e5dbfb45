"""HiGHS on the layout optimiser's models (docs/optimiser.md): the reference
solver for `cargo bench --bench optimise`, which writes each model as MPS
into <target>/optimise-models/. Set up once, outside the repo:
    python3 -m venv peer-venv && peer-venv/bin/pip install highspy
Run:
    peer-venv/bin/python optimise_highs.py <target>/optimise-models/*.mps [--gap 0.01] [--time-limit 300]
Prints, per model: HiGHS's status, objective, bound, gap and seconds.
Compare its objective with Seatcast's (within 1 %: the issue's check)."""

import argparse
import time

import highspy


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="+")
    ap.add_argument("--gap", type=float, default=1e-4)
    ap.add_argument("--time-limit", type=float, default=300.0)
    ap.add_argument("--threads", type=int, default=0, help="0: HiGHS's own choice")
    a = ap.parse_args()
    for path in a.models:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", a.gap)
        h.setOptionValue("time_limit", a.time_limit)
        if a.threads > 0:
            h.setOptionValue("threads", a.threads)
        h.readModel(path)
        t = time.time()
        h.run()
        t = time.time() - t
        info = h.getInfo()
        print(
            f"{path}: {h.modelStatusToString(h.getModelStatus())} objective {info.objective_function_value:.0f} "
            f"bound {info.mip_dual_bound:.0f} gap {info.mip_gap * 100:.2f} % {t:.2f} s"
        )


if __name__ == "__main__":
    main()
