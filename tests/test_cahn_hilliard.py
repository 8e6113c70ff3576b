"""Tests of diffkit.cahn_hilliard: spinodal decomposition with a gradient-energy term.

Units: m, s, J/mol, K. The reference alloy is a regular solution with Ω = 20 kJ/mol
(T_c = Ω/2R ≈ 1203 K), κ = 5e-15 J m²/mol and D = 1e-18 m²/s, which gives a
fastest-growing wavelength of a few nm and a growth time 1/R_max of about a second.
"""

import math

import numpy as np
import pytest

from diffkit.cahn_hilliard import (
    critical_wavelength,
    fastest_growing_wavelength,
    free_energy,
    growth_rate,
    mobility,
    nearly_uniform,
    simulate_cahn_hilliard,
)
from diffkit.constants import R
from diffkit.thermo import Ideal, RedlichKister, Regular

MODEL = Regular(20_000.0)
T_C = MODEL.critical_temperature()
KAPPA = 5e-15  # J m^2/mol
D = 1e-18  # m^2/s


def linear_scales(N0, T):
    """Fastest-growing wavelength (m) and its growth rate (1/s) from the linear theory."""
    lam = fastest_growing_wavelength(N0, T=T, model=MODEL, kappa=KAPPA)
    return lam, growth_rate(2 * np.pi / lam, N0, T=T, model=MODEL, D=D, kappa=KAPPA)


def simulate(N0, T, length, t, **kwargs):
    return simulate_cahn_hilliard(N0, length=length, T=T, model=MODEL, D=D, kappa=KAPPA, t=t, **kwargs)


@pytest.fixture(scope="module")
def quench():
    """N0 = 0.5 ± 0.005 quenched to 0.6 T_c (inside the spinodal), 8 λ_max, run to 40/R_max."""
    T = 0.6 * T_C
    lam, rate = linear_scales(0.5, T)
    times = np.array([0.0, 2.0, 4.0, 6.0, 10.0, 20.0, 40.0]) / rate
    res = simulate(0.5, T, 8 * lam, times, n_cells=128, noise=0.005, seed=11)
    return res, lam


# ----------------------------------------------------------------- conservation, energy


def test_mass_is_conserved_to_round_off(quench):
    res, _ = quench
    amount = res.atoms_A()
    assert np.all(np.abs(amount / amount[0] - 1.0) <= 1e-12)
    assert abs(res.N[0].mean() - 0.5) <= 1e-15  # nearly_uniform hits the mean exactly


def test_free_energy_never_increases_inside_the_spinodal(quench):
    res, _ = quench
    F = res.step_energy
    scale = np.abs(F).max()
    assert res.n_steps > 100
    assert np.all(np.diff(F) <= 1e-12 * scale)  # monotone within round-off, every step
    # and it really goes down: the energy released by demixing is a sizable part of G_m
    assert F[-1] < F[0] - 0.1 * scale
    np.testing.assert_allclose(res.energy, free_energy(res.N, res.dx, MODEL, res.T, KAPPA), rtol=1e-13)


@pytest.mark.parametrize("T_over_Tc", [0.4, 0.8])
def test_energy_stability_does_not_need_small_steps(T_over_Tc):
    # max_change = 0.5 lets a mode change by half its amplitude per step, far past any
    # explicit stability limit; convex splitting must still never raise the energy
    T = T_over_Tc * T_C
    lam, rate = linear_scales(0.5, T)
    res = simulate(0.5, T, 8 * lam, [40 / rate], n_cells=128, seed=2, max_change=0.5)
    F = res.step_energy
    assert res.n_steps < 80
    assert np.all(np.diff(F) <= 1e-12 * np.abs(F).max())
    assert abs(res.atoms_A()[-1] / (0.5 * res.length) - 1.0) <= 1e-12
    assert np.all((res.N > 0) & (res.N < 1))


@pytest.mark.parametrize("T_over_Tc", [0.4, 0.6, 0.9])
def test_huge_fixed_steps_keep_the_energy_falling(T_over_Tc):
    # Convex splitting is unconditionally energy-stable: 40 steps of 30/R_max each (a
    # fully implicit or explicit scheme fails or blows up here) still lower F every step
    T = T_over_Tc * T_C
    lam, rate = linear_scales(0.5, T)
    res = simulate(0.5, T, 8 * lam, [1200 / rate], n_cells=128, seed=1, dt=30 / rate)
    F = res.step_energy
    assert res.n_steps == 40
    assert np.all(np.diff(F) <= 1e-12 * np.abs(F).max())
    assert abs(res.atoms_A()[-1] / res.atoms_A()[0] - 1.0) <= 1e-12
    assert res.spread()[-1] > 0.2  # and it still separates


