"""diffkit's diffusion-couple solver against FiPy on the same couple, at equal accuracy.

Run: python benchmarks/bench_couple.py [n_cells ...]     (default: 800)

The problem: a binary couple, N_A = 1 on the left and 0 on the right of x = 0, constant
intrinsic diffusivities D_A = 2e-14 and D_B = 1e-15 m^2/s, so Darken's
D~ = (1 - N) D_A + N D_B varies 20x across the couple; annealed for t = 10 h on a couple of
length 2 * 10 sqrt(D_max t), long enough to be effectively infinite (the end cells are
checked to be untouched). The error of a solution is max over cells |N_cell - N_ref(x/sqrt t)|,
with N_ref the Boltzmann similarity solution computed independently by
scipy.integrate.solve_bvp (diffkit.couple.boltzmann_reference).

diffkit: simulate_couple(..., n_cells=n) as a student calls it (markers and v_K included);
median of 50 calls after a warm-up.

FiPy: Grid1D with the same n cells, TransientTerm() == DiffusionTerm(D~(phi.faceValue)),
no-flux ends (FiPy's default), uniform implicit steps with Picard sweeps per step. For each
linear solver (LU with the "legacy" criterion, and FiPy's default LU) and 1, 2 or 3 sweeps,
the fewest uniform steps that reach max error <= 1e-3 are found by bisection; each solver's
cheapest configuration is then timed (median of 5 runs, each building the mesh, the variable
and the equation afresh, as simulate_couple builds its grid). The ratio is taken against
the faster of the two.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
import scipy

import diffkit
from diffkit.couple import boltzmann_reference, simulate_couple

D_A, D_B = 2e-14, 1e-15  # m^2/s
T = 10 * 3600.0  # s
LENGTH = 2 * 10 * np.sqrt(max(D_A, D_B) * T)  # m
N_LEFT, N_RIGHT = 1.0, 0.0
TARGET = 1e-3  # max error both solvers must reach
DIFFKIT_REPEATS = 50
FIPY_REPEATS = 5
MAX_STEPS = 2048


def darken(N):
    """Darken's interdiffusivity D~ = N_B D_A + N_A D_B, m^2/s (works on FiPy variables too)."""
    return (1 - N) * D_A + N * D_B


def max_error(x, N, reference):
    """Max over cells of |N - N_ref(x/sqrt(T))|."""
    return float(np.abs(N - reference(x / np.sqrt(T))).max())


def end_deviation(N):
    """How far the end cells have moved from their initial compositions."""
    return float(max(abs(N[0] - N_LEFT), abs(N[-1] - N_RIGHT)))


def median_ms(run, repeats, warmup=1):
    """Median wall time of run() in ms over `repeats` calls, after `warmup` untimed calls."""
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


# ------------------------------------------------------------------------------ diffkit


def run_diffkit(n_cells):
    """Cell centres and N_A at T from diffkit."""
    res = simulate_couple(D_A, D_B, T, length=LENGTH, n_cells=n_cells)
    return res.x, res.N_A[-1]


# -------------------------------------------------------------------------------- FiPy


def fipy_solvers(fp):
    """The linear solvers tried, by label."""
    return {
        'LinearLUSolver(criterion="legacy")': lambda: fp.LinearLUSolver(criterion="legacy"),
        "LinearLUSolver() (default)": lambda: fp.LinearLUSolver(),
    }


def run_fipy(fp, n_cells, steps, sweeps, make_solver):
    """Cell centres and N_A at T from FiPy with `steps` uniform implicit steps."""
    mesh = fp.Grid1D(nx=n_cells, dx=LENGTH / n_cells) + [[-LENGTH / 2]]
    x = mesh.cellCenters[0].value
    phi = fp.CellVariable(mesh=mesh, value=np.where(x < 0, N_LEFT, N_RIGHT), hasOld=True)
    equation = fp.TransientTerm() == fp.DiffusionTerm(coeff=darken(phi.faceValue))
    solver = make_solver()
    dt = T / steps
    for _ in range(steps):
        phi.updateOld()
        for _ in range(sweeps):
            equation.sweep(var=phi, dt=dt, solver=solver)
    return x, np.array(phi.value)


def fewest_steps(error_at, cap):
    """Fewest uniform steps <= cap with error_at(steps) <= TARGET, or None.

    Doubling from 16 brackets the answer, bisection pins it. This assumes the error falls
    as the steps grow, as it does near the target here (about as 1/steps: backward Euler is
    first order in time).
    """
    lo, hi = 0, 16
    while error_at(min(hi, cap)) > TARGET:
        if hi >= cap:
            return None
        lo, hi = hi, 2 * hi
    hi = min(hi, cap)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if error_at(mid) <= TARGET else (mid, hi)
    return hi


