"""The widget-app pattern, driven as a student would: move a control, see the figure change."""

import numpy as np
import pytest

from diffkit import apps, plotting
from diffkit.apps import kirkendall_app


@pytest.fixture
def app():
    return kirkendall_app()


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
    lines = [list(ax.lines) for ax in app.axes.ravel()]
    app.set(ratio=3.0, hours=10.0, spacing_um=60.0)
    assert [list(ax.lines) for ax in app.axes.ravel()] == lines


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
    for ax in app.axes.ravel():
        assert ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
    # position and velocity axes carry units
    axes = app.axes.ravel()
    assert "(µm)" in axes[0].get_xlabel()
    assert "(nm/s)" in axes[2].get_ylabel()
    assert app.line_N.get_color().upper() == plotting.COLORS["A"].upper()
    assert axes[0].xaxis.label.get_size() >= 14


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


def test_changing_an_axis_range_re_renders(app):
    before = app.full_draws + app.partial_draws
    app.set(ratio=100.0)  # a wider couple: the x range changes
    assert app.full_draws + app.partial_draws == before + 1


def test_re_rendering_one_panel_shows_exactly_what_a_full_render_shows(app):
    app.set(ratio=5.0, hours=25.0)
    full, partial = app.full_draws, app.partial_draws
    app.controls["hours"].value = 1.0  # fluxes grow as 1/sqrt(t): only the flux panel's range changes
    assert (app.full_draws, app.partial_draws) == (full, partial + 1)
    patched = np.asarray(app.fig.canvas.buffer_rgba()).copy()
    app.fig.canvas.draw()  # a full render with the same (frozen) layout
    np.testing.assert_array_equal(patched, np.asarray(app.fig.canvas.buffer_rgba()))


def test_nice_ceiling():
    assert plotting.nice_ceiling(0.7) == 1.0
    assert plotting.nice_ceiling(1.0) == 1.0
    assert plotting.nice_ceiling(1.01) == 2.0
    assert plotting.nice_ceiling(3e-6) == pytest.approx(5e-6)
    assert plotting.nice_ceiling(6e4) == pytest.approx(1e5)
    with pytest.raises(ValueError, match="value"):
        plotting.nice_ceiling(0.0)


def test_marker_row_and_lattice_shift_follow_the_physics(app):
    app.set(ratio=5.0, hours=25.0, spacing_um=40.0)
    x_row, _ = app.row.get_data()
    x0, shift = app.dots_u.get_data()
    np.testing.assert_allclose(np.asarray(x0) + np.asarray(shift), x_row)
    assert np.all(np.asarray(shift) <= 1e-9)  # faster A: every marker moves toward A (left)
    assert min(shift) == pytest.approx(app.marker_line.get_xdata()[0], rel=1e-6)  # largest at the interface
    # a wider spacing gives fewer markers, over the same window
    n_before = len(x_row)
    app.controls["spacing_um"].value = 120.0
    assert len(app.row.get_data()[0]) < n_before


def test_vacancy_flux_is_minus_the_sum_of_the_atom_fluxes(app):
    JA = np.asarray(app.line_JA.get_ydata())
    JB = np.asarray(app.line_JB.get_ydata())
    JV = np.asarray(app.line_JV.get_ydata())
    np.testing.assert_allclose(JV, -(JA + JB), atol=1e-12 * np.abs(JA).max())
    assert JV.min() < 0 < JA.max()  # A flows right, vacancies flow left toward A


def test_parabolic_law_panel(app):
    root_h, x_K = app.line_xt.get_data()
    k = np.asarray(x_K)[1:] / np.asarray(root_h)[1:]
    np.testing.assert_allclose(k, k[0], rtol=1e-12)
    dot_x, dot_y = app.dot_xt.get_data()
    assert dot_x[0] == pytest.approx(np.sqrt(app.controls["hours"].value))


@pytest.mark.parametrize("name", ["ratio", "hours", "spacing_um", "N_left", "N_right"])
def test_every_control_across_its_range_changes_the_figure_without_escaping(app, name):
    control = app.controls[name]
    lo, hi = control.min, control.max
    values = np.linspace(lo, hi, 9)
    if hasattr(control, "base"):
        values = control.base ** values
    for value in values:
        before = [np.array(line.get_ydata(), copy=True) for line in (app.line_N, app.line_u, app.line_JV)]
        xbefore = np.array(app.row.get_xdata(), copy=True)
        control.value = float(value)
        if app.error is not None:  # only the documented invalid combination may show a message
            assert app.controls["N_left"].value == app.controls["N_right"].value
            continue
        after = [np.asarray(line.get_ydata()) for line in (app.line_N, app.line_u, app.line_JV)]
        changed = any(a.shape != b.shape or not np.allclose(a, b) for a, b in zip(after, before))
        x_after = np.asarray(app.row.get_xdata())
        changed = changed or x_after.shape != xbefore.shape or not np.allclose(x_after, xbefore)
        assert changed or value == values[0], f"{name}={value} left the figure unchanged"


# ------------------------------------------------------------------- Arrhenius app

from diffkit.apps import arrhenius_app  # noqa: E402
from diffkit.constants import R  # noqa: E402


@pytest.fixture
def arr():
    return arrhenius_app()


def test_arrhenius_model_slope_is_ef_plus_em(arr):
    arr.set(E_f=1.1, E_m=0.8, S_over_k=2.0)
    x, D = (np.asarray(v) for v in arr.line_model.get_data())
    slope = np.polyfit(x / 1000.0, np.log(D), 1)[0]  # ln D against 1/T
    assert -slope * R / 96485.33212 == pytest.approx(1.9, rel=1e-6)
    # the two factors carry E_f and E_m separately
    _, cv = arr.line_cv.get_data()
    assert -np.polyfit(x / 1000.0, np.log(cv), 1)[0] * R / 96485.33212 == pytest.approx(1.1, rel=1e-6)


