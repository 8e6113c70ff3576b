"""Tests of diffkit.kmc.random_alloy and box_size_study: Manning's random alloy by kinetic Monte Carlo.

The sharp checks are exact results of the model, not Manning's approximation:

- w_A = w_B: A and B are one species with two labels. Every atom is a tracer of self-diffusion
  in a periodic box of M sites with one vacancy, so f_A = f_B = f_M
  (``finite_box_correlation_factor``), the vacancy walk is uncorrelated (f_V = 1), and the
  collective displacements follow from two numbers: per atom ⟨|Δr|²⟩ = f_M a² z w t/(M − 1),
  and, since Σ_i Δr_i = −ΔR_V with ⟨|ΔR_V|²⟩ = a² z w t, every pair of different atoms has
  ⟨Δr_i·Δr_j⟩ = X = a² z w t (1 − f_M)/((M − 1)(M − 2)). Hence L_AB = n_A n_B X/(2d t) > 0
  (not zero: correlation couples the species even when they are the same) and
  r_A = r_B = 1 − X/⟨|Δr|²⟩ = 1 − (1 − f_M)/(f_M (M − 2)), which tends to 1.
- Any w_A, w_B: the sum rule L_AA/w_A + L_AB/w_B = n_A z a²/(2d (M − 1)) (and for B) holds
  exactly, and with it D_A/D_B = w_A/w_B (Belova and Murch 2001).
- Conservation of sites: ΔR_A + ΔR_B = −ΔR_V in every box.
"""

import math
import re
import time

import numpy as np
import pytest

from diffkit import kmc
from diffkit.kinetics import CORRELATION_FACTORS, manning_factors

FCC_Z = 12


@pytest.fixture(scope="module")
def self_diffusion():
    """fcc, w_A = w_B, M = 125 (about 1 s)."""
    return kmc.random_alloy("fcc", 0.5, 1.0, 1.0, n_jumps=2**24, seed=1, size=5, progress=False)


@pytest.fixture(scope="module")
def fast_a():
    """fcc, N_A = 0.5, w_A/w_B = 10, M = 125 (about 2 s)."""
    return kmc.random_alloy("fcc", 0.5, 10.0, 1.0, n_jumps=2**25, seed=2, size=5, progress=False)


def _pair_correlation(result, f_box):
    """X/(2d t) for w_A = w_B: ⟨Δr_i·Δr_j⟩ of two different atoms per unit time (see the module docstring)."""
    n_atoms = result.n_sites - 1
    return FCC_Z * result.w_A * (1.0 - f_box) / (2 * 3 * n_atoms * (n_atoms - 1))


# --- w_A = w_B: self-diffusion with two labels --------------------------------------------------

def test_equal_frequencies_give_the_finite_box_correlation_factor(self_diffusion):
    r = self_diffusion
    f_box = kmc.finite_box_correlation_factor("fcc", 5)
    f0 = CORRELATION_FACTORS["fcc"]
    for f in (r.f_A, r.f_B):
        assert abs(f.sigmas_from(f_box)) < 3
        assert f.stderr < 0.003
        assert f.sigmas_from(f0) > 3  # the 125-site box raises f by 1.1 %, and the estimate resolves it
        assert abs(f.value / f_box - 1) < 0.01
    # the tracer diffusivity per unit c_v is f a² z w / (2d) · M/(M − 1)
    expected = f_box * FCC_Z * 1.0 / 6 * r.n_sites / (r.n_sites - 1)
    assert abs(r.D_A_tracer.sigmas_from(expected)) < 3
    assert abs(r.D_B_tracer.sigmas_from(expected)) < 3
    assert abs(r.f_V.sigmas_from(1.0)) < 3  # the vacancy's own walk is uncorrelated


