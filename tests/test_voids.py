"""Kirkendall porosity: sign (fast species' side), conservation, (1 - eta), sqrt(t), the marker-shift bound."""

import numpy as np
import pytest

from diffkit.couple import self_similar_solution, simulate_couple
from diffkit.voids import (
    pore_volume_per_area,
    porosity_from_couple,
    porosity_profile,
    self_similar_porosity,
    vacancy_inflow_profile,
    vacancy_inflow_rate,
)

D = 1e-14  # m^2/s
HOUR = 3600.0


@pytest.fixture(scope="module")
def solutions():
    """Infinite couples, A on the left: faster A (5x), faster B (5x), and composition-dependent D."""
    return {
        "fast A": self_similar_solution(5 * D, D),
        "fast B": self_similar_solution(D, 5 * D),
        "D(N)": self_similar_solution(lambda N: 2e-14 * np.exp(-1.5 * N), lambda N: 4e-15 * (1 + 0 * N)),
    }


def geometric_points(centre, left, right, n=40001):
    """Points crowding toward ``centre`` from both sides (for integrals with a jump at centre)."""
    d = np.geomspace(1e-12, 1.0, n)
    return np.sort(centre - d * (centre - left)), np.sort(centre + d * (right - centre))


# --------------------------------------------------------------------- the inflow rate


def test_inflow_is_minus_the_source_rate_and_sums_to_zero_in_a_closed_couple():
    L = 1e-4
    times = np.geomspace(60.0, 10 * L**2 / D, 12)  # well past the ends reaching each other
    res = simulate_couple(5 * D, D, times, length=L, n_cells=200)
    q = vacancy_inflow_rate(res, C=1.4e5)
    np.testing.assert_array_equal(q, -res.vacancy_source_rate(C=1.4e5))
    scale = np.abs(q).max(axis=1) * L
    assert np.all(np.abs(q.sum(axis=1) * res.dx) <= 1e-12 * scale)
    # and from a bare profile, with the same bookkeeping
    q_profile = vacancy_inflow_profile(res.x, res.N_A[3], 5 * D, D, C=1.4e5)
    assert abs(q_profile.sum() * res.dx) <= 1e-12 * np.abs(q_profile).max() * L
    np.testing.assert_allclose(q_profile, q[3], atol=0.05 * np.abs(q[3]).max())


@pytest.mark.parametrize("ratio", [5.0, 0.2])
def test_vacancies_pile_up_on_the_fast_side_of_the_kirkendall_plane(ratio):
    """Constant D: the extremum of v_K is the Kirkendall plane; q > 0 beyond it on the fast side."""
    t = 4 * HOUR
    L = 20 * np.sqrt(max(ratio, 1.0) * D * t)
    res = simulate_couple(ratio * D, D, t, length=L, n_cells=800)
    q = vacancy_inflow_rate(res)[0]
    x_K = res.markers[0, 0]
    fast_side = res.x < x_K if ratio > 1 else res.x > x_K
    margin = np.abs(res.x - x_K) > 2 * res.dx
    big = np.abs(q) > 1e-3 * np.abs(q).max()
    assert np.all(q[fast_side & margin & big] > 0)
    assert np.all(q[~fast_side & margin & big] < 0)


# ------------------------------------------------------------- porosity: where and how much


@pytest.mark.parametrize("name, fast_left", [("fast A", True), ("fast B", False)])
def test_pores_lie_on_the_fast_species_side_of_the_kirkendall_plane(solutions, name, fast_left):
    sol = solutions[name]
    t = 10 * HOUR
    x_K = sol.marker_position(t)
    assert (x_K < 0) == fast_left  # markers move toward the faster species
    half = 15 * np.sqrt(5 * D * t)
    x = np.linspace(-half, half, 6001)
    p = self_similar_porosity(sol, x, t)  # lattice frame: pores ride with the lattice
    fast = x < x_K if fast_left else x > x_K
    assert p.max() > 0
    assert np.all(p[~fast] <= 1e-12 * p.max())  # nothing on the slow side
    centroid = np.sum(p * x) / np.sum(p)
    assert (centroid < x_K) == fast_left
    # counted at fixed lab positions the pores sit on the fast species' side of the initial interface
    p_lab = self_similar_porosity(sol, x, t, frame="lab")
    assert np.all(p_lab[(x > 0) if fast_left else (x < 0)] <= 1e-12 * p_lab.max())
    assert (np.sum(p_lab * x) / np.sum(p_lab) < x_K) == fast_left


