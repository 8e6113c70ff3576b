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

import contextlib
import functools

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from . import plotting
from .couple import self_similar_solution

__all__ = ["App", "kirkendall_app", "arrhenius_app", "vacancy_walk_app", "darken_app", "inverse_app", "thermo_app",
           "vacancy_wind_app", "random_alloy_app", "voids_app", "hollow_app", "battery_app", "salt_app"]


class App:
    """Controls + one figure + a message area, updated in place.

    Subclasses set ``self.controls`` (name -> ipywidget), build their artists in
    :meth:`build`, and move them in :meth:`draw` from the current control values.
    :meth:`draw` may raise ``ValueError`` with a short, student-facing message for an
    invalid combination of controls.
    """

    def __init__(self, controls, *, nrows=1, ncols=1, width=10.0, height=4.8, title=None, extras=(), readout=False):
        self.controls = dict(controls)
        # numbers that change with every move go beside the sliders as HTML (see set_readout)
        self.info_html = widgets.HTML(layout=widgets.Layout(min_width="330px", padding="0 0 0 1em"))
        self.info_text = ""
        if readout:
            extras = tuple(extras) + (self.info_html,)
        self.fig, self.axes, self._manager = plotting.app_figure(nrows, ncols, width=width, height=height)
        self.message = widgets.HTML(layout=widgets.Layout(display="none", min_height="3em", padding="1em"))
        self.figure_area = self._figure_area()
        self._held = False
        self.error = None  # the message on show, or None
        self.draw_count = 0  # successful updates
        self.full_draws = 0  # complete figure renders
        self.partial_draws = 0  # renders of only the panels whose axis ranges changed (the rest are blits)
        self._dynamic = []  # artists that move on a change: drawn over a cached background
        self._occasional = []  # (text artist, its panel index, last text): static until their text changes
        self._blit = not isinstance(self.figure_area, widgets.Output) or not plotting._in_kernel()
        self._background = None
        self._size = None
        self._limits = None
        self._boxes = None
        self.fig.canvas.mpl_connect("draw_event", self._on_full_draw)
        control_box = widgets.HBox(list(self.controls.values()) + list(extras),
                                   layout=widgets.Layout(flex_flow="row wrap"))
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
        if self._held:
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

    @contextlib.contextmanager
    def _hold(self):
        """Suspend refreshing while several controls change; the caller refreshes once afterwards."""
        self._held = True
        try:
            yield
        finally:
            self._held = False

    def _figure_area(self):
        canvas = self.fig.canvas
        if isinstance(canvas, widgets.DOMWidget):  # ipympl: the canvas is itself a widget
            # ipympl 0.10.0: until a browser view reports "initialized", Canvas.send_binary sends raw
            # RGBA instead of PNG (and a _data_url without its "data:" prefix); the page cannot draw
            # that first frame and the canvas stays 0x0. Found by the browser tests.
            canvas.syncing_data_url = False
            # Send whole frames, never ipympl's diff frames. The page loads each frame as an image
            # asynchronously and a newer frame replaces one still loading: a dropped whole frame
            # followed by a diff frame leaves only the changed pixels on a blank canvas (seen in
            # the browser tests on a loaded machine). Encoded as RGB with fast compression, a whole
            # frame takes less time than ipympl's RGBA diff frame (13 against 20 ms here).
            canvas.get_diff_image = functools.partial(_whole_frame_png, canvas)
            canvas.header_visible = False
            canvas.toolbar_position = "right"
            return canvas
        return widgets.Output()

    @staticmethod
    def pin_ylabel(*axes, offset=-0.17):
        """Keep a y-label at a fixed distance from its axes (axes fraction), for panels whose range changes.

        Otherwise the label follows the width of the tick labels, and a new range could push it
        into a neighbour or off the figure, forcing a full re-layout instead of a one-panel update.
        """
        for ax in axes:
            ax.yaxis.set_label_coords(offset, 0.5)

    @staticmethod
    def steady_ceiling(current, needed, keep_above=0.3):
        """An axis limit that changes seldom while a slider is dragged: ``current`` as long as
        ``needed`` fits between ``keep_above * current`` and ``current``, else a new 1-2-5 ceiling.

        Every new limit costs a re-render of its panel (about 100 ms); with this hysteresis a
        drag mostly blits.
        """
        if current is not None and keep_above * current <= needed <= current:
            return current
        return plotting.nice_ceiling(needed)

    def set_readout(self, lines):
        """Show a few lines of numbers beside the sliders (``readout=True``); ``info_text`` keeps them as text.

        As HTML they cost the kernel nothing to draw; as figure text each change re-renders every glyph
        (5-12 ms a move in the thermo, hollow and salt apps).
        """
        self.info_text = "\n".join(lines)
        self.info_html.value = "<div style='font-size:1.05em;line-height:1.4'>" + "<br>".join(
            _escape(line) for line in lines) + "</div>"

    def steady_one_sided(self, ax, needed, positive):
        """y-limits for a quantity of one sign: most of the panel on that side of zero, a quarter on the other,
        with the span kept steady while dragging (:meth:`steady_ceiling`)."""
        lo, hi = ax.get_ylim()
        span = self.steady_ceiling(max(abs(lo), abs(hi)), needed)
        ax.set_ylim((-0.25 * span, span) if positive else (-span, 0.25 * span))

    def animate(self, artist):
        """Mark an artist as one that moves on a change; it is redrawn by blitting."""
        if self._blit:
            artist.set_animated(True)
        self._dynamic.append(artist)
        return artist

    def occasionally(self, text):
        """Mark a text that rarely changes (a warning note): it is part of its panel's static
        picture, and the panel is re-rendered only when the text changes.

        Blitting re-draws every animated artist on every change, and text is the costliest
        thing to draw (each glyph is rendered anew): a long note that is usually empty or
        constant would otherwise cost milliseconds on every slider step.
        """
        index = self._axes_list().index(text.axes)
        self._occasional.append([text, index, self._text_state(text)])
        return text

    @staticmethod
    def _text_state(text):
        return text.get_text(), text.get_position(), text.get_horizontalalignment()

    def _axes_list(self):
        return list(np.atleast_1d(self.axes).ravel())

    def _limits_now(self):
        return [tuple(ax.get_xlim()) + tuple(ax.get_ylim()) for ax in self._axes_list()]

    def _tight_boxes(self):
        renderer = self.fig.canvas.get_renderer()
        return [ax.get_tightbbox(renderer) for ax in self._axes_list()]

    def _on_full_draw(self, _event):
        """After any complete render (ours or one the browser asks for): cache, then overlay."""
        if not self._blit:
            return
        canvas = self.fig.canvas
        self._background = canvas.copy_from_bbox(self.fig.bbox)
        self._size = tuple(self.fig.bbox.bounds)
        self._limits = self._limits_now()
        self._boxes = self._tight_boxes()
        self._remember_occasional()
        for artist in self._dynamic:
            self.fig.draw_artist(artist)

    def _full_render(self):
        self.full_draws += 1
        # lay out for the current tick labels, then freeze the layout: constrained layout may
        # move an edge by a pixel from one render to the next, and every render (ours or one
        # the browser asks for) must match the cached background exactly
        self.fig.set_layout_engine("constrained")
        self.fig.canvas.draw()  # fires draw_event -> _on_full_draw
        self.fig.set_layout_engine("none")

    def _rerender_axes(self, changed):
        """Re-render only the panels whose axis ranges changed; False if a full render is needed."""
        from matplotlib.patches import Rectangle
        from matplotlib.transforms import Bbox, IdentityTransform

        axes = self._axes_list()
        renderer = self.fig.canvas.get_renderer()
        new_boxes = list(self._boxes)
        erase = {}
        for i in changed:
            new_boxes[i] = axes[i].get_tightbbox(renderer)
            erase[i] = Bbox.union([self._boxes[i], new_boxes[i]]).padded(3)  # antialiased glyph edges
        figure_box = self.fig.bbox
        for i in changed:  # a panel grown into its neighbour, or past the figure's edge, needs a new layout
            box = new_boxes[i]
            if (box.x0 < figure_box.x0 or box.y0 < figure_box.y0 or box.x1 > figure_box.x1
                    or box.y1 > figure_box.y1):
                return False
            for j, other in enumerate(new_boxes):
                if j != i and erase[i].overlaps(other) and j not in changed:
                    return False
        self.fig.canvas.restore_region(self._background)
        eraser = Rectangle((0, 0), 1, 1, transform=IdentityTransform(), edgecolor="none",
                           facecolor=self.fig.get_facecolor())
        eraser.set_figure(self.fig)
        for i in changed:
            eraser.set_bounds(erase[i].x0, erase[i].y0, erase[i].width, erase[i].height)
            self.fig.draw_artist(eraser)
        for i in changed:
            self.fig.draw_artist(axes[i])  # static parts only: animated artists are skipped
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self._limits = self._limits_now()
        self._boxes = new_boxes
        self._remember_occasional()
        return True

    def _remember_occasional(self):
        for entry in self._occasional:
            entry[2] = self._text_state(entry[0])

    def _redraw(self):
        """Blit the moving artists over the cached background; re-render panels whose ranges changed."""
        canvas = self.fig.canvas
        if not self._blit:  # inline backend: the whole figure goes to the page as an image
            from IPython.display import display

            self.full_draws += 1
            with self.figure_area:
                self.figure_area.clear_output(wait=True)
                display(self.fig)
            return
        # a browser may resize the figure (ipympl's resize and device-pixel-ratio messages) before it
        # asks for a new render: a background cached at the old size would garble the next blit
        if self._background is None or tuple(self.fig.bbox.bounds) != self._size:
            self._full_render()
            return
        limits = self._limits_now()
        changed = {i for i, (a, b) in enumerate(zip(limits, self._limits)) if a != b}
        for entry in self._occasional:
            text, index, last = entry
            if self._text_state(text) != last:
                changed.add(index)
        changed = sorted(changed)
        if changed:
            if not self._rerender_axes(changed):
                self._full_render()
                return
            self.partial_draws += 1
        else:
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


def _whole_frame_png(canvas):
    """What ipympl sends to the page after a render: always the whole frame, as an RGB PNG.

    Replaces ``FigureCanvasWebAggCore.get_diff_image`` for the apps' canvases (see
    ``App._figure_area``); keeps the bookkeeping ipympl relies on (``_last_buff`` for its
    data-URL snapshot, the flags that say a new frame is due).
    """
    import io

    from PIL import Image

    if not canvas._png_is_old:
        return None
    pixels = np.asarray(canvas.get_renderer().buffer_rgba())
    canvas.set_image_mode("full")
    canvas._last_buff = pixels.view(np.uint32).squeeze(2)
    canvas._force_full = False
    canvas._png_is_old = False
    with io.BytesIO() as png:
        Image.fromarray(np.ascontiguousarray(pixels[:, :, :3])).save(png, format="png", compress_level=1)
        return png.getvalue()


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ------------------------------------------------------------------------ Kirkendall app


def _slider(kind, description, **kwargs):
    return kind(description=description, continuous_update=True,
                style={"description_width": "initial"}, layout=widgets.Layout(width="330px"), **kwargs)