def test_equal_frequencies_give_the_exact_collective_coefficients(self_diffusion):
    r = self_diffusion
    f_box = kmc.finite_box_correlation_factor("fcc", 5)
    n_atoms = r.n_sites - 1
    pair = _pair_correlation(r, f_box)
    single = f_box * FCC_Z * r.w_A / (6 * n_atoms)  # ⟨|Δr|²⟩/(2d t) of one atom
    assert abs(r.L_AB.sigmas_from(r.n_A * r.n_B * pair)) < 3
    assert r.L_AB.value > 10 * r.L_AB.stderr  # correlation couples even identical species
    assert abs(r.L_AA.sigmas_from(r.n_A * single + r.n_A * (r.n_A - 1) * pair)) < 3
    assert abs(r.L_BB.sigmas_from(r.n_B * single + r.n_B * (r.n_B - 1) * pair)) < 3
    # the vacancy: L_AA + 2 L_AB + L_BB = ⟨|ΔR_V|²⟩/(2d t) = a² z w/(2d)
    total = r.L_AA.value + 2 * r.L_AB.value + r.L_BB.value
    assert total == pytest.approx(FCC_Z / 6, rel=0.02)
    # and Manning's L_AB is exact here: 2 x_A x_B D*² / (M0 D*) = x_A x_B (1 − f) D*/f
    manning_L_AB = r.x_A * (1 - r.x_A) * (1 - f_box) * FCC_Z / 6
    assert r.L_AB.value == pytest.approx(manning_L_AB, rel=0.15)


def test_equal_frequencies_give_no_vacancy_wind(self_diffusion):
    r = self_diffusion
    f_box = kmc.finite_box_correlation_factor("fcc", 5)
    expected = 1.0 - (1.0 - f_box) / (f_box * (r.n_sites - 2))  # 0.9978: 1 in an infinite box
    for factor in (r.r_A, r.r_B, r.S):
        assert abs(factor.sigmas_from(expected)) < 3
        assert factor.stderr < 0.02
    assert abs(r.D_ratio.sigmas_from(1.0)) < 3
    assert abs(r.tracer_ratio.sigmas_from(1.0)) < 3
    assert np.allclose(r.manning, 1.0, atol=0.01)


# --- w_A/w_B = 10: the vacancy wind -------------------------------------------------------------

def test_the_wind_raises_the_fast_species_and_lowers_the_slow_one(fast_a):
    r = fast_a
    assert r.r_A.value - 1 > 3 * r.r_A.stderr
    assert 1 - r.r_B.value > 3 * r.r_B.stderr
    assert r.S.value - 1 > 3 * r.S.stderr
    # Manning's model agrees on the direction (its size is the subject of box_size_study)
    m_rA, m_rB, m_S = r.manning
    assert m_rA > 1 > m_rB and m_S > 1
    assert (m_rA, m_rB, m_S) == pytest.approx(
        tuple(float(x) for x in manning_factors(r.x_A, r.D_A_tracer.value, r.D_B_tracer.value, "fcc")))
    # Manning's Onsager coefficients give his r_i back; its L_AA falls short of the measured one
    m_AA, m_AB, m_BB = r.manning_onsager
    assert (m_AA / r.x_A - m_AB / (1 - r.x_A)) / r.D_A_tracer.value == pytest.approx(m_rA)
    assert r.L_AA.value - m_AA > 3 * r.L_AA.stderr


def test_correlation_squeezes_the_tracer_ratio_and_the_wind_restores_it(fast_a):
    r = fast_a
    ratio = r.w_A / r.w_B
    assert abs(r.D_ratio.sigmas_from(ratio)) < 3  # D_A/D_B = w_A/w_B exactly (Belova and Murch 2001)
    assert r.D_ratio.stderr < 0.05 * ratio
    assert ratio - r.tracer_ratio.value > 20 * r.tracer_ratio.stderr  # D_A*/D_B* ≈ 6.2
    # the fast species' jumps are the more correlated: f_A < f0 < f_B
    f0 = CORRELATION_FACTORS["fcc"]
    assert r.f_A.value < f0 - 3 * r.f_A.stderr and r.f_B.value > f0 + 3 * r.f_B.stderr
    # equivalently r_A f_A = r_B f_B
    assert r.r_A.value * r.f_A.value == pytest.approx(r.r_B.value * r.f_B.value, rel=0.05)


