"""Tests of diffkit.electrolyte: ambipolar salt diffusion and the diffusion potential."""

import math

import numpy as np
import pytest

from diffkit import electrolyte as el
from diffkit.constants import FARADAY, R
from diffkit.kinetics import darken_interdiffusivity

T25 = 298.15
D = el.LIMITING_ION_DIFFUSIVITIES
D_NA, D_CL, D_K, D_H, D_CA = D["Na+"], D["Cl-"], D["K+"], D["H+"], D["Ca2+"]
RT_F = R * T25 / FARADAY


# --------------------------------------------------------------------------- data


@pytest.mark.parametrize(
    "ion, z, lam",  # CRC (Vanýsek) limiting conductivities per unit charge, 1e-4 m^2 S/mol
    [("Na+", 1, 50.08), ("Cl-", 1, 76.31), ("K+", 1, 73.48), ("H+", 1, 349.65), ("Ca2+", 2, 59.47),
     ("Li+", 1, 38.66), ("Mg2+", 2, 53.0)],
)
def test_tabulated_diffusivities_follow_from_the_limiting_conductivities(ion, z, lam):
    # D = (RT/F²)(λ/|z|), the relation the CRC table states
    assert D[ion] == pytest.approx(R * T25 / FARADAY**2 * lam * 1e-4 / z, rel=1e-3)


# --------------------------------------------------------------------------- salt diffusivity


def test_nacl_salt_diffusivity():
    D_salt = el.salt_diffusivity(D_NA, D_CL)
    assert D_salt == pytest.approx(2 * D_NA * D_CL / (D_NA + D_CL), rel=1e-15)
    assert D_salt == pytest.approx(1.611e-9, rel=1e-3)
    assert D_NA < D_salt < D_CL
    assert D_salt - D_NA < D_CL - D_salt  # nearer the slow ion


def test_cacl2_salt_diffusivity():
    assert el.stoichiometry(2, -1) == (1, 2)
    D_salt = el.salt_diffusivity(D_CA, D_CL, 2, -1)
    assert D_salt == pytest.approx(3 * D_CA * D_CL / (2 * D_CA + D_CL), rel=1e-15)
    assert D_salt == pytest.approx(1.335e-9, rel=1e-3)


def test_stoichiometry():
    assert el.stoichiometry() == (1, 1)
    assert el.stoichiometry(1, -2) == (2, 1)
    assert el.stoichiometry(2, -2) == (1, 1)
    assert el.stoichiometry(3, -2) == (2, 3)


@pytest.mark.parametrize("z_plus, z_minus", [(1, -1), (2, -1), (1, -2), (3, -1)])
def test_equal_ionic_diffusivities_give_that_diffusivity_and_no_potential(z_plus, z_minus):
    assert el.salt_diffusivity(1.5e-9, 1.5e-9, z_plus, z_minus) == pytest.approx(1.5e-9, rel=1e-15)
    assert el.junction_potential(100.0, 10.0, 1.5e-9, 1.5e-9, T25, z_plus, z_minus) == 0.0


def test_slow_ion_controls_the_salt():
    # one immobile ion stops the salt, however fast the other
    assert el.salt_diffusivity(0.0, D_CL) == 0.0
    assert el.salt_diffusivity(1e-12, 1e-6) == pytest.approx(2e-12, rel=1e-5)


def test_transference_numbers_nacl():
    t_plus, t_minus = el.transference_numbers(D_NA, D_CL)
    assert t_plus == pytest.approx(0.396, abs=1e-3)
    assert t_minus == pytest.approx(0.604, abs=1e-3)
    t_plus, t_minus = el.transference_numbers(D_CA, D_CL, 2, -1)
    assert t_plus + t_minus == pytest.approx(1.0, rel=1e-15)
    assert t_plus == pytest.approx(2 * D_CA / (2 * D_CA + D_CL), rel=1e-15)


# --------------------------------------------------------------------------- junction potential


def test_nacl_junction_potential_tenfold_dilution():
    # φ(dilute) − φ(concentrated) for 0.1 M | 0.01 M NaCl at 25 °C
    dphi = el.junction_potential(100.0, 10.0, D_NA, D_CL, T25)
    assert dphi == pytest.approx(-RT_F * math.log(10) * (D_CL - D_NA) / (D_NA + D_CL), rel=1e-14)
    assert dphi == pytest.approx(-12.27e-3, abs=0.01e-3)
    assert dphi < 0  # Cl⁻ is faster: the dilute side is negative


def test_hcl_junction_potential_has_the_opposite_sign():
    dphi = el.junction_potential(100.0, 10.0, D_H, D_CL, T25)
    assert dphi == pytest.approx(37.96e-3, abs=0.01e-3)  # H⁺ is faster: the dilute side is positive


def test_kcl_junction_potential_is_small():
    # why salt bridges are filled with KCl
    assert abs(el.junction_potential(100.0, 10.0, D_K, D_CL, T25)) < 1.2e-3