class KirkendallApp(App):
    """A diffusion couple with a row of inert markers (lecture 02).

    Controls: D_A/D_B (intrinsic diffusivities, D_B fixed), annealing time, marker spacing and
    the two end compositions. Panels: the lab-frame composition with the markers; the lattice
    displacement of the marker row; the lattice-frame fluxes of A, B and vacancies; the interface
    marker's position against sqrt(t). A new ratio or new end compositions solve the similarity
    problem once (cached); time and spacing only evaluate that solution.
    """

    D_B = 1e-14  # m^2/s
    T_MAX_H = 100.0

    def __init__(self):
        controls = {
            "ratio": _slider(widgets.FloatLogSlider, "D_A / D_B", value=5.0, base=10, min=-2, max=2, step=0.05),
            "hours": _slider(widgets.FloatSlider, "time (h)", value=25.0, min=0.5, max=self.T_MAX_H, step=0.5),
            "spacing_um": _slider(widgets.FloatSlider, "marker spacing (µm)", value=40.0, min=10.0, max=200.0,
                                  step=10.0),
            "N_left": _slider(widgets.FloatSlider, "left end N_A", value=1.0, min=0.0, max=1.0, step=0.05),
            "N_right": _slider(widgets.FloatSlider, "right end N_A", value=0.0, min=0.0, max=1.0, step=0.05),
        }
        self.solve_count = 0
        self._solve = functools.lru_cache(maxsize=64)(self._solve_uncached)
        self._fields = functools.lru_cache(maxsize=8)(self._fields_uncached)
        super().__init__(controls, nrows=2, ncols=2, width=12.0, height=8.0,
                         title="The Kirkendall effect: a diffusion couple with inert markers")

    def _fields_uncached(self, ratio, hours, N_left, N_right):
        """Everything on the plot that does not depend on the marker spacing."""
        sim = self._solve(ratio, N_left, N_right)
        ref = self._solve(1.0, N_left, N_right)
        t = hours * 3600.0
        t_max = self.T_MAX_H * 3600.0
        # the profile at the longest time spans about +-4 sqrt(D t); the window follows D_max only
        half = plotting.nice_ceiling(4.5 * np.sqrt(max(ratio, 1.0) * self.D_B * t_max), plotting.WINDOW_STEPS)
        x = np.linspace(-half, half, 600)
        x0_dense = np.linspace(-half, half, 301)
        JA, JB = sim.intrinsic_fluxes(x, t)
        return dict(sim=sim, half=half, x=x, N=sim.profile(x, t), N_ref=ref.profile(x, t),
                    x0_dense=x0_dense, shift_dense=sim.marker_positions(x0_dense, t) - x0_dense,
                    JA=JA, JB=JB, v=sim.kirkendall_velocity(x, t), x_K=float(sim.marker_position(t)))

    def _solve_uncached(self, ratio, N_left, N_right):
        self.solve_count += 1
        return self_similar_solution(ratio * self.D_B, self.D_B, N_left=N_left, N_right=N_right)

    def build(self):
        (ax_N, ax_u), (ax_J, ax_t) = self.axes
        c = plotting.COLORS
        self.line_N = self.animate(ax_N.plot([], [], color=c["A"], label="$N_A$, lab frame")[0])
        self.line_ref = self.animate(ax_N.plot([], [], "--", color=c["reference"], lw=2,
                                               label="$D_A = D_B$")[0])
        self.row = self.animate(ax_N.plot([], [], "v", color=c["marker"], ms=9, label="markers")[0])
        self.marker_line = self.animate(ax_N.axvline(0.0, color=c["marker"], lw=1.5))
        ax_N.axvline(0.0, color="0.6", lw=1, ls=":")
        ax_N.set(xlabel="position x (µm)", ylabel="mole fraction $N_A$", ylim=(-0.05, 1.12),
                 title="composition (lab frame) and markers")
        ax_N.legend(loc="lower left")
        self.readout = self.animate(ax_N.text(0.98, 0.86, "", transform=ax_N.transAxes, fontsize=13,
                                              ha="right", va="top"))

        self.line_u = self.animate(ax_u.plot([], [], color="0.45", lw=2, label="lattice")[0])
        self.dots_u = self.animate(ax_u.plot([], [], "v", color=c["marker"], ms=9, label="markers")[0])
        ax_u.axhline(0.0, color="0.6", lw=1)
        ax_u.set(xlabel="initial position $x_0$ (µm)", ylabel="marker shift $x - x_0$ (µm)",
                 title="lattice displacement of the marker row")
        ax_u.legend(loc="lower right")

        self.line_JA = self.animate(ax_J.plot([], [], "--", color=c["A"], label="$J'_A/C$")[0])
        self.line_JB = self.animate(ax_J.plot([], [], "--", color=c["B"], label="$J'_B/C$")[0])
        self.line_JV = self.animate(ax_J.plot([], [], color=c["vacancy"], label="$J'_V/C = v_K$")[0])
        ax_J.axhline(0.0, color="0.6", lw=1)
        ax_J.set(xlabel="position x (µm)", ylabel="flux / site conc. (nm/s)",
                 title="fluxes in the lattice frame")
        ax_J.legend(loc="lower right")

        self.line_xt = self.animate(ax_t.plot([], [], color=c["marker"], label=r"$x_K = k\sqrt{t}$")[0])
        self.dot_xt = self.animate(ax_t.plot([], [], "o", color=c["highlight"], ms=10, label="now")[0])
        ax_t.axhline(0.0, color="0.6", lw=1)
        ax_t.set(xlabel=r"$\sqrt{t}$ ($\sqrt{\mathrm{h}}$)", ylabel="interface marker $x_K$ (µm)",
                 xlim=(0.0, 1.02 * np.sqrt(self.T_MAX_H)), title="the parabolic marker law")
        ax_t.legend(loc="upper left")
        self.pin_ylabel(ax_u, ax_J, ax_t)

    def draw(self, ratio, hours, spacing_um, N_left, N_right):
        if N_left == N_right:
            raise ValueError("Both halves have the same composition, so nothing diffuses: "
                             "move one of the end-composition sliders.")
        f = self._fields(float(ratio), float(hours), float(N_left), float(N_right))
        sim, half, x = f["sim"], f["half"], f["x"]
        t = hours * 3600.0
        t_max = self.T_MAX_H * 3600.0
        um = plotting.micrometres
        (ax_N, ax_u), (ax_J, ax_t) = self.axes

        self.line_N.set_data(um(x), f["N"])
        self.line_ref.set_data(um(x), f["N_ref"])
        n_side = int(half / (spacing_um * 1e-6))
        x0 = spacing_um * 1e-6 * np.arange(-n_side, n_side + 1)
        x_row = sim.marker_positions(x0, t)  # the only work a new spacing needs
        self.row.set_data(um(x_row), np.full(x_row.size, 1.06))
        x_K = f["x_K"]
        self.marker_line.set_xdata([um(x_K)] * 2)

        self.line_u.set_data(um(f["x0_dense"]), um(f["shift_dense"]))
        self.dots_u.set_data(um(x0), um(x_row - x0))
        k = sim.lambda_K
        u_span = plotting.nice_ceiling(max(1.15 * abs(k) * np.sqrt(t_max) * 1e6, 1e-3))
        ax_u.set_ylim(-u_span, u_span)

        JA, JB, v = f["JA"], f["JB"], f["v"]
        for line, values in ((self.line_JA, JA), (self.line_JB, JB), (self.line_JV, v)):
            line.set_data(um(x), values * 1e9)
        J_span = plotting.nice_ceiling(max(1.1 * np.abs(np.concatenate([JA, JB])).max() * 1e9, 1e-6))
        ax_J.set_ylim(-J_span, J_span)

        root_h = np.linspace(0.0, np.sqrt(self.T_MAX_H), 50)
        self.line_xt.set_data(root_h, um(k * np.sqrt(root_h**2 * 3600.0)))
        self.dot_xt.set_data([np.sqrt(hours)], [um(x_K)])
        ax_t.set_ylim(-u_span, u_span)
        for ax in (ax_N, ax_u, ax_J):
            ax.set_xlim(um(-half), um(half))

        side = "toward A" if x_K < 0 else ("toward B" if x_K > 0 else "no shift")
        self.readout.set_text(f"marker: {um(x_K):+.1f} µm ({side})\nk = {k * 1e6 * 60:+.2f} µm/√h")


def kirkendall_app():
    """Lecture 02: a couple with a row of markers -> composition, lattice shift, fluxes, x_K(sqrt t)."""
    return KirkendallApp()


# --------------------------------------------------------------------- Arrhenius app


class ArrheniusApp(App):
    """The vacancy mechanism's Arrhenius law against measured self-diffusion (lecture 01).

    Controls: the metal (sets the lattice, and starts the sliders at its measured vacancy
    energies), the vacancy formation and migration enthalpies E_f and E_m (eV), the entropy
    S_f + S_m (k_B) and the temperature range. Left: D* = f a² z c_v Γ / 6 against 1000/T,
    over the measured tracer fits of six metals. Right: the two Arrhenius factors, c_v and
    Γ/ν, whose slopes add up to Q = E_f + E_m.
    """

    NU = 1e13  # attempt frequency, 1/s (Debye-like)

    def __init__(self):
        from . import data

        self._lattices = data.lattice_parameters()
        self._measured = data.self_diffusion()
        self._vacancies = data.vacancy_energies()
        metals = [m for m in ("Cu", "Ag", "Au", "Ni", "Al", "alpha-Fe") if m in self._lattices]
        controls = {
            "metal": widgets.Dropdown(options=metals, value="Cu", description="metal",
                                      layout=widgets.Layout(width="200px")),
            "E_f": _slider(widgets.FloatSlider, "E_f (eV)", value=1.28, min=0.3, max=2.5, step=0.01),
            "E_m": _slider(widgets.FloatSlider, "E_m (eV)", value=0.70, min=0.2, max=1.8, step=0.01),
            "S_over_k": _slider(widgets.FloatSlider, "(S_f + S_m) / k_B", value=0.0, min=0.0, max=8.0, step=0.1),
            "T_range": _slider(widgets.FloatRangeSlider, "T range (K)", value=(600.0, 1400.0), min=300.0,
                               max=1900.0, step=10.0),
        }
        super().__init__(controls, ncols=2, width=12.0, height=5.0,
                         title="Arrhenius: vacancies times jumps, against measured self-diffusion")

    def _on_change(self, change):
        """A new metal starts the enthalpy sliders at its measured vacancy values: one update, not three."""
        if change["owner"] is self.controls["metal"]:
            vac = self._vacancies.get(change["new"])
            if vac is not None:
                with self._hold():
                    self.controls["E_f"].value = round(vac.E_f_eV, 2)
                    self.controls["E_m"].value = round(vac.E_m_eV, 2)
        self.refresh()

    def build(self):
        from .constants import EV, N_AVOGADRO

        self._ev = EV * N_AVOGADRO
        ax, ax_f = self.axes
        self._measured_lines = {}
        for i, (name, rec) in enumerate(self._measured.items()):
            color = plotting.PALETTE[(i + 1) % len(plotting.PALETTE)]
            lo = rec.T_min or 0.6 * rec.T_melt
            hi = rec.T_max or rec.T_melt
            T = np.linspace(lo, hi, 50)
            style = "-" if rec.T_min is not None else ":"
            line = ax.plot(1000.0 / T, rec.D(T), style, color=color, lw=5, alpha=0.35, label=f"{name} (measured)")[0]
            self._measured_lines[name] = self.animate(line)  # highlighted with the chosen metal
        self.line_model = self.animate(ax.plot([], [], color="black", lw=2.5, label="model")[0])
        ax.set_yscale("log")
        ax.set(xlabel="1000 / T (1/K)", ylabel="tracer diffusivity $D^*$ (m²/s)",
               title="self-diffusion: model and measurements")
        ax.legend(loc="lower left", fontsize=10, ncol=2)
        self.readout = self.animate(ax.text(0.98, 0.97, "", transform=ax.transAxes, ha="right", va="top",
                                            fontsize=12))
        self.line_cv = self.animate(ax_f.plot([], [], color=plotting.COLORS["vacancy"],
                                              label="$c_v$ (vacant sites)")[0])
        self.line_gamma = self.animate(ax_f.plot([], [], color=plotting.COLORS["highlight"],
                                                 label=r"$\Gamma/\nu$ (jump success)")[0])
        self.line_product = self.animate(ax_f.plot([], [], "--", color="black", label=r"$c_v \Gamma / \nu$")[0])
        ax_f.set_yscale("log")
        ax_f.set(xlabel="1000 / T (1/K)", ylabel="probability per site or attempt",
                 title="two Arrhenius factors")
        ax_f.legend(loc="lower left")

    def draw(self, metal, E_f, E_m, S_over_k, T_range):
        from .kinetics import CORRELATION_FACTORS, jump_frequency, vacancy_diffusivity, vacancy_site_fraction

        T_lo, T_hi = T_range
        if T_hi - T_lo < 50.0:
            raise ValueError("Choose a temperature range at least 50 K wide.")
        lat = self._lattices[metal]
        T = np.linspace(T_lo, T_hi, 120)
        x = 1000.0 / T
        S = S_over_k * 8.314462618
        D = vacancy_diffusivity(T, a=lat.jump_length, z=lat.z, nu=self.NU, E_f=E_f * self._ev,
                                E_m=E_m * self._ev, f=CORRELATION_FACTORS[lat.structure], S_f=S)
        self.line_model.set_data(x, D)
        c_v = vacancy_site_fraction(T, E_f * self._ev)
        gamma = jump_frequency(T, self.NU, E_m * self._ev) / self.NU
        self.line_cv.set_data(x, c_v)
        self.line_gamma.set_data(x, gamma)
        self.line_product.set_data(x, c_v * gamma)
        ax, ax_f = self.axes
        x_lo, x_hi = 1000.0 / 1900.0, 1000.0 / 300.0
        for a in (ax, ax_f):
            a.set_xlim(x_lo * 0.95, x_hi * 1.02)
        ax.set_ylim(1e-24, 1e-8)
        ax_f.set_ylim(1e-40, 1.0)
        for name, line in self._measured_lines.items():
            line.set_alpha(0.9 if name == metal else 0.3)
            line.set_linewidth(7 if name == metal else 4)
        rec = self._measured.get(metal)
        Q = (E_f + E_m) * self._ev
        lines = [f"model Q = E_f + E_m = {E_f + E_m:.2f} eV = {Q / 1e3:.0f} kJ/mol",
                 f"model D0 = {D[0] * np.exp(Q / (8.314462618 * T[0])):.1e} m²/s"]
        if rec is not None:
            lines.append(f"measured {metal}: Q = {rec.Q / self._ev:.2f} eV, D0 = {rec.D0:.1e} m²/s")
        self.readout.set_text("\n".join(lines))


