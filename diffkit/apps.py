"""Widget apps of the lectures, all built on one pattern (:class:`App`).

The pattern:

* the controls and the figure are built once; a change only moves artists' data
  (``set_data``/``set_ydata``) and redraws;
* each app splits its work into cached steps keyed by the controls they depend on, so
  moving a control recomputes only what that control affects (a time slider rescales an
  existing similarity solution; only a new diffusivity ratio solves again);
* an invalid combination of controls shows a short message where the figure would be, and
  no app ever shows a traceback.

An app is a function returning an :class:`App`; in a notebook, leaving it as the last
expression of a cell displays it. Tests drive it with ``app.set(name=value)`` or by setting
``app.controls[name].value`` as a student would.
"""

from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from . import plotting
from .couple import self_similar_solution
from .kinetics import darken_interdiffusivity

__all__ = ["App", "couple_app"]


class App:
    """Controls + one figure + a message area, updated in place.

    Subclasses set ``self.controls`` (name -> ipywidget), build their artists in
    :meth:`build`, and move them in :meth:`draw` from the current control values.
    :meth:`draw` may raise ``ValueError`` with a short, student-facing message for an
    invalid combination of controls.
    """

    def __init__(self, controls, *, nrows=1, ncols=1, width=10.0, height=4.8, title=None):
        self.controls = dict(controls)
        self.fig, self.axes = plotting.new_figure(nrows, ncols, width=width, height=height)
        self.message = widgets.HTML(layout=widgets.Layout(display="none", min_height="3em", padding="1em"))
        self.figure_area = self._figure_area()
        self.error = None  # the message on show, or None
        self.draw_count = 0  # successful updates
        self.full_draws = 0  # complete figure renders (the rest are blits)
        self._dynamic = []  # artists that move on a change: drawn over a cached background
        self._blit = not isinstance(self.figure_area, widgets.Output) or not _in_kernel()
        self._background = None
        self._limits = None
        self.fig.canvas.mpl_connect("draw_event", self._on_full_draw)
        control_box = widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
        header = [widgets.HTML(f"<b>{title}</b>")] if title else []
        self.widget = widgets.VBox(header + [control_box, self.figure_area, self.message])
        with plotting.course_style():
            self.build()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    # -- what a subclass provides
    def build(self):
        raise NotImplementedError

    def draw(self, **values):
        raise NotImplementedError

    # -- the shared machinery
    @property
    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values):
        """Set several controls at once (one redraw), as a test or a notebook cell would."""
        for name in values:
            if name not in self.controls:
                raise ValueError(f"unknown control {name!r}; this app has {sorted(self.controls)}")
        with self._hold():
            for name, value in values.items():
                self.controls[name].value = value
        self.refresh()

    def refresh(self):
        """Recompute what changed and move the artists; show a message instead of failing."""
        if getattr(self, "_held", False):
            return
        try:
            with plotting.course_style():
                self.draw(**self.values)
        except ValueError as err:
            self._show_message(str(err))
            return
        except Exception as err:  # noqa: BLE001 - a widget never shows a traceback
            self._show_message(f"This combination could not be computed ({type(err).__name__}: {err}).")
            return
        self._hide_message()
        self.draw_count += 1
        self._redraw()

    def _on_change(self, _change):
        self.refresh()

    def _hold(self):
        app = self

        class Hold:
            def __enter__(self):
                app._held = True

            def __exit__(self, *exc):
                app._held = False

        return Hold()

    def _figure_area(self):
        canvas = self.fig.canvas
        if isinstance(canvas, widgets.DOMWidget):  # ipympl: the canvas is itself a widget
            canvas.header_visible = False
            canvas.toolbar_position = "right"
            return canvas
        return widgets.Output()

    def animate(self, artist):
        """Mark an artist as one that moves on a change; it is redrawn by blitting."""
        if self._blit:
            artist.set_animated(True)
        self._dynamic.append(artist)
        return artist

    def _limits_now(self):
        return tuple(tuple(ax.get_xlim()) + tuple(ax.get_ylim()) for ax in np.atleast_1d(self.axes).ravel())

    def _on_full_draw(self, _event):
        """After any complete render (ours or one the browser asks for): cache, then overlay."""
        if not self._blit:
            return
        canvas = self.fig.canvas
        self._background = canvas.copy_from_bbox(self.fig.bbox)
        self._limits = self._limits_now()
        for artist in self._dynamic:
            self.fig.draw_artist(artist)

    def _redraw(self):
        """Blit the moving artists over the cached background; render fully if the axes changed."""
        canvas = self.fig.canvas
        if not self._blit:  # inline backend: the whole figure goes to the page as an image
            from IPython.display import display

            self.full_draws += 1
            with self.figure_area:
                self.figure_area.clear_output(wait=True)
                display(self.fig)
            return
        if self._background is None or self._limits_now() != self._limits:
            self.full_draws += 1
            # lay out once for the new tick labels, then freeze the layout: constrained layout
            # may move an edge by a pixel from one render to the next, and every render (ours
            # or one the browser asks for) must match the cached background exactly
            self.fig.set_layout_engine("constrained")
            canvas.draw()  # fires draw_event -> _on_full_draw
            self.fig.set_layout_engine("none")
            return
        canvas.restore_region(self._background)
        for artist in self._dynamic:
            self.fig.draw_artist(artist)
        canvas.blit(self.fig.bbox)

    def _show_message(self, text):
        self.error = text
        self.message.value = f"<div style='font-size:1.1em;color:#D55E00'>&#9888; {_escape(text)}</div>"
        self.message.layout.display = "block"
        self.figure_area.layout.display = "none"

    def _hide_message(self):
        self.error = None
        self.message.layout.display = "none"
        self.figure_area.layout.display = None

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def _in_kernel():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------- couple app


