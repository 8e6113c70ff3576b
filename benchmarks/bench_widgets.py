"""Latency of every widget app per control change: compute + move artists + new pixels.

Run: python benchmarks/bench_widgets.py          (in a real Jupyter kernel, as students use it)
     python benchmarks/bench_widgets.py --here   (in this process, Agg canvas, no kernel)
     ... --only thermo_app,vacancy_wind_app      (some apps only)

In a kernel every app gets an ipympl canvas, and each change ends with ipympl encoding the
PNG diff it sends to the browser; that is part of the measured time. Without a browser
attached, ipympl would also encode a full PNG snapshot on every change for the saved notebook
(its ``syncing_data_url``); a connected browser switches that off with its "initialized"
message, and the benchmark does the same, so the numbers are those of a student's session.

Two ways a student moves a control, both measured for every control of every app:

* drag: the slider is dragged across its whole range one step at a time (with
  ``continuous_update`` every step is a change); the course budget is a median <= 50 ms;
* jump: the slider is clicked at distant values; axis ranges then often change, which needs a
  complete render instead of a blit, so these are slower and reported for information.

The time runs from the value change to new pixels in the figure's Agg buffer (a blit over the
cached background, or a full render when an axis range changed). What the browser does after
that (ipympl sends a PNG diff) is measured by the browser tests, not here.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

if "--here" in sys.argv and "ipykernel" not in sys.modules:
    os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

from diffkit import apps  # noqa: E402

BUDGET_MS = 50.0

APPS = {name: getattr(apps, name) for name in apps.__all__ if name != "App"}  # every app, new ones too


def drag_values(control, max_steps=120):
    """The slider's own steps from min to max (thinned to at most max_steps)."""
    if hasattr(control, "options"):  # a dropdown: every option in turn
        return list(control.options)
    if not hasattr(control, "step") or control.step is None:  # a number box: a few values
        return [control.min + k for k in range(1, 11)]
    if isinstance(control.value, tuple):  # a range slider: drag its lower end
        width = control.value[1] - control.value[0]
        lows = np.arange(control.min, control.max - width + control.step / 2, control.step)
        stride = max(1, int(np.ceil(lows.size / max_steps)))
        return [(float(lo), float(lo + width)) for lo in lows[::stride]]
    if hasattr(control, "base"):  # FloatLogSlider: min, max and step are exponents
        exponents = np.arange(control.min, control.max + control.step / 2, control.step)
        values = control.base**exponents
    else:
        values = np.arange(control.min, control.max + control.step / 2, control.step)
    stride = max(1, int(np.ceil(values.size / max_steps)))
    return [float(v) for v in values[::stride]]


def jump_values(control, n=15):
    """n values spread over the range, visited in a scrambled order (far jumps)."""
    values = drag_values(control)
    n = min(n, len(values))
    picks = np.linspace(0, len(values) - 1, n).round().astype(int)
    order = np.random.default_rng(0).permutation(n)
    return [values[picks[i]] for i in order]


def as_in_a_browser_session(app):
    """What JupyterLab's 'initialized' message does to an ipympl canvas: stop full-PNG snapshots."""
    if hasattr(app.fig.canvas, "syncing_data_url"):
        app.fig.canvas.syncing_data_url = False
    return app


def time_change(control, value):
    t0 = time.perf_counter()
    control.value = value
    return (time.perf_counter() - t0) * 1e3


def bench_app(name, factory):
    app = as_in_a_browser_session(factory())
    rows = []
    for cname, control in app.controls.items():
        start = control.value
        renders_before = app.full_draws + app.partial_draws
        drag = [time_change(control, v) for v in drag_values(control)]
        full_drag = app.full_draws + app.partial_draws - renders_before
        jump = [time_change(control, v) for v in jump_values(control)]
        control.value = start
        rows.append(dict(app=name, control=cname, choice=hasattr(control, "options"), drag_median=statistics.median(drag),
                         drag_p95=float(np.percentile(drag, 95)), n_drag=len(drag), full_drag=full_drag,
                         jump_median=statistics.median(jump), jump_max=max(jump)))
    return rows


def run_in_kernel():
    """Run this file with --here inside a fresh Jupyter kernel and print what it prints."""
    from pathlib import Path

    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    extra = " ".join(arg for arg in sys.argv[1:] if arg != "--here")
    nb.cells = [nbformat.v4.new_code_cell(f"%run {Path(__file__).resolve()} --here {extra}")]
    NotebookClient(nb, timeout=900, kernel_name="python3").execute()
    for output in nb.cells[0].outputs:
        sys.stdout.write(output.get("text", ""))
    return 0


def main():
    if "--here" not in sys.argv:
        return run_in_kernel()
    canvas = "ipympl canvas, in a Jupyter kernel" if apps.plotting._in_kernel() else "Agg canvas, no kernel"
    print(f"[{canvas}]")
    print(f"widget latency per change, value change -> new pixels (budget: drag median <= {BUDGET_MS:.0f} ms)")
    print(f"{'app':<18}{'control':<10}{'drag median':>12}{'drag p95':>10}{'re-renders':>14}"
          f"{'jump median':>13}{'jump max':>10}")
    worst = worst_choice = 0.0
    chosen = APPS
    if "--only" in sys.argv:
        names = sys.argv[sys.argv.index("--only") + 1].split(",")
        chosen = {name: APPS[name] for name in names}
    for name, factory in chosen.items():
        for r in bench_app(name, factory):
            if r["choice"]:  # a dropdown is not dragged: its options are picked one at a time
                worst_choice = max(worst_choice, r["drag_median"])
                flag = "" if r["drag_median"] <= BUDGET_MS else "  (a choice, not a slider)"
            else:
                worst = max(worst, r["drag_median"])
                flag = "" if r["drag_median"] <= BUDGET_MS else "  OVER BUDGET"
            print(f"{r['app']:<18}{r['control']:<10}{r['drag_median']:>10.1f}ms{r['drag_p95']:>8.1f}ms"
                  f"{r['full_drag']:>6d} of {r['n_drag']:<5d}{r['jump_median']:>11.1f}ms{r['jump_max']:>8.1f}ms{flag}")
    verdict = "within" if worst <= BUDGET_MS else "OVER"
    print(f"worst slider drag median: {worst:.1f} ms ({verdict} the {BUDGET_MS:.0f} ms budget); "
          f"worst dropdown (option after option): {worst_choice:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