def arrhenius_app():
    """Lecture 01: E_f, E_m, entropy and T range -> D*(T) against measured self-diffusion."""
    return ArrheniusApp()


# ------------------------------------------------------------------ vacancy-walk app


def _broken_path(points, max_jump=1.01):
    """Points joined into a line, broken (NaN) where consecutive points are not neighbours (a wrap)."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    if len(points) < 2:
        return points
    gaps = np.linalg.norm(np.diff(points, axis=0), axis=1) > max_jump
    out = np.insert(points, np.flatnonzero(gaps) + 1, np.nan, axis=0)
    return out


class VacancyWalkApp(App):
    """One vacancy, one tagged atom, a periodic 2D box (lecture 01).

    Press play (or drag the step slider) to watch the vacancy wander. Each time it swaps with
    the tagged atom, the atom jumps; very often its next jump takes it straight back. The right
    panel keeps the running fraction of such back-jumps against the exact value (2/z)(1 - 1/M)
    and the naive guess 1/z. A new lattice or a new walk is one call to diffkit.kmc.vacancy_walk
    (about a millisecond); playing only moves artists.
    """

    N_STEPS = 4000
    SIZES = {"square": 6, "triangular": 6, "honeycomb": 4}  # boxes of similar extent (36, 36, 32 sites)
    PATH_JUMPS = 15  # the tagged atom's last jumps drawn: enough to see it retrace its steps

    def __init__(self):
        self.play = widgets.Play(value=0, min=0, max=self.N_STEPS, step=1, interval=100, description="play")
        scrub = widgets.IntSlider(value=0, min=0, max=self.N_STEPS, description="step",
                                  layout=widgets.Layout(width="330px"))
        widgets.jslink((self.play, "value"), (scrub, "value"))  # the browser keeps the two in step
        controls = {
            "lattice": widgets.Dropdown(options=["square", "triangular", "honeycomb"], value="square",
                                        description="lattice", layout=widgets.Layout(width="210px")),
            "step": self.play,
            "speed": _slider(widgets.IntSlider, "speed (steps/s)", value=10, min=1, max=60),
            "seed": widgets.BoundedIntText(value=0, min=0, max=10**6, description="walk no.",
                                           layout=widgets.Layout(width="160px")),
        }
        self.new_walk = widgets.Button(description="new walk", icon="random")
        self.reset = widgets.Button(description="reset", icon="undo")
        self.new_walk.on_click(lambda _: self.set(seed=self.controls["seed"].value + 1, step=0))
        self.reset.on_click(lambda _: self.set(step=0))
        self._walk = functools.lru_cache(maxsize=16)(self._walk_uncached)
        super().__init__(controls, ncols=2, width=12.0, height=5.4, extras=[scrub, self.new_walk, self.reset],
                         title="A vacancy and a tagged atom: how often does the atom jump straight back?")

    def _walk_uncached(self, lattice, seed):
        from .kmc import vacancy_walk

        return vacancy_walk(lattice, n_steps=self.N_STEPS, size=self.SIZES[lattice], seed=seed)

    def build(self):
        ax, ax_f = self.axes
        c = plotting.COLORS
        self.sites = self.animate(ax.plot([], [], "o", color="0.75", ms=9, zorder=1)[0])
        self.vacancy_trail = self.animate(ax.plot([], [], "-", color=c["vacancy"], lw=1.5, alpha=0.5,
                                                  zorder=2, label="vacancy, last 25 steps")[0])
        self.path = self.animate(ax.plot([], [], "-", color=c["A"], lw=2.5, zorder=3, label="tagged atom, last 15 jumps")[0])
        self.vacancy = self.animate(ax.plot([], [], "s", mfc="white", mec=c["vacancy"], mew=3, ms=15, zorder=4,
                                            label="vacancy")[0])
        self.tracer = self.animate(ax.plot([], [], "o", color=c["A"], ms=15, zorder=5, label="tagged atom")[0])
        # one view that holds every lattice's box, so switching lattice only moves artists
        extents = np.vstack([self._walk(name, 0).sites for name in self.SIZES])
        pad = 0.8
        ax.set_xlim(extents[:, 0].min() - pad, extents[:, 0].max() + pad)
        ax.set_ylim(extents[:, 1].min() - pad, extents[:, 1].max() + pad)
        ax.set_aspect("equal")
        ax.set(xlabel="x (jump lengths a)", ylabel="y (jump lengths a)", title="periodic box")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=11)
        self.running = self.animate(ax_f.plot([], [], color=c["A"], label="observed, so far")[0])
        self.expected = self.animate(ax_f.axhline(0.5, color="black", lw=2, label=r"exact $(2/z)(1-1/M)$"))
        self.naive = self.animate(ax_f.axhline(0.25, color="0.5", lw=2, ls="--", label="naive guess $1/z$"))
        ax_f.set(xlabel="tagged atom's jumps", ylabel="fraction of jumps straight back", ylim=(0, 1),
                 xlim=(0, 150), title="back-jumps")
        ax_f.legend(loc="upper right", fontsize=11)
        self.readout = self.animate(ax_f.text(0.03, 0.05, "", transform=ax_f.transAxes, fontsize=13))

    def draw(self, lattice, step, speed, seed):
        from .kinetics import COORDINATION

        self.play.interval = max(15, int(1000 / speed))
        walk = self._walk(lattice, int(seed))
        step = min(int(step), walk.n_steps)
        if self._last_walk is not walk:  # a new box: move the static-looking parts once
            self.sites.set_data(walk.sites[:, 0], walk.sites[:, 1])
            z = COORDINATION[lattice]
            self.expected.set_ydata([walk.expected_back_jump_fraction] * 2)
            self.naive.set_ydata([1.0 / z] * 2)
            self._last_walk = walk
        self.vacancy.set_data([walk.vacancy[step, 0]], [walk.vacancy[step, 1]])
        self.tracer.set_data([walk.tracer[step, 0]], [walk.tracer[step, 1]])
        trail = _broken_path(walk.vacancy[max(0, step - 25): step + 1])
        self.vacancy_trail.set_data(trail[:, 0], trail[:, 1])
        n_jumps = int(np.searchsorted(walk.tracer_jump_steps, step, side="right"))
        visited = np.vstack([walk.tracer[0], walk.tracer[walk.tracer_jump_steps[:n_jumps]]])[-self.PATH_JUMPS - 1:]
        path = _broken_path(visited)
        self.path.set_data(path[:, 0], path[:, 1])
        backs = walk.back_jumps[: max(0, n_jumps - 1)]
        if backs.size:
            fraction = np.cumsum(backs) / np.arange(1, backs.size + 1)
            self.running.set_data(np.arange(2, backs.size + 2), fraction)
            text = f"{int(backs.sum())} of {backs.size} later jumps went straight back ({100 * fraction[-1]:.0f} %)"
        else:
            self.running.set_data([], [])
            text = "the tagged atom has not jumped twice yet"
        self.readout.set_text(f"step {step}: {n_jumps} jumps\n{text}")
        self.axes[1].set_xlim(0, plotting.nice_ceiling(max(backs.size, 50) * 1.05, plotting.WINDOW_STEPS))

    _last_walk = None


def vacancy_walk_app():
    """Lecture 01: a vacancy hopping on a 2D lattice, a tagged atom's path and its back-jumps."""
    return VacancyWalkApp()


# ------------------------------------------------------------------------- Darken app


def _log_linear(D0, D1):
    """D(N) interpolated log-linearly from D0 at N_A = 0 to D1 at N_A = 1."""
    a, b = np.log(D0), np.log(D1)
    return lambda N: np.exp((1.0 - np.asarray(N, dtype=float)) * a + np.asarray(N, dtype=float) * b)


class DarkenApp(App):
    """Intrinsic diffusivities in, interdiffusion out (lecture 03).

    Controls: D_A and D_B at each end of the composition range (log-linear in between), and the
    time. Panels: D_A(N), D_B(N) and Darken's D~ = N_B D_A + N_A D_B; the couple's profile with
    its Kirkendall marker; the lattice velocity v_K(x) = (D_A - D_B) dN_A/dx.
    """

    T_MAX_H = 100.0

    def __init__(self):
        def d_slider(label, value):
            return _slider(widgets.FloatLogSlider, label, value=value, base=10, min=-16, max=-12, step=0.05,
                           readout_format=".1e")

        controls = {
            "DA_0": d_slider("D_A at N_A=0", 1e-13),
            "DA_1": d_slider("D_A at N_A=1", 1e-14),
            "DB_0": d_slider("D_B at N_A=0", 2e-14),
            "DB_1": d_slider("D_B at N_A=1", 5e-15),
            "hours": _slider(widgets.FloatSlider, "time (h)", value=25.0, min=0.5, max=self.T_MAX_H, step=0.5),
        }
        self._solve = functools.lru_cache(maxsize=64)(self._solve_uncached)
        super().__init__(controls, ncols=3, width=14.0, height=4.8,
                         title="Darken: two intrinsic diffusivities make one interdiffusion coefficient")

    def _solve_uncached(self, DA_0, DA_1, DB_0, DB_1):
        return self_similar_solution(_log_linear(DA_0, DA_1), _log_linear(DB_0, DB_1))

    def build(self):
        ax_D, ax_N, ax_v = self.axes
        c = plotting.COLORS
        self.line_DA = self.animate(ax_D.plot([], [], color=c["A"], label="$D_A$")[0])
        self.line_DB = self.animate(ax_D.plot([], [], color=c["B"], label="$D_B$")[0])
        self.line_Dt = self.animate(ax_D.plot([], [], "--", color="black", label=r"$\tilde D = N_B D_A + N_A D_B$")[0])
        self.dot_DK = self.animate(ax_D.plot([], [], "o", color=c["highlight"], ms=9, label="at the marker")[0])
        ax_D.set_yscale("log")
        ax_D.set(xlabel="mole fraction $N_A$", ylabel="diffusivity (m²/s)", xlim=(0, 1), ylim=(1e-16, 1e-12),
                 title="intrinsic and interdiffusion")
        ax_D.legend(loc="lower left", fontsize=11)
        self.line_N = self.animate(ax_N.plot([], [], color=c["A"], label="$N_A$")[0])
        self.marker_line = self.animate(ax_N.axvline(0.0, color=c["marker"], lw=2, label="marker"))
        ax_N.axvline(0.0, color="0.6", lw=1, ls=":")
        ax_N.set(xlabel="position x (µm)", ylabel="mole fraction $N_A$", ylim=(-0.03, 1.03), title="profile")
        for ax in (ax_N, ax_v):
            ax.xaxis.set_major_locator(MaxNLocator(5))
        ax_N.legend(loc="upper right")
        self.line_v = self.animate(ax_v.plot([], [], color=c["vacancy"], label="$v_K$")[0])
        self.dot_v = self.animate(ax_v.plot([], [], "o", color=c["marker"], label="marker")[0])
        ax_v.axhline(0.0, color="0.6", lw=1)
        ax_v.set(xlabel="position x (µm)", ylabel="lattice velocity $v_K$ (nm/s)", title="lattice velocity")
        ax_v.legend(loc="lower right")
        self.readout = self.animate(ax_N.text(0.03, 0.05, "", transform=ax_N.transAxes, fontsize=12))
        self.pin_ylabel(ax_v)

    def draw(self, DA_0, DA_1, DB_0, DB_1, hours):
        sim = self._solve(float(DA_0), float(DA_1), float(DB_0), float(DB_1))
        N = np.linspace(0.0, 1.0, 101)
        DA, DB = sim.D_A(N), sim.D_B(N)
        self.line_DA.set_data(N, DA)
        self.line_DB.set_data(N, DB)
        self.line_Dt.set_data(N, (1 - N) * DA + N * DB)
        t = hours * 3600.0
        t_max = self.T_MAX_H * 3600.0
        D_max = max(DA_0, DA_1, DB_0, DB_1)
        half = plotting.nice_ceiling(4.5 * np.sqrt(D_max * t_max), plotting.WINDOW_STEPS)
        x = np.linspace(-half, half, 600)
        um = plotting.micrometres
        self.line_N.set_data(um(x), sim.profile(x, t))
        x_K = float(sim.marker_position(t))
        self.marker_line.set_xdata([um(x_K)] * 2)
        N_K = float(sim.profile(x_K, t))
        D_K = float((1 - N_K) * sim.D_A(N_K) + N_K * sim.D_B(N_K))
        self.dot_DK.set_data([N_K], [D_K])
        v = sim.kirkendall_velocity(x, t) * 1e9
        self.line_v.set_data(um(x), v)
        self.dot_v.set_data([um(x_K)], [float(sim.kirkendall_velocity(x_K, t)) * 1e9])
        for ax in self.axes[1:]:
            ax.set_xlim(um(-half), um(half))
        v_span = plotting.nice_ceiling(max(1.1 * np.abs(v).max(), 1e-6))
        self.axes[2].set_ylim(-v_span, v_span)
        self.readout.set_text(f"marker {um(x_K):+.1f} µm at N_A = {N_K:.2f}\n"
                              f"D̃ there {D_K:.2e} m²/s")


