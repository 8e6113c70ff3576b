"""The spherical (core-shell) interdiffusion solver: exact solutions, order, conservation, signs, scaling."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from diffkit.couple import self_similar_solution
from diffkit.spherical import first_crossing, hollowing_time, simulate_sphere, sphere_in_infinite_medium, void_radius

NM = 1e-9
D = 1e-20  # m^2/s: sqrt(D t) of a few nm in minutes, as for nanocrystals


def crank_setup(n_cells, n_steps=400, D_value=D):
    """A sphere of A (radius a) in a large B matrix, closed far away: Crank's infinite medium."""
    a, times = 50 * NM, np.array([1e4, 4e4])
    R = a + 10 * np.sqrt(D_value * times[-1])  # erfc(5): the outer wall is never felt
    res = simulate_sphere(D_value, D_value, times, radius=R, r_core=a, n_cells=n_cells, n_steps=n_steps)
    exact = np.array([sphere_in_infinite_medium(res.r, t, a=a, D=D) for t in times])
    return res, exact


# ------------------------------------------------------------------ the exact solution itself


def test_crank_sphere_formula_conserves_mass_has_a_smooth_centre_and_solves_the_equation():
    a, Dv, t = 1.0, 0.01, 3.0
    mass = quad(lambda r: 4 * np.pi * r * r * sphere_in_infinite_medium(r, t, a=a, D=Dv), 0, 10,
                points=[1.0], epsabs=1e-13, epsrel=1e-13)[0]
    assert mass == pytest.approx(4 * np.pi / 3 * a**3, rel=1e-10)
    centre = sphere_in_infinite_medium(0.0, t, a=a, D=Dv)
    assert sphere_in_infinite_medium(1e-6, t, a=a, D=Dv) == pytest.approx(centre, abs=1e-10)
    assert sphere_in_infinite_medium(1e-3, t, a=a, D=Dv) == pytest.approx(centre, abs=1e-6)
    # dC/dt = D (C'' + 2 C'/r) by finite differences
    r, e = np.linspace(0.3, 2.0, 7), 1e-4
    C = lambda r_, t_: sphere_in_infinite_medium(r_, t_, a=a, D=Dv)  # noqa: E731
    dC_dt = (C(r, t + e) - C(r, t - e)) / (2 * e)
    laplacian = (C(r + e, t) - 2 * C(r, t) + C(r - e, t)) / e**2 + (2 / r) * (C(r + e, t) - C(r - e, t)) / (2 * e)
    assert np.abs(dC_dt - Dv * laplacian).max() < 1e-7
    # at very short times the initial step is recovered
    np.testing.assert_allclose(C(np.array([0.5, 0.99, 1.01, 1.5]), 1e-9), [1, 1, 0, 0], atol=1e-12)


# ------------------------------------------------------------------------- the solver


def test_equal_diffusivities_match_crank_sphere_in_an_infinite_medium():
    res, exact = crank_setup(200)
    assert np.abs(res.N_A - exact).max() < 5e-4
    # equal diffusivities: the lattice does not move and no vacancy flows
    assert np.abs(res.lattice_velocity()).max() == 0.0
    assert np.all(res.core_marker == res.r_core)


def test_crank_accuracy_is_not_trivially_met():
    res, exact = crank_setup(200, D_value=1.1 * D)  # 10 % off
    assert np.abs(res.N_A - exact).max() > 5e-3


def test_spatial_convergence_is_second_order():
    errors = []
    for n in (50, 100, 200):
        res, exact = crank_setup(n)
        errors.append(np.abs(res.N_A - exact).max(axis=1))
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all((orders > 1.8) & (orders < 2.3)), orders