def test_entropy_raises_the_prefactor_by_exp_s(arr):
    _, D0 = arr.line_model.get_data()
    D0 = np.array(D0, copy=True)
    arr.controls["S_over_k"].value = 3.0
    _, D3 = arr.line_model.get_data()
    np.testing.assert_allclose(np.asarray(D3) / D0, np.exp(3.0), rtol=1e-10)


def test_choosing_a_metal_loads_its_vacancy_energies_and_highlights_it(arr):
    arr.controls["metal"].value = "Ni"
    assert arr.controls["E_f"].value == pytest.approx(1.79)
    assert arr.controls["E_m"].value == pytest.approx(1.04)
    assert arr._measured_lines["Ni"].get_alpha() > arr._measured_lines["Cu"].get_alpha()
    assert "Ni" in arr.readout.get_text()


def test_arrhenius_narrow_range_shows_a_message(arr):
    arr.set(T_range=(1000.0, 1020.0))
    assert arr.error is not None and "50 K" in arr.error
    arr.set(T_range=(800.0, 1200.0))
    assert arr.error is None


@pytest.mark.parametrize("name", ["E_f", "E_m", "S_over_k", "T_range", "metal"])
def test_every_arrhenius_control_changes_the_figure(arr, name):
    control = arr.controls[name]
    if name == "metal":
        values = list(control.options)
    elif name == "T_range":
        values = [(lo, lo + 400.0) for lo in np.linspace(300.0, 1500.0, 7)]
    else:
        values = list(np.linspace(control.min, control.max, 7))
    for value in values[1:]:
        before = np.array(arr.line_model.get_ydata(), copy=True), np.array(arr.line_model.get_xdata(), copy=True)
        text_before = arr.readout.get_text()
        control.value = value
        assert arr.error is None
        after = np.asarray(arr.line_model.get_ydata()), np.asarray(arr.line_model.get_xdata())
        assert (not np.allclose(after[0], before[0]) or not np.allclose(after[1], before[1])
                or arr.readout.get_text() != text_before), f"{name}={value} changed nothing"


# --------------------------------------------------------------- vacancy-walk app

from diffkit.apps import vacancy_walk_app  # noqa: E402


@pytest.fixture
def walk_app():
    return vacancy_walk_app()


def test_walk_app_plays_without_recomputing(walk_app):
    walk = walk_app._walk("square", 0)
    hits, misses = walk_app._walk.cache_info().hits, walk_app._walk.cache_info().misses
    for step in (1, 50, 500, 3999):
        walk_app.controls["step"].value = step
        vx, vy = walk_app.vacancy.get_data()
        np.testing.assert_allclose([vx[0], vy[0]], walk.vacancy[step])
        tx, ty = walk_app.tracer.get_data()
        np.testing.assert_allclose([tx[0], ty[0]], walk.tracer[step])
    assert walk_app._walk.cache_info().misses == misses  # playing computes no new walk
    assert walk_app._walk.cache_info().hits > hits


def test_walk_app_running_fraction_matches_the_walk(walk_app):
    walk_app.set(step=walk_app.N_STEPS)
    walk = walk_app._walk("square", 0)
    x, frac = walk_app.running.get_data()
    assert frac[-1] == pytest.approx(walk.back_jump_fraction)
    assert walk_app.expected.get_ydata()[0] == pytest.approx(walk.expected_back_jump_fraction)
    assert walk_app.naive.get_ydata()[0] == pytest.approx(0.25)
    # the path shows at most the last PATH_JUMPS jumps, each one jump length long (or a wrap)
    px, py = walk_app.path.get_data()
    steps = np.hypot(np.diff(px), np.diff(py))
    assert np.all(np.isnan(steps) | np.isclose(steps, 1.0))


def test_walk_app_lattice_and_new_walk_change_the_picture(walk_app):
    walk_app.set(step=300)
    before = np.array(walk_app.sites.get_xdata(), copy=True)
    walk_app.controls["lattice"].value = "triangular"
    assert walk_app.expected.get_ydata()[0] == pytest.approx(2 / 6 * (1 - 1 / walk_app._walk("triangular", 0).n_sites))
    assert len(walk_app.sites.get_xdata()) != len(before) or not np.allclose(walk_app.sites.get_xdata(), before)
    tracer_before = np.array(walk_app.path.get_xydata(), copy=True)
    walk_app.new_walk.click()
    assert walk_app.controls["seed"].value == 1 and walk_app.controls["step"].value == 0
    walk_app.controls["step"].value = 300
    assert not np.array_equal(np.asarray(walk_app.path.get_xydata()), tracer_before)
    walk_app.reset.click()
    assert walk_app.controls["step"].value == 0


def test_walk_app_speed_sets_the_play_interval(walk_app):
    walk_app.controls["speed"].value = 50
    assert walk_app.play.interval == 20
    assert walk_app.error is None


# --------------------------------------------------------------- Darken and thermo apps

from diffkit.apps import darken_app, thermo_app  # noqa: E402
from diffkit.thermo import Regular  # noqa: E402


@pytest.fixture
def dk():
    return darken_app()


@pytest.fixture
def th():
    return thermo_app()


def test_darken_app_plots_darkens_relation_and_the_marker_composition(dk):
    N, DA = (np.asarray(v) for v in dk.line_DA.get_data())
    _, DB = dk.line_DB.get_data()
    _, Dt = dk.line_Dt.get_data()
    np.testing.assert_allclose(Dt, (1 - N) * DA + N * np.asarray(DB), rtol=1e-12)
    np.testing.assert_allclose(DA[[0, -1]], [dk.controls["DA_0"].value, dk.controls["DA_1"].value], rtol=1e-9)
    # A faster everywhere (default): the marker moves toward A (left)
    assert dk.marker_line.get_xdata()[0] < 0
    dk.set(DA_0=1e-15, DA_1=1e-15)  # now B is faster
    assert dk.marker_line.get_xdata()[0] > 0


