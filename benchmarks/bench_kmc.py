"""Kinetic Monte Carlo speed, and the random alloy's vacancy-wind factors against Manning in an infinite box.

Run: python benchmarks/bench_kmc.py [jumps_per_site]      (default 2e6: about 10 min on 2 cores)
     python benchmarks/bench_kmc.py 2e5                     (a quick look: 1-2 min, 3x the errors)

1. Speed, in vacancy jumps per second of wall-clock time (best of 3 calls after a warm-up),
   for diffkit.kmc.random_alloy (fcc, 216 and 512 sites, N_A = 0.5, w_A/w_B = 10 and 1) and,
   in the same run, for its peer diffkit.kmc.correlation_factor (one vacancy and one tracer,
   fcc and all seven lattices with their defaults). random_alloy does far more per jump
   (it looks up the species of all z neighbours, draws the exchange from an alias table
   and moves an atom with its displacement), so expect it to be about 10x slower per jump.

2. The box-size study: random_alloy at w_A/w_B = 10, N_A = 0.5, fcc, in periodic boxes of
   M = 64 to 1000 sites (primitive-cell edges 4 to 10), each with jumps_per_site x M jumps
   (so that the standard errors of r_A, r_B are about the same at every size), then each
   quantity fitted as y_inf + slope/M by weighted least squares. Printed: per box size
   D_A*/D_B*, f_A, f_B, r_A, r_B and D_A/D_B with standard errors and Manning's r_A, r_B
   at that size's tracer ratio; then the extrapolated values, Manning's at the extrapolated
   tracer ratio, the deviation measured − Manning in standard errors, and D_A/D_B against
   w_A/w_B = 10 (exact in this model: Belova and Murch 2001).

3. The control: the same study at w_A = w_B, where the exact infinite-box answers are known:
   f_A = f_B = f0 = 0.781451, r_A = r_B = S = 1 (and f_M, 1 − (1 − f_M)/(f_M (M − 2)) per box).
   It shows that the 1/M extrapolation lands on the right values when they are known.
"""

from __future__ import annotations

import sys
import time

import numpy as np

import diffkit
from diffkit import kmc
from diffkit.kinetics import CORRELATION_FACTORS

SIZES = (4, 5, 6, 7, 8, 10)  # fcc primitive-cell edges: M = 64, 125, 216, 343, 512, 1000 sites
N_A = 0.5
W_A, W_B = 10.0, 1.0


def best_rate(call, repeats=3):
    """Best jumps per second of ``call()`` (which returns a result with .n_jumps) over ``repeats`` calls."""
    call()  # warm-up: caches, alias tables, page faults
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = call()
        rates.append(result.n_jumps / (time.perf_counter() - started))
    return max(rates), result


def speed():
    print("\n1. speed (vacancy jumps per second, best of 3 after a warm-up)")
    rows = []
    for size, w_A, n_jumps in ((6, W_A, 2**26), (8, W_A, 2**26), (6, 1.0, 2**26)):
        rate, r = best_rate(lambda: kmc.random_alloy("fcc", N_A, w_A, W_B, n_jumps=n_jumps, size=size, progress=False))
        rows.append((f"random_alloy fcc, M = {r.n_sites}, w_A/w_B = {w_A:g}", f"{r.n_boxes} boxes x {r.n_steps} jumps",
                     rate))
    rate, r = best_rate(lambda: kmc.correlation_factor("fcc"))
    rows.append(("correlation_factor fcc (default)", f"{r.n_boxes} walks x {r.n_steps} jumps", rate))
    started = time.perf_counter()
    results = [kmc.correlation_factor(lattice) for lattice in kmc.LATTICES]
    rows.append(("correlation_factor, all seven lattices", "defaults",
                 sum(x.n_jumps for x in results) / (time.perf_counter() - started)))
    for name, layout, rate in rows:
        print(f"  {name:<44}{layout:<28}{rate:>10.3g} jumps/s")


def study(w_A, jumps_per_site, seed):
    n_jumps = [int(jumps_per_site * s**3) for s in SIZES]
    return kmc.box_size_study("fcc", N_A, w_A, W_B, sizes=SIZES, n_jumps=n_jumps, seed=seed, progress=False)


def control(jumps_per_site):
    print(f"\n3. control: w_A = w_B, where f = f0 = {CORRELATION_FACTORS['fcc']:.6f} and r = S = 1 in an infinite box")
    s = study(1.0, jumps_per_site, seed=2)
    print(f"  {'M':>6} {'f_A':>16} {'f_M exact':>10} {'r_A':>16} {'r_B':>16} {'exact r(M)':>11}")
    for r in s.results:
        f_box = kmc.finite_box_correlation_factor("fcc", r.size)
        exact_r = 1 - (1 - f_box) / (f_box * (r.n_sites - 2))
        print(f"  {r.n_sites:>6} {r.f_A!r:>16} {f_box:>10.5f} {r.r_A!r:>16} {r.r_B!r:>16} {exact_r:>11.5f}")
    f0 = CORRELATION_FACTORS["fcc"]
    slope = np.mean([(kmc.finite_box_correlation_factor("fcc", r.size) - f0) * r.n_sites for r in s.results])
    print(f"  1/M -> 0: f_A = {s.f_A.value!r} ({s.f_A.value.sigmas_from(f0):+.1f} sigma from f0), "
          f"f_B = {s.f_B.value!r} ({s.f_B.value.sigmas_from(f0):+.1f} sigma); slope of f_A {s.f_A.slope!r} "
          f"(exact (f_M - f0) M = {slope:.2f} on average)")
    print(f"            r_A = {s.r_A.value!r} ({s.r_A.value.sigmas_from(1):+.1f} sigma from 1), "
          f"r_B = {s.r_B.value!r} ({s.r_B.value.sigmas_from(1):+.1f} sigma), S = {s.S.value!r}, "
          f"D_A/D_B = {s.D_ratio.value!r}   [{s.elapsed:.0f} s]")


def main(argv):
    jumps_per_site = float(argv[0]) if argv else 2e6
    started = time.perf_counter()
    print("kinetic Monte Carlo: diffkit.kmc.random_alloy and correlation_factor")
    print(f"numpy {np.__version__}, diffkit {diffkit.__version__}, python {sys.version.split()[0]}")
    speed()
    print(f"\n2. box-size study, fcc, N_A = {N_A}, w_A/w_B = {W_A / W_B:g}, {jumps_per_site:.3g} jumps per site "
          "and box size")
    s = study(W_A, jumps_per_site, seed=1)
    print(s.table())
    rates = [r.jumps_per_second for r in s.results]
    print(f"  study: {sum(r.n_jumps for r in s.results):.3g} jumps, {min(rates):.3g}-{max(rates):.3g} jumps/s")
    control(jumps_per_site / 4)
    print(f"\ntotal benchmark time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
