"""The diffusion-couple solver against exact solutions, conservation and convergence."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.special import erfc

from diffkit.couple import boltzmann_reference, self_similar_solution, simulate_couple

D = 1e-14  # m^2/s
HOURS = np.array([1.0, 4.0, 10.0]) * 3600.0


def semi_infinite_length(D_max, t_max, half_widths=10.0):
    """A couple long enough that diffusion does not reach its ends by t_max."""
    return 2 * half_widths * np.sqrt(D_max * t_max)


def slope_at(result, k, x):
    """dN_A/dx of output k at position x, from the face differences of the profile."""
    faces = result.x[1:] - result.dx / 2
    return np.interp(x, faces, np.diff(result.N_A[k]) / result.dx)


# --------------------------------------------------------------------- exact solutions


@pytest.mark.parametrize("method", ["auto", "steps"])
def test_equal_diffusivities_give_the_erfc_profile_and_a_still_marker(method):
    L = semi_infinite_length(D, HOURS[-1])
    res = simulate_couple(D, D, HOURS, length=L)  # default 400 cells
    if method == "steps":
        res = simulate_couple(D, D, HOURS, length=L, method="steps")
    exact = 0.5 * erfc(res.x / (2 * np.sqrt(D * HOURS[:, None])))
    # the first output spans only ~13 cells over its 2 sqrt(Dt); the steps path is first order there
    tol = 1e-3 if method == "auto" else 2e-3
    assert np.abs(res.N_A - exact).max() < tol
    assert np.abs(res.markers).max() < 1e-9 * np.sqrt(D * HOURS[0])
    assert np.abs(res.v_K).max() == 0.0


def test_erfc_accuracy_is_not_trivially_met():
    """A wrong diffusivity (10 % off) must fail the same 1e-3 check."""
    L = semi_infinite_length(D, HOURS[-1])
    res = simulate_couple(1.1 * D, 1.1 * D, HOURS, length=L)
    exact = 0.5 * erfc(res.x / (2 * np.sqrt(D * HOURS[:, None])))
    assert np.abs(res.N_A - exact).max() > 1e-2


@pytest.mark.parametrize("ratio", [5.0, 0.2, 20.0])
def test_interface_marker_moves_as_k_sqrt_t_toward_the_faster_species(ratio):
    D_A, D_B = ratio * D, D
    t = HOURS
    L = semi_infinite_length(max(D_A, D_B), t[-1])
    res = simulate_couple(D_A, D_B, t, length=L, n_cells=800)
    x_K = res.markers[:, 0]
    k = x_K / np.sqrt(t)
    np.testing.assert_allclose(k, k[0], rtol=1e-3)  # parabolic law
    # A on the left: faster A -> markers move left (toward A); faster B -> right
    assert np.sign(k[0]) == (-1.0 if D_A > D_B else 1.0)
    # Boltzmann similarity condition at the Kirkendall plane, from the computed profile
    for i, ti in enumerate(t):
        lam_K = x_K[i] / np.sqrt(ti)
        condition = 2 * (D_A - D_B) * slope_at(res, i, x_K[i]) * np.sqrt(ti)
        assert lam_K == pytest.approx(condition, rel=1e-2)
    # an independent reference (collocation of the Boltzmann ODE)
    _, lam_K_ref = boltzmann_reference(D_A, D_B)
    assert k[0] == pytest.approx(lam_K_ref, rel=1e-2)


def test_profile_matches_the_collocation_reference_for_composition_dependent_D():
    D_A = lambda N: 2e-14 * np.exp(-3.0 * N)  # noqa: E731
    D_B = lambda N: 1e-15 * np.exp(1.5 * N)  # noqa: E731
    t = 3600.0
    ref, lam_K = boltzmann_reference(D_A, D_B)
    res = simulate_couple(D_A, D_B, t, length=semi_infinite_length(2e-14, t), n_cells=800)
    err = np.abs(res.N_A[0] - ref(res.x / np.sqrt(t))).max()
    assert err < 2e-4
    assert res.markers[0, 0] / np.sqrt(t) == pytest.approx(lam_K, rel=2e-3)


def test_second_order_convergence_in_space():
    D_A, D_B = 20 * D, D  # D~ varies 20x across the couple
    t = 3600.0
    ref, _ = boltzmann_reference(D_A, D_B, tol=1e-11)
    L = semi_infinite_length(D_A, t)
    cells = [200, 400, 800, 1600]
    errors = []
    for n in cells:
        res = simulate_couple(D_A, D_B, t, length=L, n_cells=n)
        # compare cell averages with cell averages of the reference (Simpson over each cell)
        h = res.dx
        exact = (ref((res.x - h / 2) / np.sqrt(t)) + 4 * ref(res.x / np.sqrt(t))
                 + ref((res.x + h / 2) / np.sqrt(t))) / 6
        errors.append(np.abs(res.N_A[0] - exact).max())
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    # pre-asymptotic on the coarsest grid, then the order settles at 2
    assert np.all(orders > 1.75), (errors, orders)
    assert 1.9 < orders[-1] < 2.2, (errors, orders)


# ------------------------------------------------------------------------ conservation


@pytest.mark.parametrize("method", ["auto", "steps"])
def test_atoms_are_conserved_in_a_finite_couple_until_it_homogenises(method):
    D_A = lambda N: 1e-14 * (1 + 9 * N)  # noqa: E731
    D_B = 2e-15
    L = 2e-5
    t = np.geomspace(10.0, 3e5, 12)
    res = simulate_couple(D_A, D_B, t, length=L, n_cells=200, N_left=0.9, N_right=0.1,
                          markers=np.linspace(-8e-6, 8e-6, 9), method=method)
    atoms = res.atoms_A()
    assert np.abs(atoms / (0.5 * L) - 1.0).max() < 1e-10  # initial A: 0.9 L/2 + 0.1 L/2
    # at the end the couple is nearly uniform and the lattice has almost stopped
    assert np.ptp(res.N_A[-1]) < 5e-3
    assert np.abs(res.v_K[-1]).max() < 1e-2 * np.abs(res.v_K[0]).max()
    if method == "auto":
        assert res.method == "similarity+steps"


def test_time_stepping_agrees_with_the_similarity_solve():
    D_A, D_B = 10 * D, D
    t = np.array([3600.0, 36000.0])
    L = semi_infinite_length(D_A, t[-1])
    a = simulate_couple(D_A, D_B, t, length=L, n_cells=800, method="similarity")
    b = simulate_couple(D_A, D_B, t, length=L, n_cells=800, method="steps")
    assert np.abs(a.N_A - b.N_A).max() < 1e-3
    np.testing.assert_allclose(b.markers[-1], a.markers[-1], rtol=2e-2)


def test_a_row_of_markers_agrees_between_the_similarity_flow_and_time_stepping():
    D_A, D_B = 5 * D, D
    t = np.array([3600.0, 36000.0])
    L = semi_infinite_length(D_A, t[-1])
    x0 = np.linspace(-12e-6, 12e-6, 13)
    a = simulate_couple(D_A, D_B, t, length=L, n_cells=1600, markers=x0, method="similarity")
    b = simulate_couple(D_A, D_B, t, length=L, n_cells=1600, markers=x0, method="steps")
    shift_a, shift_b = a.marker_shift(), b.marker_shift()
    assert np.abs(shift_a - shift_b).max() < 2e-2 * np.abs(shift_a).max()
    assert np.abs(shift_a).max() > 1e-6  # the markers really moved (more than a micrometre)


def test_markers_ride_on_the_lattice_velocity():
    D_A, D_B = 8 * D, D
    t = np.linspace(3600.0, 3700.0, 3)
    L = semi_infinite_length(D_A, t[-1])
    rows = np.linspace(-3e-6, 3e-6, 7)
    res = simulate_couple(D_A, D_B, t, length=L, n_cells=1600, markers=rows)
    velocity = (res.markers[2] - res.markers[0]) / (t[2] - t[0])
    v_at_markers = np.interp(res.markers[1], res.x, res.v_K[1])
    np.testing.assert_allclose(velocity, v_at_markers, rtol=2e-3, atol=1e-3 * np.abs(v_at_markers).max())
    # every marker moves toward the faster species (A, on the left)
    roundoff = 1e-12 * np.abs(res.v_K).max()
    assert np.all(res.marker_shift()[1:] < 0)
    assert np.all(res.vacancy_flux(C=1.0)[1:] <= roundoff)


def test_self_similar_solution_is_the_solver_profile_rescaled():
    D_A, D_B = 4 * D, D
    sim = self_similar_solution(D_A, D_B)
    for t in (60.0, 3600.0, 1e6):
        L = semi_infinite_length(D_A, t)
        res = simulate_couple(D_A, D_B, t, length=L, n_cells=800)
        assert np.abs(sim.profile(res.x, t) - res.N_A[0]).max() < 1e-3
        assert sim.marker_position(t) == pytest.approx(res.markers[0, 0], rel=1e-3)


def test_self_similar_markers_and_fluxes_match_the_solver():
    D_A, D_B = 6 * D, D
    sim = self_similar_solution(D_A, D_B)
    t = np.array([600.0, 3600.0, 36000.0])
    L = semi_infinite_length(D_A, t[-1])
    x0 = np.linspace(-4e-6, 4e-6, 9)
    res = simulate_couple(D_A, D_B, t, length=L, n_cells=1600, markers=x0)
    np.testing.assert_allclose(sim.marker_positions(x0, t), res.markers, atol=2e-3 * abs(res.markers).max())
    x = np.linspace(-L / 4, L / 4, 201)
    JA, JB = sim.intrinsic_fluxes(x, t[1])
    np.testing.assert_allclose(-(JA + JB), sim.kirkendall_velocity(x, t[1]), atol=1e-12 * abs(JA).max())
    # J'_A/C = -D_A dN_A/dx and v_K = (D_A - D_B) dN_A/dx with the solver's profile
    g = sim.gradient(x, t[1])
    np.testing.assert_allclose(JA, -D_A * g, rtol=1e-12)
    np.testing.assert_allclose(sim.kirkendall_velocity(x, t[1]), (D_A - D_B) * g, rtol=1e-12)
    assert sim.marker_positions(0.0, t[1]) == pytest.approx(sim.marker_position(t[1]))


def test_t_zero_returns_the_initial_step():
    res = simulate_couple(D, 2 * D, [0.0, 100.0], length=1e-5, n_cells=11, N_left=0.8, N_right=0.2)
    assert res.N_A[0, 0] == 0.8 and res.N_A[0, -1] == 0.2
    assert res.N_A[0, 5] == pytest.approx(0.5)  # the middle cell straddles the interface
    assert res.markers[0, 0] == 0.0


# -------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(D_A=-1e-14), "D_A"),
        (dict(D_B=np.nan), "D_B"),
        (dict(D_A=lambda N: -np.ones_like(N)), "D_A"),
        (dict(t=-1.0), "t"),
        (dict(t=[10.0, 5.0]), "t"),
        (dict(length=0.0), "length"),
        (dict(n_cells=3), "n_cells"),
        (dict(n_cells=100.5), "n_cells"),
        (dict(N_left=1.2), "N_left"),
        (dict(N_right=-0.1), "N_right"),
        (dict(markers=[1.0]), "markers"),
        (dict(method="magic"), "method"),
    ],
)
def test_bad_input_raises_a_value_error_naming_the_parameter(kwargs, name):
    args = dict(D_A=1e-14, D_B=1e-15, t=3600.0, length=1e-4)
    args.update(kwargs)
    D_A, D_B, t = args.pop("D_A"), args.pop("D_B"), args.pop("t")
    with pytest.raises(ValueError, match=name):
        simulate_couple(D_A, D_B, t, **args)


def test_a_uniform_couple_has_no_similarity_solution():
    with pytest.raises(ValueError, match="N_left and N_right"):
        self_similar_solution(D, D, N_left=0.3, N_right=0.3)
    res = simulate_couple(D, 2 * D, [10.0, 100.0], length=1e-5, N_left=0.3, N_right=0.3)
    assert res.method == "uniform" and np.all(res.N_A == 0.3) and np.all(res.v_K == 0)


def test_forcing_similarity_on_a_short_couple_is_refused():
    with pytest.raises(ValueError, match="length"):
        simulate_couple(1e-14, 1e-15, 1e6, length=1e-5, method="similarity")


# ---------------------------------------------------------------- property tests


def diffusivity_functions():
    """Constant or composition-dependent diffusivities, varying up to 100x over composition."""
    constant = st.floats(1e-16, 1e-13).map(lambda d: d)
    varying = st.tuples(st.floats(1e-16, 1e-14), st.floats(-np.log(100), np.log(100))).map(
        lambda p: (lambda N, d=p[0], s=p[1]: d * np.exp(s * np.asarray(N))))
    return st.one_of(constant, varying)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    D_A=diffusivity_functions(),
    D_B=diffusivity_functions(),
    N_left=st.floats(0.0, 1.0),
    N_right=st.floats(0.0, 1.0),
    length_um=st.floats(5.0, 500.0),
    t_end=st.floats(1.0, 1e6),
    n_cells=st.integers(20, 300),
    method=st.sampled_from(["auto", "steps"]),
)
def test_property_bounded_and_conservative(D_A, D_B, N_left, N_right, length_um, t_end, n_cells, method):
    L = length_um * 1e-6
    t = np.array([t_end / 10, t_end])
    res = simulate_couple(D_A, D_B, t, length=L, N_left=N_left, N_right=N_right, n_cells=n_cells,
                          markers=np.linspace(-L / 2, L / 2, 5), method=method)
    lo, hi = min(N_left, N_right), max(N_left, N_right)
    assert res.N_A.min() >= lo - 1e-12 and res.N_A.max() <= hi + 1e-12
    initial = res.dx * (np.floor(n_cells / 2) * N_left + np.floor(n_cells / 2) * N_right
                        + (n_cells % 2) * 0.5 * (N_left + N_right))
    # A atoms conserved to 1e-10 of all the atoms in the couple (C L)
    assert np.abs(res.atoms_A() - initial).max() <= 1e-10 * L
    assert np.all(np.isfinite(res.markers)) and np.all(np.abs(res.markers) <= L / 2)
    assert np.all(np.isfinite(res.v_K))


def test_vacancy_sources_and_sinks_balance_and_sit_on_the_right_sides():
    D_A, D_B = 5 * D, D  # A (left) faster: vacancies flow to the A side and are destroyed there
    t = 36000.0
    L = semi_infinite_length(D_A, t)
    res = simulate_couple(D_A, D_B, t, length=L, n_cells=800)
    sigma = res.vacancy_source_rate()[0]
    # every vacancy made is destroyed somewhere: the integral vanishes (closed, unmoved ends)
    assert abs(sigma.sum() * res.dx) < 1e-9 * np.abs(sigma).sum() * res.dx
    x_K = res.markers[0, 0]
    sink_side = res.x < x_K - 0.5 * np.sqrt(D_A * t)
    source_side = res.x > x_K + 2 * np.sqrt(D_A * t)
    assert sigma[sink_side].sum() < 0 < sigma[source_side].sum()
    # integrating the dilatation rate from the closed left end gives the lattice velocity
    v_from_sigma = np.cumsum(sigma) * res.dx  # at the right face of each cell
    v_faces = 0.5 * (res.v_K[0, 1:] + res.v_K[0, :-1])
    np.testing.assert_allclose(v_from_sigma[:-1], v_faces, atol=1e-12 * np.abs(v_faces).max())
    assert res.vacancy_source_rate(C=2.0)[0] == pytest.approx(2 * sigma)


def test_an_all_nan_array_gets_a_clear_message_not_a_warning():
    with pytest.raises(ValueError, match="no finite values"):
        simulate_couple(1e-14, 1e-14, np.full(6, np.nan), length=1e-5)