def test_free_energy_of_uniform_and_sinusoidal_profiles():
    T, n, length = 0.6 * T_C, 400, 20e-9
    dx = length / n
    uniform = np.full(n, 0.3)
    expected_uniform = length * MODEL.gibbs_mixing(0.3, T)
    assert free_energy(uniform, dx, MODEL, T, KAPPA) == pytest.approx(expected_uniform, rel=1e-13)
    a, k = 0.01, 2 * np.pi * 3 / length
    x = (np.arange(n) + 0.5) * dx
    wave = 0.3 + a * np.sin(k * x)
    gradient_part = 0.25 * KAPPA * a**2 * k**2 * length  # ∫ (κ/2)(a k cos kx)² dx
    expected = length * np.mean(MODEL.gibbs_mixing(wave, T)) + gradient_part
    assert free_energy(wave, dx, MODEL, T, KAPPA) == pytest.approx(expected, rel=1e-6)
    # a stack of profiles gives one energy each
    assert free_energy(np.vstack([uniform, wave]), dx, MODEL, T, KAPPA).shape == (2,)


# ------------------------------------------------------------------- phase separation


def test_spinodal_alloy_separates_toward_the_binodal(quench):
    res, lam = quench
    N_low, N_high = MODEL.binodal(res.T)
    gap = N_high - N_low
    spread = res.spread()
    assert spread[0] == pytest.approx(0.005)
    assert np.all(np.diff(spread) > 0)  # uphill diffusion: the composition range only grows
    final = res.N[-1]
    # The 1D pattern keeps the period ≈ λ_max it was born with (coarsening is exponentially
    # slow in 1D), so the domains are only about one interface width wide and their centres
    # stop just short of the binodal: the extremes span the miscibility gap to within 3 %.
    assert abs(final.min() - N_low) <= 0.03 * gap
    assert abs(final.max() - N_high) <= 0.03 * gap
    assert final.min() > N_low - 0.01 * gap and final.max() < N_high + 0.01 * gap
    # and the early pattern has the wavelength of the linear theory
    assert res.dominant_wavelength()[3] == pytest.approx(lam, rel=0.2)


@pytest.mark.parametrize("T_over_Tc", [0.4, 0.6, 0.8])
def test_two_phase_plateaus_reach_the_binodal(T_over_Tc):
    # Wide domains (two of 2 λ_max each) started between binodal and spinodal, so they are
    # stable against spinodal decomposition: they exchange atoms across the interfaces until
    # the plateaus sit at the common-tangent compositions of thermo.Regular.binodal.
    T = T_over_Tc * T_C
    lam, rate = linear_scales(0.5, T)
    N_low, N_high = MODEL.binodal(T)
    start = 0.5 * (N_low + MODEL.spinodal(T)[0])
    N0 = np.where(np.arange(64) < 32, start, 1.0 - start)
    res = simulate(N0, T, 4 * lam, [100 / rate], max_change=0.02)
    assert res.N[-1].min() == pytest.approx(N_low, rel=0.01)
    assert res.N[-1].max() == pytest.approx(N_high, rel=0.001)
    assert np.all(np.isfinite(res.N)) and np.all((res.N > 0) & (res.N < 1))


@pytest.mark.parametrize(
    "N0, T_over_Tc",
    [
        pytest.param(0.5, 1.2, id="above-Tc"),
        pytest.param(0.1, 0.6, id="metastable-between-binodal-and-spinodal"),
    ],
)
def test_alloy_outside_the_spinodal_homogenises(N0, T_over_Tc):
    T = T_over_Tc * T_C
    assert MODEL.phi(N0, T) > 0  # outside the spinodal: downhill diffusion
    lam_ref, _ = linear_scales(0.5, 0.6 * T_C)
    length = 8 * lam_ref
    slowest = -growth_rate(2 * np.pi / length, N0, T=T, model=MODEL, D=D, kappa=KAPPA)
    assert slowest > 0
    times = np.array([0.0, 0.5, 1.0, 2.0, 4.0]) / slowest
    res = simulate(N0, T, length, times, n_cells=128, seed=5, max_change=0.05)
    spread = res.spread()
    assert np.all(np.diff(spread) < 0)
    assert spread[-1] < 0.05 * spread[0]
    assert np.all(np.diff(res.step_energy) <= 1e-12 * np.abs(res.step_energy).max())


# ----------------------------------------------------------------------- linear theory