def darken_app():
    """Lecture 03: D_A(N), D_B(N) -> D~(N), the profile, the marker and v_K(x)."""
    return DarkenApp()


# ------------------------------------------------------------------- thermodynamics app


class ThermoApp(App):
    """A regular solution from Gibbs energy to interdiffusion (lecture 04).

    Controls: the interaction parameter Omega (kJ/mol), the temperature and D_A*/D_B*.
    Panels: G_mix(N) with the common tangent (binodal) and the spinodal; the activities;
    the thermodynamic factor Phi(N); D~ = (N_B D_A* + N_A D_B*) Phi; the couple's profile after
    10 h, or, inside the spinodal where D~ < 0, a note that the diffusion equation no longer
    holds (lecture 04 shows what happens instead: Cahn-Hilliard).
    """

    D_B = 1e-14  # tracer diffusivity of B, m^2/s
    HOURS = 10.0

    def __init__(self):
        controls = {
            "omega_kJ": _slider(widgets.FloatSlider, "Ω (kJ/mol)", value=10.0, min=-30.0, max=30.0, step=0.5),
            "T": _slider(widgets.FloatSlider, "T (K)", value=800.0, min=300.0, max=1500.0, step=10.0),
            "ratio": _slider(widgets.FloatLogSlider, "D_A* / D_B*", value=3.0, base=10, min=-1, max=1, step=0.05),
        }
        self._solve = functools.lru_cache(maxsize=64)(self._solve_uncached)
        super().__init__(controls, nrows=2, ncols=3, width=13.0, height=7.0, readout=True,
                         title="A regular solution: Gibbs energy, activities, Φ and interdiffusion")

    def _solve_uncached(self, omega, T, ratio):
        from .kinetics import intrinsic_diffusivity_functions
        from .thermo import Regular

        DA, DB = intrinsic_diffusivity_functions(ratio * self.D_B, self.D_B, Regular(omega), T)
        return self_similar_solution(DA, DB, n_cells=400)  # ample for a picture

    def build(self):
        (ax_G, ax_a, ax_phi), (ax_D, ax_N, ax_txt) = self.axes
        c = plotting.COLORS
        self.line_G = self.animate(ax_G.plot([], [], color="black", label=r"$\Delta G_\mathrm{mix}$")[0])
        self.tangent = self.animate(ax_G.plot([], [], "--", color=c["highlight"], label="common tangent")[0])
        self.spin_G = self.animate(ax_G.plot([], [], "o", color=c["B"], ms=8, label="spinodal")[0])
        ax_G.set(xlabel="$N_A$", ylabel=r"$\Delta G_\mathrm{mix}$ (kJ/mol)", xlim=(0, 1), title="Gibbs energy of mixing")
        ax_G.legend(loc="upper center", fontsize=11)
        self.line_aA = self.animate(ax_a.plot([], [], color=c["A"], label="$a_A$")[0])
        self.line_aB = self.animate(ax_a.plot([], [], color=c["B"], label="$a_B$")[0])
        ax_a.plot([0, 1], [0, 1], ":", color="0.5", lw=1.5, label="ideal")
        ax_a.set(xlabel="$N_A$", ylabel="activity", xlim=(0, 1), ylim=(0, 1.5), title="activities")
        ax_a.legend(loc="upper center", fontsize=11, ncol=3)
        self.line_phi = self.animate(ax_phi.plot([], [], color="black", label=r"$\Phi$")[0])
        ax_phi.axhline(1.0, color="0.5", lw=1.5, ls=":", label="ideal")
        ax_phi.axhline(0.0, color="0.6", lw=1)
        ax_phi.set(xlabel="$N_A$", ylabel=r"thermodynamic factor $\Phi$", xlim=(0, 1), ylim=(-4, 6),
                   title=r"$\Phi = 1 - 2\Omega N_A N_B / RT$")
        ax_phi.legend(loc="upper right", fontsize=11)
        self.line_D = self.animate(ax_D.plot([], [], color="black", label=r"$\tilde D$")[0])
        self.line_D0 = self.animate(ax_D.plot([], [], ":", color="0.5", label=r"$\tilde D$ if ideal")[0])
        ax_D.axhline(0.0, color="0.6", lw=1)
        ax_D.set(xlabel="$N_A$", ylabel=r"$\tilde D$ ($10^{-14}$ m²/s)", xlim=(0, 1),
                 title=r"$\tilde D = (N_B D_A^* + N_A D_B^*)\,\Phi$")
        ax_D.legend(loc="upper right", fontsize=11)
        self.line_N = self.animate(ax_N.plot([], [], color=c["A"], label=f"after {self.HOURS:g} h")[0])
        self.line_N0 = self.animate(ax_N.plot([], [], ":", color="0.5", label="if ideal")[0])
        self.uphill = self.occasionally(ax_N.text(0.5, 0.5, "", transform=ax_N.transAxes, ha="center", va="center",
                                             fontsize=13, color=c["B"], wrap=True))
        ax_N.set(xlabel="position x (µm)", ylabel="$N_A$", ylim=(-0.03, 1.03), title="couple profile")
        ax_N.xaxis.set_major_locator(MaxNLocator(5))
        ax_N.legend(loc="upper right", fontsize=11)
        self.pin_ylabel(ax_G, ax_D)
        ax_txt.axis("off")
        ax_txt.text(0.0, 0.95, "How to read it\n\n"
                    "Ω > 0 (A–B repel): Φ < 1, and below\nT_c = Ω/2R a miscibility gap opens.\n"
                    "Inside the spinodal Φ < 0 and D̃ < 0:\ndiffusion runs uphill.\n"
                    "Ω < 0 (A–B attract): Φ > 1,\ninterdiffusion is faster than ideal.",
                    transform=ax_txt.transAxes, va="top", fontsize=12)

    def draw(self, omega_kJ, T, ratio):
        from .thermo import Regular

        model = Regular(omega_kJ * 1e3)
        N = np.linspace(0.0, 1.0, 201)
        G = model.gibbs_mixing(N, T) / 1e3
        self.line_G.set_data(N, G)
        G_span = plotting.nice_ceiling(1.15 * np.abs(G).max() + 1e-9)  # 1-2-5 steps: rarely changes
        self.axes[0, 0].set_ylim(-G_span, 0.5 * G_span)
        a_A, a_B = model.activities(N, T)
        self.line_aA.set_data(N, a_A)
        self.line_aB.set_data(N, a_B)
        phi = model.phi(N, T)
        self.line_phi.set_data(N, phi)
        from .kinetics import darken_interdiffusivity, intrinsic_diffusivities

        D_tilde = darken_interdiffusivity(N, *intrinsic_diffusivities(N, ratio * self.D_B, self.D_B, phi))
        self.line_D.set_data(N, D_tilde / 1e-14)
        ideal_D = darken_interdiffusivity(N, ratio * self.D_B, self.D_B) / 1e-14
        self.line_D0.set_data(N, ideal_D)
        D_span = plotting.nice_ceiling(1.15 * max(np.abs(D_tilde).max() / 1e-14, ideal_D.max()))
        self.axes[1, 0].set_ylim(-0.6 * D_span, D_span)
        T_c = model.critical_temperature()
        # readouts change with every move: plain text (mathtext would be parsed anew each time)
        lines = [f"Ω = {omega_kJ:+.1f} kJ/mol,  T = {T:.0f} K", f"critical T = Ω/2R = {T_c:.0f} K" if T_c > 0
                 else "Ω ≤ 0: no miscibility gap"]
        if T_c > 0 and T < T_c:
            s1, s2 = model.spinodal(T)
            b1, b2 = model.binodal(T)
            g_b = model.gibbs_mixing(np.array([b1, b2]), T) / 1e3
            self.tangent.set_data([b1, b2], g_b)
            self.spin_G.set_data([s1, s2], model.gibbs_mixing(np.array([s1, s2]), T) / 1e3)
            lines += [f"binodal   N_A = {b1:.3f}, {b2:.3f}", f"spinodal  N_A = {s1:.3f}, {s2:.3f}"]
        else:
            self.tangent.set_data([], [])
            self.spin_G.set_data([], [])
            lines.append("one phase at every composition")
        lines.append(f"min Φ = {phi.min():.2f}")
        self.set_readout(lines)
        t = self.HOURS * 3600.0
        um = plotting.micrometres
        ideal = self._solve(0.0, 1000.0, float(ratio))  # Phi = 1 at every T: one solve serves all temperatures
        D_max = max(ratio, 1.0) * self.D_B * max(phi.max(), 1.0)
        half = plotting.nice_ceiling(4.5 * np.sqrt(D_max * t), plotting.WINDOW_STEPS)
        x = np.linspace(-half, half, 400)
        self.axes[1, 1].set_xlim(um(-half), um(half))
        self.line_N0.set_data(um(x), ideal.profile(x, t))
        if phi.min() <= 0:
            self.line_N.set_data([], [])
            self.uphill.set_text("Inside the spinodal Φ < 0, so D̃ < 0:\ndiffusion runs uphill and "
                                 "Fick's law\ncannot make a profile (see Cahn–Hilliard).")
        else:
            sim = self._solve(float(omega_kJ * 1e3), float(T), float(ratio))
            self.line_N.set_data(um(x), sim.profile(x, t))
            self.uphill.set_text("")


def thermo_app():
    """Lecture 04: Omega, T and D_A*/D_B* -> G_mix, activities, Phi, D~ and the couple profile."""
    return ThermoApp()


# ----------------------------------------------------------------- inverse-analysis app


