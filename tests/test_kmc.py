"""Tests of diffkit.kmc: the correlation factor by kinetic Monte Carlo and the 2D vacancy walk."""

import math
import re
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diffkit import kmc
from diffkit.kinetics import COORDINATION, CORRELATION_FACTORS

LATTICES_2D = ["square", "triangular", "honeycomb"]


@pytest.fixture(scope="module")
def default_results():
    """correlation_factor for all seven lattices with the default arguments (about 2 s)."""
    started = time.perf_counter()
    results = {lattice: kmc.correlation_factor(lattice) for lattice in kmc.LATTICES}
    return results, time.perf_counter() - started


# --- lattices ----------------------------------------------------------------------------

def test_lattices_are_those_of_kinetics():
    assert set(kmc.LATTICES) == set(CORRELATION_FACTORS)
    assert set(kmc.WALK_LATTICES) == set(LATTICES_2D)


@pytest.mark.parametrize("lattice", kmc.LATTICES)
def test_neighbour_tables_are_the_lattice(lattice):
    box = kmc._periodic_box(lattice, 5)
    z = COORDINATION[lattice]
    assert box.neighbours.shape == (box.n_sites, z)
    assert np.allclose(np.linalg.norm(box.bond_vectors, axis=-1), 1.0)  # jump length a = 1
    # each neighbour sits at site + bond vector, up to a whole box vector
    offset = box.positions[box.neighbours] - box.positions[:, None, :] - box.bond_vectors[box.sublattice]
    in_box_units = offset @ np.linalg.inv(box.box)
    assert np.allclose(in_box_units, np.round(in_box_units), atol=1e-9)
    # z distinct neighbours, and neighbourhood is mutual
    assert all(len(set(row)) == z for row in box.neighbours.tolist())
    pairs = {(i, j) for i, row in enumerate(box.neighbours.tolist()) for j in row}
    assert all((j, i) in pairs for i, j in pairs)
    # no site is a nearest neighbour that the table misses
    separation = box.positions[None, :, :] - box.positions[:, None, :]
    distance = np.linalg.norm(_minimum_image(separation, box.box), axis=-1)
    assert np.array_equal(np.sort(np.flatnonzero(np.isclose(distance[0], 1.0))), np.sort(box.neighbours[0]))


@pytest.mark.parametrize("lattice", ["honeycomb", "diamond"])
def test_two_sublattice_lattices_alternate(lattice):
    box = kmc._periodic_box(lattice, 4)
    assert np.all(box.sublattice[box.neighbours] != box.sublattice[:, None])
    assert np.allclose(box.bond_vectors[1], -box.bond_vectors[0])


# --- the correlation factor ------------------------------------------------------------------

@pytest.mark.parametrize("lattice", kmc.LATTICES)
def test_estimate_matches_exact_f0(default_results, lattice):
    result = default_results[0][lattice]
    f0 = CORRELATION_FACTORS[lattice]
    assert result.exact == f0
    assert abs(result.f / f0 - 1.0) < 0.005
    assert abs(result.f - f0) < 3.0 * result.stderr
    assert result.stderr < 0.0015 * f0  # the defaults are meant to give about 0.1 %


def test_all_seven_lattices_are_fast(default_results):
    results, wall = default_results
    assert wall < 10.0
    assert sum(r.n_jumps for r in results.values()) / wall > 1e7


def test_estimates_keep_the_order_of_the_lattices(default_results):
    results = default_results[0]
    by_estimate = sorted(results, key=lambda lattice: results[lattice].f)
    assert by_estimate == sorted(CORRELATION_FACTORS, key=CORRELATION_FACTORS.get)
    assert by_estimate[0] == "honeycomb" and by_estimate[-1] == "fcc"


def test_result_bookkeeping_and_summary(default_results):
    result = default_results[0]["fcc"]
    assert result.lattice == "fcc"
    assert result.n_jumps == result.n_boxes * result.n_steps
    assert result.n_steps == kmc.DEFAULT_STEPS[3]
    assert result.n_sites == result.size**3
    assert result.elapsed > 0 and result.jumps_per_second > 1e7
    assert abs(result.f - (1 + result.mean_cos) / (1 - result.mean_cos)) < 1e-12
    assert re.fullmatch(r"fcc: f = 0\.78\d\d ± 0\.00\d\d \(exact 0\.78145\)", result.summary())
    assert repr(result) == str(result) == result.summary()