def test_darken_app_lattice_velocity_is_darkens_and_carries_the_marker(dk):
    """v_K = (D_A - D_B) dN_A/dx on the plotted profile, and x_K = 2 t v_K(x_K) at the marker (parabolic law)."""
    t = dk.controls["hours"].value * 3600.0
    x_um, N = (np.asarray(v, dtype=float) for v in dk.line_N.get_data())
    x = x_um * 1e-6
    _, v = (np.asarray(v, dtype=float) for v in dk.line_v.get_data())
    v = v * 1e-9  # nm/s -> m/s
    D_A = np.exp((1 - N) * np.log(dk.controls["DA_0"].value) + N * np.log(dk.controls["DA_1"].value))
    D_B = np.exp((1 - N) * np.log(dk.controls["DB_0"].value) + N * np.log(dk.controls["DB_1"].value))
    expected = (D_A - D_B) * np.gradient(N, x)
    inside = np.abs(expected) > 0.05 * np.abs(expected).max()  # where the profile has a slope to differentiate
    np.testing.assert_allclose(v[inside], expected[inside], rtol=2e-2)
    assert np.all(v <= 1e-15)  # A faster everywhere here: the lattice moves toward the A side (left)
    x_K = dk.marker_line.get_xdata()[0] * 1e-6
    v_K = dk.dot_v.get_ydata()[0] * 1e-9
    assert x_K == pytest.approx(2 * t * v_K, rel=1e-3)


@pytest.mark.parametrize("name", ["DA_0", "DA_1", "DB_0", "DB_1", "hours"])
def test_every_darken_control_moves_the_profile(dk, name):
    control = dk.controls[name]
    values = control.base ** np.linspace(control.min, control.max, 5) if hasattr(control, "base") else \
        np.linspace(control.min, control.max, 5)
    for value in values[1:]:
        before = np.array(dk.line_N.get_ydata(), copy=True)
        control.value = float(value)
        assert dk.error is None
        assert not np.allclose(dk.line_N.get_ydata(), before), f"{name}={value}"


def test_thermo_app_marks_binodal_and_spinodal_of_the_regular_solution(th):
    th.set(omega_kJ=20.0, T=900.0)
    model = Regular(20000.0)
    b = model.binodal(900.0)
    s = model.spinodal(900.0)
    np.testing.assert_allclose(th.tangent.get_xdata(), b, rtol=1e-12)
    np.testing.assert_allclose(th.spin_G.get_xdata(), s, rtol=1e-12)
    N, phi = (np.asarray(v) for v in th.line_phi.get_data())
    assert np.all(phi[(N > s[0] + 0.01) & (N < s[1] - 0.01)] < 0)
    # inside the spinodal there is no Fickian profile, and the app says why
    assert len(th.line_N.get_xdata()) == 0 and "uphill" in th.uphill.get_text()
    # the readout beside the sliders: T_c = Omega/2R = 20000/(2 R) = 1203 K, and the binodal compositions
    assert "critical T = Ω/2R = 1203 K" in th.info_html.value
    assert f"binodal   N_A = {b[0]:.3f}, {b[1]:.3f}" in th.info_html.value


def test_thermo_app_attraction_speeds_interdiffusion(th):
    th.set(omega_kJ=-20.0, T=800.0)
    assert th.uphill.get_text() == "" and len(th.line_N.get_xdata()) > 0
    _, D = th.line_D.get_data()
    _, D0 = th.line_D0.get_data()
    assert np.all(np.asarray(D)[1:-1] > np.asarray(D0)[1:-1])  # Phi > 1 inside
    _, N = th.line_N.get_data()
    _, N0 = th.line_N0.get_data()
    # a wider profile than the ideal one: more of the couple is mixed
    mixed = lambda y: np.count_nonzero((np.asarray(y) > 0.05) & (np.asarray(y) < 0.95))  # noqa: E731
    assert mixed(N) > mixed(N0)
    assert "no miscibility gap" in th.info_text


@pytest.mark.parametrize("omega_kJ, T", [(-20.0, 800.0), (10.0, 800.0), (20.0, 900.0)])
def test_thermo_app_curves_are_the_regular_solution_formulas(th, omega_kJ, T):
    """Activities a_i = N_i exp(Omega N_j^2 / RT) and D~ = (N_B D_A* + N_A D_B*) Phi, from the closed forms."""
    th.set(omega_kJ=omega_kJ, T=T, ratio=3.0)
    R = 8.314462618
    N, a_A = (np.asarray(v, dtype=float) for v in th.line_aA.get_data())
    _, a_B = (np.asarray(v, dtype=float) for v in th.line_aB.get_data())
    np.testing.assert_allclose(a_A, N * np.exp(omega_kJ * 1e3 * (1 - N) ** 2 / (R * T)), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a_B, (1 - N) * np.exp(omega_kJ * 1e3 * N**2 / (R * T)), rtol=1e-9, atol=1e-12)
    phi = 1 - 2 * omega_kJ * 1e3 * N * (1 - N) / (R * T)
    D_A_star, D_B_star = 3.0 * th.D_B, th.D_B
    _, D = (np.asarray(v, dtype=float) for v in th.line_D.get_data())
    np.testing.assert_allclose(D * 1e-14, ((1 - N) * D_A_star + N * D_B_star) * phi, rtol=1e-9, atol=1e-30)


@pytest.mark.parametrize("name", ["omega_kJ", "T", "ratio"])
def test_every_thermo_control_changes_the_figure(th, name):
    control = th.controls[name]
    values = control.base ** np.linspace(control.min, control.max, 6) if hasattr(control, "base") else \
        np.linspace(control.min, control.max, 6)
    for value in values[1:]:
        before = np.array(th.line_D.get_ydata(), copy=True)
        control.value = float(value)
        assert th.error is None
        assert not np.allclose(th.line_D.get_ydata(), before), f"{name}={value}"