@pytest.mark.parametrize("frame", ["lattice", "lab"])
def test_porosity_is_proportional_to_one_minus_eta(solutions, frame):
    sol = solutions["D(N)"]
    t = 2 * HOUR
    x = np.linspace(-3e-5, 3e-5, 501)
    p0 = self_similar_porosity(sol, x, t, eta=0.0, frame=frame)
    p7 = self_similar_porosity(sol, x, t, eta=0.7, frame=frame)
    finite = np.isfinite(p0)
    assert finite.sum() > 490 and p0[finite].max() > 0
    np.testing.assert_allclose(p7[finite], 0.3 * p0[finite], rtol=1e-9, atol=0)
    assert np.all(self_similar_porosity(sol, x, t, eta=1.0, frame=frame) == 0.0)
    assert pore_volume_per_area(sol, t, eta=0.7) == pytest.approx(0.3 * pore_volume_per_area(sol, t), rel=1e-14)


def test_profile_is_self_similar_and_the_total_grows_as_sqrt_t(solutions):
    sol = solutions["fast A"]
    x = np.linspace(-4e-5, 4e-5, 301)
    for frame in ("lattice", "lab"):
        np.testing.assert_allclose(self_similar_porosity(sol, 2 * x, 4 * HOUR, frame=frame),
                                   self_similar_porosity(sol, x, HOUR, frame=frame), rtol=1e-12)
    totals = pore_volume_per_area(sol, np.array([1.0, 4.0, 16.0]) * HOUR)
    np.testing.assert_allclose(totals / totals[0], [1.0, 2.0, 4.0], rtol=1e-12)


@pytest.mark.parametrize("name", ["fast A", "fast B", "D(N)"])
def test_total_pore_volume_is_frame_independent_and_bounded_by_the_marker_shift(solutions, name):
    """int p dx = (1 - eta) Omega int int max(0, q) dx dt in either frame; = (1 - eta)|x_K| for constant D."""
    sol = solutions[name]
    t, eta = 3 * HOUR, 0.2
    total = pore_volume_per_area(sol, t, eta=eta)
    x_K = sol.marker_position(t)
    half = 30 * np.sqrt(2e-14 * t) if name == "D(N)" else 30 * np.sqrt(5 * D * t)
    for frame, centre in (("lattice", x_K), ("lab", 0.0)):
        left, right = geometric_points(centre, -half, half)
        integral = sum(np.trapezoid(self_similar_porosity(sol, xs, t, eta=eta, frame=frame), xs)
                       for xs in (left, right))
        assert integral == pytest.approx(total, rel=1e-5)
    if name == "D(N)":
        assert total >= (1 - eta) * abs(x_K) * (1 - 1e-3)
    else:
        assert total == pytest.approx((1 - eta) * abs(x_K), rel=2e-4)


def test_time_integration_agrees_with_the_exact_self_similar_integration(solutions):
    t = np.geomspace(0.01, 1.0, 41) * 4 * HOUR
    L = 20 * np.sqrt(5 * D * t[-1])
    exact_run = simulate_couple(5 * D, D, t, length=L, n_cells=400)  # similarity: exact in x/sqrt(t)
    stepped_run = simulate_couple(5 * D, D, t, length=L, n_cells=400, method="steps")
    assert exact_run.method == "similarity" and stepped_run.method == "steps"
    exact_total = pore_volume_per_area(solutions["fast A"], t[-1], eta=0.5)
    width = np.sqrt(5 * D * t[-1])
    for frame in ("lattice", "lab"):
        exact = porosity_from_couple(exact_run, eta=0.5, frame=frame)
        stepped = porosity_from_couple(stepped_run, eta=0.5, frame=frame)
        assert exact.method == "similarity" and stepped.method == "steps"
        # on 400 cells: 0.1 % (similarity) and 1 % (time integration from a coarse first output)
        assert exact.pore_volume[-1] == pytest.approx(exact_total, rel=2e-3)
        assert stepped.pore_volume[-1] == pytest.approx(exact_total, rel=1.5e-2)
        # sqrt(t) growth from the time integration itself
        ratio = stepped.pore_volume / np.sqrt(t)
        np.testing.assert_allclose(ratio[20:], ratio[-1], rtol=0.025)
        # the pores sit in the same place, and the profile holds the pore volume
        assert abs(stepped.centroid()[-1] - exact.centroid()[-1]) < 0.03 * width
        assert stepped.p[-1].sum() * stepped_run.dx == pytest.approx(stepped.pore_volume[-1], rel=0.02)
    # the exact path reproduces the marker-shift bound at the last output
    assert exact.pore_volume[-1] == pytest.approx(0.5 * abs(exact_run.markers[-1, 0]), rel=2e-3)


