"""Tests of diffkit.intercalation: lattice-gas voltage curve, thermodynamic factor, chemical diffusion."""

import numpy as np
import pytest

from diffkit import intercalation as ic
from diffkit.constants import FARADAY, R
from diffkit.thermo import Regular

T_ROOM = 298.15
E0 = 3.43  # V vs Li/Li+, a LiFePO4-like plateau voltage
# Ω below, at and above 2RT at 300 K (2RT = 4988 J/mol): ordering, ideal, weak and strong attraction.
OMEGAS_SINGLE_PHASE = [-8000.0, -2000.0, 0.0, 3000.0, 4500.0]
X_FINE = np.linspace(0.02, 0.98, 20001)


# --------------------------------------------------------------------------- Φ from the voltage curve


@pytest.mark.parametrize("omega", OMEGAS_SINGLE_PHASE)
def test_phi_from_finely_sampled_ocv_matches_closed_form(omega):
    T = 300.0
    E = ic.lattice_gas_ocv(X_FINE, T, omega, E0)
    phi_numeric = ic.thermodynamic_factor_from_ocv(X_FINE, E, T)
    phi_exact = ic.lattice_gas_thermodynamic_factor(X_FINE, T, omega)
    np.testing.assert_allclose(phi_numeric, phi_exact, rtol=1e-5)


def test_phi_from_ocv_on_a_nonuniform_and_decreasing_grid():
    T = 320.0
    x = np.sort(np.concatenate([np.linspace(0.03, 0.97, 6001), np.geomspace(0.031, 0.5, 3001)]))
    x = np.unique(x)[::-1]  # strictly decreasing, uneven spacing
    E = ic.lattice_gas_ocv(x, T, -3000.0, E0)
    np.testing.assert_allclose(
        ic.thermodynamic_factor_from_ocv(x, E, T), ic.lattice_gas_thermodynamic_factor(x, T, -3000.0), rtol=1e-4
    )


def test_closed_form_phi_is_minus_F_over_RT_x_dE_dx():
    # analytic derivative of E(x) = E0 − (RT/F) ln(x/(1−x)) − (Ω/F)(1 − 2x)
    T, omega = 450.0, 6000.0
    x = np.linspace(0.01, 0.99, 99)
    dE_dx = -(R * T / FARADAY) / (x * (1 - x)) + 2 * omega / FARADAY
    np.testing.assert_allclose(
        ic.lattice_gas_thermodynamic_factor(x, T, omega), -(FARADAY / (R * T)) * x * dE_dx, rtol=1e-13
    )


def test_ideal_lattice_gas_phi_is_one_over_one_minus_x():
    x = np.linspace(0.001, 0.999, 999)
    np.testing.assert_allclose(ic.lattice_gas_thermodynamic_factor(x, 300.0), 1.0 / (1.0 - x), rtol=1e-15)
    E = ic.lattice_gas_ocv(X_FINE, 300.0)
    np.testing.assert_allclose(ic.thermodynamic_factor_from_ocv(X_FINE, E, 300.0), 1.0 / (1.0 - X_FINE), rtol=1e-5)


@pytest.mark.parametrize("omega", [-10_000.0, 0.0, 4000.0, 12_000.0])
def test_li_phi_is_the_alloy_phi_over_one_minus_x(omega):
    x = np.linspace(0.02, 0.98, 49)
    T = 500.0
    np.testing.assert_allclose(
        ic.lattice_gas_thermodynamic_factor(x, T, omega), Regular(omega).phi(x, T) / (1.0 - x), rtol=1e-12
    )


def test_smoothing_spline_tames_noisy_voltage_data():
    T = 300.0
    rng = np.random.default_rng(20240601)
    x = np.linspace(0.1, 0.9, 801)
    E = ic.lattice_gas_ocv(x, T, 0.0, E0) + rng.normal(0.0, 1e-4, x.size)  # 0.1 mV noise
    exact = 1.0 / (1.0 - x)
    middle = (x > 0.2) & (x < 0.8)
    smooth = ic.thermodynamic_factor_from_ocv(x, E, T, noise=1e-4)
    raw = ic.thermodynamic_factor_from_ocv(x, E, T)
    assert np.max(np.abs(smooth / exact - 1)[middle]) < 0.02
    assert np.max(np.abs(raw / exact - 1)[middle]) > 0.2  # why the option exists


# --------------------------------------------------------------------------- voltage curve, T_c, plateau