def test_sum_rules_hold(fast_a, self_diffusion):
    for r in (fast_a, self_diffusion):
        for rule in (r.sum_rule_A, r.sum_rule_B):
            assert abs(rule.sigmas_from(1.0)) < 3
            assert rule.stderr < 0.03
        # the same from the printed coefficients
        uncorrelated = FCC_Z / (6 * (r.n_sites - 1))
        assert (r.L_AA.value / r.w_A + r.L_AB.value / r.w_B) / (r.n_A * uncorrelated) == pytest.approx(
            r.sum_rule_A.value)


def test_estimates_are_consistent_with_each_other(fast_a):
    r = fast_a
    M = r.n_sites
    assert r.D_A.value == pytest.approx(M * (r.L_AA.value / r.n_A - r.L_AB.value / r.n_B))
    assert r.D_B.value == pytest.approx(M * (r.L_BB.value / r.n_B - r.L_AB.value / r.n_A))
    assert r.r_A.value == pytest.approx(r.D_A.value / r.D_A_tracer.value)
    assert r.r_B.value == pytest.approx(r.D_B.value / r.D_B_tracer.value)
    assert r.D_ratio.value == pytest.approx(r.D_A.value / r.D_B.value)
    assert r.tracer_ratio.value == pytest.approx(r.D_A_tracer.value / r.D_B_tracer.value)
    x_A = r.x_A
    assert r.S.value == pytest.approx(((1 - x_A) * r.D_A.value + x_A * r.D_B.value)
                                      / ((1 - x_A) * r.D_A_tracer.value + x_A * r.D_B_tracer.value))
    # D_i* = f_i a² z w_i c_v/(2d) with the per-atom vacancy probability 1/(M − 1)
    for D, f, w in ((r.D_A_tracer, r.f_A, r.w_A), (r.D_B_tracer, r.f_B, r.w_B)):
        assert D.value == pytest.approx(f.value * FCC_Z * w / 6 * M / (M - 1), rel=0.01)


# --- bookkeeping ---------------------------------------------------------------------------------

def test_sites_are_conserved_in_every_box(fast_a):
    r = fast_a
    assert r.box_R_A.shape == r.box_R_B.shape == r.box_R_V.shape == (r.n_boxes, 3)
    assert np.allclose(r.box_R_A + r.box_R_B, -r.box_R_V, atol=1e-9)
    assert np.all(np.linalg.norm(r.box_R_V, axis=1) > 0)
    # the vacancy makes n_steps jumps of length 1: ⟨|R_V|²⟩ = f_V n_steps
    assert np.mean(np.sum(r.box_R_V**2, axis=1)) / r.n_steps == pytest.approx(r.f_V.value, rel=0.1)
    # each clock advanced by n_steps mean residence times 1/Σ w, with Σ w between z w_B and z w_A
    assert np.all(r.box_time > r.n_steps / (FCC_Z * r.w_A))
    assert np.all(r.box_time < r.n_steps / (FCC_Z * r.w_B))


def test_result_bookkeeping_and_summary(fast_a):
    r = fast_a
    assert (r.lattice, r.size, r.n_sites, r.dimension) == ("fcc", 5, 125, 3)
    assert (r.n_A, r.n_B) == (round(0.5 * 124), 124 - round(0.5 * 124))
    assert r.n_jumps == r.n_boxes * r.n_steps <= 2**25
    assert r.tau == 62 * 10 + 62  # (n_A w_A + n_B w_B)/w_B: 5.5 M
    assert r.n_steps >= kmc.ALLOY_MIN_RUN * r.tau
    assert r.windows == (4 * 341, 8 * 341)
    assert r.elapsed > 0 and r.jumps_per_second == pytest.approx(r.n_jumps / r.elapsed)
    text = r.summary()
    for needle in ("r_A = 1.3", "D_A/D_B = ", "Manning:", "sum rules:", "w_A/w_B = 10"):
        assert needle in text
    assert re.fullmatch(r"RandomAlloyResult\(fcc, N_A=0\.5, w_A/w_B=10, M=125: r_A = 1\.3\d+ ± 0\.0\d+, .*\)",
                        repr(r))