# ----------------------------------------------------------------- every app, generically

from diffkit import apps as apps_module  # noqa: E402

APP_FACTORIES = [name for name in apps_module.__all__ if name != "App"]


def _extreme_values(control):
    if hasattr(control, "options"):
        return list(control.options)
    if isinstance(control.value, tuple):
        width = control.value[1] - control.value[0]
        return [(control.min, control.min + width), (control.max - width, control.max)]
    if hasattr(control, "base"):
        return [control.base**control.min, control.base**control.max]
    return [control.min, control.max]


@pytest.mark.parametrize("factory", APP_FACTORIES)
def test_every_panel_stays_inside_the_figure_at_the_ends_of_every_range(factory):
    """Nothing a student reads (labels, ticks, titles, legends) is ever cut off by the figure's edge,
    and what an update shows (a blit, or only some panels re-rendered) is exactly a full render."""
    app = getattr(apps_module, factory)()
    for name, control in app.controls.items():
        start = control.value
        for value in _extreme_values(control):
            control.value = value
            assert app.error is None or "same composition" in app.error, (name, value, app.error)
            shown = np.asarray(app.fig.canvas.buffer_rgba()).copy()  # blitted, or panels re-rendered
            app.fig.canvas.draw()  # as the browser would
            if app.error is None:
                assert np.array_equal(shown, np.asarray(app.fig.canvas.buffer_rgba())), (factory, name, value)
            figure = app.fig.bbox
            for ax, box in zip(app._axes_list(), app._tight_boxes()):
                assert box.x0 >= figure.x0 - 1 and box.y0 >= figure.y0 - 1, (factory, name, value, box)
                assert box.x1 <= figure.x1 + 1 and box.y1 <= figure.y1 + 1, (factory, name, value, box)
        control.value = start


# ----------------------------------------------------------------- inverse-analysis app

from diffkit.apps import inverse_app  # noqa: E402


@pytest.fixture
def inv():
    return inverse_app()


def _worst(app):
    return float(app.readout.get_text().split(":")[1].split("%")[0])


def test_inverse_app_recovers_the_truth_without_noise(inv):
    inv.set(noise_pct=0.0, points=300, smoothing="none")
    assert _worst(inv) < 3.0  # dense, clean data: a few per cent at most
    D_A, D_B = (b.get_height() / 1e14 for b in inv.bars)
    assert D_A == pytest.approx(inv._true_K[0], rel=0.03)
    assert D_B == pytest.approx(inv._true_K[1], rel=0.03)


def test_inverse_app_smoothing_tames_noise_but_not_too_much(inv):
    inv.set(noise_pct=1.0, points=120, seed=0, smoothing="none")
    raw = _worst(inv)
    inv.set(smoothing="spline", stiffness=1e-5)
    good = _worst(inv)
    inv.set(stiffness=1e-2)
    over = _worst(inv)
    assert good < 0.25 * raw  # smoothing helps a lot
    assert over > good  # over-smoothing flattens the profile and biases D~


def test_inverse_app_automatic_smoothing_is_the_cross_validated_spline(inv):
    from diffkit import analysis

    inv.set(noise_pct=1.0, points=120, seed=3, smoothing=inv.AUTOMATIC)
    x = np.linspace(-inv.HALF_WIDTH, inv.HALF_WIDTH, 120)
    x, N = analysis.synthetic_profile(inv.truth, x, 0.01, seed=3, t=inv._t)
    expected = analysis.analyse(x, N, inv._t, x_K=inv._x_K, smooth="spline")
    np.testing.assert_allclose(inv.fit.get_ydata(), expected.profile.N_A, rtol=1e-12)
    assert inv.bars[0].get_height() == pytest.approx(expected.D_A * 1e14, rel=1e-12)
    before = np.array(inv.fit.get_ydata(), copy=True)
    assert inv.controls["stiffness"].disabled  # the automatic choice ignores the hand-set stiffness...
    analyses = inv.analysis_count
    inv.set(stiffness=1e-2)
    np.testing.assert_array_equal(inv.fit.get_ydata(), before)
    assert inv.analysis_count == analyses  # ...and does not analyse again when it moves
    assert _worst(inv) < 40.0  # GCV on a 1 % scan: tens of per cent at worst over 0.1-0.9, not a factor
    inv.set(smoothing="spline")
    assert not inv.controls["stiffness"].disabled


def test_inverse_app_matano_and_sauer_freise_coincide(inv):
    N_M, D_M = (np.asarray(v) for v in inv.matano.get_data())
    N_S, D_S = (np.asarray(v) for v in inv.sauer.get_data())
    common = np.intersect1d(N_M, N_S)
    assert common.size > 20
    np.testing.assert_allclose(np.interp(common, N_M, D_M), np.interp(common, N_S, D_S), rtol=1e-6)


@pytest.mark.parametrize("name", ["noise_pct", "points", "smoothing", "stiffness", "seed"])
def test_every_inverse_control_changes_the_figure(inv, name):
    control = inv.controls[name]
    if name == "smoothing":
        values = ["none", "spline", inv.AUTOMATIC]
    elif name == "seed":
        values = [1, 2, 3]
    elif hasattr(control, "base"):
        values = list(control.base ** np.linspace(control.min, control.max, 4))
    else:
        values = list(np.linspace(control.min, control.max, 4))
    if name == "stiffness":
        inv.set(smoothing="spline")
    for value in values:
        before = np.array(inv.fit.get_ydata(), copy=True), np.array(inv.points.get_ydata(), copy=True)
        control.value = value
        assert inv.error is None
        after = np.asarray(inv.fit.get_ydata()), np.asarray(inv.points.get_ydata())
        changed = any(a.shape != b.shape or not np.allclose(a, b) for a, b in zip(after, before))
        assert changed or value == values[0] or (name == "noise_pct" and value == 0.0), f"{name}={value}"