class InverseApp(App):
    """Run Darken's analysis backwards on a synthetic measurement (lecture 03).

    A known couple (D_A, D_B falling tenfold and fourfold from the B-rich to the A-rich end) is
    annealed 25 h, then "measured" at a number of points with Gaussian scatter. From the
    measurement: D~(N) by Boltzmann-Matano and by Sauer-Freise, and D_A, D_B at the marker plane
    by Heumann / van Loo, each against the truth. Smoothing is a cubic smoothing spline whose
    stiffness the student sets, or the automatic, cross-validated (GCV) choice of
    ``analysis.smooth_profile`` (the stiffness slider is then not used).
    """

    AUTOMATIC = "automatic (GCV)"

    HOURS = 25.0
    HALF_WIDTH = 450e-6  # m, the measured span on each side: both plateaus must be reached

    def __init__(self):
        controls = {
            "noise_pct": _slider(widgets.FloatSlider, "scatter (% of N)", value=1.0, min=0.0, max=3.0, step=0.1),
            "points": _slider(widgets.IntSlider, "points measured", value=120, min=20, max=300, step=10),
            "smoothing": widgets.Dropdown(options=["none", "spline", self.AUTOMATIC], value="spline",
                                          description="smoothing", layout=widgets.Layout(width="250px")),
            "stiffness": _slider(widgets.FloatLogSlider, "spline stiffness", value=1e-5, base=10, min=-9, max=-2,
                                 step=0.1),
            "seed": widgets.BoundedIntText(value=0, min=0, max=10**6, description="measurement no.",
                                           style={"description_width": "initial"}, layout=widgets.Layout(width="210px")),
        }
        # a fine solve: the "true" profile is interpolated between cells, and its slope must be
        # smooth on the scale of the measurement's point spacing
        self.truth = self_similar_solution(_log_linear(1e-13, 1e-14), _log_linear(2e-14, 5e-15), n_cells=6000)
        t = self.HOURS * 3600.0
        self._t = t
        self._x_K = float(self.truth.marker_position(t))
        self._N_K = float(self.truth.profile(self._x_K, t))
        self.analysis_count = 0
        self._analyse = functools.lru_cache(maxsize=64)(self._analyse_uncached)
        super().__init__(controls, ncols=3, width=14.0, height=4.8,
                         title="From a measured profile back to the diffusivities")

    def build(self):
        ax_N, ax_D, ax_K = self.axes
        c = plotting.COLORS
        um = plotting.micrometres
        x = np.linspace(-self.HALF_WIDTH, self.HALF_WIDTH, 400)
        ax_N.plot(um(x), self.truth.profile(x, self._t), "--", color=c["reference"], lw=2, label="truth")
        self.points = self.animate(ax_N.plot([], [], ".", color="0.35", ms=6, label="measured")[0])
        self.fit = self.animate(ax_N.plot([], [], color=c["A"], label="smoothed")[0])
        ax_N.axvline(um(self._x_K), color=c["marker"], lw=1.5, label="marker plane")
        ax_N.set(xlabel="position x (µm)", ylabel="mole fraction $N_A$", ylim=(-0.08, 1.08), title="the measurement")
        ax_N.xaxis.set_major_locator(MaxNLocator(5))
        ax_N.legend(loc="upper right", fontsize=11)
        N = np.linspace(0.0, 1.0, 101)
        ax_D.plot(N, (1 - N) * self.truth.D_A(N) + N * self.truth.D_B(N), "--", color=c["reference"], lw=2,
                  label="truth")
        self.matano = self.animate(ax_D.plot([], [], "o", color=c["A"], ms=5, alpha=0.7, label="Boltzmann–Matano")[0])
        self.sauer = self.animate(ax_D.plot([], [], "-", color="black", lw=1.5, label="Sauer–Freise")[0])
        ax_D.set_yscale("log")
        ax_D.set(xlabel="mole fraction $N_A$", ylabel=r"$\tilde D$ (m²/s)", xlim=(0, 1), ylim=(1e-15, 1e-12),
                 title="interdiffusion coefficient")
        ax_D.legend(loc="upper right", fontsize=11)
        true_DA, true_DB = float(self.truth.D_A(self._N_K)), float(self.truth.D_B(self._N_K))
        self._true_K = (true_DA, true_DB)
        ax_K.bar([0, 2], [true_DA * 1e14, true_DB * 1e14], width=0.8, color=c["reference"], alpha=0.6, label="truth")
        self.bars = [self.animate(b) for b in ax_K.bar([0.8, 2.8], [0, 0], width=0.8,
                                                       color=[c["A"], c["B"]], label="Heumann / van Loo")]
        ax_K.set_xticks([0.4, 2.4], ["$D_A$", "$D_B$"])
        ax_K.set(ylabel=r"at the marker ($10^{-14}$ m²/s)", ylim=(0, 1.6 * true_DA * 1e14),
                 title=f"intrinsic, at $N_A$ = {self._N_K:.2f}")
        ax_K.legend(loc="upper right", fontsize=11)
        self.readout = self.animate(ax_K.text(0.98, 0.62, "", transform=ax_K.transAxes, ha="right", fontsize=12))

    def _analyse_uncached(self, noise_pct, points, seed, smooth):
        """The measurement and its analysis; keyed by what they depend on (not by an unused stiffness)."""
        from . import analysis

        self.analysis_count += 1
        x = np.linspace(-self.HALF_WIDTH, self.HALF_WIDTH, points)
        x, N = analysis.synthetic_profile(self.truth, x, noise_pct / 100.0, seed=seed, t=self._t)
        try:
            result = analysis.analyse(x, N, self._t, x_K=self._x_K, smooth=smooth)
            D_A, D_B = result.D_A, result.D_B
        except ValueError:  # the scatter hides the marker plane's slope: no Heumann estimate
            result = analysis.analyse(x, N, self._t, smooth=smooth)
            D_A = D_B = np.nan
        return x, N, result, D_A, D_B

    def draw(self, noise_pct, points, smoothing, stiffness, seed):
        smooth = {"none": None, "spline": float(stiffness), self.AUTOMATIC: "spline"}[smoothing]
        self.controls["stiffness"].disabled = smoothing != "spline"
        x, N, result, D_A, D_B = self._analyse(float(noise_pct), int(points), int(seed), smooth)
        um = plotting.micrometres
        self.points.set_data(um(x), N)
        self.fit.set_data(um(result.profile.x), result.profile.N_A)
        N_S, D_M, D_S = result.N, result.D_matano, result.D_sauer_freise
        keep_M = np.isfinite(D_M) & (D_M > 0)
        self.matano.set_data(N_S[keep_M], D_M[keep_M])
        keep_S = np.isfinite(D_S) & (D_S > 0)
        self.sauer.set_data(N_S[keep_S], D_S[keep_S])
        true = (1 - N_S) * self.truth.D_A(N_S) + N_S * self.truth.D_B(N_S)
        middle = (N_S >= 0.1) & (N_S <= 0.9)
        err = np.abs(D_S[middle] / true[middle] - 1).max() * 100 if middle.any() else np.nan
        for bar, value in zip(self.bars, (D_A, D_B)):
            bar.set_height(max(value, 0.0) * 1e14 if np.isfinite(value) else 0.0)
        e_A = 100 * (D_A / self._true_K[0] - 1)
        e_B = 100 * (D_B / self._true_K[1] - 1)
        self.readout.set_text(f"D̃ worst error, 0.1 ≤ N ≤ 0.9: {err:.0f} %\nD_A {e_A:+.0f} %,  D_B {e_B:+.0f} %")


def inverse_app():
    """Lecture 03: noise, points and smoothing of a synthetic measurement -> recovered D~(N), D_A, D_B."""
    return InverseApp()


# ------------------------------------------------------------------- vacancy-wind app


class VacancyWindApp(App):
    """Manning's vacancy wind against Darken's relation (lecture 05).

    Controls: the tracer ratio D_A*/D_B* (constant across composition, D_B* fixed), a
    composition N_A to read off, and the lattice (its f0 sets Manning's M0 = 2 f0/(1 - f0)).
    Panels: r_A, r_B and S across composition with Manning's limits marked; the couple's
    profile after a fixed anneal with the interface marker from Darken's relation alone
    (D_i = D_i*) and with the wind (D_i = D_i* r_i); the two marker shifts side by side.
    An ideal solution (Phi = 1) isolates the wind; lecture 04 adds Phi.
    """

    D_B = 1e-14  # tracer diffusivity of B, m^2/s
    HOURS = 25.0
    FROZEN_RATIO = 10.0  # tracer ratio from which the slow species counts as nearly frozen (percolation note)

    def __init__(self):
        from .kinetics import CORRELATION_FACTORS

        lattices = sorted(CORRELATION_FACTORS, key=lambda name: -CORRELATION_FACTORS[name])
        controls = {
            "ratio": _slider(widgets.FloatLogSlider, "D_A* / D_B*", value=10.0, base=10, min=-2, max=2, step=0.05),
            "N_A": _slider(widgets.FloatSlider, "read off at N_A", value=0.5, min=0.0, max=1.0, step=0.01),
            "lattice": widgets.Dropdown(options=lattices, value="fcc", description="lattice",
                                        style={"description_width": "initial"}, layout=widgets.Layout(width="200px")),
        }
        self.solve_count = 0
        self._solve = functools.lru_cache(maxsize=128)(self._solve_uncached)
        super().__init__(controls, ncols=3, width=13.5, height=5.0,
                         title="The vacancy wind: Manning's random alloy against Darken's relation")

    def _solve_uncached(self, ratio, lattice, wind):
        from .kinetics import intrinsic_diffusivity_functions
        from .thermo import Ideal

        self.solve_count += 1
        if not wind:  # Darken with Phi = 1: D_i = D_i*, constants (the solver's exact fast path)
            return self_similar_solution(ratio * self.D_B, self.D_B, n_cells=400)
        D_A, D_B = intrinsic_diffusivity_functions(ratio * self.D_B, self.D_B, Ideal(), 1000.0,
                                                   vacancy_wind=True, lattice=lattice)
        return self_similar_solution(D_A, D_B, n_cells=400)  # marker shift to ~0.1 %: ample for a picture

    def build(self):
        ax_r, ax_N, ax_s = self.axes
        c = plotting.COLORS
        self.line_rA = self.animate(ax_r.plot([], [], color=c["A"], label="$r_A$")[0])
        self.line_rB = self.animate(ax_r.plot([], [], color=c["B"], label="$r_B$")[0])
        self.line_S = self.animate(ax_r.plot([], [], "--", color="black", label="$S$")[0])
        self.cap = self.animate(ax_r.axhline(1.0, color="0.45", lw=1.5, ls=":", label="$1/f_0$ (Manning's cap)"))
        self.limit = self.animate(ax_r.axvline(0.2, color=c["highlight"], lw=2, ls="-.",
                                               label="Manning's limit $1 - f_0$"))
        self.dots = self.animate(ax_r.plot([], [], "o", color=c["highlight"], ms=9, mec="black")[0])
        ax_r.axhline(1.0, color="0.6", lw=1)
        ax_r.axhline(0.0, color="0.6", lw=1)
        ax_r.set(xlabel="mole fraction $N_A$", ylabel="vacancy-wind factor", xlim=(0, 1), ylim=(-1.0, 3.5),
                 title="$D_i = D_i^*\\,\\Phi\\,r_i$,  $\\tilde D = \\tilde D_\\mathrm{Darken}\\,S$")
        ax_r.legend(loc="upper right", fontsize=10, ncol=2)

        self.line_N0 = self.animate(ax_N.plot([], [], ":", color=c["reference"], lw=2.5, label="Darken only")[0])
        self.line_N = self.animate(ax_N.plot([], [], color=c["A"], label="with the wind")[0])
        self.mark0 = self.animate(ax_N.axvline(0.0, color=c["reference"], lw=2, ls=":"))
        self.mark = self.animate(ax_N.axvline(0.0, color=c["marker"], lw=2))
        ax_N.axvline(0.0, color="0.6", lw=1, ls="--")
        ax_N.set(xlabel="position x (µm)", ylabel="mole fraction $N_A$", ylim=(-0.03, 1.03),
                 title=f"couple after {self.HOURS:g} h")
        ax_N.xaxis.set_major_locator(MaxNLocator(5))
        ax_N.legend(loc="upper right", fontsize=11)

        bars = ax_s.barh([1, 0], [0.0, 0.0], color=[c["reference"], c["marker"]], height=0.6)
        self.bars = [self.animate(bar) for bar in bars]
        ax_s.set_yticks([1, 0], ["Darken", "with wind"])
        ax_s.axvline(0.0, color="0.6", lw=1)
        ax_s.set(xlabel="marker shift $x_K$ (µm)", ylim=(-0.6, 3.1), title="interface marker")
        ax_s.xaxis.set_major_locator(MaxNLocator(5))
        self.readout = self.animate(ax_s.text(0.03, 0.97, "", transform=ax_s.transAxes, va="top", fontsize=13))
        self.bar_values = [self.animate(ax_s.text(0.0, y, "", va="center", fontsize=12)) for y in (1, 0)]
        self.note = self.occasionally(ax_r.text(0.03, 0.03, "", transform=ax_r.transAxes, va="bottom",
                                                fontsize=11, color=c["B"]))

    def draw(self, ratio, N_A, lattice):
        from .kinetics import correlation_factor, manning_factors, manning_percolation_limit

        ratio = float(ratio)
        N = np.linspace(0.0, 1.0, 201)
        D_A_star = ratio * self.D_B
        r_A, r_B, S = manning_factors(N, D_A_star, self.D_B, lattice)
        self.line_rA.set_data(N, r_A)
        self.line_rB.set_data(N, r_B)
        self.line_S.set_data(N, S)
        f0 = correlation_factor(lattice)
        self.cap.set_ydata([1.0 / f0] * 2)
        limit = manning_percolation_limit(lattice)
        fast_is_A = ratio >= 1.0
        N_limit = limit if fast_is_A else 1.0 - limit
        self.limit.set_xdata([N_limit] * 2)
        rA, rB, S_here = (float(v) for v in manning_factors(N_A, D_A_star, self.D_B, lattice))
        self.dots.set_data([N_A, N_A, N_A], [rA, rB, S_here])

        darken = self._solve(ratio, "any", False)  # Darken's relation does not depend on the lattice
        wind = self._solve(ratio, lattice, True)
        t = self.HOURS * 3600.0
        D_max = 2.0 * max(ratio, 1.0) * self.D_B  # S <= 1/f0 <= 2 except on the honeycomb: one window for all
        half = self.steady_ceiling(self.axes[1].get_xlim()[1] * 1e-6, 4.5 * np.sqrt(D_max * t), keep_above=0.5)
        x = np.linspace(-half, half, 500)
        um = plotting.micrometres
        self.axes[1].set_xlim(um(-half), um(half))
        self.line_N0.set_data(um(x), darken.profile(x, t))
        self.line_N.set_data(um(x), wind.profile(x, t))
        x0, x1 = float(darken.marker_position(t)), float(wind.marker_position(t))
        self.mark0.set_xdata([um(x0)] * 2)
        self.mark.set_xdata([um(x1)] * 2)
        span = self.steady_ceiling(self.axes[2].get_xlim()[1], max(1.15 * max(abs(x0), abs(x1)) * 1e6, 1e-3))
        self.axes[2].set_xlim(-span, span)
        for bar, label, shift in zip(self.bars, self.bar_values, (x0, x1)):
            bar.set_width(um(shift))
            label.set_text(f"{um(shift) + 0.0:+.1f} µm")
            # the value sits on the empty side of the zero line
            label.set_x(0.04 * span if shift <= 0 else -0.04 * span)
            label.set_horizontalalignment("left" if shift <= 0 else "right")
        extra = f"wind: {100.0 * (x1 / x0 - 1.0):+.1f} % shift" if x0 != 0.0 else "D_A* = D_B*: no shift"
        slow = "B" if fast_is_A else "A"
        self.readout.set_text(f"N_A = {N_A:.2f}, f0 = {f0:.4f}\nr_A = {rA:.3f}  r_B = {rB:.3f}\n"
                              f"S = {S_here:.3f}   {extra}")
        notes = []
        r_slow = r_B if fast_is_A else r_A
        if ratio != 1.0 and r_slow.min() < 0.0:
            end = "A-poor" if fast_is_A else "A-rich"
            notes.append(f"r_{slow} < 0 at the {end} end:\nan artefact of Manning's\nmodel at this tracer ratio")
        fast_fraction = N_A if fast_is_A else 1.0 - N_A
        # Manning's limit 1 - f0 is where his model stops the fast species once the slow one is
        # (nearly) frozen: it matters only when the tracer diffusivities are far apart
        if max(ratio, 1.0 / ratio) >= self.FROZEN_RATIO and fast_fraction < limit:
            from .kinetics import SITE_PERCOLATION_THRESHOLDS

            notes.append(f"fast species below Manning's limit 1 - f0 = {limit:.3f}\n"
                         f"(true percolation threshold {SITE_PERCOLATION_THRESHOLDS[lattice]:.3f}):\n"
                         "the model is unreliable here")
        # the note goes to the bottom corner away from the slow species' negative branch
        self.note.set_x(0.97 if fast_is_A else 0.03)
        self.note.set_horizontalalignment("right" if fast_is_A else "left")
        self.note.set_text("\n".join(notes))