def single_mode_rate(wavelength, n_cells, N0, T=0.6 * T_C, amplitude=1e-4):
    """Measured growth rate of one small sinusoid, from its Fourier amplitude at two times."""
    k = 2 * np.pi / wavelength
    x = (np.arange(n_cells) + 0.5) * wavelength / n_cells
    R_theory = growth_rate(k, N0, T=T, model=MODEL, D=D, kappa=KAPPA)
    times = np.array([1.0, 3.0]) / abs(R_theory)
    res = simulate(N0 + amplitude * np.cos(k * x), T, wavelength, times)
    mode = np.abs(np.fft.rfft(res.N, axis=1)[:, 1])
    return np.log(mode[1] / mode[0]) / (times[1] - times[0]), R_theory


@pytest.mark.parametrize("N0, factor", [(0.5, 1.0), (0.5, 2.0), (0.3, 1.0)])
def test_early_growth_rate_matches_the_linear_theory(N0, factor):
    lam, _ = linear_scales(N0, 0.6 * T_C)
    measured, theory = single_mode_rate(factor * lam, 64, N0)
    assert theory > 0
    assert measured == pytest.approx(theory, rel=0.05)


def test_mode_shorter_than_the_critical_wavelength_decays():
    lam_c = critical_wavelength(0.5, T=0.6 * T_C, model=MODEL, kappa=KAPPA)
    measured, theory = single_mode_rate(0.5 * lam_c, 32, 0.5)
    assert theory < 0 and measured < 0
    assert measured == pytest.approx(theory, rel=0.05)


def test_linear_theory_formulas():
    T, N0 = 0.6 * T_C, 0.4
    lam = fastest_growing_wavelength(N0, T=T, model=MODEL, kappa=KAPPA)
    lam_c = critical_wavelength(N0, T=T, model=MODEL, kappa=KAPPA)
    curvature = MODEL.d2g_dN2(N0, T)
    assert curvature < 0
    assert lam == pytest.approx(2 * np.pi * math.sqrt(-2 * KAPPA / curvature), rel=1e-14)
    assert lam_c == pytest.approx(lam / math.sqrt(2), rel=1e-14)
    k = np.linspace(0.01, 2.0, 20001) * 2 * np.pi / lam
    rates = growth_rate(k, N0, T=T, model=MODEL, D=D, kappa=KAPPA)
    assert 2 * np.pi / k[np.argmax(rates)] == pytest.approx(lam, rel=1e-3)
    M = D * N0 * (1 - N0) / (R * T)
    assert rates.max() == pytest.approx(M * curvature**2 / (4 * KAPPA), rel=1e-6)
    at_lam_c = growth_rate(2 * np.pi / lam_c, N0, T=T, model=MODEL, D=D, kappa=KAPPA)
    assert at_lam_c == pytest.approx(0, abs=1e-12)
    assert np.all(rates[k > 2 * np.pi / lam_c] < 0)


@pytest.mark.parametrize("N0, T_over_Tc", [(0.5, 0.6), (0.3, 0.6), (0.1, 0.6), (0.5, 1.5)])
def test_long_waves_diffuse_with_the_darken_interdiffusivity(N0, T_over_Tc):
    # R(k) -> -D~ k² as k -> 0 with D~ = M G'' = D Φ (COURSE.md section 3): the mobility is
    # the one that turns the Cahn–Hilliard equation into ordinary interdiffusion
    T = T_over_Tc * T_C
    k = 1e3  # 1/m, a millimetre wave
    D_tilde = -growth_rate(k, N0, T=T, model=MODEL, D=D, kappa=KAPPA) / k**2
    assert D_tilde == pytest.approx(D * MODEL.phi(N0, T), rel=1e-9)
    assert mobility(N0, T, D) * MODEL.d2g_dN2(N0, T) == pytest.approx(D * MODEL.phi(N0, T), rel=1e-12)


def test_no_fastest_wavelength_outside_the_spinodal():
    assert math.isnan(fastest_growing_wavelength(0.5, T=1.2 * T_C, model=MODEL, kappa=KAPPA))
    assert math.isnan(critical_wavelength(0.05, T=0.6 * T_C, model=MODEL, kappa=KAPPA))
    assert math.isnan(fastest_growing_wavelength(0.5, T=500.0, model=Ideal(), kappa=KAPPA))
    assert fastest_growing_wavelength(0.5, T=0.6 * T_C, model=MODEL, kappa=0.0) == 0.0
    k = np.logspace(6, 10, 50)
    assert np.all(growth_rate(k, 0.5, T=1.2 * T_C, model=MODEL, D=D, kappa=KAPPA) < 0)


# ------------------------------------------------------------- initial state, robustness


def test_nearly_uniform_alloy():
    a = nearly_uniform(0.3, 100, amplitude=0.005, seed=7)
    assert a.shape == (100,)
    assert abs(a.mean() - 0.3) <= 1e-15
    assert np.abs(a - 0.3).max() == pytest.approx(0.005, rel=1e-12)
    np.testing.assert_array_equal(a, nearly_uniform(0.3, 100, amplitude=0.005, seed=7))
    assert not np.array_equal(a, nearly_uniform(0.3, 100, amplitude=0.005, seed=8))
    np.testing.assert_array_equal(nearly_uniform(0.3, 16, amplitude=0.0, seed=1), np.full(16, 0.3))