# -------------------------------------------------------------------- vacancy-wind app

from diffkit.apps import vacancy_wind_app  # noqa: E402
from diffkit.couple import self_similar_solution  # noqa: E402
from diffkit.kinetics import intrinsic_diffusivity_functions, manning_factors  # noqa: E402
from diffkit.thermo import Ideal  # noqa: E402


@pytest.fixture
def wind():
    return vacancy_wind_app()


def _marker_shift(ratio, wind, lattice="fcc", hours=25.0):
    D_A, D_B = intrinsic_diffusivity_functions(ratio * 1e-14, 1e-14, Ideal(), 1000.0, vacancy_wind=wind,
                                               lattice=lattice)
    return float(self_similar_solution(D_A, D_B, n_cells=1600).marker_position(hours * 3600.0))


def test_wind_app_shows_manning_factors_across_composition(wind):
    wind.set(ratio=10.0, N_A=0.5, lattice="fcc")
    N, r_A = (np.asarray(v) for v in wind.line_rA.get_data())
    r_A_ref, r_B_ref, S_ref = manning_factors(N, 1e-13, 1e-14, "fcc")
    np.testing.assert_allclose(r_A, r_A_ref, rtol=1e-12)
    np.testing.assert_allclose(wind.line_rB.get_ydata(), r_B_ref, rtol=1e-12)
    np.testing.assert_allclose(wind.line_S.get_ydata(), S_ref, rtol=1e-12)
    np.testing.assert_allclose(wind.dots.get_ydata(), [1.2288, 0.7712, 1.1872], atol=6e-5)
    assert wind.limit.get_xdata()[0] == pytest.approx(1 - 0.78145142, abs=1e-8)
    assert wind.cap.get_ydata()[0] == pytest.approx(1 / 0.78145142, rel=1e-8)
    assert "r_A = 1.229" in wind.readout.get_text() and "S = 1.187" in wind.readout.get_text()


@pytest.mark.parametrize("ratio", [10.0, 0.1])
def test_wind_app_marker_shifts_match_an_independent_solve(wind, ratio):
    wind.set(ratio=ratio)
    um = 1e6
    darken_bar, wind_bar = (bar.get_width() for bar in wind.bars)
    assert darken_bar == pytest.approx(_marker_shift(ratio, False) * um, rel=2e-3)
    assert wind_bar == pytest.approx(_marker_shift(ratio, True) * um, rel=2e-3)
    # markers move toward the faster species, and the wind moves them further (COURSE.md section 3)
    assert np.sign(darken_bar) == (-1 if ratio > 1 else 1)
    assert abs(wind_bar) > 1.05 * abs(darken_bar)
    assert wind.mark.get_xdata()[0] == pytest.approx(wind_bar)
    percent = 100 * (wind_bar / darken_bar - 1)
    assert f"{percent:+.1f} %" in wind.readout.get_text()


def test_wind_app_equal_tracer_diffusivities_give_no_wind_and_no_shift(wind):
    wind.set(ratio=1.0)
    np.testing.assert_allclose(wind.line_rA.get_ydata(), 1.0, rtol=1e-14)
    assert [bar.get_width() for bar in wind.bars] == [0.0, 0.0]
    assert "no shift" in wind.readout.get_text() and wind.note.get_text() == ""


def test_wind_app_says_where_manning_fails(wind):
    wind.set(ratio=3.0, N_A=0.5)
    assert wind.note.get_text() == ""  # r_B(0) = 1 - 4/M0 > 0 at this ratio
    wind.set(ratio=30.0)
    assert "r_B < 0" in wind.note.get_text() and "artefact" in wind.note.get_text()
    wind.set(ratio=0.01)
    assert "r_A < 0" in wind.note.get_text()
    wind.set(ratio=2.0, N_A=0.1)  # below 1 - f0, but B is far from frozen: Manning's limit does not apply
    assert "percolation" not in wind.note.get_text()
    wind.set(ratio=10.0, N_A=0.1)  # the fast species A below Manning's limit 1 - f0, B ten times slower
    assert "percolation threshold 0.199" in wind.note.get_text() and "unreliable" in wind.note.get_text()
    wind.set(ratio=0.1, N_A=0.9)  # the same with the roles swapped: B is fast and scarce
    assert "percolation threshold 0.199" in wind.note.get_text()
    wind.set(ratio=10.0, N_A=0.3)  # above the limit
    assert "percolation" not in wind.note.get_text()


def test_wind_app_composition_read_off_does_not_solve_again(wind):
    solves = wind.solve_count
    for value in (0.1, 0.3, 0.9):
        wind.controls["N_A"].value = value
    assert wind.solve_count == solves and wind.error is None
    assert wind.dots.get_xdata()[0] == 0.9


def test_a_changed_note_re_renders_its_panel_to_exactly_a_full_render(wind):
    wind.set(ratio=3.0)
    assert wind.note.get_text() == ""
    full, partial = wind.full_draws, wind.partial_draws
    wind.controls["ratio"].value = 30.0  # the note appears; axis ranges change too
    assert wind.full_draws + wind.partial_draws > full + partial
    patched = np.asarray(wind.fig.canvas.buffer_rgba()).copy()
    wind.fig.canvas.draw()
    np.testing.assert_array_equal(patched, np.asarray(wind.fig.canvas.buffer_rgba()))
    # a move that changes only the note (ranges fixed) re-renders only its panel
    wind.set(N_A=0.5)
    full, partial = wind.full_draws, wind.partial_draws
    wind.controls["N_A"].value = 0.1  # below the percolation limit: the note grows
    assert (wind.full_draws, wind.partial_draws) == (full, partial + 1)
    patched = np.asarray(wind.fig.canvas.buffer_rgba()).copy()
    wind.fig.canvas.draw()
    np.testing.assert_array_equal(patched, np.asarray(wind.fig.canvas.buffer_rgba()))