def vacancy_wind_app():
    """Lecture 05: D_A*/D_B*, N_A and lattice -> r_A, r_B, S; Darken vs vacancy-wind marker shift."""
    return VacancyWindApp()


# --------------------------------------------------------------- random-alloy Monte Carlo app


class RandomAlloyApp(App):
    """Test Manning's model yourself: a kinetic Monte Carlo run of the random alloy per button press (lecture 05).

    Controls: the lattice, the composition N_A, the exchange-frequency ratio w_A/w_B and the
    run length. Moving them only moves the "next run" guides; the Monte Carlo
    (``diffkit.kmc.random_alloy``, about a second per 10^7 vacancy jumps) runs when the
    button is pressed, with a progress bar, and each run adds its points. Panels: the measured
    vacancy-wind factors r_A, r_B with one standard error against Manning's prediction at the
    tracer diffusivities the same run measured; the intrinsic ratio D_A/D_B and the tracer
    ratio D_A*/D_B* against w_A/w_B, with the exact sum rule D_A/D_B = w_A/w_B of the random
    alloy. The runs of the chosen lattice are shown; "clear" forgets them all.
    """

    RUN_LENGTHS = {"short (3·10⁶ jumps)": 3_000_000, "standard (10⁷ jumps)": 10_000_000,
                   "long (3·10⁷ jumps)": 30_000_000}
    RATIO_LIMITS = (1.0, 100.0)

    def __init__(self):
        from .kmc import ALLOY_LATTICES

        controls = {
            "lattice": widgets.Dropdown(options=list(ALLOY_LATTICES), value="fcc", description="lattice",
                                        layout=widgets.Layout(width="190px")),
            "N_A": _slider(widgets.FloatSlider, "N_A", value=0.5, min=0.1, max=0.9, step=0.05),
            "ratio": _slider(widgets.FloatLogSlider, "w_A / w_B", value=10.0, base=10, min=0, max=2, step=0.1,
                             readout_format=".3g"),
            "jumps": widgets.Dropdown(options=list(self.RUN_LENGTHS), value="standard (10⁷ jumps)",
                                      description="run", layout=widgets.Layout(width="260px")),
        }
        self.results = []  # every finished run, in order
        self.run_button = widgets.Button(description="run Monte Carlo", icon="play", button_style="primary")
        self.clear_button = widgets.Button(description="clear", icon="trash")
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description="", bar_style="info",
                                            layout=widgets.Layout(width="160px"))
        self._runs_started = 0  # seeds: every run its own, even after "clear"
        self.run_button.on_click(lambda _: self.run())
        self.clear_button.on_click(lambda _: self.clear())
        super().__init__(controls, ncols=2, width=13.0, height=5.0, readout=True,
                         extras=(self.run_button, self.clear_button, self.progress),
                         title="The random alloy on the computer: measure the vacancy wind, then ask Manning")

    def run(self):
        """One Monte Carlo run at the current controls (what the button does); returns its result."""
        from .kmc import random_alloy

        v = self.values
        self.run_button.disabled = True
        self.set_readout(["running…"])
        seed, self._runs_started = self._runs_started, self._runs_started + 1
        try:
            result = random_alloy(v["lattice"], v["N_A"], float(v["ratio"]), 1.0, n_jumps=self.RUN_LENGTHS[v["jumps"]],
                                  seed=seed, progress=self.progress)
        except Exception as err:  # noqa: BLE001 - a widget never shows a traceback
            self.set_readout([])
            self._show_message(str(err) if isinstance(err, ValueError) else
                               f"This run could not be computed ({type(err).__name__}: {err}).")
            return None
        finally:
            self.run_button.disabled = False
        self.results.append(result)
        self.refresh()
        return result

    def clear(self):
        self.results.clear()
        self.progress.value, self.progress.bar_style = 0, "info"
        self.refresh()

    def build(self):
        ax_r, ax_q = self.axes
        c = plotting.COLORS
        from matplotlib.collections import LineCollection

        self.guide_N = self.animate(ax_r.axvline(0.5, color="0.45", lw=1.5, ls="--", label="next run"))
        self.errors_r = self.animate(ax_r.add_collection(LineCollection([], colors=[c["A"]], linewidths=2)))
        self.sim_rA = self.animate(ax_r.plot([], [], "o", color=c["A"], ms=9, label="$r_A$ measured")[0])
        self.sim_rB = self.animate(ax_r.plot([], [], "s", color=c["B"], ms=9, label="$r_B$ measured")[0])
        self.man_rA = self.animate(ax_r.plot([], [], "o", mfc="white", mec=c["A"], mew=2, ms=12,
                                             label="$r_A$ Manning")[0])
        self.man_rB = self.animate(ax_r.plot([], [], "s", mfc="white", mec=c["B"], mew=2, ms=12,
                                             label="$r_B$ Manning")[0])
        ax_r.axhline(1.0, color="0.6", lw=1)
        ax_r.set(xlabel="mole fraction $N_A$", ylabel="vacancy-wind factor $r_i = D_i/D_i^*$", xlim=(0, 1),
                 ylim=(0.0, 2.5), title="wind factors: simulation and Manning")
        ax_r.legend(loc="upper left", fontsize=10, ncol=2)

        lo, hi = self.RATIO_LIMITS
        ax_q.plot([lo, hi], [lo, hi], color="black", lw=1.5, label="exact: $D_A/D_B = w_A/w_B$")
        self.guide_w = self.animate(ax_q.axvline(10.0, color="0.45", lw=1.5, ls="--"))
        self.errors_q = self.animate(ax_q.add_collection(LineCollection([], colors=[c["A"]], linewidths=2)))
        self.sim_D = self.animate(ax_q.plot([], [], "o", color=c["A"], ms=9, label="intrinsic $D_A/D_B$")[0])
        self.sim_T = self.animate(ax_q.plot([], [], "^", color=c["reference"], ms=9,
                                            label="tracer $D_A^*/D_B^*$")[0])
        self.man_D = self.animate(ax_q.plot([], [], "x", color=c["B"], mew=2.5, ms=11,
                                            label="Manning's $D_A/D_B$")[0])
        ax_q.set_xscale("log")
        ax_q.set_yscale("log")
        ax_q.set(xlabel="exchange-frequency ratio $w_A/w_B$", ylabel="diffusivity ratio", xlim=(0.8, 125),
                 ylim=(0.8, 125), title="the wind restores the ratio $w_A/w_B$")
        ax_q.legend(loc="upper left", fontsize=10)
        self.pin_ylabel(ax_r, ax_q, offset=-0.13)

    def draw(self, lattice, N_A, ratio, jumps):
        self.guide_N.set_xdata([N_A] * 2)
        self.guide_w.set_xdata([ratio] * 2)
        shown = [r for r in self.results if r.lattice == lattice]
        x = np.array([r.x_A for r in shown])
        w = np.array([r.w_A / r.w_B for r in shown])
        rA = np.array([r.r_A.value for r in shown])
        rB = np.array([r.r_B.value for r in shown])
        manning = np.array([r.manning for r in shown]).reshape(-1, 3)
        self.sim_rA.set_data(x, rA)
        self.sim_rB.set_data(x, rB)
        self.man_rA.set_data(x, manning[:, 0])
        self.man_rB.set_data(x, manning[:, 1])
        segments = [[(r.x_A, e.value - e.stderr), (r.x_A, e.value + e.stderr)] for r in shown for e in (r.r_A, r.r_B)]
        self.errors_r.set_segments(segments)
        self.errors_r.set_color([plotting.COLORS[s] for _ in shown for s in ("A", "B")])
        D = np.array([r.D_ratio.value for r in shown])
        self.sim_D.set_data(w, D)
        self.sim_T.set_data(w, [r.tracer_ratio.value for r in shown])
        self.man_D.set_data(w, [r.tracer_ratio.value * m[0] / m[1] if m[1] > 0 else np.nan
                                for r, m in zip(shown, manning)])
        self.errors_q.set_segments([[(wi, max(r.D_ratio.value - r.D_ratio.stderr, 1e-3)),
                                     (wi, r.D_ratio.value + r.D_ratio.stderr)] for wi, r in zip(w, shown)])
        if not shown:
            self.set_readout([f"No {lattice} runs yet: set N_A and w_A/w_B, predict whether r_A is above or below 1,",
                              "then press “run Monte Carlo”."])
            return
        last = shown[-1]
        m_rA, m_rB, _ = last.manning
        self.set_readout([
            f"last run: {last.lattice}, N_A = {last.x_A:.3f}, w_A/w_B = {last.w_A / last.w_B:.3g}, "
            f"{last.n_jumps:.2g} jumps in {last.elapsed:.1f} s",
            f"r_A = {last.r_A:.3f} (Manning {m_rA:.3f}),  r_B = {last.r_B:.3f} (Manning {m_rB:.3f})",
            f"D_A/D_B = {last.D_ratio:.2f} (exact {last.w_A / last.w_B:.3g}),  D_A*/D_B* = {last.tracer_ratio:.2f}",
            f"{len(shown)} {lattice} run(s) shown; box of {last.n_sites} sites (an O(1/M) box effect remains)",
        ])


def random_alloy_app():
    """Lecture 05: a button-driven kinetic Monte Carlo of the random alloy, r_A and r_B against Manning."""
    return RandomAlloyApp()


# ------------------------------------------------------------------ battery-electrode app