def test_fast_enough():
    started = time.perf_counter()
    r = kmc.random_alloy("fcc", 0.5, 10.0, 1.0, n_jumps=2**24, size=8, progress=False)
    assert time.perf_counter() - started < 10.0
    assert r.jumps_per_second > 3e6  # about 1.5e7 on an idle 2-core machine; see benchmarks/bench_kmc.py


def test_same_seed_same_result_other_seed_other_result():
    kwargs = dict(n_jumps=200_000, size=4, progress=False)
    a = kmc.random_alloy("bcc", 0.3, 4.0, 1.0, seed=7, **kwargs)
    b = kmc.random_alloy("bcc", 0.3, 4.0, 1.0, seed=7, **kwargs)
    c = kmc.random_alloy("bcc", 0.3, 4.0, 1.0, seed=8, **kwargs)
    for name in ("D_A_tracer", "f_B", "L_AB", "r_A", "r_B", "D_ratio"):
        assert getattr(a, name) == getattr(b, name)
        assert getattr(c, name).value != getattr(a, name).value
    assert np.array_equal(a.box_R_V, b.box_R_V) and np.array_equal(a.box_time, b.box_time)
    assert abs(c.r_A.value - a.r_A.value) < 5 * math.hypot(a.r_A.stderr, c.r_A.stderr)


@pytest.mark.parametrize("lattice, size", [("sc", 5), ("bcc", 5), ("square", 8), ("triangular", 8)])
def test_other_lattices_give_their_finite_box_correlation_factor(lattice, size):
    r = kmc.random_alloy(lattice, 0.4, 2.0, 2.0, n_jumps=3_000_000, seed=3, size=size, progress=False)
    f_box = kmc.finite_box_correlation_factor(lattice, size)
    assert r.dimension == (2 if lattice in ("square", "triangular") else 3)
    for f in (r.f_A, r.f_B):
        assert abs(f.sigmas_from(f_box)) < 3
        assert f.stderr < 0.01
    assert abs(r.f_V.sigmas_from(1.0)) < 3
    assert abs(r.D_ratio.sigmas_from(1.0)) < 3
    assert np.allclose(r.box_R_A + r.box_R_B, -r.box_R_V, atol=1e-9)


def test_extreme_frequency_ratio_runs_and_keeps_the_exact_relations():
    r = kmc.random_alloy("fcc", 0.6, 100.0, 1.0, n_jumps=64 * 61_200, n_boxes=64, seed=4, size=4, progress=False)
    assert r.tau == 38 * 100 + 25 and r.n_steps == 61_200
    for rule in (r.sum_rule_A, r.sum_rule_B):
        assert abs(rule.sigmas_from(1.0)) < 3
    assert abs(r.D_ratio.sigmas_from(100.0)) < 3
    assert r.tracer_ratio.value < 100.0 - 3 * r.tracer_ratio.stderr
    assert r.r_A.value > 1 > r.r_B.value


# --- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("N_A", [-0.1, 1.5, float("nan")])
def test_mole_fraction_outside_0_1(N_A):
    with pytest.raises(ValueError, match=r"N_A is a mole fraction and must lie in \[0, 1\]"):
        kmc.random_alloy("fcc", N_A, 1.0, 1.0)


@pytest.mark.parametrize("N_A", [0.0, 1.0, 0.001, 0.999])
def test_mole_fraction_that_leaves_no_a_or_no_b_atom(N_A):
    with pytest.raises(ValueError, match="N_A must leave at least one A and one B atom among the 124 atoms"):
        kmc.random_alloy("fcc", N_A, 1.0, 1.0, size=5)


