"""Ions of one salt diffusing in water: ambipolar diffusion and the diffusion potential.

A salt of cations (charge number z₊ > 0) and anions (z₋ < 0) dissolved in water at
concentration c (mol of formula units per m^3) gives c₊ = ν₊ c and c₋ = ν₋ c with
ν₊ z₊ = ν₋ |z₋| (NaCl: 1, 1; CaCl₂: 1, 2). Each ion obeys the Nernst–Planck equation
(dilute solution, activity = concentration):

    J₊ = −D₊ (∇c₊ + z₊ c₊ (F/RT) ∇φ),    J₋ = −D₋ (∇c₋ − |z₋| c₋ (F/RT) ∇φ)

The two ions cannot separate: electroneutrality (z₊c₊ = |z₋|c₋) and zero current
(z₊J₊ = |z₋|J₋) hold everywhere outside a nanometre-thin double layer. Zero current fixes
the field,

    ∇φ = (RT/F) (D₋ − D₊) / (z₊D₊ + |z₋|D₋) ∇ln c,

which slows the faster ion and drags the slower one along, and both then move with the
salt at the ambipolar (Nernst–Hartley) diffusivity

    D_salt = (z₊ + |z₋|) D₊ D₋ / (z₊ D₊ + |z₋| D₋)     (1:1 salt: 2 D₊D₋/(D₊ + D₋)).

The bookkeeping is Darken's: two species with different mobilities, one constraint. In an
alloy the constraint (J_A + J_B = 0 in the lab frame) is met by the lattice itself moving
(the Kirkendall velocity, ∝ D_A − D_B); in the electrolyte it is met by the electric field
(∝ D₋ − D₊). The alloy's interdiffusivity is an arithmetic-type mean, N_B D_A + N_A D_B,
which the *fast* species dominates where it is dilute; the salt's is a harmonic-type mean,
which the *slow* ion controls (:func:`compare_with_darken`).

Sign convention of the diffusion (liquid-junction) potential: φ is the electrostatic
potential; Δφ = φ(2) − φ(1) between a solution at c₂ and one at c₁. The side the faster
ion runs into becomes charged with that ion's sign: for NaCl (Cl⁻ faster) the dilute side
is *negative*; for HCl (H⁺ faster) it is *positive*.

Units: concentrations in mol/m^3 (1 mol/L = 1000 mol/m^3; only ratios of c enter φ),
diffusivities in m^2/s, T in K, potentials in V, fields in V/m, fluxes in mol/(m^2 s).

References
----------
W. Nernst, Z. Phys. Chem. 2 (1888) 613; M. Planck, Ann. Phys. 39 (1890) 161 (diffusion
potential); G. S. Hartley, Phil. Mag. 12 (1931) 473 (salt diffusivity).
P. Vanýsek, "Ionic conductivity and diffusion at infinite dilution", CRC Handbook of
Chemistry and Physics (CRC Press), section 5: the limiting ionic diffusivities of
``LIMITING_ION_DIFFUSIVITIES`` and the formula for D_salt.
R. A. Robinson and R. H. Stokes, Electrolyte Solutions, 2nd ed. (Butterworths, 1959).
A. J. Bard and L. R. Faulkner, Electrochemical Methods, 2nd ed. (Wiley, 2001), sec. 2.3
(liquid junction potentials).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy.special import erfc

from . import _validate
from .constants import FARADAY, R
from .kinetics import darken_interdiffusivity

__all__ = [
    "LIMITING_ION_DIFFUSIVITIES",
    "stoichiometry",
    "salt_diffusivity",
    "transference_numbers",
    "diffusion_potential_gradient",
    "junction_potential",
    "ion_fluxes",
    "IonFluxes",
    "salt_step_concentration",
    "salt_step_gradient",
    "salt_step_potential",
    "salt_step_field",
    "salt_step",
    "SaltStep",
    "compare_with_darken",
    "DarkenComparison",
]

LIMITING_ION_DIFFUSIVITIES = {
    "H+": 9.311e-9,
    "Li+": 1.029e-9,
    "Na+": 1.334e-9,
    "K+": 1.957e-9,
    "Mg2+": 0.706e-9,
    "Ca2+": 0.792e-9,
    "Cl-": 2.032e-9,
}
"""Diffusivities of ions in water at infinite dilution, 25 °C, m^2/s.