def test_same_seed_same_result_other_seed_other_result():
    a = kmc.correlation_factor("square", n_jumps=2e6, seed=7)
    b = kmc.correlation_factor("square", n_jumps=2e6, seed=7)
    c = kmc.correlation_factor("square", n_jumps=2e6, seed=8)
    assert (a.f, a.stderr, a.f_truncated) == (b.f, b.stderr, b.f_truncated)
    assert c.f != a.f
    assert abs(c.f - a.f) < 5 * math.hypot(a.stderr, c.stderr)


@pytest.mark.parametrize("lattice", kmc.LATTICES)
def test_run_length_and_box_leave_no_bias(lattice):
    """Exact expectation of the estimator with the default walk length and box."""
    f, f_truncated = kmc._expected_encounter_estimate(lattice)
    f0 = CORRELATION_FACTORS[lattice]
    assert abs(f / f0 - 1.0) < 5e-5
    # without the extrapolation the 2D estimate would be visibly high
    assert f_truncated / f0 - 1.0 > (2e-3 if lattice in LATTICES_2D else 1e-4)


@pytest.mark.parametrize("lattice", ["square", "honeycomb", "diamond", "fcc"])
def test_truncation_error_falls_as_t_to_minus_d_over_2(lattice):
    f0 = CORRELATION_FACTORS[lattice]
    d = 2 if lattice in LATTICES_2D else 3
    error = [kmc._expected_encounter_estimate(lattice, n_steps=t)[1] - f0 for t in (128, 256)]
    assert error[0] / error[1] == pytest.approx(2 ** (d / 2), rel=0.02)


def test_default_box_is_large_enough():
    """Doubling the box does not change the estimator's expectation."""
    assert kmc._expected_encounter_estimate("square", size=128)[0] == pytest.approx(
        kmc._expected_encounter_estimate("square")[0], rel=1e-7)


def test_simulation_agrees_with_its_exact_expectation():
    result = kmc.correlation_factor("triangular", n_jumps=1e7, seed=3, n_steps=64)
    expected, expected_truncated = kmc._expected_encounter_estimate("triangular", n_steps=64)
    assert abs(result.f - expected) < 3 * result.stderr
    assert abs(result.f_truncated - expected_truncated) < 3 * result.stderr


# --- the finite box --------------------------------------------------------------------------

@pytest.mark.parametrize("size", [4, 5, 8])
def test_finite_box_closed_forms(size):
    m = 2 * size**2
    expected = (0.5 + 1 / m) / (1.5 - 1 / m)
    assert kmc.finite_box_correlation_factor("honeycomb", size) == pytest.approx(expected, rel=1e-9)
    m = 2 * size**3
    assert kmc.finite_box_correlation_factor("diamond", size) == pytest.approx((1 + 1 / m) / (2 - 1 / m), rel=1e-9)


@pytest.mark.parametrize("lattice, size", [("square", 24), ("triangular", 24), ("sc", 12), ("bcc", 12),
                                           ("fcc", 12)])
def test_finite_box_bias_is_positive_and_about_one_over_m(lattice, size):
    f0 = CORRELATION_FACTORS[lattice]
    n_sites = kmc._periodic_box(lattice, size).n_sites
    excess = (kmc.finite_box_correlation_factor(lattice, size) / f0 - 1.0) * n_sites
    assert (2.0 < excess < 2.8) if lattice in LATTICES_2D else (1.3 < excess < 1.5)


def test_small_box_simulation_gives_the_finite_box_value():
    f_box = kmc.finite_box_correlation_factor("honeycomb", 4)  # 32 sites: 8.5 % above f0
    result = kmc.correlation_factor("honeycomb", n_jumps=1e7, seed=1, n_steps=512, size=4)
    assert abs(result.f - f_box) < 3 * result.stderr
    assert result.f - CORRELATION_FACTORS["honeycomb"] > 10 * result.stderr


# --- the vacancy walk --------------------------------------------------------------------------

def _minimum_image(vectors, box):
    fractional = vectors @ np.linalg.inv(box)
    return (fractional - np.round(fractional)) @ box