@pytest.mark.parametrize("name", ["w_A", "w_B"])
@pytest.mark.parametrize("value", [0.0, -1.0, float("nan"), float("inf")])
def test_exchange_frequencies_must_be_positive(name, value):
    rates = {"w_A": 1.0, "w_B": 1.0, name: value}
    with pytest.raises(ValueError, match=f"{name} must be a finite number > 0"):
        kmc.random_alloy("fcc", 0.5, rates["w_A"], rates["w_B"])


@pytest.mark.parametrize("lattice", ["hcp", "diamond", "honeycomb", ""])
def test_unknown_lattice_lists_the_alloy_lattices(lattice):
    with pytest.raises(ValueError, match=f"lattice must be one of square, triangular, sc, bcc, fcc; got '{lattice}'"):
        kmc.random_alloy(lattice, 0.5, 1.0, 1.0)


@pytest.mark.parametrize("n_jumps", [0, -5, 2.5, True, "many", float("nan")])
def test_bad_n_jumps(n_jumps):
    with pytest.raises(ValueError, match="n_jumps must be an integer >= 1"):
        kmc.random_alloy("fcc", 0.5, 1.0, 1.0, n_jumps=n_jumps)


def test_too_few_jumps_for_two_boxes():
    with pytest.raises(ValueError, match=r"n_jumps must be >= 3968 \(two boxes of 16 τ = 1984 jumps; M = 125 sites, "
                                         r"τ = 124\)"):
        kmc.random_alloy("fcc", 0.5, 1.0, 1.0, n_jumps=3967, size=5)
    kmc.random_alloy("fcc", 0.5, 1.0, 1.0, n_jumps=3968, size=5, progress=False)
    with pytest.raises(ValueError, match=r"n_jumps must be >= n_boxes \* 1984 = 19840"):
        kmc.random_alloy("fcc", 0.5, 1.0, 1.0, n_jumps=19_839, size=5, n_boxes=10)
    # the slower species sets the run: τ = (62 × 10 + 62)/1 = 682 jumps
    with pytest.raises(ValueError, match=r"n_jumps must be >= 21824 \(two boxes of 16 τ = 10912 jumps; M = 125 "
                                         r"sites, τ = 682\)"):
        kmc.random_alloy("fcc", 0.5, 10.0, 1.0, n_jumps=21_823, size=5)


def test_bad_size_n_boxes_and_progress():
    with pytest.raises(ValueError, match="size must be an integer >= 4"):
        kmc.random_alloy("fcc", 0.5, 1.0, 1.0, size=3)
    with pytest.raises(ValueError, match="n_boxes must be an integer >= 2"):
        kmc.random_alloy("fcc", 0.5, 1.0, 1.0, n_boxes=1)
    for progress in ("yes", 1, None):
        with pytest.raises(ValueError, match="progress must be 'auto', True or False"):
            kmc.random_alloy("fcc", 0.5, 1.0, 1.0, progress=progress)


def test_integral_floats_are_accepted():
    r = kmc.random_alloy("sc", 0.5, 1.0, 1.0, n_jumps=1e5, size=4.0, n_boxes=8.0, progress=False)
    assert (r.n_jumps, r.size, r.n_boxes) == (100_000, 4, 8)


# --- progress bar ---------------------------------------------------------------------------------

class _FakeDisplay:
    def __init__(self):
        self.shown = []

    def __call__(self, *objects, **kwargs):
        self.shown.extend(objects)


@pytest.fixture
def fake_kernel(monkeypatch):
    """Pretend to run in a Jupyter kernel and catch what would be displayed."""
    import IPython.display

    display = _FakeDisplay()
    monkeypatch.setattr(kmc, "_in_kernel", lambda: True)
    monkeypatch.setattr(IPython.display, "display", display)
    return display


def test_no_kernel_no_bar_and_no_crash():
    assert not kmc._in_kernel()  # pytest is not a Jupyter kernel
    for progress in ("auto", True, False):
        r = kmc.random_alloy("sc", 0.5, 3.0, 1.0, n_jumps=100_000, size=4, progress=progress)
        assert np.isfinite(r.r_A.value)