class CoupleApp(App):
    """A diffusion couple: composition profile, Kirkendall marker and lattice velocity.

    Controls: D_A/D_B (the intrinsic diffusivity ratio, with D_B fixed), the annealing time,
    and the two end compositions. A new ratio or new end compositions solve the similarity
    problem once (cached); a new time only rescales x = lambda sqrt(t).
    """

    D_B = 1e-14  # m^2/s
    T_MAX_H = 100.0

    def __init__(self):
        controls = {
            "ratio": widgets.FloatLogSlider(value=5.0, base=10, min=-2, max=2, step=0.05,
                                            description="D_A / D_B", continuous_update=True,
                                            style={"description_width": "initial"}),
            "hours": widgets.FloatSlider(value=25.0, min=0.5, max=self.T_MAX_H, step=0.5,
                                         description="time (h)", style={"description_width": "initial"}),
            "N_left": widgets.FloatSlider(value=1.0, min=0.0, max=1.0, step=0.05, description="left N_A",
                                          style={"description_width": "initial"}),
            "N_right": widgets.FloatSlider(value=0.0, min=0.0, max=1.0, step=0.05, description="right N_A",
                                           style={"description_width": "initial"}),
        }
        self.solve_count = 0
        self._solve = functools.lru_cache(maxsize=64)(self._solve_uncached)
        super().__init__(controls, ncols=2, width=12.0, height=4.8,
                         title="A diffusion couple with a Kirkendall marker")

    def _solve_uncached(self, ratio, N_left, N_right):
        self.solve_count += 1
        return self_similar_solution(ratio * self.D_B, self.D_B, N_left=N_left, N_right=N_right)

    def build(self):
        ax, ax_v = self.axes
        self.line_N = self.animate(ax.plot([], [], color=plotting.COLORS["A"], label="$N_A$ (lab frame)")[0])
        self.line_ref = self.animate(ax.plot([], [], "--", color=plotting.COLORS["reference"], lw=2,
                                             label=r"$D_A = D_B$ (no Kirkendall shift)")[0])
        self.marker_line = self.animate(ax.axvline(0.0, color=plotting.COLORS["marker"], lw=2, label="marker"))
        ax.axvline(0.0, color="0.6", lw=1, ls=":")
        ax.set_xlabel("position x (µm)")
        ax.set_ylabel("mole fraction of A, $N_A$")
        ax.set_ylim(-0.05, 1.05)
        ax.legend(loc="upper right")
        self.line_v = self.animate(ax_v.plot([], [], color=plotting.COLORS["vacancy"], label="$v_K$")[0])
        self.marker_dot = self.animate(ax_v.plot([], [], "o", color=plotting.COLORS["marker"], label="marker")[0])
        ax_v.axhline(0.0, color="0.6", lw=1)
        ax_v.set_xlabel("position x (µm)")
        ax_v.set_ylabel("lattice velocity $v_K$ (nm/s)")
        ax_v.legend(loc="lower right")
        self.readout = self.animate(ax.text(0.02, 0.04, "", transform=ax.transAxes, fontsize=13))

    def draw(self, ratio, hours, N_left, N_right):
        if N_left == N_right:
            raise ValueError("Both halves have the same composition, so nothing diffuses: "
                             "move one of the N_A sliders.")
        sim = self._solve(float(ratio), float(N_left), float(N_right))
        ref = self._solve(1.0, float(N_left), float(N_right))
        t = hours * 3600.0
        D_max = max(ratio, 1.0) * self.D_B
        half = plotting.nice_ceiling(5.0 * np.sqrt(D_max * self.T_MAX_H * 3600.0))
        x = np.linspace(-half, half, 600)
        x_um = plotting.micrometres(x)
        self.line_N.set_data(x_um, sim.profile(x, t))
        self.line_ref.set_data(x_um, ref.profile(x, t))
        x_K = float(sim.marker_position(t))
        self.marker_line.set_xdata([x_K * 1e6, x_K * 1e6])
        v = sim.kirkendall_velocity(x, t) * 1e9
        self.line_v.set_data(x_um, v)
        self.marker_dot.set_data([x_K * 1e6], [float(sim.kirkendall_velocity(x_K, t)) * 1e9])
        for ax in self.axes:
            ax.set_xlim(x_um[0], x_um[-1])
        v_span = plotting.nice_ceiling(max(1.1 * np.abs(v).max(), 1e-6))
        self.axes[1].set_ylim(-v_span, v_span)
        N_K = float(sim.profile(x_K, t))
        D_tilde = float(darken_interdiffusivity(N_K, ratio * self.D_B, self.D_B))
        self.readout.set_text(f"marker shift {x_K * 1e6:+.2f} µm after {hours:g} h\n"
                              f"$\\tilde D$ at the marker {D_tilde:.2e} m²/s")


def couple_app():
    """The diffusion-couple explorer: D_A/D_B, time and end compositions -> profile, marker, v_K."""
    return CoupleApp()