@pytest.mark.parametrize("omega", [-8000.0, 0.0, 3000.0, 8000.0])
def test_ocv_decreases_with_x_above_tc(omega):
    T = max(300.0, 1.05 * ic.critical_temperature(omega))
    x = np.linspace(0.001, 0.999, 2001)
    E = ic.lattice_gas_ocv(x, T, omega, E0)
    assert np.all(np.diff(E) < 0)
    assert np.all(ic.lattice_gas_thermodynamic_factor(x, T, omega) > 0)


def test_ocv_is_e0_at_half_filling_and_antisymmetric_about_it():
    x = np.linspace(0.01, 0.49, 25)
    for omega in (-5000.0, 9000.0):
        assert ic.lattice_gas_ocv(0.5, 310.0, omega, E0) == pytest.approx(E0, abs=1e-15)
        up = ic.lattice_gas_ocv(x, 310.0, omega, E0) - E0
        down = ic.lattice_gas_ocv(1 - x, 310.0, omega, E0) - E0
        np.testing.assert_allclose(up, -down, atol=1e-13)


def test_stronger_repulsion_makes_the_curve_steeper():
    # Ω < 0 (Li–Li repulsion): a larger voltage window over the same composition range
    T = 300.0
    span = [ic.lattice_gas_ocv(0.1, T, om) - ic.lattice_gas_ocv(0.9, T, om) for om in (0.0, -5000.0, -10_000.0)]
    assert span[0] < span[1] < span[2]


def test_critical_temperature_matches_thermo_regular():
    for omega in (1000.0, 8110.0, 25_000.0):
        assert ic.critical_temperature(omega) == pytest.approx(Regular(omega).critical_temperature(), rel=1e-15)
        assert ic.critical_temperature(omega) == pytest.approx(omega / (2 * R), rel=1e-15)
    np.testing.assert_array_equal(ic.critical_temperature([-3000.0, 0.0]), [0.0, 0.0])


def test_phi_touches_zero_at_the_critical_point():
    omega = 9000.0
    T_c = ic.critical_temperature(omega)
    assert ic.lattice_gas_thermodynamic_factor(0.5, T_c, omega) * (1 - 0.5) == pytest.approx(0.0, abs=1e-14)
    assert np.all(np.isnan(ic.miscibility_gap(1.001 * T_c, omega)))
    x_low, x_high = ic.miscibility_gap(0.999 * T_c, omega)
    assert 0.4 < x_low < 0.5 < x_high < 0.6


def test_single_phase_curve_rises_between_the_spinodal_points_below_tc():
    omega, T = 10_000.0, 300.0  # T_c = 601 K
    s_low, s_high = Regular(omega).spinodal(T)
    inside = np.linspace(s_low + 1e-3, s_high - 1e-3, 101)
    assert np.all(np.diff(ic.lattice_gas_ocv(inside, T, omega, E0)) > 0)
    assert np.all(ic.lattice_gas_thermodynamic_factor(inside, T, omega) < 0)
    np.testing.assert_allclose(ic.lattice_gas_thermodynamic_factor([s_low, s_high], T, omega), 0.0, atol=1e-10)


def test_equilibrium_ocv_has_a_plateau_at_e0_between_the_binodal_points():
    omega, T = 10_000.0, 300.0
    x_low, x_high = ic.miscibility_gap(T, omega)
    np.testing.assert_allclose((x_low, x_high), Regular(omega).binodal(T), rtol=1e-14)
    x = np.linspace(0.001, 0.999, 4001)
    E_eq = ic.equilibrium_ocv(x, T, omega, E0)
    E_single = ic.lattice_gas_ocv(x, T, omega, E0)
    gap = (x > x_low) & (x < x_high)
    np.testing.assert_array_equal(E_eq[gap], E0)
    np.testing.assert_array_equal(E_eq[~gap], E_single[~gap])
    # the plateau meets the single-phase curve continuously (common tangent: μ equal)
    np.testing.assert_allclose(ic.lattice_gas_ocv([x_low, x_high], T, omega, E0), E0, atol=1e-12)
    assert np.all(np.diff(E_eq) <= 0)
    # Maxwell construction: inside the gap the single-phase curve dips below the plateau on the
    # Li-poor side (metastable, then unstable) and rises above it on the Li-rich side, equal areas
    assert np.all(E_single[gap & (x < 0.5)] < E0) and np.all(E_single[gap & (x > 0.5)] > E0)
    xs = np.linspace(x_low, x_high, 20001)
    area = np.trapezoid(ic.lattice_gas_ocv(xs, T, omega, E0) - E0, xs)
    assert abs(area) < 1e-12