@pytest.mark.parametrize("name", ["ratio", "N_A", "lattice"])
def test_every_wind_control_changes_the_figure(wind, name):
    control = wind.controls[name]
    for value in _extreme_values(control) + [control.value]:
        if value == control.value:
            continue
        before = np.asarray(wind.fig.canvas.buffer_rgba()).copy()
        wind.controls[name].value = value
        assert wind.error is None
        after = np.asarray(wind.fig.canvas.buffer_rgba())
        assert before.shape != after.shape or not np.array_equal(before, after), (name, value)


# ------------------------------------------------------------- battery and salt apps (lecture 06)

from diffkit import intercalation  # noqa: E402
from diffkit.apps import battery_app, salt_app  # noqa: E402
from diffkit.constants import FARADAY  # noqa: E402
from diffkit.electrolyte import LIMITING_ION_DIFFUSIVITIES  # noqa: E402


@pytest.fixture
def battery():
    return battery_app()


@pytest.fixture
def salt():
    return salt_app()


def test_battery_app_phi_is_the_slope_of_the_plotted_voltage(battery):
    battery.set(omega_kJ=-4.0, T=350.0)  # one phase: Phi from the drawn curve, independently of the library
    x, E = (np.asarray(v) for v in battery.line_E.get_data())
    phi_from_curve = -(FARADAY / (R * 350.0)) * x * np.gradient(E, x)
    middle = (x > 0.05) & (x < 0.95)  # np.gradient's error grows where E(x) bends sharply, at the ends
    np.testing.assert_allclose(np.asarray(battery.line_phi.get_ydata())[middle], phi_from_curve[middle], rtol=1e-3)
    np.testing.assert_allclose(battery.line_D.get_ydata(), (1 - x) * np.asarray(battery.line_phi.get_ydata()),
                               rtol=1e-12)
    assert battery.gap_band.get_width() == 0.0 and "no miscibility gap" in battery.readout.get_text()


def test_battery_app_plateau_matches_the_common_tangent(battery):
    battery.set(omega_kJ=8.1, T=298.0)
    lo, hi = intercalation.miscibility_gap(298.0, 8100.0)
    assert battery.gap_band.get_x() == pytest.approx(lo) and battery.gap_band.get_width() == pytest.approx(hi - lo)
    assert lo == pytest.approx(0.05, abs=0.002)  # Omega = 8.1 kJ/mol puts the Li_xFePO4 gap edge at 0.05
    x, E = (np.asarray(v) for v in battery.line_E.get_data())
    inside = (x > lo + 0.01) & (x < hi - 0.01)
    np.testing.assert_allclose(E[inside], battery.E0, atol=1e-12)
    np.testing.assert_allclose(np.asarray(battery.line_phi.get_ydata())[inside], 0.0, atol=1e-12)
    assert "T_c = Ω/2R = 487 K" in battery.readout.get_text()
    battery.set(T=600.0)  # above T_c: one phase again
    assert battery.gap_band.get_width() == 0.0 and "one phase" in battery.readout.get_text()


def test_salt_app_nacl_numbers_and_the_field_that_couples_the_ions(salt):
    assert salt.controls["D_plus"].value == pytest.approx(LIMITING_ION_DIFFUSIVITIES["Na+"])
    text = salt.info_text
    assert "-12.3 mV" in text and "1.611e-09" in text  # 0.1 M | 0.01 M NaCl at 25 °C
    x, J_plus = (np.asarray(v) for v in salt.line_Jp.get_data())
    np.testing.assert_allclose(J_plus, salt.line_Jm.get_ydata(), rtol=1e-10, atol=1e-12 * np.abs(J_plus).max())
    centre = np.argmax(J_plus)
    # Cl- is faster: the field drags Na+ (flux above its diffusion part) and holds back Cl-
    assert J_plus[centre] > salt.line_dp.get_ydata()[centre]
    assert J_plus[centre] < salt.line_dm.get_ydata()[centre]
    salt.controls["salt"].value = "HCl"  # now the cation is faster: the signs swap
    assert salt.controls["D_plus"].value == pytest.approx(LIMITING_ION_DIFFUSIVITIES["H+"])
    assert "+38.0 mV" in salt.info_text
    J = np.asarray(salt.line_Jp.get_ydata())
    assert J[np.argmax(J)] < salt.line_dp.get_ydata()[np.argmax(J)]


def test_salt_app_equal_diffusivities_give_no_potential(salt):
    salt.set(D_plus=1e-9, D_minus=1e-9)
    np.testing.assert_allclose(salt.line_phi.get_ydata(), 0.0, atol=1e-12)
    assert "+0.0 mV" in salt.info_text


@pytest.mark.parametrize("factory, name", [("battery", "omega_kJ"), ("battery", "T"), ("salt", "salt"),
                                           ("salt", "D_plus"), ("salt", "D_minus"), ("salt", "ratio")])
def test_every_lecture_06_control_changes_the_figure(factory, name, request):
    app = request.getfixturevalue(factory)
    control = app.controls[name]
    for value in _extreme_values(control) + [control.value]:
        if value == control.value:
            continue
        before = np.asarray(app.fig.canvas.buffer_rgba()).copy()
        control.value = value
        assert app.error is None, (name, value, app.error)
        assert not np.array_equal(before, np.asarray(app.fig.canvas.buffer_rgba())), (name, value)