def test_a_finite_couple_stops_making_pores_once_it_is_homogeneous():
    L = 4e-5
    t = np.concatenate([[0.0], np.geomspace(1.0, 20 * L**2 / D, 60)])
    res = simulate_couple(5 * D, D, t, length=L, n_cells=200)
    assert res.method == "similarity+steps"
    por = porosity_from_couple(res, eta=0.9)
    assert por.pore_volume[0] == 0.0 and np.all(np.diff(por.pore_volume) >= 0)
    assert por.pore_volume[-1] == pytest.approx(por.pore_volume[-5], rel=1e-6)  # saturated
    assert np.all(por.p >= 0)


def test_snapshot_of_an_infinite_couple_gives_the_same_porosity(solutions):
    t = 2 * HOUR
    L = 20 * np.sqrt(5 * D * t)
    res = simulate_couple(5 * D, D, t, length=L, n_cells=800)
    snap = porosity_profile(res.x, res.N_A[0], 5 * D, D, t, eta=0.1)
    via_result = porosity_from_couple(res, eta=0.1)
    exact = self_similar_porosity(solutions["fast A"], res.x, t, eta=0.1)
    assert snap.pore_volume[0] == pytest.approx(0.9 * abs(res.markers[0, 0]), rel=1e-3)
    assert via_result.pore_volume[0] == pytest.approx(snap.pore_volume[0], rel=1e-3)
    away = np.abs(res.x - res.markers[0, 0]) > 3 * res.dx  # the jump at the Kirkendall plane
    scale = exact.max()
    for p in (snap.p[0], via_result.p[0]):
        assert np.abs(p - exact)[away].max() < 0.03 * scale


# --------------------------------------------------------------------------- bad input


def test_bad_input_raises_value_errors(solutions):
    sol = solutions["fast A"]
    res = simulate_couple(5 * D, D, [HOUR], length=1e-3, n_cells=50)
    for eta in (-0.1, 1.5, np.nan):
        with pytest.raises(ValueError, match="eta"):
            self_similar_porosity(sol, 0.0, HOUR, eta=eta)
    with pytest.raises(ValueError, match="frame"):
        porosity_from_couple(res, frame="moving")
    with pytest.raises(ValueError, match="t must"):
        self_similar_porosity(sol, 0.0, 0.0)
    with pytest.raises(ValueError, match="t must"):
        pore_volume_per_area(sol, -1.0)
    with pytest.raises(ValueError, match="CoupleResult"):
        porosity_from_couple(sol)
    with pytest.raises(ValueError, match="CoupleResult"):
        vacancy_inflow_rate(np.zeros(3))
    with pytest.raises(ValueError, match="SelfSimilarSolution"):
        self_similar_porosity(res, 0.0, HOUR)
    with pytest.raises(ValueError, match="uniformly spaced"):
        vacancy_inflow_profile([0.0, 1.0, 3.0], [1.0, 0.5, 0.0], D, D)
    with pytest.raises(ValueError, match="N_A"):
        porosity_profile([0.0, 1.0, 2.0], [1.0, 1.5, 0.0], D, D, HOUR)
    with pytest.raises(ValueError, match="D_A"):
        vacancy_inflow_profile([0.0, 1.0, 2.0], [1.0, 0.5, 0.0], -D, D)
    with pytest.raises(ValueError, match="C"):
        vacancy_inflow_rate(res, C=0.0)
    # a stepped finite couple whose first output already feels the ends
    late = simulate_couple(5 * D, D, [10 * HOUR, 20 * HOUR], length=1e-5, n_cells=50)
    with pytest.raises(ValueError, match="first output"):
        porosity_from_couple(late)


def test_self_similar_inflow_matches_the_couple_and_integrates_to_zero():
    from diffkit.couple import self_similar_solution, simulate_couple
    from diffkit.voids import self_similar_inflow, vacancy_inflow_rate

    sim = self_similar_solution(1e-13, 1e-14)
    t = 3600.0
    x = np.linspace(-200e-6, 200e-6, 4001)
    q = self_similar_inflow(sim, x, t)
    assert abs(np.trapezoid(q, x)) < 1e-6 * np.trapezoid(np.abs(q), x)
    x_K = sim.marker_position(t)
    assert np.all(q[x < x_K - 1e-6][-50:] > 0) and q[x > x_K + 1e-6].min() < 0  # piles up on A's (fast) side
    # the same rate from a time-stepped couple (different grid, exact finite-volume divergence)
    res = simulate_couple(1e-13, 1e-14, t, length=400e-6, n_cells=2000)
    q_couple = vacancy_inflow_rate(res)[0]
    np.testing.assert_allclose(self_similar_inflow(sim, res.x, t), q_couple, atol=0.03 * np.abs(q_couple).max())
    # one profile in lambda for every time: q(x, t) = Q(x / sqrt t) / t
    np.testing.assert_allclose(self_similar_inflow(sim, 2 * x, 4 * t), q / 4, rtol=1e-12, atol=0)