def test_junction_potential_in_terms_of_transference_numbers():
    for z_plus, z_minus, Dp in ((1, -1, D_NA), (2, -1, D_CA), (1, -2, 1.334e-9)):
        t_plus, t_minus = el.transference_numbers(Dp, D_CL, z_plus, z_minus)
        expected = -RT_F * (t_plus / z_plus - t_minus / abs(z_minus)) * math.log(0.37)
        assert el.junction_potential(1.0, 0.37, Dp, D_CL, T25, z_plus, z_minus) == pytest.approx(expected, rel=1e-13)


def test_junction_potential_is_antisymmetric_and_additive():
    a = el.junction_potential(100.0, 30.0, D_NA, D_CL, T25)
    b = el.junction_potential(30.0, 7.0, D_NA, D_CL, T25)
    assert el.junction_potential(30.0, 100.0, D_NA, D_CL, T25) == pytest.approx(-a, rel=1e-15)
    assert el.junction_potential(100.0, 7.0, D_NA, D_CL, T25) == pytest.approx(a + b, rel=1e-13)
    assert el.junction_potential(50.0, 50.0, D_NA, D_CL, T25) == 0.0


def test_junction_potential_vectorises():
    c2 = np.array([100.0, 10.0, 1.0])
    T = np.array([[288.15], [298.15]])
    dphi = el.junction_potential(100.0, c2, D_NA, D_CL, T)
    assert dphi.shape == (2, 3)
    assert dphi[1, 0] == 0.0 and dphi[1, 2] == pytest.approx(2 * dphi[1, 1], rel=1e-13)


# --------------------------------------------------------------------------- fluxes: the field couples the ions


@pytest.mark.parametrize(
    "Dp, Dm, z_plus, z_minus", [(D_NA, D_CL, 1, -1), (D_H, D_CL, 1, -1), (D_CA, D_CL, 2, -1), (D_NA, 1.065e-9, 1, -2)]
)
def test_fluxes_carry_no_current_and_move_the_salt_at_the_ambipolar_rate(Dp, Dm, z_plus, z_minus):
    c = np.array([5.0, 50.0, 500.0])
    dc_dx = np.array([-3e4, 2e3, -7e5])
    f = el.ion_fluxes(c, dc_dx, Dp, Dm, T25, z_plus, z_minus)
    nu_plus, nu_minus = el.stoichiometry(z_plus, z_minus)
    np.testing.assert_allclose(z_plus * f.J_plus + z_minus * f.J_minus, 0.0, atol=1e-12 * np.abs(f.J_plus).max())
    J_salt = -el.salt_diffusivity(Dp, Dm, z_plus, z_minus) * dc_dx
    np.testing.assert_allclose(f.J_plus / nu_plus, J_salt, rtol=1e-12)
    np.testing.assert_allclose(f.J_minus / nu_minus, J_salt, rtol=1e-12)
    np.testing.assert_allclose(f.J_plus, f.diffusion_plus + f.migration_plus, rtol=1e-15)


def test_field_drags_the_slow_ion_and_slows_the_fast_one():
    # NaCl, concentrated on the left (dc/dx < 0): Cl⁻ is fast
    f = el.ion_fluxes(50.0, -1e4, D_NA, D_CL, T25)
    assert np.sign(f.migration_plus) == np.sign(f.diffusion_plus)  # Na⁺ pushed along
    assert np.sign(f.migration_minus) == -np.sign(f.diffusion_minus)  # Cl⁻ held back
    assert abs(f.J_plus) > abs(f.diffusion_plus) and abs(f.J_minus) < abs(f.diffusion_minus)
    # HCl: H⁺ is fast, the roles swap
    f = el.ion_fluxes(50.0, -1e4, D_H, D_CL, T25)
    assert abs(f.J_plus) < abs(f.diffusion_plus) and abs(f.J_minus) > abs(f.diffusion_minus)


def test_potential_gradient_points_up_the_concentration_gradient_for_nacl():
    assert el.diffusion_potential_gradient(50.0, 1e4, D_NA, D_CL, T25) > 0
    assert el.diffusion_potential_gradient(50.0, 1e4, D_H, D_CL, T25) < 0


# --------------------------------------------------------------------------- a salt step


STEP = dict(c_left=100.0, c_right=10.0, D_plus=D_NA, D_minus=D_CL)


def test_salt_step_solves_the_diffusion_equation_with_the_salt_diffusivity():
    x = np.linspace(-2e-3, 2e-3, 81)
    t, dt, dx = 600.0, 1e-2, 1e-7
    c = lambda x, t: el.salt_step_concentration(x, t, **STEP)  # noqa: E731
    dc_dt = (c(x, t + dt) - c(x, t - dt)) / (2 * dt)
    d2c_dx2 = (c(x + dx, t) - 2 * c(x, t) + c(x - dx, t)) / dx**2
    D_salt = el.salt_diffusivity(D_NA, D_CL)
    np.testing.assert_allclose(dc_dt, D_salt * d2c_dx2, rtol=2e-4, atol=1e-6 * np.abs(dc_dt).max())
    assert c(-1.0, t) == pytest.approx(100.0) and c(1.0, t) == pytest.approx(10.0) and c(0.0, t) == 55.0