class BatteryApp(App):
    """Li in an intercalation host: voltage curve, thermodynamic factor, chemical diffusion (lecture 06).

    Controls: the lattice-gas interaction parameter Omega (kJ/mol of sites) and the
    temperature. Panels: the open-circuit voltage E(x) at equilibrium (with the two-phase
    plateau below T_c) and of the homogeneous host; Phi = -(F/RT) x dE/dx; the chemical
    diffusivity D_chem = D_J Phi with site blocking, D_J = D_0 (1 - x). The measured
    miscibility gap of Li_xFePO4 (Yamada et al. 2006) is marked for comparison.
    """

    E0 = 3.45  # V vs Li/Li+: the LiFePO4 plateau
    GAP_LiFePO4 = (0.05, 0.89)  # A. Yamada et al., Nat. Mater. 5 (2006) 357, room temperature

    def __init__(self):
        controls = {
            "omega_kJ": _slider(widgets.FloatSlider, "Ω (kJ/mol)", value=8.1, min=-10.0, max=15.0, step=0.1),
            "T": _slider(widgets.FloatSlider, "T (K)", value=298.0, min=250.0, max=700.0, step=2.0),
        }
        super().__init__(controls, ncols=3, width=13.5, height=4.8,
                         title="A battery electrode: voltage curve → thermodynamic factor → chemical diffusion")

    def build(self):
        ax_E, ax_phi, ax_D = self.axes
        c = plotting.COLORS
        self.x = np.linspace(0.002, 0.998, 499)
        self.gap_band = self.animate(ax_E.axvspan(0.0, 0.0, color=c["highlight"], alpha=0.18, lw=0,
                                                  label="two phases"))
        self.line_E1 = self.animate(ax_E.plot([], [], ":", color="0.4", lw=2, label="one phase (unstable)")[0])
        self.line_E = self.animate(ax_E.plot([], [], color="black", label="equilibrium")[0])
        ax_E.plot(self.GAP_LiFePO4, [self.E0] * 2, "v", color=c["B"], ms=10, ls="none",
                  label="Li$_x$FePO$_4$ gap (Yamada 2006)")
        ax_E.set(xlabel="Li site fraction x", ylabel="voltage E vs Li/Li$^+$ (V)", xlim=(0, 1),
                 ylim=(self.E0 - 0.45, self.E0 + 0.45), title="open-circuit voltage")
        ax_E.legend(loc="lower left", fontsize=10)
        self.readout = self.animate(ax_E.text(0.97, 0.97, "", transform=ax_E.transAxes, ha="right", va="top",
                                              fontsize=12))
        self.line_phi1 = self.animate(ax_phi.plot([], [], ":", color="0.4", lw=2, label="one phase")[0])
        self.line_phi = self.animate(ax_phi.plot([], [], color="black", label="equilibrium")[0])
        self.line_ideal = self.animate(ax_phi.plot([], [], "--", color=c["A"], label="ideal: $1/(1-x)$")[0])
        ax_phi.axhline(0.0, color="0.6", lw=1)
        ax_phi.set(xlabel="Li site fraction x", ylabel=r"$\Phi = -\frac{F}{RT}\,x\,\frac{dE}{dx}$", xlim=(0, 1),
                   ylim=(-6, 20), title="thermodynamic factor")
        ax_phi.legend(loc="upper left", fontsize=11)
        self.line_D1 = self.animate(ax_D.plot([], [], ":", color="0.4", lw=2, label="one phase")[0])
        self.line_D = self.animate(ax_D.plot([], [], color="black", label="equilibrium")[0])
        ax_D.axhline(1.0, color=c["A"], lw=1.5, ls="--", label="ideal")
        ax_D.axhline(0.0, color="0.6", lw=1)
        ax_D.set(xlabel="Li site fraction x", ylabel="$D_\\mathrm{chem} / D_0$", xlim=(0, 1), ylim=(-3, 4),
                 title="$D_\\mathrm{chem} = D_0(1-x)\\,\\Phi$")
        ax_D.legend(loc="upper right", fontsize=11)
        self.pin_ylabel(ax_phi, ax_D)

    def draw(self, omega_kJ, T):
        from . import intercalation as ic

        omega, x = omega_kJ * 1e3, self.x
        self.line_E1.set_data(x, ic.lattice_gas_ocv(x, T, omega, self.E0))
        self.line_E.set_data(x, ic.equilibrium_ocv(x, T, omega, self.E0))
        self.line_phi1.set_data(x, ic.lattice_gas_thermodynamic_factor(x, T, omega))
        self.line_phi.set_data(x, ic.equilibrium_thermodynamic_factor(x, T, omega))
        self.line_ideal.set_data(x, 1.0 / (1.0 - x))
        D_J = 1.0 - x  # site blocking, in units of D_0
        self.line_D1.set_data(x, ic.chemical_diffusivity(D_J, ic.lattice_gas_thermodynamic_factor(x, T, omega)))
        self.line_D.set_data(x, ic.chemical_diffusivity(D_J, ic.equilibrium_thermodynamic_factor(x, T, omega)))
        T_c = float(ic.critical_temperature(omega))
        lines = [f"T_c = Ω/2R = {T_c:.0f} K" if T_c > 0 else "Ω ≤ 0: no miscibility gap"]
        if T < T_c:
            lo, hi = (float(v) for v in ic.miscibility_gap(T, omega))
            self.gap_band.set_x(lo)
            self.gap_band.set_width(hi - lo)
            lines.append(f"two phases: {lo:.3f} < x < {hi:.3f}")
            lines.append("plateau: Φ = 0, D_chem = 0")
        else:
            self.gap_band.set_width(0.0)
            lines.append("one phase at every x")
        self.readout.set_text("\n".join(lines))


def battery_app():
    """Lecture 06: lattice-gas Omega and T -> OCV curve, Phi(x) and D_chem(x)."""
    return BatteryApp()


# -------------------------------------------------------------------------- salt app


class SaltApp(App):
    """A salt diffusing in water: two ions held together by electroneutrality (lecture 06).

    Controls: the salt (sets the ions' charges and their diffusivities at infinite dilution,
    25 °C), the two diffusivities (to ask "what if"), and the concentration ratio across the
    initial step. Panels: the salt profile after one minute with the profiles each ion would
    have alone; the diffusion potential; the ion fluxes split into diffusion and migration
    (the field slows the fast ion and drags the slow one).
    """

    SALTS = {"NaCl": ("Na+", "Cl-", 1, -1), "KCl": ("K+", "Cl-", 1, -1), "HCl": ("H+", "Cl-", 1, -1),
             "LiCl": ("Li+", "Cl-", 1, -1), "CaCl2": ("Ca2+", "Cl-", 2, -1)}
    C_RIGHT = 10.0  # mol/m^3 (10 mM) on the dilute side
    MINUTES = 1.0
    T = 298.15

    def __init__(self):
        from .electrolyte import LIMITING_ION_DIFFUSIVITIES as D

        def d_slider(label, value):
            return _slider(widgets.FloatLogSlider, label, value=value, base=10, min=-10, max=-8, step=0.01,
                           readout_format=".2e")

        controls = {
            "salt": widgets.Dropdown(options=list(self.SALTS), value="NaCl", description="salt",
                                     style={"description_width": "initial"}, layout=widgets.Layout(width="170px")),
            "D_plus": d_slider("D₊ (m²/s)", D["Na+"]),
            "D_minus": d_slider("D₋ (m²/s)", D["Cl-"]),
            "ratio": _slider(widgets.FloatLogSlider, "c_left / c_right", value=10.0, base=10, min=0.1, max=3,
                             step=0.05),
        }
        super().__init__(controls, ncols=3, width=13.5, height=4.8, readout=True,
                         title="Ions in water: the fast ion builds a field that holds it back and drags the slow one")
        controls["salt"].observe(self._on_salt, names="value")

    def _on_change(self, change):
        if change["owner"] is self.controls["salt"]:
            return  # _on_salt sets the two diffusivities and refreshes once
        super()._on_change(change)

    def _on_salt(self, change):
        from .electrolyte import LIMITING_ION_DIFFUSIVITIES as D

        cation, anion, _, _ = self.SALTS[change["new"]]
        self.set(D_plus=D[cation], D_minus=D[anion])

    def build(self):
        ax_c, ax_phi, ax_J = self.axes
        c = plotting.COLORS
        self.line_c = self.animate(ax_c.plot([], [], color="black", label="salt (both ions)")[0])
        self.line_cp = self.animate(ax_c.plot([], [], "--", color=c["A"], label="cation alone")[0])
        self.line_cm = self.animate(ax_c.plot([], [], "--", color=c["B"], label="anion alone")[0])
        ax_c.set(xlabel="position x (µm)", ylabel="salt concentration (mM)", title="concentration after 1 min")
        ax_c.legend(loc="upper right", fontsize=11)
        self.line_phi = self.animate(ax_phi.plot([], [], color=c["vacancy"], label="diffusion potential")[0])
        ax_phi.axhline(0.0, color="0.6", lw=1)
        ax_phi.set(xlabel="position x (µm)", ylabel="potential φ − φ(right) (mV)", title="diffusion potential")
        self.line_Jp = self.animate(ax_J.plot([], [], color=c["A"], label="$J_+$ (cations)")[0])
        self.line_Jm = self.animate(ax_J.plot([], [], ":", color=c["B"], lw=3, label="$J_-/\\nu_-$ (anions)")[0])
        self.line_dp = self.animate(ax_J.plot([], [], "--", color=c["A"], lw=1.5, label="cation diffusion part")[0])
        self.line_dm = self.animate(ax_J.plot([], [], "--", color=c["B"], lw=1.5, label="anion diffusion part")[0])
        ax_J.axhline(0.0, color="0.6", lw=1)
        ax_J.set(xlabel="position x (µm)", ylabel="flux (µmol m$^{-2}$ s$^{-1}$)", title="fluxes at the interface")
        ax_J.legend(loc="upper right", fontsize=10)
        for ax in self.axes:
            ax.xaxis.set_major_locator(MaxNLocator(5))
        self.pin_ylabel(ax_phi, ax_J)

    def draw(self, salt, D_plus, D_minus, ratio):
        from . import electrolyte as el
        from scipy.special import erfc

        _, _, z_plus, z_minus = self.SALTS[salt]
        nu_plus, nu_minus = el.stoichiometry(z_plus, z_minus)
        t = self.MINUTES * 60.0
        c_left, c_right = ratio * self.C_RIGHT, self.C_RIGHT
        D_salt = float(el.salt_diffusivity(D_plus, D_minus, z_plus, z_minus))
        half = self.steady_ceiling(self.axes[0].get_xlim()[1] * 1e-6, 4.5 * np.sqrt(max(D_plus, D_minus) * t),
                                   keep_above=0.5)
        x = np.linspace(-half, half, 400)
        step = el.salt_step(x, t, c_left, c_right, D_plus, D_minus, self.T, z_plus, z_minus)
        um = plotting.micrometres
        for ax in self.axes:
            ax.set_xlim(um(-half), um(half))
        self.line_c.set_data(um(x), step.c)
        for line, D in ((self.line_cp, D_plus), (self.line_cm, D_minus)):
            # an ion diffusing alone (no field): erfc with its own diffusivity
            line.set_data(um(x), c_right + 0.5 * (c_left - c_right) * erfc(x / (2.0 * np.sqrt(D * t))))
        top = self.steady_ceiling(self.axes[0].get_ylim()[1], 1.05 * max(c_left, c_right))
        self.axes[0].set_ylim(0.0, top)
        phi_mV = np.asarray(step.phi) * 1e3
        self.line_phi.set_data(um(x), phi_mV)
        span = self.steady_ceiling(self.axes[1].get_ylim()[1], max(1.15 * np.abs(phi_mV).max(), 0.1))
        self.axes[1].set_ylim(-span, span)
        f = step.fluxes
        scale = 1e6  # mol -> µmol
        self.line_Jp.set_data(um(x), np.asarray(f.J_plus) * scale / nu_plus)
        self.line_Jm.set_data(um(x), np.asarray(f.J_minus) * scale / nu_minus)
        self.line_dp.set_data(um(x), np.asarray(f.diffusion_plus) * scale / nu_plus)
        self.line_dm.set_data(um(x), np.asarray(f.diffusion_minus) * scale / nu_minus)
        peak = max(np.abs(f.diffusion_plus).max() / nu_plus, np.abs(f.diffusion_minus).max() / nu_minus) * scale
        self.steady_one_sided(self.axes[2], 1.1 * peak, positive=ratio >= 1)
        junction = float(el.junction_potential(c_left, c_right, D_plus, D_minus, self.T, z_plus, z_minus)) * 1e3
        darken, _ = el.compare_with_darken(D_plus, D_minus)
        lines = [f"junction: φ(right) − φ(left) = {junction + 0.0:+.1f} mV",
                 f"salt diffusivity D_salt = {D_salt:.3e} m²/s",
                 f"(Darken's alloy mean at N = ½, (D₊ + D₋)/2: {float(darken):.3e})"]
        self.set_readout(lines)


def salt_app():
    """Lecture 06: a salt's two ions -> profile, diffusion potential and the fluxes they share."""
    return SaltApp()


# ----------------------------------------------------------------------- Kirkendall voids app