def test_a_new_marker_spacing_only_moves_the_markers(app, monkeypatch):
    app.set(ratio=5.0, hours=25.0, spacing_um=40.0)
    profile = np.array(app.line_N.get_ydata(), copy=True)
    row_before = np.array(app.row.get_xdata(), copy=True)
    calls = []
    sim = app._solve(5.0, 1.0, 0.0)
    for name in ("profile", "intrinsic_fluxes", "kirkendall_velocity"):
        original = getattr(sim, name)
        monkeypatch.setattr(sim, name, lambda *a, _o=original, _n=name, **k: calls.append(_n) or _o(*a, **k))
    app.controls["spacing_um"].value = 60.0
    assert calls == [] and app.error is None  # no profile, flux or velocity evaluated again
    assert len(app.row.get_xdata()) != len(row_before)
    np.testing.assert_array_equal(app.line_N.get_ydata(), profile)


# ------------------------------------------------------------- voids and hollow apps (lecture 06)

from diffkit.apps import hollow_app, voids_app  # noqa: E402


@pytest.fixture
def voids():
    return voids_app()


@pytest.fixture
def hollow():
    return hollow_app()


@pytest.mark.parametrize("ratio", [10.0, 0.1])
def test_voids_app_puts_pores_on_the_fast_side_with_the_marker_shift_as_total(voids, ratio):
    voids.set(ratio=ratio, eta=0.9, hours=25.0)
    x, p = (np.asarray(v) for v in voids.line_p.get_data())
    x_K = voids.marker_p.get_xdata()[0]
    fast_side = x < x_K + 5.0 if ratio > 1 else x > x_K - 5.0  # µm; D_A > D_B: A (left) is the fast side
    assert p[~fast_side].max() <= 1e-6 * p.max() and p.max() > 1.0
    assert ("A (left)" if ratio > 1 else "B (right)") in voids.readout.get_text()
    # constant D: the pore volume per area is (1 - eta) |x_K| (voids module docstring)
    shift = float(voids.readout.get_text().split("marker shift ")[1].split(" µm")[0])
    pores = float(voids.readout.get_text().split("pore volume / area ")[1].split(" µm")[0])
    assert pores == pytest.approx(0.1 * shift, abs=0.1)
    x_q, q = (np.asarray(v) for v in voids.line_q.get_data())
    assert abs(np.trapezoid(q, x_q)) < 1e-3 * np.trapezoid(np.abs(q), x_q)  # created = destroyed


def test_voids_app_sink_efficiency_and_time_only_rescale(voids):
    voids.set(ratio=10.0, eta=0.0, hours=25.0)
    p0 = np.array(voids.line_p.get_ydata(), copy=True)
    solves = voids.solve_count
    voids.controls["eta"].value = 0.75
    np.testing.assert_allclose(voids.line_p.get_ydata(), 0.25 * p0, rtol=1e-12)
    voids.controls["hours"].value = 50.0
    assert voids.solve_count == solves and voids.error is None


def test_hollow_app_fast_core_sends_vacancies_inward_and_leaves_a_smaller_void(hollow):
    hollow.set(radius_nm=20.0, ratio=10.0, hours=3.0)  # D t/R^2 = 0.27: hollowing under way
    J = np.asarray(hollow.line_J.get_ydata())
    assert J.max() <= 1e-12 * abs(J.min()) and J.min() < 0  # inward everywhere
    r_void = hollow.void_band.get_width()
    # the final void is smaller than the original core (Yin et al., Adv. Funct. Mater. 16 (2006) 1389)
    assert 0.3 < r_void < hollow.CORE
    hollow.set(ratio=1.0)  # equal diffusivities: no net vacancy flow, no void
    assert abs(hollow.void_band.get_width()) < 1e-9
    assert np.abs(hollow.line_J.get_ydata()).max() < 1e-9


def test_hollow_app_slow_core_sends_vacancies_outward_and_makes_no_void(hollow):
    hollow.set(radius_nm=20.0, ratio=0.1, hours=0.3)  # D_shell t/R^2 = 0.27: still mixing
    J = np.asarray(hollow.line_J.get_ydata())
    assert J.min() >= -1e-12 * J.max() and J.max() > 0  # outward everywhere
    assert hollow.void_band.get_width() == 0.0 and "outward" in hollow.info_text
    low, high = hollow.axes[1].get_ylim()
    assert high >= 1.0 * J.max() and low < 0  # the outward flux stays on the panel


@pytest.mark.parametrize("radius_nm, hours, ratio", [(20.0, 1.0, 10.0), (100.0, 10**1.5, 10.0), (5.0, 0.1, 100.0),
                                                      (50.0, 0.3, 0.1)])
def test_hollow_app_shows_what_a_direct_solve_of_that_particle_gives(hollow, radius_nm, hours, ratio):
    """The app solves one particle per ratio in r/R and D t/R^2; any radius and time must match a direct,
    finer solve of that very particle (this is the R^2 scaling, tested for real)."""
    from diffkit.spherical import simulate_sphere

    hollow.set(radius_nm=radius_nm, hours=hours, ratio=ratio)
    R = radius_nm * 1e-9
    ref = simulate_sphere(hollow.D_A, hollow.D_A / ratio, [hours * 3600.0], radius=R, r_core=hollow.CORE * R,
                          n_cells=400, n_steps=400)
    N = np.interp(ref.r / R, hollow.line_N.get_xdata(), hollow.line_N.get_ydata())
    assert np.abs(N - ref.N_A[0]).max() < 0.02
    assert hollow.void_band.get_width() == pytest.approx(ref.void_radius()[0] / R, abs=0.01)
    assert hollow.shell.get_xdata()[0] == pytest.approx(ref.core_marker[0] / R, abs=0.01)
    J = ref.vacancy_flux()[0] * 1e9 * 3600.0  # nm/h
    J_app = np.interp(ref.faces / R, hollow.line_J.get_xdata(), hollow.line_J.get_ydata())
    # in the mean over the radius (a sharp flux peak that has reached the centre is resolution-limited here)
    assert np.abs(J_app - J).mean() < 0.1 * np.abs(J).mean()  # a missing R or time factor is off by far more


