"""Tests of diffkit.thermo: solution models, activities and the thermodynamic factor."""

import math
import warnings

import numpy as np
import pytest

from diffkit.constants import R
from diffkit.thermo import Ideal, RedlichKister, Regular

MODELS = [
    pytest.param(Regular(15_000.0), id="regular-demixing"),
    pytest.param(Regular(-12_000.0), id="regular-ordering"),
    pytest.param(RedlichKister([-20_000.0, 8_000.0, -3_000.0]), id="redlich-kister-3"),
]
TEMPERATURES = [500.0, 900.0, 1500.0]
N_INTERIOR = np.linspace(0.05, 0.95, 19)


def ln_gamma(model, N_A, T):
    gamma_A, gamma_B = model.activity_coefficients(N_A, T)
    return np.log(gamma_A), np.log(gamma_B)


@pytest.mark.parametrize("T", TEMPERATURES)
@pytest.mark.parametrize("model", MODELS)
def test_gibbs_duhem_phi_is_the_same_from_either_species(model, T):
    h = 1e-5  # step in ln N; centred differences are accurate to O(h^2)
    N_A = N_INTERIOR
    N_B = 1.0 - N_A
    ln_gA_up, _ = ln_gamma(model, N_A * np.exp(h), T)
    ln_gA_down, _ = ln_gamma(model, N_A * np.exp(-h), T)
    phi_from_A = 1.0 + (ln_gA_up - ln_gA_down) / (2 * h)
    _, ln_gB_up = ln_gamma(model, 1.0 - N_B * np.exp(h), T)
    _, ln_gB_down = ln_gamma(model, 1.0 - N_B * np.exp(-h), T)
    phi_from_B = 1.0 + (ln_gB_up - ln_gB_down) / (2 * h)
    phi = model.phi(N_A, T)
    np.testing.assert_allclose(phi_from_A, phi, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(phi_from_B, phi, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("T", TEMPERATURES)
@pytest.mark.parametrize("model", MODELS)
def test_excess_gibbs_is_the_mole_fraction_average_of_partial_quantities(model, T):
    N_A = np.linspace(0.0, 1.0, 21)
    ln_gA, ln_gB = ln_gamma(model, N_A, T)
    np.testing.assert_allclose(
        R * T * (N_A * ln_gA + (1 - N_A) * ln_gB), model.excess_gibbs(N_A), rtol=1e-12, atol=1e-9
    )


@pytest.mark.parametrize("T", TEMPERATURES)
@pytest.mark.parametrize("model", MODELS)
def test_phi_is_the_curvature_of_gibbs_mixing(model, T):
    h = 1e-4
    N_A = N_INTERIOR
    g = model.gibbs_mixing
    curvature = (g(N_A + h, T) - 2 * g(N_A, T) + g(N_A - h, T)) / h**2
    np.testing.assert_allclose(model.d2g_dN2(N_A, T), curvature, rtol=1e-6, atol=1e-3)  # J/mol
    np.testing.assert_allclose(model.phi(N_A, T), N_A * (1 - N_A) * curvature / (R * T), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("model", MODELS + [pytest.param(Ideal(), id="ideal")])
def test_gibbs_mixing_is_exactly_zero_for_the_pure_components(model):
    g = model.gibbs_mixing(np.array([0.0, 1.0]), 700.0)
    assert np.all(g == 0.0)
    assert np.all(model.excess_gibbs(np.array([0.0, 1.0])) == 0.0)


def test_ideal_solution():
    model = Ideal()
    N_A = np.linspace(0.01, 0.99, 50)
    T = 1234.0
    expected = R * T * (N_A * np.log(N_A) + (1 - N_A) * np.log(1 - N_A))
    np.testing.assert_allclose(model.gibbs_mixing(N_A, T), expected, rtol=1e-14)
    assert np.all(model.phi(N_A, T) == 1.0)
    gamma_A, gamma_B = model.activity_coefficients(N_A, T)
    assert np.all(gamma_A == 1.0) and np.all(gamma_B == 1.0)
    a_A, a_B = model.activities(N_A, T)
    np.testing.assert_allclose(a_A, N_A, rtol=1e-15)
    np.testing.assert_allclose(a_B, 1 - N_A, rtol=1e-15)


def test_redlich_kister_excess_gibbs_by_hand():
    L0, L1, L2 = -20_000.0, 8_000.0, -3_000.0
    N_A = 0.3
    expected = 0.3 * 0.7 * (L0 + L1 * (-0.4) + L2 * 0.16)
    assert RedlichKister([L0, L1, L2]).excess_gibbs(N_A) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("omega", [-15_000.0, 0.0, 8_000.0, 25_000.0])
@pytest.mark.parametrize("T", TEMPERATURES)
def test_regular_phi_formula(omega, T):
    N_A = np.linspace(0.0, 1.0, 41)
    expected = 1.0 - 2.0 * omega * N_A * (1 - N_A) / (R * T)
    np.testing.assert_allclose(Regular(omega).phi(N_A, T), expected, rtol=1e-14, atol=1e-14)


def test_attraction_raises_phi_above_one():
    N_A = np.linspace(0.01, 0.99, 99)
    assert np.all(Regular(-10_000.0).phi(N_A, 800.0) > 1.0)
    assert np.all(Regular(10_000.0).phi(N_A, 800.0) < 1.0)
    np.testing.assert_array_equal(Regular(-10_000.0).phi([0.0, 1.0], 800.0), [1.0, 1.0])


def test_regular_activity_limits():
    omega, T = 12_000.0, 900.0
    gamma_A, gamma_B = Regular(omega).activity_coefficients(np.array([0.0, 1.0]), T)
    assert gamma_A[0] == pytest.approx(math.exp(omega / (R * T)), rel=1e-14)  # Henry's law
    assert gamma_A[1] == 1.0  # Raoult's law
    assert gamma_B[0] == 1.0
    assert gamma_B[1] == pytest.approx(math.exp(omega / (R * T)), rel=1e-14)


def test_chemical_potentials():
    model = RedlichKister([-20_000.0, 8_000.0, -3_000.0])
    N_A, T = np.linspace(0.0, 1.0, 11), 1000.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mu_A, mu_B = model.chemical_potentials(N_A, T)
    a_A, a_B = model.activities(N_A[1:-1], T)
    np.testing.assert_allclose(mu_A[1:-1], R * T * np.log(a_A), rtol=1e-12)
    np.testing.assert_allclose(mu_B[1:-1], R * T * np.log(a_B), rtol=1e-12)
    assert mu_A[0] == -np.inf and mu_B[-1] == -np.inf
    assert mu_A[-1] == 0.0 and mu_B[0] == 0.0
    # G_m = N_A μ_A + N_B μ_B
    inner = slice(1, -1)
    np.testing.assert_allclose(
        N_A[inner] * mu_A[inner] + (1 - N_A[inner]) * mu_B[inner], model.gibbs_mixing(N_A[inner], T), rtol=1e-12
    )


def test_critical_temperature():
    omega = 20_000.0
    assert Regular(omega).critical_temperature() == pytest.approx(omega / (2 * R), rel=1e-15)
    assert Regular(omega).critical_temperature() == pytest.approx(1202.7235504, rel=1e-9)
    assert Regular(0.0).critical_temperature() == 0.0
    assert Regular(-5_000.0).critical_temperature() == 0.0


@pytest.mark.parametrize("fraction_of_Tc", [0.3, 0.6, 0.9, 0.99])
def test_phi_vanishes_on_the_spinodal_and_is_negative_only_inside_it(fraction_of_Tc):
    model = Regular(20_000.0)
    T = fraction_of_Tc * model.critical_temperature()
    N_low, N_high = model.spinodal(T)
    assert 0.0 < N_low < 0.5 < N_high < 1.0
    assert N_low + N_high == pytest.approx(1.0, abs=1e-15)
    np.testing.assert_allclose(model.phi([N_low, N_high], T), 0.0, atol=1e-12)
    N_A = np.linspace(0.0, 1.0, 2001)
    away = (np.abs(N_A - N_low) > 1e-9) & (np.abs(N_A - N_high) > 1e-9)
    inside = (N_A > N_low) & (N_A < N_high)
    np.testing.assert_array_equal(model.phi(N_A, T)[away] < 0, inside[away])
    assert np.all(model.d2g_dN2(N_A[away & inside], T) < 0)


def test_spinodal_collapses_to_one_half_at_the_critical_temperature():
    model = Regular(20_000.0)
    Tc = model.critical_temperature()
    widths = [np.subtract(*model.spinodal(T)[::-1]) for T in Tc * np.array([0.5, 0.9, 0.99, 0.9999])]
    assert np.all(np.diff(widths) < 0)
    N_low, N_high = model.spinodal(Tc * (1 - 1e-8))
    assert abs(N_low - 0.5) < 1e-4 and abs(N_high - 0.5) < 1e-4
    assert np.isnan(model.spinodal(1.01 * Tc)).all()
    assert np.isnan(model.binodal(1.01 * Tc)).all()
    assert np.isnan(Regular(-5_000.0).spinodal(300.0)).all()
    assert np.isnan(Regular(-5_000.0).binodal(300.0)).all()


@pytest.mark.parametrize("fraction_of_Tc", [0.2, 0.5, 0.8, 0.95, 0.999])
def test_binodal_has_equal_chemical_potentials_and_lies_outside_the_spinodal(fraction_of_Tc):
    model = Regular(20_000.0)
    T = fraction_of_Tc * model.critical_temperature()
    N_low, N_high = model.binodal(T)
    a_A, a_B = model.activities(np.array([N_low, N_high]), T)
    assert a_A[0] == pytest.approx(a_A[1], rel=1e-10)
    assert a_B[0] == pytest.approx(a_B[1], rel=1e-10)
    # and it is the non-trivial solution, not N_low = N_high
    s_low, s_high = model.spinodal(T)
    assert 0.0 < N_low < s_low < 0.5 < s_high < N_high < 1.0


def test_binodal_known_value_and_array_input():
    # tanh(x)/x = T/Tc = 1/2 has x = 1.9150080; N = 1/(1 + e^(2x))
    model = Regular(20_000.0)
    Tc = model.critical_temperature()
    N_low, N_high = model.binodal(np.array([[0.5 * Tc], [0.8 * Tc]]))
    assert N_low.shape == (2, 1)
    assert N_low[0, 0] == pytest.approx(1 / (1 + math.exp(2 * 1.9150080)), rel=1e-6)
    np.testing.assert_allclose(N_low + N_high, 1.0, rtol=1e-15)


def test_broadcasting_composition_against_temperature():
    model = RedlichKister([-20_000.0, 8_000.0])
    N_A = np.linspace(0, 1, 5)[:, None]
    T = np.array([600.0, 900.0, 1200.0])[None, :]
    assert model.phi(N_A, T).shape == (5, 3)
    assert model.gibbs_mixing(N_A, T).shape == (5, 3)
    assert model.activities(N_A, T)[0].shape == (5, 3)
    assert model.d2g_dN2(N_A, T).shape == (5, 3)
    assert np.isinf(model.d2g_dN2(N_A, T)[[0, -1]]).all()


def test_repr():
    assert repr(Ideal()) == "Ideal()"
    assert repr(Regular(12_000.0)) == "Regular(omega=12000.0)"
    assert repr(RedlichKister([1.0, 2.0])) == "RedlichKister(coeffs=[1.0, 2.0])"
    assert Regular(12_000.0).omega == 12_000.0


METHODS_WITH_T = ["gibbs_mixing", "activity_coefficients", "activities", "chemical_potentials", "phi", "d2g_dN2"]


@pytest.mark.parametrize("method", METHODS_WITH_T)
@pytest.mark.parametrize("bad_N", [1.2, -0.1, np.nan, [0.2, 1.5]])
def test_bad_mole_fraction_is_rejected(method, bad_N):
    with pytest.raises(ValueError, match=r"N_A .*\[0, 1\]"):
        getattr(Regular(5_000.0), method)(bad_N, 800.0)


@pytest.mark.parametrize("method", METHODS_WITH_T)
@pytest.mark.parametrize("bad_T", [0.0, -5.0, np.inf])
def test_bad_temperature_is_rejected(method, bad_T):
    with pytest.raises(ValueError, match=r"T .*> 0 K"):
        getattr(Regular(5_000.0), method)(0.3, bad_T)


@pytest.mark.parametrize("method", ["spinodal", "binodal"])
def test_bad_temperature_is_rejected_by_the_gap(method):
    with pytest.raises(ValueError, match=r"T .*> 0 K"):
        getattr(Regular(5_000.0), method)(-5.0)


def test_bad_parameters_are_rejected():
    with pytest.raises(ValueError, match="N_A"):
        Regular(5_000.0).excess_gibbs(1.2)
    with pytest.raises(ValueError, match="coeffs"):
        RedlichKister([1000.0, np.nan])
    with pytest.raises(ValueError, match="coeffs"):
        RedlichKister([[1000.0]])
    with pytest.raises(ValueError, match="omega"):
        Regular(np.inf)
    with pytest.raises(ValueError, match="omega"):
        Regular([1.0, 2.0])