def _check_walk(walk):
    n = walk.n_steps
    for name in ("vacancy", "tracer", "vacancy_unwrapped", "tracer_unwrapped"):
        assert getattr(walk, name).shape == (n + 1, 2)
    # wrapped positions are sites; unwrapped ones differ by whole box vectors
    assert np.isin(_site_index(walk, walk.vacancy), np.arange(walk.n_sites)).all()
    for wrapped, unwrapped in ((walk.vacancy, walk.vacancy_unwrapped), (walk.tracer, walk.tracer_unwrapped)):
        assert np.allclose(_minimum_image(unwrapped - wrapped, walk.box), 0.0, atol=1e-9)
    # the vacancy starts next to the tracer and every step moves it by one jump length
    assert np.linalg.norm(_minimum_image(walk.vacancy[0] - walk.tracer[0], walk.box)) == pytest.approx(1.0)
    assert np.allclose(np.linalg.norm(np.diff(walk.vacancy_unwrapped, axis=0), axis=1), 1.0)
    assert not np.any(np.all(np.isclose(walk.vacancy, walk.tracer), axis=1))
    # the tracer moves exactly at its jump steps, by one jump length, swapping places with the vacancy
    tracer_step = np.linalg.norm(np.diff(walk.tracer_unwrapped, axis=0), axis=1)
    moved = np.flatnonzero(tracer_step > 0) + 1
    assert np.array_equal(moved, walk.tracer_jump_steps)
    assert np.allclose(tracer_step[moved - 1], 1.0)
    assert np.allclose(walk.tracer[moved], walk.vacancy[moved - 1])
    assert np.allclose(walk.vacancy[moved], walk.tracer[moved - 1])
    still = np.setdiff1d(np.arange(1, n + 1), moved)
    assert np.allclose(walk.tracer[still], walk.tracer[still - 1])
    # back-jumps: a tracer jump that is the exact reverse of the previous one
    jumps = walk.tracer_unwrapped[moved] - walk.tracer_unwrapped[moved - 1]
    assert walk.back_jumps.shape == (max(len(moved) - 1, 0),)
    assert np.array_equal(walk.back_jumps, np.all(np.isclose(jumps[1:], -jumps[:-1]), axis=1))


def _site_index(walk, positions):
    distance = np.linalg.norm(positions[:, None, :] - walk.sites[None, :, :], axis=-1)
    assert np.allclose(distance.min(axis=1), 0.0, atol=1e-9)
    return distance.argmin(axis=1)


@pytest.mark.parametrize("lattice", LATTICES_2D)
def test_vacancy_walk_shapes_and_rules(lattice):
    walk = kmc.vacancy_walk(lattice, n_steps=3000, size=6, seed=2)
    cells = 6 * 6
    assert walk.lattice == lattice and walk.size == 6
    assert walk.sites.shape == ((2 if lattice == "honeycomb" else 1) * cells, 2)
    assert walk.box.shape == (2, 2)
    assert len(walk.tracer_jump_steps) > 20
    _check_walk(walk)


@settings(max_examples=30, deadline=None)
@given(lattice=st.sampled_from(LATTICES_2D), size=st.integers(4, 9), n_steps=st.integers(1, 300),
       seed=st.integers(0, 2**32 - 1))
def test_vacancy_walk_rules_hold_for_any_walk(lattice, size, n_steps, seed):
    _check_walk(kmc.vacancy_walk(lattice, n_steps=n_steps, size=size, seed=seed))


def test_vacancy_walk_is_reproducible():
    a = kmc.vacancy_walk("triangular", 500, seed=4)
    b = kmc.vacancy_walk("triangular", 500, seed=4)
    c = kmc.vacancy_walk("triangular", 500, seed=5)
    assert np.array_equal(a.vacancy, b.vacancy) and np.array_equal(a.tracer_unwrapped, b.tracer_unwrapped)
    assert not np.array_equal(a.vacancy, c.vacancy)


def test_vacancy_walk_is_fast_enough_to_animate():
    fastest = min(_timed(lambda: kmc.vacancy_walk("honeycomb", n_steps=5000, size=8, seed=s)) for s in range(3))
    assert fastest < 0.05


def _timed(call):
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


