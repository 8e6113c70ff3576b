"""The widget-app pattern, driven as a student would: move a control, see the figure change."""

import numpy as np
import pytest

from diffkit import apps, plotting
from diffkit.apps import couple_app


@pytest.fixture
def app():
    return couple_app()


def test_app_builds_once_and_draws(app):
    assert app.error is None
    assert app.draw_count == 1
    x, y = app.line_N.get_data()
    assert len(x) > 100 and np.all((y >= 0) & (y <= 1))


def test_moving_the_ratio_moves_the_profile_and_the_marker(app):
    y_before = np.array(app.line_N.get_ydata(), copy=True)
    marker_before = app.marker_line.get_xdata()[0]
    app.controls["ratio"].value = 20.0  # faster A: the marker moves further left
    assert not np.allclose(app.line_N.get_ydata(), y_before)
    assert app.marker_line.get_xdata()[0] < marker_before < 0
    app.controls["ratio"].value = 0.1  # faster B: the marker moves right of the interface
    assert app.marker_line.get_xdata()[0] > 0


def test_moving_time_only_rescales_and_does_not_solve_again(app):
    solves = app.solve_count
    x_K_before = app.marker_line.get_xdata()[0]
    app.controls["hours"].value = 4 * app.controls["hours"].value if app.controls["hours"].value <= 25 else 1.0
    assert app.solve_count == solves
    # the marker follows sqrt(t): four times the time, twice the shift
    assert app.marker_line.get_xdata()[0] == pytest.approx(2 * x_K_before, rel=1e-9)


def test_figure_artists_are_reused_not_rebuilt(app):
    lines = list(app.axes[0].lines)
    app.set(ratio=3.0, hours=10.0)
    assert list(app.axes[0].lines) == lines


def test_invalid_combination_shows_a_message_instead_of_the_figure(app):
    app.set(N_left=0.4, N_right=0.4)
    assert app.error is not None and "nothing diffuses" in app.error
    assert app.message.layout.display == "block"
    assert app.figure_area.layout.display == "none"
    app.set(N_right=0.1)
    assert app.error is None
    assert app.message.layout.display == "none"
    assert app.figure_area.layout.display != "none"


def test_an_unexpected_failure_never_becomes_a_traceback(app, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(apps, "self_similar_solution", broken)
    app.controls["ratio"].value = 7.0  # a ratio not in the cache: the broken solver runs
    assert app.error is not None and "could not be computed" in app.error


def test_figures_use_the_course_style(app):
    for ax in app.axes:
        assert ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
    # position and velocity axes carry units
    assert "(µm)" in app.axes[0].get_xlabel()
    assert "(nm/s)" in app.axes[1].get_ylabel()
    assert app.line_N.get_color().upper() == plotting.COLORS["A"].upper()
    assert app.axes[0].xaxis.label.get_size() >= 14


def test_okabe_ito_palette_is_the_published_one():
    assert plotting.OKABE_ITO["vermillion"] == "#D55E00"
    assert plotting.OKABE_ITO["blue"] == "#0072B2"
    assert plotting.OKABE_ITO["bluish green"] == "#009E73"
    assert len(set(plotting.PALETTE)) == 8


def test_set_rejects_unknown_controls(app):
    with pytest.raises(ValueError, match="unknown control"):
        app.set(temperature=300)


def test_a_blitted_update_shows_exactly_what_a_full_render_shows(app):
    app.set(ratio=5.0, hours=25.0)
    full_before = app.full_draws
    app.controls["hours"].value = 26.0  # same axis ranges: the app blits
    assert app.full_draws == full_before, "expected a blit, not a full render"
    blitted = np.asarray(app.fig.canvas.buffer_rgba()).copy()
    app.fig.canvas.draw()  # a full render, as the browser may ask for
    full = np.asarray(app.fig.canvas.buffer_rgba()).copy()
    assert np.array_equal(blitted, full)
    # and the image really changed with the time slider
    app.controls["hours"].value = 27.0
    assert not np.array_equal(np.asarray(app.fig.canvas.buffer_rgba()), full)


def test_changing_an_axis_range_renders_the_whole_figure(app):
    before = app.full_draws
    app.set(ratio=100.0)  # a wider couple: the x range changes
    assert app.full_draws == before + 1


def test_nice_ceiling():
    assert plotting.nice_ceiling(0.7) == 1.0
    assert plotting.nice_ceiling(1.0) == 1.0
    assert plotting.nice_ceiling(1.01) == 2.0
    assert plotting.nice_ceiling(3e-6) == pytest.approx(5e-6)
    assert plotting.nice_ceiling(6e4) == pytest.approx(1e5)
    with pytest.raises(ValueError, match="value"):
        plotting.nice_ceiling(0.0)