def test_bar_in_a_kernel_reaches_the_end(fake_kernel):
    r = kmc.random_alloy("sc", 0.5, 3.0, 1.0, n_jumps=400_000, size=4, progress=True)
    assert len(fake_kernel.shown) == 1
    bar, label = fake_kernel.shown[0].children
    assert bar.max == r.n_jumps and bar.value == bar.max and bar.bar_style == "success"
    assert "jumps/s" in label.value


def test_no_bar_when_switched_off_or_short(fake_kernel):
    kmc.random_alloy("sc", 0.5, 3.0, 1.0, n_jumps=100_000, size=4, progress=False)
    kmc.random_alloy("sc", 0.5, 3.0, 1.0, n_jumps=100_000, size=4, progress="auto")  # far below 2 s
    assert fake_kernel.shown == []


def test_auto_shows_the_bar_only_for_long_runs(fake_kernel):
    long_run = kmc._Progress(1000, "auto")
    long_run.started -= 1.0                 # 1 s for 1 % of the run: about 100 s in all
    long_run.update(10)
    assert long_run.bar is not None and len(fake_kernel.shown) == 1
    short_run = kmc._Progress(1000, "auto")
    short_run.started -= 1.0                # 1 s for 90 %: about 1.1 s in all
    short_run.update(900)
    assert short_run.bar is None and not short_run.enabled
    early = kmc._Progress(1000, "auto")
    early.update(10)                        # too early to judge: nothing yet
    assert early.bar is None and early.enabled
    assert len(fake_kernel.shown) == 1


def test_a_broken_widget_library_does_not_stop_the_run(fake_kernel, monkeypatch):
    import ipywidgets

    def broken(*args, **kwargs):
        raise RuntimeError("no widgets here")

    monkeypatch.setattr(ipywidgets, "IntProgress", broken)
    r = kmc.random_alloy("sc", 0.5, 3.0, 1.0, n_jumps=100_000, size=4, progress=True)
    assert np.isfinite(r.r_A.value) and fake_kernel.shown == []


# --- the box-size study ---------------------------------------------------------------------------

def test_extrapolation_of_points_on_a_line_is_exact():
    n_sites = [64, 125, 216, 512]
    points = [kmc.Estimate(1.25 + 7.0 / m, 0.01) for m in n_sites]
    fit = kmc.extrapolate_in_inverse_size(n_sites, points)
    assert fit.value.value == pytest.approx(1.25) and fit.slope.value == pytest.approx(7.0)
    assert fit.chi2 == pytest.approx(0.0, abs=1e-18) and fit.dof == 2
    assert fit.at(100) == pytest.approx(1.32)


def test_extrapolation_error_of_two_points():
    # intercept of the line through (x1, y1), (x2, y2): (x2 y1 − x1 y2)/(x2 − x1)
    x1, x2, s1, s2 = 1 / 500, 1 / 100, 0.01, 0.02
    fit = kmc.extrapolate_in_inverse_size([500, 100], [kmc.Estimate(1.3, s1), kmc.Estimate(1.2, s2)])
    assert fit.value.value == pytest.approx((x2 * 1.3 - x1 * 1.2) / (x2 - x1))
    assert fit.value.stderr == pytest.approx(math.hypot(x2 * s1, x1 * s2) / (x2 - x1))
    assert fit.dof == 0


def test_extrapolation_scales_errors_by_the_birge_ratio():
    n_sites = [64, 125, 216, 512]
    scattered = [kmc.Estimate(1.0 + (0.05 if i % 2 else -0.05), 0.01) for i in range(4)]
    fit = kmc.extrapolate_in_inverse_size(n_sites, scattered)
    unscaled = kmc.extrapolate_in_inverse_size(n_sites, [kmc.Estimate(1.0, 0.01)] * 4)
    assert fit.chi2 / fit.dof > 1
    assert fit.value.stderr == pytest.approx(unscaled.value.stderr * math.sqrt(fit.chi2 / fit.dof))