@pytest.mark.parametrize("lattice", LATTICES_2D)
def test_back_jump_fraction_is_two_over_z(lattice):
    walk = kmc.vacancy_walk(lattice, n_steps=200_000, size=8, seed=11)
    z = COORDINATION[lattice]
    expected = walk.expected_back_jump_fraction
    assert expected == pytest.approx(2 / z * (1 - 1 / walk.n_sites))
    n = walk.back_jumps.size
    assert n > 1000
    assert abs(walk.back_jump_fraction - expected) < 5 * math.sqrt(expected * (1 - expected) / n)
    assert walk.back_jump_fraction > 1.5 / z  # far above the naive 1/z


def test_back_jump_fraction_needs_two_tracer_jumps():
    walk = kmc.vacancy_walk("square", n_steps=1, size=8, seed=0)
    assert walk.back_jumps.size == 0
    assert math.isnan(walk.back_jump_fraction)
    assert "VacancyWalk(square" in repr(walk)


def test_vacancy_is_a_random_walker_and_the_tracer_is_not():
    """<R²>/(n a²) over many walks: 1 for the vacancy, the finite-box f for the tracer."""
    size, n_steps, n_walks = 6, 2000, 300
    walks = [kmc.vacancy_walk("square", n_steps=n_steps, size=size, seed=s) for s in range(n_walks)]
    vacancy = np.array([np.sum((w.vacancy_unwrapped[-1] - w.vacancy_unwrapped[0]) ** 2) for w in walks]) / n_steps
    assert abs(vacancy.mean() - 1.0) < 4 * vacancy.std(ddof=1) / math.sqrt(n_walks)

    r2 = np.array([np.sum((w.tracer_unwrapped[-1] - w.tracer_unwrapped[0]) ** 2) for w in walks])
    jumps = np.array([len(w.tracer_jump_steps) for w in walks])
    f = r2.sum() / jumps.sum()
    stderr = math.sqrt(np.sum((r2 - f * jumps) ** 2) / (n_walks - 1) / n_walks) / jumps.mean()  # ratio estimator
    assert abs(f - kmc.finite_box_correlation_factor("square", size)) < 4 * stderr
    assert f < 0.7


# --- bad input -------------------------------------------------------------------------------

def test_unknown_lattice_lists_the_lattices():
    listed = "lattice must be one of square, triangular, honeycomb, sc, bcc, fcc, diamond; got 'hcp'"
    with pytest.raises(ValueError, match=listed):
        kmc.correlation_factor("hcp")
    with pytest.raises(ValueError, match="lattice must be one of square, triangular, honeycomb; got 'fcc'"):
        kmc.vacancy_walk("fcc")
    with pytest.raises(ValueError, match="lattice must be one of"):
        kmc.finite_box_correlation_factor("kagome", 8)


def test_lattice_names_are_case_insensitive():
    assert kmc.vacancy_walk(" Square ", n_steps=5).lattice == "square"


@pytest.mark.parametrize("n_jumps", [0, -5, 2.5, True, "many", float("nan"), 200])
def test_bad_n_jumps(n_jumps):
    with pytest.raises(ValueError, match="n_jumps must be"):
        kmc.correlation_factor("fcc", n_jumps=n_jumps)


def test_bad_n_steps_and_size():
    with pytest.raises(ValueError, match="n_steps must be an integer >= 16"):
        kmc.correlation_factor("fcc", n_jumps=1e5, n_steps=8)
    with pytest.raises(ValueError, match="size must be an integer >= 4"):
        kmc.correlation_factor("fcc", n_jumps=1e5, size=3)
    with pytest.raises(ValueError, match="size must be an integer >= 4"):
        kmc.finite_box_correlation_factor("square", 2)
    with pytest.raises(ValueError, match="size must be an integer >= 4"):
        kmc.vacancy_walk("square", size=3)
    with pytest.raises(ValueError, match="n_steps must be an integer >= 1"):
        kmc.vacancy_walk("square", n_steps=0)


def test_integral_floats_are_accepted():
    result = kmc.correlation_factor("sc", n_jumps=1e5, n_steps=32.0, size=8.0)
    assert (result.n_jumps, result.n_steps, result.size) == (100_000 - 100_000 % 32, 32, 8)