def test_time_convergence_is_second_order_for_the_profile_and_the_markers():
    """BDF2 after one backward-Euler start: halving the step quarters the error (against 8x finer steps)."""
    a, times = 50 * NM, np.array([1e4, 4e4])
    R = a + 10 * np.sqrt(D * times[-1])
    run = lambda n: simulate_sphere(D, D / 10, times, radius=R, r_core=a, n_cells=100, n_steps=n)  # noqa: E731
    ref = run(3840)
    errors, marker_errors = [], []
    for n in (60, 120, 240, 480):
        res = run(n)
        errors.append(np.abs(res.N_A - ref.N_A).max())
        marker_errors.append(np.abs(res.core_marker - ref.core_marker).max())
    for e in (errors, marker_errors):
        orders = np.log2(np.array(e[:-1]) / np.array(e[1:]))
        assert np.all((orders > 1.7) & (orders < 2.4)), orders
    assert errors[0] > 1e-3  # the coarsest steps are visibly wrong: the test measures something


def test_fixed_surface_composition_matches_crank_desorption_from_a_sphere():
    """Uniform sphere, surface held at 0: M_t/M_0 = (6/pi^2) sum exp(-D n^2 pi^2 t/a^2)/n^2 (Crank eq. 6.20)."""
    a = 50 * NM
    times = np.array([0.02, 0.1, 0.3]) * a * a / D
    res = simulate_sphere(D, D, times, radius=a, r_core=0.5 * a, N_core=1.0, N_shell=1.0, surface=0.0,
                          n_cells=200, n_steps=400)
    k = np.arange(1, 400)[:, None]
    exact = 6 / np.pi**2 * np.sum(np.exp(-D * k**2 * np.pi**2 * times / a**2) / k**2, axis=0)
    np.testing.assert_allclose(res.atoms_A() / (4 * np.pi / 3 * a**3), exact, atol=1e-3)


def test_closed_particle_conserves_atoms_to_round_off_with_composition_dependent_D():
    D_A = lambda N: 5e-20 * np.exp(-2.0 * N)  # noqa: E731
    D_B = lambda N: 1e-21 * (1.0 + N)  # noqa: E731
    R = 30 * NM
    times = np.geomspace(1.0, 5 * R * R / 1e-21, 25)
    res = simulate_sphere(D_A, D_B, times, radius=R, r_core=0.7 * R)
    atoms = res.atoms_A()
    assert np.abs(atoms - atoms[0]).max() < 1e-12 * atoms[0]
    assert atoms[0] == pytest.approx(4 * np.pi / 3 * (0.7 * R) ** 3, rel=1e-12)  # exact cell averages
    # vacancies only move around inside a closed particle: sources and sinks balance
    sigma = res.vacancy_source_rate()
    assert np.abs(sigma @ res.volumes).max() < 1e-12 * np.abs(sigma).max() * res.volumes.sum()
    # fully homogenised at the end
    np.testing.assert_allclose(res.N_A[-1], 0.7**3, atol=1e-6)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(log_ratio=st.floats(-2.0, 2.0), radius_nm=st.floats(5.0, 200.0), core=st.floats(0.05, 0.95),
       core_is_A=st.booleans(), duration=st.floats(1e-4, 3.0))
def test_mole_fraction_stays_in_bounds_and_atoms_are_conserved(log_ratio, radius_nm, core, core_is_A, duration):
    """Over the widget's ranges (D_A/D_B 0.01-100, R 5-200 nm, up to full homogenisation)."""
    ratio = 10.0**log_ratio
    D_A, D_B = D * np.sqrt(ratio), D / np.sqrt(ratio)
    R = radius_nm * NM
    t_end = duration * R * R / min(D_A, D_B)
    N_core, N_shell = (1.0, 0.0) if core_is_A else (0.0, 1.0)
    res = simulate_sphere(D_A, D_B, np.geomspace(t_end * 1e-4, t_end, 12), radius=R, r_core=core * R,
                          N_core=N_core, N_shell=N_shell)
    assert res.N_A.min() >= -1e-12 and res.N_A.max() <= 1.0 + 1e-12
    atoms = res.atoms_A()
    assert np.abs(atoms - atoms[0]).max() <= 1e-12 * max(atoms[0], 4 * np.pi / 3 * R**3 * 1e-3)
    assert np.all(np.isfinite(res.core_marker)) and np.all((res.core_marker >= 0) & (res.core_marker <= R))