def test_salt_step_gradient_potential_and_field_are_consistent():
    x = np.linspace(-1e-3, 1e-3, 2001)
    t = 300.0
    step = el.salt_step(x, t, T=T25, **STEP)
    np.testing.assert_allclose(step.dc_dx, np.gradient(step.c, x, edge_order=2), rtol=1e-4, atol=1e-3)
    np.testing.assert_allclose(step.field, -np.gradient(step.phi, x, edge_order=2), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(step.c, el.salt_step_concentration(x, t, **STEP), rtol=1e-15)
    np.testing.assert_allclose(step.phi, el.salt_step_potential(x, t, T=T25, **STEP), rtol=1e-15)
    np.testing.assert_allclose(step.field, el.salt_step_field(x, t, T=T25, **STEP), rtol=1e-15)
    np.testing.assert_allclose(step.dc_dx, el.salt_step_gradient(x, t, **STEP), rtol=1e-15)
    # field points toward the dilute side (right) everywhere, and φ spans the junction potential
    assert np.all(step.field > 0)
    far = el.salt_step_potential(np.array([-1.0, 1.0]), t, T=T25, **STEP)
    assert far[0] == pytest.approx(el.junction_potential(10.0, 100.0, D_NA, D_CL, T25), rel=1e-12)
    assert far[1] == pytest.approx(0.0, abs=1e-15)


def test_salt_step_field_decays_as_one_over_root_t():
    E1 = el.salt_step_field(0.0, 100.0, T=T25, **STEP)
    E4 = el.salt_step_field(0.0, 400.0, T=T25, **STEP)
    assert E4 == pytest.approx(E1 / 2, rel=1e-13)


# --------------------------------------------------------------------------- Darken


def test_darken_mean_is_arithmetic_and_ambipolar_mean_is_harmonic():
    cmp = el.compare_with_darken(D_NA, D_CL)
    assert cmp.darken == pytest.approx((D_NA + D_CL) / 2, rel=1e-15)
    assert cmp.darken == pytest.approx(darken_interdiffusivity(0.5, D_NA, D_CL), rel=1e-15)
    assert cmp.ambipolar == pytest.approx(el.salt_diffusivity(D_NA, D_CL), rel=1e-15)
    assert cmp.darken / cmp.ambipolar == pytest.approx((D_NA + D_CL) ** 2 / (4 * D_NA * D_CL), rel=1e-13)
    ratios = np.geomspace(1e-3, 1e3, 13)
    cmp = el.compare_with_darken(1e-9 * ratios, 1e-9)
    assert np.all(cmp.ambipolar <= cmp.darken * (1 + 1e-15))
    same = el.compare_with_darken(1e-9, 1e-9)
    assert same.darken == pytest.approx(same.ambipolar, rel=1e-15)


# --------------------------------------------------------------------------- bad input


def test_bad_diffusivities_are_rejected():
    with pytest.raises(ValueError, match="D_plus is a diffusivity and must be finite and >= 0"):
        el.salt_diffusivity(-1e-9, D_CL)
    with pytest.raises(ValueError, match="D_minus is a diffusivity"):
        el.junction_potential(1.0, 2.0, D_NA, np.nan, T25)
    with pytest.raises(ValueError, match="must not both be 0"):
        el.salt_diffusivity(0.0, 0.0)


@pytest.mark.parametrize("z_plus, z_minus, message", [
    (0, -1, "z_plus is the cation charge number and must be an integer >= 1"),
    (-1, -1, "z_plus is the cation charge number"),
    (1.5, -1, "z_plus is the cation charge number"),
    (1, 1, "z_minus is the anion charge number and must be an integer <= -1"),
    (1, 0, "z_minus is the anion charge number"),
    (1, -0.5, "z_minus is the anion charge number"),
])
def test_bad_charges_are_rejected(z_plus, z_minus, message):
    with pytest.raises(ValueError, match=message):
        el.salt_diffusivity(D_NA, D_CL, z_plus, z_minus)


@pytest.mark.parametrize("c1, c2, name", [(0.0, 1.0, "c1"), (1.0, -2.0, "c2"), (np.nan, 1.0, "c1")])
def test_nonpositive_concentrations_are_rejected(c1, c2, name):
    with pytest.raises(ValueError, match=f"{name} is a concentration and must be finite and > 0"):
        el.junction_potential(c1, c2, D_NA, D_CL, T25)


def test_bad_temperature_time_and_step_are_rejected():
    with pytest.raises(ValueError, match="T is an absolute temperature and must be > 0 K"):
        el.junction_potential(1.0, 2.0, D_NA, D_CL, 0.0)
    with pytest.raises(ValueError, match="t is a time and must be finite and > 0 s"):
        el.salt_step_concentration(0.0, 0.0, **STEP)
    with pytest.raises(ValueError, match="c_right is a concentration"):
        el.salt_step_concentration(0.0, 1.0, 100.0, 0.0, D_NA, D_CL)
    with pytest.raises(ValueError, match="c is a concentration"):
        el.ion_fluxes(0.0, 1.0, D_NA, D_CL, T25)
    with pytest.raises(ValueError, match="dc_dx must be finite"):
        el.diffusion_potential_gradient(1.0, np.inf, D_NA, D_CL, T25)