def test_same_seed_same_run():
    T = 0.6 * T_C
    lam, rate = linear_scales(0.5, T)
    one = simulate(0.5, T, 4 * lam, [2 / rate], n_cells=64, seed=3)
    two = simulate(0.5, T, 4 * lam, [2 / rate], n_cells=64, seed=3)
    np.testing.assert_array_equal(one.N, two.N)


def test_composition_stays_inside_zero_one_in_a_deep_quench():
    # at 0.1 T_c the phases are pure to 2e-9; the logarithms must never see 0 or 1
    T = 0.1 * T_C
    lam, rate = linear_scales(0.5, T)
    res = simulate(0.5, T, 4 * lam, [10 / rate, 40 / rate], n_cells=64, seed=1)
    assert np.all(np.isfinite(res.N)) and np.all(np.isfinite(res.energy))
    assert np.all((res.N > 0) & (res.N < 1))
    assert res.N[-1].min() < 1e-8 and 1 - res.N[-1].max() < 1e-8
    assert abs(res.atoms_A()[-1] / res.atoms_A()[0] - 1) <= 1e-12


def test_too_deep_a_quench_is_refused_not_nan():
    # Regular: the binodal is known, so the input is refused; a general Redlich–Kister model
    # is stopped with a clear error when a phase heads for a purity doubles cannot hold
    T = 0.05 * T_C
    with pytest.raises(ValueError, match="T = .* too far below the critical temperature"):
        simulate_cahn_hilliard(0.5, length=20e-9, T=T, model=MODEL, D=D, kappa=KAPPA, t=[1.0],
                               n_cells=32)
    lam = fastest_growing_wavelength(0.5, T=T, model=MODEL, kappa=KAPPA)
    with pytest.raises(RuntimeError, match="pure end"):
        simulate_cahn_hilliard(0.5, length=4 * lam, T=T, model=RedlichKister([20_000.0]), D=D,
                               kappa=KAPPA, t=[100.0], n_cells=32, seed=1)


GOOD = dict(length=20e-9, T=800.0, model=MODEL, D=D, kappa=KAPPA, t=[0.0, 1.0])


@pytest.mark.parametrize(
    "N0, changes, name",
    [
        (0.5, dict(T=0.0), "T"),
        (0.5, dict(T=-300.0), "T"),
        (0.5, dict(kappa=-1e-15), "kappa"),
        (0.0, {}, "N0"),
        (1.0, {}, "N0"),
        (1.2, {}, "N0"),
        (np.r_[np.full(15, 0.5), 0.0], {}, "N0"),
        (np.r_[np.full(15, 0.5), 1.0], {}, "N0"),
        (np.full(16, np.nan), {}, "N0"),
        (0.5, dict(length=0.0), "length"),
        (0.5, dict(length=-1e-9), "length"),
        (0.5, dict(t=[2.0, 1.0]), "t"),
        (0.5, dict(t=[0.0, 1.0, 1.0]), "t"),
        (0.5, dict(t=[-1.0]), "t"),
        (0.5, dict(D=0.0), "D"),
        (0.5, dict(model="regular"), "model"),
        (0.5, dict(n_cells=4), "n_cells"),
        (0.5, dict(max_change=0.0), "max_change"),
        (0.5, dict(dt=-1.0), "dt"),
        (0.5, dict(noise=0.6), "noise"),
    ],
)
def test_bad_input_names_the_parameter(N0, changes, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        simulate_cahn_hilliard(N0, **{**GOOD, **changes})


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: growth_rate(1e9, 0.5, T=0.0, model=MODEL, D=D, kappa=KAPPA), "T"),
        (lambda: growth_rate(1e9, 1.0, T=800.0, model=MODEL, D=D, kappa=KAPPA), "N0"),
        (lambda: growth_rate(1e9, 0.5, T=800.0, model=MODEL, D=-D, kappa=KAPPA), "D"),
        (lambda: fastest_growing_wavelength(0.5, T=800.0, model=MODEL, kappa=-1.0), "kappa"),
        (lambda: free_energy(np.full(8, 1.5), 1e-9, MODEL, 800.0, KAPPA), "N"),
        (lambda: free_energy(np.full(8, 0.5), 0.0, MODEL, 800.0, KAPPA), "dx"),
        (lambda: nearly_uniform(0.5, 3), "n_cells"),
        (lambda: nearly_uniform(0.001, 16, amplitude=0.005), "amplitude"),
    ],
)
def test_bad_input_to_the_helpers(call, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        call()