@pytest.mark.parametrize("D_A, D_B", [(4e-20, 1e-20), (lambda N: 4e-20 * np.exp(-N), lambda N: 1e-20 + 0 * N)])
def test_time_to_a_given_state_scales_as_R_squared_over_D(D_A, D_B):
    """N_A(r/R, t D/R^2) is the same function for every R and D."""
    R = 20 * NM
    times = np.array([10.0, 100.0, 1000.0, 1e4])
    base = simulate_sphere(D_A, D_B, times, radius=R, r_core=0.5 * R, n_cells=100)
    for factor in (2.0, 3.0):
        scaled = simulate_sphere(D_A, D_B, times * factor**2, radius=factor * R, r_core=0.5 * factor * R,
                                 n_cells=100)
        np.testing.assert_allclose(scaled.N_A, base.N_A, rtol=0, atol=1e-12)
        np.testing.assert_allclose(scaled.core_marker / factor, base.core_marker, rtol=1e-12)
        np.testing.assert_allclose(scaled.void_fraction(), base.void_fraction(), rtol=1e-9, atol=1e-14)
    if not callable(D_A):  # and D: three times faster, a third of the time
        faster = simulate_sphere(3 * D_A, 3 * D_B, times / 3, radius=R, r_core=0.5 * R, n_cells=100)
        np.testing.assert_allclose(faster.N_A, base.N_A, rtol=0, atol=1e-12)


# ----------------------------------------------------------------------- signs and fluxes


@pytest.mark.parametrize("fast_core", [True, False])
def test_vacancies_flow_into_a_core_of_the_faster_species(fast_core):
    R = 40 * NM
    D_A, D_B = (10 * D, D) if fast_core else (D, 10 * D)
    times = np.array([1e2, 1e3, 3e3])  # sqrt(D_A t) up to 17 nm: far from homogeneous
    res = simulate_sphere(D_A, D_B, times, radius=R, r_core=0.5 * R)  # core of A
    sign = -1.0 if fast_core else 1.0
    i = np.argmin(np.abs(res.faces - res.r_core))  # the face at the initial interface
    v = res.lattice_velocity()
    assert np.all(sign * v[:, i] > 0)  # fast core: v < 0, the lattice moves inward
    J_A, J_B = res.intrinsic_fluxes(C=2.0)
    assert np.all(J_A[:, i] > 0) and np.all(J_B[:, i] < 0)  # A out, B in
    np.testing.assert_allclose(res.vacancy_flux(C=2.0), -(J_A + J_B), rtol=1e-14, atol=0)
    np.testing.assert_allclose(res.vacancy_flux(C=2.0), 2.0 * v, rtol=1e-14, atol=0)
    # marker shell and the vacancy volume crossing r_core: both say "into the core" for a fast core
    assert np.all(sign * (res.core_marker - res.r_core) > 0)
    for measure in ("marker", "interface"):
        assert np.all(-sign * res.void_volume(measure) > 0)
    assert np.all(np.diff(-sign * res.void_volume("marker")) > 0)
    # early on (a thin diffusion zone) vacancies pile up (inflow > 0) on the fast species' side of the
    # marker shell and are made (inflow < 0) on the slow side, as in the planar couple
    q = res.vacancy_inflow_rate()[0]
    sinks, sources = np.maximum(q, 0) * res.volumes, np.maximum(-q, 0) * res.volumes
    sink_centre, source_centre = sinks @ res.r / sinks.sum(), sources @ res.r / sources.sum()
    assert sign * (sink_centre - res.core_marker[0]) > 0 > sign * (source_centre - res.core_marker[0])
    np.testing.assert_array_equal(res.vacancy_inflow_rate(), -res.vacancy_source_rate())
    assert np.all(res.void_volume("sinks") >= 0)