class VoidsApp(App):
    """Where a couple's vacancy flux piles vacancies up, and the pores they leave (lecture 06).

    Controls: D_A/D_B (constant intrinsic diffusivities, D_B fixed), the sink efficiency eta
    (the fraction of excess vacancies that sinks annihilate) and the time. Panels: the profile
    with the Kirkendall marker; the net vacancy inflow q = -dJ'_V/dx (> 0: vacancies pile up);
    the porosity p(x) in the lattice frame. The porosity is self-similar and proportional to
    1 - eta, so only a new ratio computes anything; time and eta rescale it.
    """

    D_B = 1e-14  # m^2/s
    T_MAX_H = 100.0

    def __init__(self):
        controls = {
            "ratio": _slider(widgets.FloatLogSlider, "D_A / D_B", value=10.0, base=10, min=-2, max=2, step=0.05),
            "eta": _slider(widgets.FloatSlider, "sink efficiency η", value=0.9, min=0.0, max=0.99, step=0.01),
            "hours": _slider(widgets.FloatSlider, "time (h)", value=25.0, min=0.5, max=self.T_MAX_H, step=0.5),
        }
        self.solve_count = 0
        self._solve = functools.lru_cache(maxsize=64)(self._solve_uncached)
        super().__init__(controls, ncols=3, width=13.5, height=4.8,
                         title="Kirkendall voids: vacancies pile up on the side of the faster species")

    def _solve_uncached(self, ratio):
        """The similarity solution and, on a lambda = x/sqrt(t) grid, the porosity at eta = 0."""
        from .voids import self_similar_porosity

        self.solve_count += 1
        sim = self_similar_solution(ratio * self.D_B, self.D_B)
        lam = np.linspace(sim.lam[0], sim.lam[-1], 1601)
        return dict(sim=sim, lam=lam, porosity=self_similar_porosity(sim, lam, 1.0, eta=0.0))

    def build(self):
        ax_N, ax_q, ax_p = self.axes
        c = plotting.COLORS
        self.line_N = self.animate(ax_N.plot([], [], color=c["A"], label="$N_A$")[0])
        self.marker_N = self.animate(ax_N.axvline(0.0, color=c["marker"], lw=2, label="marker"))
        ax_N.axvline(0.0, color="0.6", lw=1, ls=":")
        ax_N.set(xlabel="position x (µm)", ylabel="mole fraction $N_A$", ylim=(-0.03, 1.03), title="couple")
        ax_N.legend(loc="upper right", fontsize=11)
        self.line_q = self.animate(ax_q.plot([], [], color=c["vacancy"], label="net vacancy inflow")[0])
        self.marker_q = self.animate(ax_q.axvline(0.0, color=c["marker"], lw=2))
        ax_q.axhline(0.0, color="0.6", lw=1)
        ax_q.set(xlabel="position x (µm)", ylabel=r"$-\partial J'_V/\partial x \;/\; C$ (10$^{-6}$ s$^{-1}$)",
                 title="vacancies pile up (+) or are made (−)")
        self.line_p = self.animate(ax_p.plot([], [], color=c["B"], label="pores (lattice frame)")[0])
        self.marker_p = self.animate(ax_p.axvline(0.0, color=c["marker"], lw=2))
        ax_p.set(xlabel="position x (µm)", ylabel="porosity (vol %)", title="porosity left behind")
        self.readout = self.animate(ax_p.text(0.97, 0.97, "", transform=ax_p.transAxes, ha="right", va="top",
                                              fontsize=12))
        for ax in self.axes:
            ax.xaxis.set_major_locator(MaxNLocator(5))
        self.pin_ylabel(ax_q, ax_p)

    def draw(self, ratio, eta, hours):
        from .voids import pore_volume_per_area, self_similar_inflow

        f = self._solve(float(ratio))
        sim = f["sim"]
        t = hours * 3600.0
        root_t = np.sqrt(t)
        um = plotting.micrometres
        needed = 4.5 * np.sqrt(max(ratio, 1.0) * self.D_B * self.T_MAX_H * 3600.0)
        half = self.steady_ceiling(self.axes[0].get_xlim()[1] * 1e-6, needed, keep_above=0.5)
        x = np.linspace(-half, half, 600)
        for ax in self.axes:
            ax.set_xlim(um(-half), um(half))
        x_K = float(sim.marker_position(t))
        self.line_N.set_data(um(x), sim.profile(x, t))
        q = self_similar_inflow(sim, x, t) * 1e6
        self.line_q.set_data(um(x), q)
        # floors: near D_A = D_B the curves vanish, and chasing them down would re-render at every step
        q_span = self.steady_ceiling(self.axes[1].get_ylim()[1], max(1.15 * np.abs(q).max(), 0.5))
        self.axes[1].set_ylim(-q_span, q_span)
        # p(x, t) = P(x / sqrt t), proportional to 1 - eta: the eta = 0 profile, rescaled
        p = (1.0 - eta) * np.interp(x / root_t, f["lam"], f["porosity"], left=0.0, right=0.0) * 100.0
        self.line_p.set_data(um(x), p)
        p_top = self.steady_ceiling(self.axes[2].get_ylim()[1], max(1.15 * p.max(), 1.0))
        self.axes[2].set_ylim(0.0, p_top)
        for line in (self.marker_N, self.marker_q, self.marker_p):
            line.set_xdata([um(x_K)] * 2)
        pores = float(pore_volume_per_area(f["sim"], t, eta=eta))  # m
        side = "A (left)" if x_K < 0 else ("B (right)" if x_K > 0 else "neither")
        self.readout.set_text(f"pores on the {side} side\npeak {p.max():.1f} vol %\n"
                              f"pore volume / area {um(pores):.1f} µm\nmarker shift {um(abs(x_K)):.1f} µm")


def voids_app():
    """Lecture 06: D_A/D_B, sink efficiency and time -> vacancy inflow and Kirkendall porosity."""
    return VoidsApp()


# ------------------------------------------------------------------- hollow nanocrystal app


class HollowApp(App):
    """A core of fast-diffusing A in a shell of B: the nanoscale Kirkendall effect (lecture 06).

    Controls: the particle radius, the ratio of the core species' diffusivity to the shell's,
    and the time. Panels: N_A(r) with the lattice shell that started at the interface and the
    central void the inflowing vacancies would make if they all condensed there; the radial
    vacancy flux (negative: inward); the void radius against the scaled time D_A t / R^2, on
    which particles of every size fall on one curve (the hollowing time grows as R^2).

    That similarity is also how the app computes: for a given ratio it solves one particle once,
    in r/R and tau = D_A t/R^2 over every (radius, time) the sliders reach, so a new radius or
    time only reads the stored solution (N_A and r_void/R depend on r/R and tau alone, the flux
    scales as D_A/R).
    """

    D_A = 1e-20  # m^2/s, the fast core species
    CORE = 0.7  # initial core radius / particle radius
    LOG_HOURS = (-2.0, 2.0, 0.1)  # the time slider's exponents
    RADII_NM = (5.0, 100.0)
    TAU_STEP = 0.07  # spacing of the stored solution in log10(tau): N_A within about 0.02 of a fine solve

    def __init__(self):
        lo, hi, step = self.LOG_HOURS
        r_min, r_max = self.RADII_NM
        controls = {
            "radius_nm": _slider(widgets.FloatSlider, "radius (nm)", value=20.0, min=r_min, max=r_max, step=1.0),
            "ratio": _slider(widgets.FloatLogSlider, "D_core / D_shell", value=10.0, base=10, min=-1, max=3,
                             step=0.1),
            "hours": _slider(widgets.FloatLogSlider, "time (h)", value=1.0, base=10, min=lo, max=hi, step=step,
                             readout_format=".3g"),
        }
        # every tau = D_A t / R^2 the sliders can reach, and beyond, to the end of hollowing
        log_tau = (np.log10(self.D_A * 3600.0 * 10.0**lo / (r_max * 1e-9) ** 2),
                   np.log10(self.D_A * 3600.0 * 10.0**hi / (r_min * 1e-9) ** 2))
        self.log_tau = np.arange(np.floor(log_tau[0] / self.TAU_STEP) * self.TAU_STEP,
                                 log_tau[1] + self.TAU_STEP * 1.5, self.TAU_STEP)
        self.solve_count = 0
        self._solve = functools.lru_cache(maxsize=64)(self._solve_uncached)
        super().__init__(controls, ncols=3, width=13.5, height=4.8, readout=True,
                         title="Hollow nanocrystals: the nanoscale Kirkendall effect")

    def _solve_uncached(self, ratio):
        """One particle of radius R = 1 (m, any unit would do) over the whole tau range, in scaled variables."""
        from .spherical import simulate_sphere

        self.solve_count += 1
        tau = 10.0**self.log_tau
        res = simulate_sphere(self.D_A, self.D_A / ratio, tau / self.D_A, radius=1.0, r_core=self.CORE,
                              n_cells=100, n_steps=100)
        return dict(x=res.r, faces=res.faces, N=res.N_A, shell=res.core_marker, void=res.void_radius("marker"),
                    flux=res.vacancy_flux() / self.D_A, tau=tau)  # flux in units of D_A / R

    def _at(self, values, log_tau):
        """Values stored per tau (first axis), interpolated linearly in log10(tau)."""
        u = np.clip((log_tau - self.log_tau[0]) / self.TAU_STEP, 0.0, self.log_tau.size - 1.0)
        k = min(int(u), self.log_tau.size - 2)
        w = u - k
        return (1.0 - w) * values[k] + w * values[k + 1]

    def build(self):
        ax_N, ax_J, ax_v = self.axes
        c = plotting.COLORS
        from matplotlib.patches import Rectangle

        self.void_band = self.animate(ax_N.add_patch(Rectangle((0.0, 1.1), 0.0, 0.1, color="0.55", lw=0)))
        ax_N.text(0.01, 1.24, "central void, if all vacancies condense there", fontsize=11, color="0.3")
        self.line_N0 = ax_N.plot([0, self.CORE, self.CORE, 1.0], [1, 1, 0, 0], ":", color="0.45", lw=2,
                                 label="at t = 0")[0]
        self.line_N = self.animate(ax_N.plot([], [], color=c["A"], label="$N_A$ (core species)")[0])
        self.shell = self.animate(ax_N.axvline(self.CORE, color=c["marker"], lw=2, label="interface lattice shell"))
        ax_N.set(xlabel="radius r / R", ylabel="mole fraction $N_A$", xlim=(0, 1), ylim=(-0.03, 1.35),
                 title="composition")
        ax_N.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
        ax_N.legend(loc="center right", fontsize=10)
        self.line_J = self.animate(ax_J.plot([], [], color=c["vacancy"], label="$J'_V / C$")[0])
        ax_J.axhline(0.0, color="0.6", lw=1)
        ax_J.set(xlabel="radius r / R", ylabel="vacancy flux / C (nm/h)", xlim=(0, 1),
                 title="vacancy flux (< 0: inward)")
        self.line_v = self.animate(ax_v.plot([], [], color=c["B"], label="void radius / R")[0])
        self.dot_v = self.animate(ax_v.plot([], [], "o", color=c["highlight"], ms=10, mec="black", label="now")[0])
        ax_v.axhline(self.CORE, color="0.6", lw=1, ls=":", label="initial core")
        ax_v.set_xscale("log")
        lo, hi, _ = self.LOG_HOURS
        r_min, r_max = (r * 1e-9 for r in self.RADII_NM)
        ax_v.set(xlabel="scaled time $D_\\mathrm{core}\\,t / R^2$", ylabel="void radius / R", ylim=(0, 0.8),
                 xlim=(self.D_A * 3600.0 * 10.0**lo / r_max**2, self.D_A * 3600.0 * 10.0**hi / r_min**2),
                 title="hollowing: one curve for every R")
        ax_v.legend(loc="upper left", fontsize=10)
        self.pin_ylabel(ax_J)

    def draw(self, radius_nm, ratio, hours):
        from .spherical import first_crossing

        f = self._solve(round(float(ratio), 6))
        R = radius_nm * 1e-9
        tau = self.D_A * hours * 3600.0 / R**2
        log_tau = np.log10(tau)
        self.line_N.set_data(f["x"], self._at(f["N"], log_tau))
        void = float(self._at(f["void"], log_tau))  # r_void / R
        self.void_band.set_width(void)
        self.shell.set_xdata([float(self._at(f["shell"], log_tau))] * 2)
        J = self._at(f["flux"], log_tau) * self.D_A / R * 1e9 * 3600.0  # m/s -> nm/h
        self.line_J.set_data(f["faces"], J)
        # inward flux (a fast core) fills most of the panel below zero; outward (a slow core) above it
        self.steady_one_sided(self.axes[1], max(1.15 * np.abs(J).max(), 1e-6), positive=J.sum() > 0.0)
        self.line_v.set_data(f["tau"], f["void"])
        self.dot_v.set_data([tau], [void])
        final = float(f["void"][-1])  # hollowing has ended by the last stored tau
        lines = [f"R = {radius_nm:.0f} nm, t = {hours:.3g} h: D_core t/R² = {tau:.3g}",
                 f"central void {void * radius_nm:.1f} nm = {void:.2f} R"]
        if final > 0:
            t90 = first_crossing(f["tau"], f["void"] ** 3, 0.9 * final**3) * R**2 / self.D_A / 3600.0
            lines += [f"90 % of the final void volume ({final:.2f} R) by {t90:.3g} h",
                      "(∝ R²: twice the radius, 4× the time)"]
        elif ratio < 1.0:
            lines += ["slow core: vacancies flow outward, no central void", "(pores would form in the shell instead)"]
        else:
            lines += ["equal diffusivities: no net vacancy flow, no void"]
        self.set_readout(lines)


def hollow_app():
    """Lecture 06: particle radius, D ratio and time -> composition, vacancy flux and the central void."""
    return HollowApp()