def test_phi_vanishes_on_the_plateau():
    omega, T = 10_000.0, 300.0
    x_low, x_high = ic.miscibility_gap(T, omega)
    x = np.linspace(0.001, 0.999, 4001)
    E_eq = ic.equilibrium_ocv(x, T, omega, E0)
    phi = ic.thermodynamic_factor_from_ocv(x, E_eq, T)
    well_inside = (x > x_low + 0.01) & (x < x_high - 0.01)
    np.testing.assert_allclose(phi[well_inside], 0.0, atol=1e-10)  # round-off of the uneven-grid weights
    phi_eq = ic.equilibrium_thermodynamic_factor(x, T, omega)
    gap = (x > x_low) & (x < x_high)
    np.testing.assert_array_equal(phi_eq[gap], 0.0)
    assert np.all(phi_eq[~gap] > 0)


def test_equilibrium_curves_equal_single_phase_ones_above_tc_or_for_repulsion():
    x = np.linspace(0.01, 0.99, 99)
    for omega, T in ((8000.0, 600.0), (-8000.0, 300.0)):
        np.testing.assert_array_equal(ic.equilibrium_ocv(x, T, omega, E0), ic.lattice_gas_ocv(x, T, omega, E0))
        np.testing.assert_array_equal(
            ic.equilibrium_thermodynamic_factor(x, T, omega), ic.lattice_gas_thermodynamic_factor(x, T, omega)
        )


def test_functions_broadcast_over_temperature_and_omega():
    x = np.linspace(0.05, 0.95, 7)[:, None]
    T = np.array([250.0, 350.0, 700.0])
    E = ic.equilibrium_ocv(x, T, 9000.0, E0)
    assert E.shape == (7, 3)
    np.testing.assert_allclose(E[:, 2], ic.lattice_gas_ocv(x[:, 0], 700.0, 9000.0, E0))  # above T_c = 541 K
    x_low, _ = ic.miscibility_gap(300.0, np.array([6000.0, 9000.0, 4000.0]))
    assert x_low[0] > x_low[1] and np.isnan(x_low[2])


# --------------------------------------------------------------------------- fitting Ω to a measured gap


@pytest.mark.parametrize("x_low", [1e-4, 0.01, 0.05, 0.2, 0.45, 0.499])
def test_omega_from_miscibility_gap_inverts_the_binodal(x_low):
    T = 310.0
    omega = ic.omega_from_miscibility_gap(x_low, T)
    assert ic.miscibility_gap(T, omega)[0] == pytest.approx(x_low, rel=1e-9)
    assert ic.omega_from_miscibility_gap(1 - x_low, T) == pytest.approx(omega, rel=1e-12)


def test_omega_at_half_filling_is_two_rt():
    assert ic.omega_from_miscibility_gap(0.5, 400.0) == pytest.approx(2 * R * 400.0, rel=1e-15)


def test_lifepo4_room_temperature_gap():
    # Yamada et al., Nat. Mater. 5 (2006) 357: Li_αFePO4 with α ≈ 0.05 at room temperature.
    omega = ic.omega_from_miscibility_gap(0.05, T_ROOM)
    assert omega == pytest.approx(8110.0, rel=1e-3)  # J/mol
    assert ic.critical_temperature(omega) == pytest.approx(487.7, rel=1e-3)  # K, about 215 °C
    assert ic.miscibility_gap(T_ROOM, omega)[1] == pytest.approx(0.95, rel=1e-12)  # symmetric model; measured 0.89


# --------------------------------------------------------------------------- chemical diffusivity


def test_chemical_diffusivity_is_jump_diffusivity_times_phi():
    D_J = np.array([1e-14, 3e-15, 0.0])
    phi = np.array([2.0, -0.5, 7.0])
    np.testing.assert_array_equal(ic.chemical_diffusivity(D_J, phi), D_J * phi)
    x = np.linspace(0.05, 0.95, 19)
    np.testing.assert_allclose(
        ic.lattice_gas_chemical_diffusivity(x, 300.0, 1e-14, -4000.0),
        1e-14 * ic.lattice_gas_thermodynamic_factor(x, 300.0, -4000.0),
        rtol=1e-15,
    )


def test_ideal_lattice_gas_with_site_blocking_has_constant_chemical_diffusivity():
    D0 = 2e-14
    x = np.linspace(0.001, 0.999, 999)
    np.testing.assert_allclose(ic.lattice_gas_chemical_diffusivity(x, 300.0, D0 * (1 - x)), D0, rtol=1e-12)