def test_planar_limit_reproduces_the_couple_marker_shift_and_interface_vacancy_flow():
    """While sqrt(D t) << r_core the interface is flat: r_K - r_core -> x_K of the planar couple."""
    D_A, D_B = 5 * D, D
    R, r_core, t = 400 * NM, 200 * NM, 400.0  # sqrt(D_A t) = 4.5 nm
    res = simulate_sphere(D_A, D_B, [t], radius=R, r_core=r_core, n_cells=4000)
    planar = self_similar_solution(D_A, D_B)  # A on the left = the core
    x_K = planar.marker_position(t)
    assert x_K < 0
    assert res.core_marker[0] - r_core == pytest.approx(x_K, rel=0.01)
    # vacancies through the fixed interface: the planar flux J'_V/C = v_K(0, t) integrated, 2 t v_K(0, t)
    per_area = res.void_volume("interface")[0] / (4 * np.pi * r_core**2)
    assert per_area == pytest.approx(-2 * t * planar.kirkendall_velocity(0.0, t), rel=0.02)


def test_hollowing_of_a_fast_core_stays_below_the_core_and_grows_with_D_ratio():
    """The void is smaller than the original core (inward flow of the shell species; Yin et al.,
    Adv. Funct. Mater. 16 (2006) 1389: final voids smaller than the original Co nanocrystals)."""
    R = 20 * NM
    t_end = 5 * R * R / D
    times = np.geomspace(t_end * 1e-4, t_end, 20)
    fractions = []
    for ratio in (3.0, 10.0, 100.0):
        res = simulate_sphere(ratio * D, D, times, radius=R, r_core=0.6 * R)
        r_void = res.void_radius()
        assert np.all(np.diff(r_void) >= -1e-6 * R) and np.all(r_void < res.r_core)
        fractions.append(res.void_fraction()[-1])
    assert np.all(np.diff(fractions) > 0)
    assert fractions[-1] < 0.6**3
    # an immobile shell species (D_B = 0): every A atom leaves the core, which becomes the void
    res = simulate_sphere(D, 0.0, times, radius=R, r_core=0.6 * R)
    assert res.void_radius()[-1] == pytest.approx(res.r_core, rel=0.01)
    np.testing.assert_allclose(res.N_A[-1], 0.6**3, atol=1e-6)


def test_void_radius_formula():
    assert void_radius(4 * np.pi / 3 * 1e-24) == pytest.approx(1e-8, rel=1e-14)
    np.testing.assert_allclose(void_radius([0.0, 4 * np.pi / 3 * 8.0]), [0.0, 2.0], rtol=1e-14)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("kwargs, match", [
    (dict(radius=0.0), "radius"),
    (dict(radius=-1e-8), "radius"),
    (dict(r_core=0.0), "r_core"),
    (dict(r_core=2e-8), "r_core"),
    (dict(N_core=1.2), "N_core"),
    (dict(N_shell=-0.1), "N_shell"),
    (dict(n_cells=5), "n_cells"),
    (dict(n_cells=20.0), "n_cells"),
    (dict(n_steps=1), "n_steps"),
    (dict(surface=1.5), "surface"),
    (dict(markers=[3e-8]), "markers"),
    (dict(t=[10.0, 5.0]), "t"),
    (dict(t=-1.0), "t"),
    (dict(D_A=-1e-20), "D_A"),
    (dict(D_B=lambda N: -1e-20 + 0 * N), "D_B"),
])
def test_bad_input_raises_a_value_error_naming_the_parameter(kwargs, match):
    args = dict(D_A=1e-20, D_B=1e-21, t=[1.0, 10.0], radius=2e-8, r_core=1e-8)
    args.update(kwargs)
    D_A, D_B, t = args.pop("D_A"), args.pop("D_B"), args.pop("t")
    with pytest.raises(ValueError, match=match):
        simulate_sphere(D_A, D_B, t, **args)