def test_hollow_app_radius_and_time_only_read_the_stored_solution(hollow):
    solves = hollow.solve_count
    for radius in (5.0, 40.0, 100.0):
        for hours in (0.01, 1.0, 100.0):
            hollow.set(radius_nm=radius, hours=hours)
    assert hollow.solve_count == solves and hollow.error is None
    # twice the radius at four times the time: the same picture in r/R (R^2 scaling)
    hollow.set(radius_nm=10.0, hours=1.0)
    small = np.array(hollow.line_N.get_ydata(), copy=True)
    hollow.set(radius_nm=20.0, hours=4.0)
    np.testing.assert_allclose(hollow.line_N.get_ydata(), small, atol=1e-12)
    assert "90 % of the final void" in hollow.info_text and "∝ R²" in hollow.info_text


@pytest.mark.parametrize("factory, name", [("voids", "ratio"), ("voids", "eta"), ("voids", "hours"),
                                           ("hollow", "radius_nm"), ("hollow", "ratio"), ("hollow", "hours")])
def test_every_voids_and_hollow_control_changes_the_figure(factory, name, request):
    app = request.getfixturevalue(factory)
    control = app.controls[name]
    for value in _extreme_values(control) + [control.value]:
        if value == control.value:
            continue
        before = np.asarray(app.fig.canvas.buffer_rgba()).copy()
        control.value = value
        assert app.error is None, (name, value, app.error)
        assert not np.array_equal(before, np.asarray(app.fig.canvas.buffer_rgba())), (name, value)


def test_a_resized_canvas_gets_a_full_render_not_a_stale_blit(app):
    app.set(ratio=5.0, hours=25.0)
    full = app.full_draws
    width, height = app.fig.get_size_inches()
    app.fig.set_size_inches(width * 0.8, height * 0.8)  # what ipympl does on a browser resize message
    app.controls["hours"].value = 26.0
    assert app.full_draws == full + 1
    shown = np.asarray(app.fig.canvas.buffer_rgba()).copy()
    app.fig.canvas.draw()
    np.testing.assert_array_equal(shown, np.asarray(app.fig.canvas.buffer_rgba()))


# ----------------------------------------------------------------- random-alloy Monte Carlo app

from diffkit.apps import random_alloy_app  # noqa: E402


@pytest.fixture
def alloy_app():
    return random_alloy_app()


def test_random_alloy_app_moves_only_guides_until_the_button_is_pressed(alloy_app):
    assert alloy_app.results == [] and alloy_app.error is None
    assert "run Monte Carlo" in alloy_app.info_text
    alloy_app.set(N_A=0.3, ratio=100.0, lattice="bcc")
    assert alloy_app.results == [] and len(alloy_app.sim_rA.get_xdata()) == 0
    assert alloy_app.guide_N.get_xdata()[0] == 0.3 and alloy_app.guide_w.get_xdata()[0] == pytest.approx(100.0)


def test_random_alloy_app_run_shows_the_measurement_and_mannings_prediction(alloy_app):
    from diffkit import kmc

    alloy_app.set(N_A=0.5, ratio=10.0, lattice="fcc", jumps="short (3·10⁶ jumps)")
    alloy_app.run_button.click()  # what the student does
    assert len(alloy_app.results) == 1 and alloy_app.error is None
    run = alloy_app.results[0]
    # exactly the library's run with the same inputs and seed
    same = kmc.random_alloy("fcc", 0.5, 10.0, 1.0, n_jumps=3_000_000, seed=0, progress=False)
    assert (run.r_A.value, run.r_B.value, run.D_ratio.value) == (same.r_A.value, same.r_B.value, same.D_ratio.value)
    assert alloy_app.progress.value == alloy_app.progress.max and alloy_app.progress.bar_style == "success"
    np.testing.assert_allclose(alloy_app.sim_rA.get_data(), [[run.x_A], [run.r_A.value]])
    np.testing.assert_allclose(alloy_app.sim_rB.get_data(), [[run.x_A], [run.r_B.value]])
    np.testing.assert_allclose(alloy_app.man_rA.get_ydata(), [run.manning[0]])
    np.testing.assert_allclose(alloy_app.sim_D.get_data(), [[10.0], [run.D_ratio.value]])
    segments = alloy_app.errors_r.get_segments()
    assert segments[0][0][1] == pytest.approx(run.r_A.value - run.r_A.stderr)
    # the wind's direction, measured: the fast species is sped up, beyond the error bars
    assert run.r_A.value - 3 * run.r_A.stderr > 1.0
    assert "r_A = " in alloy_app.info_html.value and "Manning" in alloy_app.info_html.value
    # what a blitted update shows is what a full render shows
    shown = np.asarray(alloy_app.fig.canvas.buffer_rgba()).copy()
    alloy_app.fig.canvas.draw()
    np.testing.assert_array_equal(shown, np.asarray(alloy_app.fig.canvas.buffer_rgba()))
    # another lattice shows its own runs (none yet); clear forgets them all
    alloy_app.set(lattice="sc")
    assert len(alloy_app.sim_rA.get_xdata()) == 0 and "No sc runs yet" in alloy_app.info_html.value
    alloy_app.set(lattice="fcc")
    assert len(alloy_app.sim_rA.get_xdata()) == 1
    alloy_app.clear_button.click()
    assert alloy_app.results == [] and len(alloy_app.sim_rA.get_xdata()) == 0


def test_random_alloy_app_a_failing_run_shows_a_message_not_a_traceback(alloy_app, monkeypatch):
    from diffkit import kmc

    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(kmc, "random_alloy", broken)
    assert alloy_app.run() is None
    assert "could not be computed" in alloy_app.error and "out of memory" in alloy_app.error
    assert not alloy_app.run_button.disabled and alloy_app.results == []
    alloy_app.set(N_A=0.4)  # the next move brings the figure back
    assert alloy_app.error is None