def cheapest_fipy(fp, n_cells, reference):
    """For each FiPy solver, the cheapest (steps, sweeps) reaching TARGET, by solver label.

    Every sweep assembles the matrix afresh, which is most of FiPy's time, so the cost of a
    configuration is counted as steps * sweeps; once one sweep count has succeeded, the
    others only need searching below the number of steps that would tie it.
    """
    found = {}
    for label, make_solver in fipy_solvers(fp).items():
        best = None
        for sweeps in (2, 1, 3):
            errors = {}

            def error_at(steps):
                if steps not in errors:
                    errors[steps] = max_error(*run_fipy(fp, n_cells, steps, sweeps, make_solver), reference)
                return errors[steps]

            cap = MAX_STEPS if best is None else (best[0] * best[1] - 1) // sweeps
            steps = fewest_steps(error_at, cap)
            verdict = "not cheaper" if steps is None else f"{steps} steps, error {errors[steps]:.2e}"
            print(f"    search  {label:<34} {sweeps} sweeps: {verdict}")
            if steps is not None:
                best = (steps, sweeps)
        found[label] = best
    return found


def skipped_sweeps(fp, n_cells, steps):
    """Fraction of steps in which the default LU solver returns from sweep 2 without solving."""
    mesh = fp.Grid1D(nx=n_cells, dx=LENGTH / n_cells) + [[-LENGTH / 2]]
    x = mesh.cellCenters[0].value
    phi = fp.CellVariable(mesh=mesh, value=np.where(x < 0, N_LEFT, N_RIGHT), hasOld=True)
    equation = fp.TransientTerm() == fp.DiffusionTerm(coeff=darken(phi.faceValue))
    solver = fp.LinearLUSolver()
    skipped = 0
    for _ in range(steps):
        phi.updateOld()
        equation.sweep(var=phi, dt=T / steps, solver=solver)
        equation.sweep(var=phi, dt=T / steps, solver=solver)
        # one "iteration" means the residual test passed before any LU solve
        skipped += solver.convergence.iterations == 1
    return skipped / steps


# -------------------------------------------------------------------------------- main


def compare(fp, n_cells, reference):
    """Print one comparison at n_cells; return FiPy's configurations as found."""
    print(f"\n{n_cells} cells")
    x, N = run_diffkit(n_cells)
    rows = [("diffkit", "simulate_couple (similarity Newton, markers and v_K)",
             median_ms(lambda: run_diffkit(n_cells), DIFFKIT_REPEATS),
             max_error(x, N, reference), end_deviation(N))]

    found = cheapest_fipy(fp, n_cells, reference)
    for label, config in found.items():
        if config is None:
            continue
        steps, sweeps = config
        make_solver = fipy_solvers(fp)[label]
        x, N = run_fipy(fp, n_cells, steps, sweeps, make_solver)
        ms = median_ms(lambda: run_fipy(fp, n_cells, steps, sweeps, make_solver), FIPY_REPEATS, warmup=0)
        rows.append(("FiPy", f"{steps} steps x {sweeps} sweeps, {label}", ms,
                     max_error(x, N, reference), end_deviation(N)))

    print(f"  {'solver':<8}{'configuration':<58}{'time':>10}{'max error':>11}{'ends moved':>12}")
    for name, config, ms, error, ends in rows:
        print(f"  {name:<8}{config:<58}{ms:>8.1f}ms{error:>11.2e}{ends:>12.1e}")
    fipy_ms = min(ms for name, _, ms, _, _ in rows if name == "FiPy")
    print(f"  diffkit is {fipy_ms / rows[0][2]:.0f} x faster than FiPy at equal accuracy "
          f"(max error <= {TARGET:g}), against FiPy's fastest configuration")
    return found


def main(argv):
    try:
        import fipy as fp
    except ImportError:
        print("FiPy is not installed: pip install -r benchmarks/requirements.txt")
        return 0
    cells = [int(a) for a in argv] or [800]
    start = time.perf_counter()
    print("diffusion couple: D_A = 2e-14, D_B = 1e-15 m^2/s (D~ varies 20x), t = 10 h, "
          f"length = {LENGTH * 1e6:.1f} um, N_A 1 -> 0")
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, fipy {fp.__version__}, "
          f"diffkit {diffkit.__version__}, python {sys.version.split()[0]}")
    reference, _ = boltzmann_reference(D_A, D_B, N_left=N_LEFT, N_right=N_RIGHT)
    for n_cells in cells:
        found = compare(fp, n_cells, reference)
    steps, _ = found["LinearLUSolver() (default)"] or (100, 2)
    print("\nFiPy's default LinearLUSolver() returns from sweep 2 without solving (its residual "
          "test, relative to the right-hand side, passes at once)")
    print(f"  in {skipped_sweeps(fp, cells[-1], steps):.0%} of {steps} steps and "
          f"{skipped_sweeps(fp, cells[-1], 400):.0%} of 400 steps at {cells[-1]} cells")
    print(f"total benchmark time {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
