"""The one figure style of the course: colour-blind-safe, labelled in units, readable from the back row.

Colours are the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), which stays
distinct for the common forms of colour blindness. Species keep one colour across the course:
A blue, B vermillion, vacancies green, markers black.
"""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
PALETTE = [OKABE_ITO[c] for c in ("blue", "vermillion", "bluish green", "orange", "reddish purple",
                                   "sky blue", "black", "yellow")]
COLORS = {
    "A": OKABE_ITO["blue"],
    "B": OKABE_ITO["vermillion"],
    "vacancy": OKABE_ITO["bluish green"],
    "marker": OKABE_ITO["black"],
    "reference": OKABE_ITO["reddish purple"],
    "highlight": OKABE_ITO["orange"],
}

# sizes chosen for a projector: 14-16 pt text at the default figure width of 10 in
STYLE = {
    "font.size": 14,
    "axes.titlesize": 15,
    "axes.labelsize": 15,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 12,
    "legend.framealpha": 0.85,
    "lines.linewidth": 2.5,
    "lines.markersize": 8,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.figsize": (10.0, 4.8),
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "savefig.dpi": 150,
}


def use_course_style():
    """Apply the course style to matplotlib's global settings (for a whole notebook)."""
    mpl.rcParams.update(STYLE)


@contextmanager
def course_style():
    """A context in which figures get the course style, leaving global settings untouched."""
    with mpl.rc_context(STYLE):
        yield


def app_figure(nrows=1, ncols=1, *, width=10.0, height=4.8, live=None):
    """A figure for a widget app, in the course style, owned by the app rather than by pyplot.

    In a Jupyter kernel with ipympl installed (``live`` None or True) the figure gets an ipympl
    canvas, itself a widget that redraws in place when the app moves its artists, whatever
    backend the notebook uses for its other figures (static ones stay inline images). Elsewhere
    (tests, scripts) it gets an Agg canvas. Returns (fig, axes, manager); keep the manager
    alive as long as the figure is shown.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with course_style():
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=True)
    manager = None
    if live is None:
        live = _in_kernel()
    backend = _ipympl_backend() if live else None
    if backend is not None:
        with plt.ioff():  # do not queue the figure for pyplot's show(): the app displays it
            manager = backend.new_figure_manager_given_figure(id(fig), fig)
    else:
        live = False
    if not live:
        FigureCanvasAgg(fig)
    return fig, axes, manager


_IPYMPL = None  # ipympl's backend class once loaded; False if ipympl is not installed


def _ipympl_backend():
    """ipympl's backend, loaded without letting it take over pyplot.

    Importing ipympl calls ``matplotlib.use("module://ipympl.backend_nbagg")`` when matplotlib is
    already loaded, which would turn every later static figure of the notebook into a live
    widget (and close open ones). The notebook's own backend is put back at once; the apps use
    ipympl's canvas directly. Loaded when diffkit.plotting is imported in a kernel, before any
    figure exists.
    """
    global _IPYMPL
    if _IPYMPL is None:
        prior = mpl.rcParams._get_backend_or_none()
        if prior is not None:
            # activate the notebook's backend first: matplotlib-inline wires itself into IPython
            # (interactive mode, showing figures after each cell) only when first loaded as the
            # active backend, which it would not be if ipympl had switched away before
            plt.switch_backend(prior)
        try:
            from ipympl.backend_nbagg import _Backend_ipympl
        except ImportError:
            _IPYMPL = False
        else:
            _IPYMPL = _Backend_ipympl
        if prior is not None and mpl.rcParams._get_backend_or_none() != prior:
            mpl.use(prior)
    return _IPYMPL or None


def _in_kernel():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def micrometres(x_m):
    """Convert positions from m (diffkit's unit) to µm for an axis."""
    return x_m * 1e6


def nice_ceiling(value, steps=(1.0, 2.0, 5.0)):
    """The smallest of ``steps`` x 10^k that is >= value (> 0): axis limits that change rarely.

    ``steps`` are mantissas in [1, 10); the default 1-2-5 series changes least often, a finer
    one such as ``WINDOW_STEPS`` wastes less of the axis.
    """
    if not value > 0:
        raise ValueError(f"value must be > 0; got {value!r}")
    exponent = np.floor(np.log10(value))
    for mantissa in tuple(steps) + (10.0,):
        candidate = mantissa * 10.0**exponent
        if candidate >= value * (1 - 1e-12):
            return float(candidate)
    return float(10.0 ** (exponent + 1))  # pragma: no cover


WINDOW_STEPS = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0)


if _in_kernel():
    _ipympl_backend()