def test_bad_input_to_helpers():
    res = simulate_sphere(1e-20, 1e-21, [1.0], radius=2e-8, r_core=1e-8, n_cells=20)
    with pytest.raises(ValueError, match="measure"):
        res.void_volume("bubbles")
    with pytest.raises(ValueError, match="r must lie"):
        res.vacancy_volume_inward(3e-8)
    with pytest.raises(ValueError, match="C"):
        res.vacancy_flux(C=0.0)
    with pytest.raises(ValueError, match="volume"):
        void_radius(-1.0)
    with pytest.raises(ValueError, match="r is a radius"):
        sphere_in_infinite_medium(-1.0, 1.0, a=1.0, D=1.0)
    for kwargs, name in ((dict(a=0.0, D=1.0), "a"), (dict(a=1.0, D=0.0), "D")):
        with pytest.raises(ValueError, match=name):
            sphere_in_infinite_medium(0.5, 1.0, **kwargs)
    with pytest.raises(ValueError, match="t must"):
        sphere_in_infinite_medium(0.5, 0.0, a=1.0, D=1.0)


# ---------------------------------------------------------------------------- hollowing time


def test_hollowing_time_matches_a_direct_run_and_scales_as_r_squared_over_d():
    R, D_A, D_B = 10 * NM, D, D / 10
    t_half = hollowing_time(D_A, D_B, radius=R, r_core=0.7 * R)
    # an independent reading: a run on a denser time grid, the half-volume time by interpolation
    times = np.r_[0.0, np.geomspace(1e-4, 2e3, 400)] * R * R / D_A
    run = simulate_sphere(D_A, D_B, times, radius=R, r_core=0.7 * R, n_cells=200)
    volume = run.void_volume()
    direct = float(np.interp(0.5 * volume[-1], volume, times))
    assert t_half == pytest.approx(direct, rel=0.01)
    assert t_half * D_A / R**2 == pytest.approx(0.0216, rel=0.02)  # lecture 06, both particle sizes
    assert hollowing_time(D_A, D_B, radius=2 * R, r_core=1.4 * R) == pytest.approx(4 * t_half, rel=1e-6)
    assert hollowing_time(10 * D_A, 10 * D_B, radius=R, r_core=0.7 * R) == pytest.approx(t_half / 10, rel=1e-6)
    stages = [hollowing_time(D_A, D_B, radius=R, r_core=0.7 * R, fraction=f) for f in (0.1, 0.5, 0.9, 0.99)]
    assert stages == sorted(stages) and stages[0] < t_half < stages[2]


@pytest.mark.parametrize("kwargs, match", [
    (dict(D_A=1e-21, D_B=1e-20), "D_A must exceed D_B"),
    (dict(D_A=1e-20, D_B=-1e-21), "D_B"),
    (dict(D_A=1e-20, D_B=1e-21, fraction=0.0), "fraction"),
    (dict(D_A=1e-20, D_B=1e-21, fraction=1.0), "fraction"),
    (dict(D_A=1e-20, D_B=1e-21, radius=-1e-8), "radius"),
])
def test_hollowing_time_rejects_bad_input(kwargs, match):
    args = dict(radius=10 * NM, r_core=7 * NM) | kwargs
    with pytest.raises(ValueError, match=match):
        hollowing_time(**args)


def test_first_crossing_interpolates_and_says_never():
    t = np.array([0.0, 1.0, 2.0, 3.0])
    assert first_crossing(t, [0.0, 0.2, 0.6, 1.0], 0.4) == pytest.approx(1.5)
    assert first_crossing(t, [0.5, 0.6, 0.7, 0.8], 0.1) == 0.0
    assert np.isnan(first_crossing(t, [0.0, 0.1, 0.2, 0.3], 0.5))
    assert first_crossing(t, [0.0, 1.0, 0.5, 1.0], 0.75) == pytest.approx(0.75)  # the first time, not a later one