def test_extrapolation_needs_two_box_sizes():
    with pytest.raises(ValueError, match="n_sites must hold at least two different box sizes"):
        kmc.extrapolate_in_inverse_size([125, 125], [kmc.Estimate(1, 0.1)] * 2)
    with pytest.raises(ValueError, match="sizes must hold at least two different box edges"):
        kmc.box_size_study("fcc", 0.5, 10, 1, sizes=[5, 5])
    with pytest.raises(ValueError, match="n_jumps must be one number or one per box size"):
        kmc.box_size_study("fcc", 0.5, 10, 1, sizes=[4, 5], n_jumps=[10**6])


def test_box_size_study_small():
    study = kmc.box_size_study("fcc", 0.5, 10.0, 1.0, sizes=(5, 4), n_jumps=[2_000_000, 3_000_000], seed=5,
                               progress=False)
    assert study.n_sites == (64, 125)  # sorted by size, each keeping its own number of jumps
    assert 3_000_000 - study.results[0].n_boxes < study.results[0].n_jumps <= 3_000_000
    assert 2_000_000 - study.results[1].n_boxes < study.results[1].n_jumps <= 2_000_000
    # the runs use independent streams spawned from the seed
    assert [r.seed.spawn_key for r in study.results] == [(0,), (1,)]
    # two points: the line passes through both
    for name in ("r_A", "r_B", "D_ratio"):
        fit = getattr(study, name)
        for r in study.results:
            assert fit.at(r.n_sites) == pytest.approx(getattr(r, name).value)
    m_rA, m_rB, m_S = study.manning
    expected = manning_factors(0.5, study.tracer_ratio.value.value, 1.0, "fcc")
    assert (m_rA.value, m_rB.value, m_S.value) == pytest.approx(tuple(float(x) for x in expected))
    assert m_rA.stderr > 0
    d_rA = study.deviation_from_manning[0]
    assert d_rA.value == pytest.approx(study.r_A.value.value - m_rA.value)
    table = study.table()
    assert table.count("\n") >= 7 and "1/M → 0" in table and "measured − Manning" in table
    assert "BoxSizeStudy(fcc" in repr(study)


def test_box_size_study_of_the_control_extrapolates_to_the_known_answer():
    """w_A = w_B: the infinite-box f is the lattice's f0 and there is no wind (about 2-3 s)."""
    f0 = CORRELATION_FACTORS["fcc"]
    assert f0 == pytest.approx(0.781451, abs=1e-6)
    study = kmc.box_size_study("fcc", 0.5, 1.0, 1.0, sizes=[4, 5, 6], n_jumps=2**23, seed=0, progress=False)
    assert study.n_sites == (64, 125, 216)
    for fit in (study.f_A, study.f_B):
        assert abs(fit.value.sigmas_from(f0)) < 3
        assert fit.value.stderr < 0.01  # about 0.003 here: the 3-sigma window is narrower than the box effect
    for fit in (study.r_A, study.r_B, study.S, study.D_ratio):
        assert abs(fit.value.sigmas_from(1.0)) < 3
        assert fit.value.stderr < 0.05
    # the box raises f by about 1.2 f0/M in these boxes: the fitted slope matches the exact f_M
    exact = kmc.extrapolate_in_inverse_size(
        study.n_sites, [kmc.Estimate(kmc.finite_box_correlation_factor("fcc", s), 1e-4) for s in (4, 5, 6)])
    assert abs(study.f_A.slope.sigmas_from(exact.slope.value)) < 3
    assert study.f_A.slope.value > 3 * study.f_A.slope.stderr


def test_estimate_formatting():
    e = kmc.Estimate(1.35678, 0.0123)
    assert repr(e) == "1.357 ± 0.012"
    assert format(e, ".2f") == "1.36 ± 0.01"
    assert float(e) == 1.35678
    assert e.sigmas_from(1.35678 - 0.0246) == pytest.approx(2.0)
    assert kmc.Estimate(1.0, 0.0).sigmas_from(1.0) == 0.0
    assert math.isinf(kmc.Estimate(1.0, 0.0).sigmas_from(0.5))