def test_equilibrium_chemical_diffusivity_vanishes_in_the_gap():
    omega, T = 10_000.0, 300.0
    x_low, x_high = ic.miscibility_gap(T, omega)
    x = np.linspace(0.01, 0.99, 99)
    D = ic.lattice_gas_chemical_diffusivity(x, T, 1e-14, omega, equilibrium=True)
    gap = (x > x_low) & (x < x_high)
    np.testing.assert_array_equal(D[gap], 0.0)
    assert np.all(D[~gap] > 0)
    assert np.any(ic.lattice_gas_chemical_diffusivity(x, T, 1e-14, omega) < 0)  # uphill in the spinodal


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("bad_x", [0.0, 1.0, -0.1, 1.2, np.nan, [0.2, 1.0]])
@pytest.mark.parametrize(
    "call",
    [
        lambda x: ic.lattice_gas_ocv(x, 300.0),
        lambda x: ic.equilibrium_ocv(x, 300.0, 9000.0),
        lambda x: ic.lattice_gas_thermodynamic_factor(x, 300.0),
        lambda x: ic.equilibrium_thermodynamic_factor(x, 300.0, 9000.0),
        lambda x: ic.lattice_gas_chemical_diffusivity(x, 300.0, 1e-14),
        lambda x: ic.omega_from_miscibility_gap(x, 300.0),
    ],
)
def test_site_fraction_outside_open_interval_is_rejected(call, bad_x):
    message = r"(x|x_low) is the Li site fraction and must lie in the open interval \(0, 1\)"
    with pytest.raises(ValueError, match=message):
        call(bad_x)


@pytest.mark.parametrize("bad_T", [0.0, -10.0, np.inf])
def test_nonpositive_temperature_is_rejected(bad_T):
    with pytest.raises(ValueError, match="T is an absolute temperature and must be > 0 K"):
        ic.lattice_gas_ocv(0.3, bad_T)
    with pytest.raises(ValueError, match="T is an absolute temperature"):
        ic.miscibility_gap(bad_T, 9000.0)
    with pytest.raises(ValueError, match="T is an absolute temperature"):
        ic.thermodynamic_factor_from_ocv([0.1, 0.2, 0.3, 0.4], [3.5, 3.4, 3.3, 3.2], bad_T)


def test_negative_jump_diffusivity_is_rejected():
    with pytest.raises(ValueError, match="D_J is a diffusivity and must be finite and >= 0"):
        ic.chemical_diffusivity(-1e-14, 1.0)
    with pytest.raises(ValueError, match="D_J is a diffusivity"):
        ic.lattice_gas_chemical_diffusivity(0.5, 300.0, -1e-14)


def test_non_monotonic_samples_are_rejected():
    E = [3.5, 3.45, 3.4, 3.35, 3.3]
    for x in ([0.1, 0.2, 0.15, 0.3, 0.4], [0.1, 0.2, 0.2, 0.3, 0.4]):
        with pytest.raises(ValueError, match="x must be strictly monotonic"):
            ic.thermodynamic_factor_from_ocv(x, E, 300.0)


def test_malformed_ocv_data_are_rejected():
    with pytest.raises(ValueError, match="E must have one voltage per x sample"):
        ic.thermodynamic_factor_from_ocv([0.1, 0.2, 0.3, 0.4], [3.5, 3.4, 3.3], 300.0)
    with pytest.raises(ValueError, match="at least 4 site fractions"):
        ic.thermodynamic_factor_from_ocv([0.1, 0.2, 0.3], [3.5, 3.4, 3.3], 300.0)
    with pytest.raises(ValueError, match="E must be finite"):
        ic.thermodynamic_factor_from_ocv([0.1, 0.2, 0.3, 0.4], [3.5, np.nan, 3.3, 3.2], 300.0)
    with pytest.raises(ValueError, match="noise is the rms noise of E and must be a number >= 0"):
        ic.thermodynamic_factor_from_ocv([0.1, 0.2, 0.3, 0.4], [3.5, 3.4, 3.3, 3.2], 300.0, noise=-1e-3)
    with pytest.raises(ValueError, match="T must be a single temperature"):
        ic.thermodynamic_factor_from_ocv([0.1, 0.2, 0.3, 0.4], [3.5, 3.4, 3.3, 3.2], [300.0, 310.0])


def test_nonfinite_omega_and_e0_are_rejected():
    with pytest.raises(ValueError, match=r"omega must be finite \(J/mol\)"):
        ic.lattice_gas_ocv(0.3, 300.0, np.nan)
    with pytest.raises(ValueError, match=r"omega must be finite"):
        ic.critical_temperature(np.inf)
    with pytest.raises(ValueError, match=r"E0 must be finite \(V\)"):
        ic.lattice_gas_ocv(0.3, 300.0, 0.0, np.inf)