Source: P. Vanýsek, "Ionic conductivity and diffusion at infinite dilution", CRC Handbook
of Chemistry and Physics, section 5 (the D column, there in 10^-5 cm^2/s), obtained from
the limiting ionic conductivities λ by D = (RT/F²)(λ/|z|); e.g. λ(Na⁺) = 50.08 and
λ(Cl⁻) = 76.31 (10^-4 m^2 S/mol). They rise by 2–3 % per kelvin above 25 °C.
"""


# --------------------------------------------------------------------------- checks


def _charges(z_plus, z_minus):
    """Check the charge numbers: integers, z₊ >= 1 and z₋ <= −1."""
    zp, zm = np.asarray(z_plus, dtype=float), np.asarray(z_minus, dtype=float)
    if zp.ndim != 0 or not np.isfinite(zp) or zp < 1 or zp != round(float(zp)):
        raise ValueError(f"z_plus is the cation charge number and must be an integer >= 1; got {z_plus!r}")
    if zm.ndim != 0 or not np.isfinite(zm) or zm > -1 or zm != round(float(zm)):
        raise ValueError(f"z_minus is the anion charge number and must be an integer <= -1; got {z_minus!r}")
    return int(zp), int(zm)


def _concentration(value, name):
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(
            f"{name} is a concentration and must be finite and > 0 mol/m^3; got {_validate._show(value)}"
        )
    return arr


def _time(value):
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"t is a time and must be finite and > 0 s; got {_validate._show(value)}")
    return arr


def _ion_diffusivities(D_plus, D_minus):
    D_plus = _validate.diffusivity(D_plus, "D_plus")
    D_minus = _validate.diffusivity(D_minus, "D_minus")
    if np.any(D_plus + D_minus == 0):
        raise ValueError("D_plus and D_minus must not both be 0 m^2/s: at least one ion has to move")
    return D_plus, D_minus


def _field_coefficient(D_plus, D_minus, z_plus, z_minus):
    """k = (D₋ − D₊)/(z₊D₊ + |z₋|D₋), with ∇φ = (RT/F) k ∇ln c (checked inputs)."""
    return (D_minus - D_plus) / (z_plus * D_plus - z_minus * D_minus)


# --------------------------------------------------------------------------- bulk relations


def stoichiometry(z_plus=1, z_minus=-1):
    """Ions per formula unit of the salt with the given charge numbers.

    ν₊ = |z₋| / g,   ν₋ = z₊ / g,   g = gcd(z₊, |z₋|)   (so that ν₊ z₊ = ν₋ |z₋|)

    Parameters
    ----------
    z_plus : int
        Cation charge number, >= 1.
    z_minus : int
        Anion charge number, <= −1.

    Returns
    -------
    nu_plus, nu_minus : int
        NaCl (1, −1) → (1, 1); CaCl₂ (2, −1) → (1, 2); Na₂SO₄ (1, −2) → (2, 1).

    References
    ----------
    Robinson and Stokes, Electrolyte Solutions (1959), ch. 1.
    """
    z_plus, z_minus = _charges(z_plus, z_minus)
    g = math.gcd(z_plus, -z_minus)
    return -z_minus // g, z_plus // g


def salt_diffusivity(D_plus, D_minus, z_plus=1, z_minus=-1):
    """Ambipolar (Nernst–Hartley) diffusivity of a single salt in the dilute limit.

    D_salt = (z₊ + |z₋|) D₊ D₋ / (z₊ D₊ + |z₋| D₋);   1:1 salt: 2 D₊D₋ / (D₊ + D₋)

    Derivation: with c₊ = ν₊c, c₋ = ν₋c (electroneutral) and zero current z₊J₊ = |z₋|J₋,
    the Nernst–Planck fluxes give ∇φ = (RT/F)(D₋ − D₊)/(z₊D₊ + |z₋|D₋) ∇ln c
    (:func:`diffusion_potential_gradient`); putting it back,
    J₊/ν₊ = −D₊[1 + z₊(D₋ − D₊)/(z₊D₊ + |z₋|D₋)] ∇c = −D_salt ∇c, and the same for J₋/ν₋.
    A harmonic-type mean: it lies between D₊ and D₋, nearer the slower ion, and equals D
    when D₊ = D₋ = D.

    Parameters
    ----------
    D_plus, D_minus : float or array_like
        Diffusivities of the cation and the anion, m^2/s (>= 0, not both 0).
    z_plus : int
        Cation charge number, >= 1.
    z_minus : int
        Anion charge number, <= −1.

    Returns
    -------
    D_salt : float or ndarray
        m^2/s. NaCl at 25 °C: 1.611e-9 from D(Na⁺) = 1.334e-9, D(Cl⁻) = 2.032e-9.

    References
    ----------
    G. S. Hartley, Phil. Mag. 12 (1931) 473; the formula as printed in Vanýsek, CRC
    Handbook of Chemistry and Physics, "Ionic conductivity and diffusion at infinite
    dilution".
    """
    z_plus, z_minus = _charges(z_plus, z_minus)
    D_plus, D_minus = _ion_diffusivities(D_plus, D_minus)
    return ((z_plus - z_minus) * D_plus * D_minus / (z_plus * D_plus - z_minus * D_minus))[()]


def transference_numbers(D_plus, D_minus, z_plus=1, z_minus=-1):
    """Fractions of the current carried by the cation and the anion of one salt (dilute).

    t₊ = z₊ D₊ / (z₊ D₊ + |z₋| D₋),   t₋ = 1 − t₊

    from t_i = z_i² c_i D_i / Σ_k z_k² c_k D_k (Nernst–Einstein) with ν₊z₊ = ν₋|z₋|.

    Parameters
    ----------
    D_plus, D_minus : float or array_like
        Ionic diffusivities, m^2/s (>= 0, not both 0).
    z_plus, z_minus : int
        Charge numbers, z_plus >= 1, z_minus <= −1.

    Returns
    -------
    t_plus, t_minus : float or ndarray
        Dimensionless, in [0, 1]; NaCl at 25 °C: 0.396 and 0.604.

    References
    ----------
    Robinson and Stokes, Electrolyte Solutions (1959), ch. 2 and 6; Bard and Faulkner (2001),
    sec. 2.3.
    """
    z_plus, z_minus = _charges(z_plus, z_minus)
    D_plus, D_minus = _ion_diffusivities(D_plus, D_minus)
    t_plus = z_plus * D_plus / (z_plus * D_plus - z_minus * D_minus)
    return t_plus[()], (1.0 - t_plus)[()]


def diffusion_potential_gradient(c, dc_dx, D_plus, D_minus, T, z_plus=1, z_minus=-1):
    """Gradient of the electrostatic potential that keeps a diffusing salt free of current.

    ∂φ/∂x = (RT/F) (D₋ − D₊)/(z₊D₊ + |z₋|D₋) (∂c/∂x)/c

    Zero current with the Nernst–Planck fluxes and electroneutrality (see
    :func:`salt_diffusivity`). The electric field is E = −∂φ/∂x; with D₋ > D₊ (NaCl) φ
    rises toward the concentrated side.

    Parameters
    ----------
    c : float or array_like
        Salt concentration, mol/m^3 (> 0).
    dc_dx : float or array_like
        Its gradient, mol/m^4 (finite).
    D_plus, D_minus : float or array_like
        Ionic diffusivities, m^2/s (>= 0, not both 0).
    T : float or array_like
        Temperature, K (> 0).
    z_plus, z_minus : int
        Charge numbers, z_plus >= 1, z_minus <= −1.

    Returns
    -------
    dphi_dx : float or ndarray
        V/m.

    References
    ----------
    M. Planck, Ann. Phys. 39 (1890) 161; Bard and Faulkner (2001), sec. 2.3.
    """
    z_plus, z_minus = _charges(z_plus, z_minus)
    c = _concentration(c, "c")
    dc_dx = _validate.finite(dc_dx, "dc_dx", "mol/m^4")
    D_plus, D_minus = _ion_diffusivities(D_plus, D_minus)
    T = _validate.temperature(T)
    k = _field_coefficient(D_plus, D_minus, z_plus, z_minus)
    return (R * T / FARADAY * k * dc_dx / c)[()]


def junction_potential(c1, c2, D_plus, D_minus, T, z_plus=1, z_minus=-1):
    """Diffusion (liquid-junction) potential between two solutions of the same salt.

    Δφ = φ(2) − φ(1) = (RT/F) (D₋ − D₊)/(z₊D₊ + |z₋|D₋) ln(c₂/c₁)
                     = −(RT/F) (t₊/z₊ − t₋/|z₋|) ln(c₂/c₁)

    the integral of :func:`diffusion_potential_gradient` across the junction; it does not
    depend on the shape of the profile. Dilute limit (activities = concentrations, D
    independent of c). The side into which the faster ion runs takes that ion's sign: for
    NaCl between 0.1 M and 0.01 M the dilute side is 12.3 mV *negative*; for HCl it is
    38 mV *positive*; for KCl (nearly equal D) only 1.1 mV, which is why salt bridges are
    filled with KCl.

    Parameters
    ----------
    c1, c2 : float or array_like
        Salt concentrations on side 1 and side 2, mol/m^3 (> 0; any unit, only the ratio
        enters).
    D_plus, D_minus : float or array_like
        Ionic diffusivities, m^2/s (>= 0, not both 0).
    T : float or array_like
        Temperature, K (> 0).
    z_plus, z_minus : int
        Charge numbers, z_plus >= 1, z_minus <= −1.

    Returns
    -------
    delta_phi : float or ndarray
        V, φ(2) − φ(1). Zero when D₊ = D₋ (for a symmetric salt) or c₁ = c₂.

    References
    ----------
    M. Planck, Ann. Phys. 39 (1890) 161; Bard and Faulkner (2001), sec. 2.3 (a junction of
    one electrolyte at two concentrations).
    """
    z_plus, z_minus = _charges(z_plus, z_minus)
    c1 = _concentration(c1, "c1")
    c2 = _concentration(c2, "c2")
    D_plus, D_minus = _ion_diffusivities(D_plus, D_minus)
    T = _validate.temperature(T)
    k = _field_coefficient(D_plus, D_minus, z_plus, z_minus)
    return (R * T / FARADAY * k * np.log(c2 / c1))[()]


class IonFluxes(NamedTuple):
    """Fluxes of the two ions of a salt, mol/(m^2 s): the totals and their two parts."""

    J_plus: np.ndarray
    """Cation flux, diffusion + migration."""
    J_minus: np.ndarray
    """Anion flux, diffusion + migration."""
    diffusion_plus: np.ndarray
    """−D₊ ∇c₊: what the cation would do on its own, without the field."""
    diffusion_minus: np.ndarray
    """−D₋ ∇c₋."""
    migration_plus: np.ndarray
    """−D₊ z₊ c₊ (F/RT) ∇φ: the push of the diffusion field on the cation."""
    migration_minus: np.ndarray
    """+D₋ |z₋| c₋ (F/RT) ∇φ: the push on the anion (opposite to the cation's)."""


def ion_fluxes(c, dc_dx, D_plus, D_minus, T, z_plus=1, z_minus=-1):
    """Nernst–Planck fluxes of both ions of a diffusing salt, split into diffusion and migration.

    J₊ = −D₊ ν₊ ∂c/∂x − D₊ z₊ ν₊ c (F/RT) ∂φ/∂x
    J₋ = −D₋ ν₋ ∂c/∂x + D₋ |z₋| ν₋ c (F/RT) ∂φ/∂x

    with ∂φ/∂x from :func:`diffusion_potential_gradient`. The result satisfies
    z₊J₊ + z₋J₋ = 0 (no current) and J₊/ν₊ = J₋/ν₋ = −D_salt ∂c/∂x: the field slows the
    faster ion (its migration part opposes its diffusion part) and drags the slower one
    (its migration part adds to it).

    Parameters
    ----------
    c : float or array_like
        Salt concentration, mol/m^3 (> 0).
    dc_dx : float or array_like
        Its gradient, mol/m^4 (finite).
    D_plus, D_minus : float or array_like
        Ionic diffusivities, m^2/s (>= 0, not both 0).
    T : float or array_like
        Temperature, K (> 0).
    z_plus, z_minus : int
        Charge numbers, z_plus >= 1, z_minus <= −1.

    Returns
    -------
    fluxes : IonFluxes
        mol/(m^2 s) of ions, each part broadcast to a common shape.

    References
    ----------
    W. Nernst, Z. Phys. Chem. 2 (1888) 613; M. Planck, Ann. Phys. 39 (1890) 161.
    """
    nu_plus, nu_minus = stoichiometry(z_plus, z_minus)
    dphi_dx = diffusion_potential_gradient(c, dc_dx, D_plus, D_minus, T, z_plus, z_minus)
    c = np.asarray(c, dtype=float)
    dc_dx = np.asarray(dc_dx, dtype=float)
    D_plus = np.asarray(D_plus, dtype=float)
    D_minus = np.asarray(D_minus, dtype=float)
    f = FARADAY / (R * np.asarray(T, dtype=float))
    diffusion_plus = -D_plus * nu_plus * dc_dx
    diffusion_minus = -D_minus * nu_minus * dc_dx
    migration_plus = -D_plus * z_plus * nu_plus * c * f * dphi_dx
    migration_minus = -D_minus * z_minus * nu_minus * c * f * dphi_dx
    parts = np.broadcast_arrays(diffusion_plus, diffusion_minus, migration_plus, migration_minus)
    diffusion_plus, diffusion_minus, migration_plus, migration_minus = (p[()] for p in parts)
    return IonFluxes(
        J_plus=diffusion_plus + migration_plus,
        J_minus=diffusion_minus + migration_minus,
        diffusion_plus=diffusion_plus,
        diffusion_minus=diffusion_minus,
        migration_plus=migration_plus,
        migration_minus=migration_minus,
    )


# --------------------------------------------------------------------------- a salt step in 1D


def salt_step_concentration(x, t, c_left, c_right, D_plus, D_minus, z_plus=1, z_minus=-1):
    """Salt profile after a step at x = 0 (infinite 1D domain): an erfc with D_salt.

    c(x, t) = c_right + (c_left − c_right)/2 · erfc(x / (2 √(D_salt t)))

    Exact for constant ionic diffusivities: electroneutrality and zero current reduce the
    two Nernst–Planck equations to ∂c/∂t = D_salt ∂²c/∂x² (:func:`salt_diffusivity`).

    Parameters
    ----------
    x : float or array_like
        Position, m (finite).
    t : float or array_like
        Time since the step, s (> 0).
    c_left, c_right : float
        Initial salt concentrations for x < 0 and x > 0, mol/m^3 (> 0).
    D_plus, D_minus : float
        Ionic diffusivities, m^2/s (>= 0, not both 0).
    z_plus, z_minus : int
        Charge numbers, z_plus >= 1, z_minus <= −1.

    Returns
    -------
    c : float or ndarray
        mol/m^3.

    References
    ----------
    J. Crank, The Mathematics of Diffusion, 2nd ed. (Oxford, 1975), ch. 2; Hartley (1931).
    """
    D = salt_diffusivity(D_plus, D_minus, z_plus, z_minus)
    x = _validate.finite(x, "x", "m")
    t = _time(t)
    c_left = _concentration(c_left, "c_left")
    c_right = _concentration(c_right, "c_right")
    return (c_right + 0.5 * (c_left - c_right) * erfc(x / (2.0 * np.sqrt(D * t))))[()]


def salt_step_gradient(x, t, c_left, c_right, D_plus, D_minus, z_plus=1, z_minus=-1):
    """Concentration gradient of the salt step (:func:`salt_step_concentration`).

    ∂c/∂x = −(c_left − c_right) exp(−x² / (4 D_salt t)) / (2 √(π D_salt t))

    Parameters
    ----------
    x, t, c_left, c_right, D_plus, D_minus, z_plus, z_minus :
        As in :func:`salt_step_concentration`.

    Returns
    -------
    dc_dx : float or ndarray
        mol/m^4.

    References
    ----------
    Crank, The Mathematics of Diffusion (1975), ch. 2.
    """
    D = salt_diffusivity(D_plus, D_minus, z_plus, z_minus)
    x = _validate.finite(x, "x", "m")
    t = _time(t)
    c_left = _concentration(c_left, "c_left")
    c_right = _concentration(c_right, "c_right")
    return (-(c_left - c_right) * np.exp(-x * x / (4.0 * D * t)) / (2.0 * np.sqrt(np.pi * D * t)))[()]


def salt_step_potential(x, t, c_left, c_right, D_plus, D_minus, T, z_plus=1, z_minus=-1):
    """Diffusion potential across the salt step, relative to the far right (x → +∞).

    φ(x, t) − φ(+∞) = (RT/F) (D₋ − D₊)/(z₊D₊ + |z₋|D₋) ln(c(x, t) / c_right)

    (:func:`diffusion_potential_gradient` integrated from +∞). At any t it runs between
    the full :func:`junction_potential` on the far left and 0 on the far right; only its
    width grows, as √(D_salt t).

    Parameters
    ----------
    x, t, c_left, c_right, D_plus, D_minus, z_plus, z_minus :
        As in :func:`salt_step_concentration`.
    T : float
        Temperature, K (> 0).

    Returns
    -------
    phi : float or ndarray
        V.

    References
    ----------
    Planck (1890); Bard and Faulkner (2001), sec. 2.3.
    """
    c = salt_step_concentration(x, t, c_left, c_right, D_plus, D_minus, z_plus, z_minus)
    return junction_potential(c_right, c, D_plus, D_minus, T, z_plus, z_minus)


def salt_step_field(x, t, c_left, c_right, D_plus, D_minus, T, z_plus=1, z_minus=-1):
    """Electric field of the diffusion potential across the salt step.

    E(x, t) = −∂φ/∂x = −(RT/F) (D₋ − D₊)/(z₊D₊ + |z₋|D₋) (∂c/∂x)/c

    Parameters
    ----------
    x, t, c_left, c_right, D_plus, D_minus, T, z_plus, z_minus :
        As in :func:`salt_step_potential`.

    Returns
    -------
    E : float or ndarray
        V/m; for NaCl with the concentrated side on the left it points right, toward the
        dilute side (pushing Na⁺ forward and holding Cl⁻ back). It decays as 1/√t.

    References
    ----------
    Planck (1890).
    """
    c = salt_step_concentration(x, t, c_left, c_right, D_plus, D_minus, z_plus, z_minus)
    dc_dx = salt_step_gradient(x, t, c_left, c_right, D_plus, D_minus, z_plus, z_minus)
    return (-np.asarray(diffusion_potential_gradient(c, dc_dx, D_plus, D_minus, T, z_plus, z_minus)))[()]


class SaltStep(NamedTuple):
    """Everything along a salt step at one time, for plotting."""

    c: np.ndarray
    """Salt concentration, mol/m^3."""
    dc_dx: np.ndarray
    """Its gradient, mol/m^4."""
    phi: np.ndarray
    """Diffusion potential relative to x → +∞, V."""
    field: np.ndarray
    """Electric field −∂φ/∂x, V/m."""
    fluxes: IonFluxes
    """Ion fluxes and their diffusion and migration parts, mol/(m^2 s)."""


def salt_step(x, t, c_left, c_right, D_plus, D_minus, T, z_plus=1, z_minus=-1):
    """Concentration, potential, field and ion fluxes along a salt step (for the widget).

    Combines :func:`salt_step_concentration`, :func:`salt_step_gradient`,
    :func:`salt_step_potential`, :func:`salt_step_field` and :func:`ion_fluxes`; see those
    for the formulas.

    Parameters
    ----------
    x, t, c_left, c_right, D_plus, D_minus, T, z_plus, z_minus :
        As in :func:`salt_step_potential`.

    Returns
    -------
    step : SaltStep
        SI units throughout.

    References
    ----------
    Planck (1890); Hartley (1931); Crank (1975), ch. 2.
    """
    c = salt_step_concentration(x, t, c_left, c_right, D_plus, D_minus, z_plus, z_minus)
    dc_dx = salt_step_gradient(x, t, c_left, c_right, D_plus, D_minus, z_plus, z_minus)
    phi = junction_potential(c_right, c, D_plus, D_minus, T, z_plus, z_minus)
    field = -np.asarray(diffusion_potential_gradient(c, dc_dx, D_plus, D_minus, T, z_plus, z_minus))
    return SaltStep(c=c, dc_dx=dc_dx, phi=phi, field=field[()],
                    fluxes=ion_fluxes(c, dc_dx, D_plus, D_minus, T, z_plus, z_minus))


# --------------------------------------------------------------------------- the analogy with Darken


class DarkenComparison(NamedTuple):
    """Two ways of averaging two diffusivities, m^2/s."""

    darken: np.ndarray
    """Alloy-like: N_B D_A + N_A D_B at N_A = N_B = ½, the arithmetic mean."""
    ambipolar: np.ndarray
    """Salt-like: 2 D₊D₋/(D₊ + D₋), the harmonic mean."""


def compare_with_darken(D_plus, D_minus):
    """Darken's interdiffusivity and the ambipolar salt diffusivity for the same pair of D's.

    D̃_Darken = N_B D_A + N_A D_B at N_A = N_B = ½ = (D₊ + D₋)/2
    D_ambipolar = 2 D₊ D₋ / (D₊ + D₋)                  (1:1 salt, where c₊ = c₋)

    Both describe two species with different mobilities held to one constraint, at equal
    amounts of the two. In the alloy the species counter-diffuse and the lattice takes up
    the difference (the Kirkendall shift), so their contributions add like parallel
    conductances: the fast species dominates. In the salt both ions co-diffuse and the
    field forbids any difference, so they act like resistances in series: the slow ion
    controls. Hence D_ambipolar <= D̃_Darken, with D̃_Darken / D_ambipolar =
    (D₊ + D₋)² / (4 D₊D₋), equal only when D₊ = D₋.

    Parameters
    ----------
    D_plus, D_minus : float or array_like
        The two diffusivities (ions, or intrinsic diffusivities D_A and D_B), m^2/s
        (>= 0, not both 0).

    Returns
    -------
    comparison : DarkenComparison
        (darken, ambipolar), m^2/s.

    References
    ----------
    L. S. Darken, Trans. AIME 175 (1948) 184; Hartley (1931).
    """
    D_plus, D_minus = _ion_diffusivities(D_plus, D_minus)
    return DarkenComparison(
        darken=darken_interdiffusivity(0.5, D_plus, D_minus),
        ambipolar=salt_diffusivity(D_plus, D_minus, 1, -1),
    )
