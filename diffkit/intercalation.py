"""Lithium in a battery electrode: open-circuit voltage, thermodynamic factor, chemical diffusion.

The host (graphite, LiFePO4, LiCoO2, ...) offers one mole of Li sites; a fraction ``x`` of
them is occupied. Li and empty sites (vacancies) mix on these sites like A and B in a
regular solution, the lattice-gas (Bragg–Williams) model:

    G(x) = x μ°_Li,host + RT [x ln x + (1 − x) ln(1 − x)] + Ω x (1 − x)     (J per mol of sites)

The chemical potential of Li in the host is the slope of G,

    μ_Li − μ°_Li,host = RT ln(x / (1 − x)) + Ω (1 − 2x),

and the open-circuit voltage against a Li-metal electrode is its negative per unit charge,
E = −(μ_Li − μ_Li(metal)) / F (one electron per Li). So

    E(x) = E0 − (RT/F) ln(x / (1 − x)) − (Ω/F)(1 − 2x),

with E0 the voltage at half filling. The voltage falls as Li is inserted (x grows) for
as long as the host is stable.

Sign of Ω: the same convention as :class:`diffkit.thermo.Regular` (G_ex = +Ω N_A N_B with
N_A = x, T_c = Ω / 2R). In a lattice gas with a nearest-neighbour Li–Li pair energy ε
(z neighbours, vacancies non-interacting) the mean-field energy is (z/2) N_A ε x²; its part
linear in x goes into E0 and the rest is Ω x (1 − x) with Ω = −z N_A ε / 2. Hence

- Ω > 0: effective Li–Li *attraction*; below T_c = Ω / (2R) the host separates into a
  Li-poor and a Li-rich phase and the equilibrium voltage shows a flat two-phase plateau
  (LiFePO4 is the textbook case);
- Ω < 0: effective Li–Li *repulsion* (an ordering tendency); a solid solution whose voltage
  slopes more steeply than the ideal one;
- Ω = 0: the ideal lattice gas (Langmuir / Nernst-like curve).

The thermodynamic factor of Li in the host, Φ = ∂ln a_Li / ∂ln x (Weppner and Huggins'
"enhancement factor" W), follows from the voltage curve as Φ = −(F/RT) x dE/dx, and turns
the jump (component, Kubo–Green) diffusivity D_J of Li into the chemical diffusivity that a
concentration gradient relaxes with: D_chem = D_J Φ. It is *not* the alloy factor of
:meth:`diffkit.thermo.RedlichKister.phi`: the vacancies carry no chemical potential of their
own, so Φ_Li = Φ_alloy / (1 − x); for the ideal lattice gas Φ = 1/(1 − x), which exactly
cancels the site-blocking factor in D_J = D_0 (1 − x) and leaves D_chem = D_0 at every x.

Units: x dimensionless in (0, 1), T in K, Ω in J/mol (per mole of sites), E in V,
diffusivities in m^2/s.

References
----------
W. Weppner and R. A. Huggins, J. Solid State Chem. 22 (1977) 297 (the thermodynamic
enhancement factor, component vs chemical diffusion, GITT; Li3Sb and Li3Bi).
W. Weppner and R. A. Huggins, J. Electrochem. Soc. 124 (1977) 1569 (the GITT method).
A. Van der Ven, G. Ceder, M. Asta and P. D. Tepesch, Phys. Rev. B 64 (2001) 184307
(D = D_J Θ for non-dilute Li on a lattice; Kubo–Green jump diffusivity).
A. Yamada et al., Nat. Mater. 5 (2006) 357 (LixFePO4 at room temperature: a mixture of
Li_αFePO4 and Li_(1−β)FePO4 with α ≈ 0.05 and 1 − β ≈ 0.89).
"""

from __future__ import annotations

import numpy as np
from scipy.interpolate import UnivariateSpline

from . import _validate
from .constants import FARADAY, R
from .thermo import Regular

__all__ = [
    "critical_temperature",
    "miscibility_gap",
    "omega_from_miscibility_gap",
    "lattice_gas_ocv",
    "equilibrium_ocv",
    "lattice_gas_thermodynamic_factor",
    "equilibrium_thermodynamic_factor",
    "thermodynamic_factor_from_ocv",
    "chemical_diffusivity",
    "lattice_gas_chemical_diffusivity",
]


# --------------------------------------------------------------------------- checks


def _site_fraction(value, name="x"):
    """``value`` as a float array after checking 0 < value < 1 (the ln x terms diverge at the ends)."""
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0.0) or np.any(arr >= 1.0):
        raise ValueError(
            f"{name} is the Li site fraction and must lie in the open interval (0, 1); "
            f"got {_validate._show(value)}"
        )
    return arr


def _omega(value):
    return _validate.finite(value, "omega", "J/mol")


def _voltage(value, name="E0"):
    return _validate.finite(value, name, "V")


# --------------------------------------------------------------------------- phase diagram


def critical_temperature(omega):
    """Critical temperature of the Li-poor / Li-rich miscibility gap of the lattice-gas host.

    T_c = Ω / (2R)   for Ω > 0 (effective Li–Li attraction); 0 for Ω <= 0

    Parameters
    ----------
    omega : float or array_like
        Interaction parameter Ω, J/mol of sites (finite).

    Returns
    -------
    T_c : float or ndarray
        K. 0.0 where Ω <= 0: no phase separation at any temperature.

    References
    ----------
    The regular solution, as :meth:`diffkit.thermo.Regular.critical_temperature`
    (Porter, Easterling and Sherif, Phase Transformations in Metals and Alloys, 3rd ed.,
    2009, ch. 1).
    """
    omega = _omega(omega)
    return (np.where(omega > 0, omega, 0.0) / (2.0 * R))[()]


def miscibility_gap(T, omega):
    """Li site fractions of the two coexisting phases (the binodal, the ends of the plateau).

    The common tangent of G(x) is horizontal by symmetry, so x_low solves
    ln(x / (1 − x)) = Ω (2x − 1) / (RT) with x < ½, and x_high = 1 − x_low
    (:meth:`diffkit.thermo.Regular.binodal`).

    Parameters
    ----------
    T : float or array_like
        Temperature, K (> 0).
    omega : float or array_like
        Interaction parameter Ω, J/mol of sites (finite); broadcast against ``T``.

    Returns
    -------
    x_low, x_high : float or ndarray
        Site fractions of the Li-poor and the Li-rich phase. NaN where T >= T_c or Ω <= 0
        (no gap; at T = T_c exactly both are ½).

    References
    ----------
    Porter, Easterling and Sherif (2009), ch. 1; for LixFePO4, Yamada et al., Nat. Mater. 5
    (2006) 357.
    """
    T = _validate.temperature(T)
    omega = _omega(omega)
    if omega.ndim == 0:
        x_low = np.asarray(Regular(float(omega)).binodal(T)[0], dtype=float)
    else:
        T_b, omega_b = np.broadcast_arrays(T, omega)
        x_low = np.empty(T_b.shape)
        for idx in np.ndindex(T_b.shape):
            x_low[idx] = Regular(float(omega_b[idx])).binodal(float(T_b[idx]))[0]
    return x_low[()], (1.0 - x_low)[()]


def omega_from_miscibility_gap(x_low, T):
    """Interaction parameter that puts the edge of the miscibility gap at ``x_low`` at ``T``.

    Ω = RT ln((1 − x) / x) / (1 − 2x) = 2RT artanh(u) / u,   u = 1 − 2x

    The binodal condition solved for Ω; symmetric under x → 1 − x, and Ω → 2RT (T = T_c)
    as x → ½.

    Parameters
    ----------
    x_low : float or array_like
        Site fraction of one edge of the gap, in (0, 1).
    T : float or array_like
        Temperature, K (> 0).

    Returns
    -------
    omega : float or ndarray
        J/mol of sites, >= 2RT.

    References
    ----------
    Porter, Easterling and Sherif (2009), ch. 1 (the common tangent of the regular solution).
    """
    x = _site_fraction(x_low, "x_low")
    T = _validate.temperature(T)
    u = 1.0 - 2.0 * x
    ratio = np.divide(np.arctanh(u), u, out=np.ones(np.shape(u)), where=u != 0)
    return (2.0 * R * T * ratio)[()]


# --------------------------------------------------------------------------- voltage


def lattice_gas_ocv(x, T, omega=0.0, E0=0.0):
    """Open-circuit voltage of a homogeneous (single-phase) lattice-gas host vs Li metal.

    E(x) = E0 − (RT/F) ln(x / (1 − x)) − (Ω/F)(1 − 2x)

    from E = −(μ_Li − μ_Li(metal))/F with μ_Li − μ°_Li = RT ln(x/(1 − x)) + Ω(1 − 2x), the
    slope of G = RT[x ln x + (1 − x) ln(1 − x)] + Ω x(1 − x). Below T_c = Ω/(2R) this is the
    curve of the *unmixed* host: it rises with x between the spinodal points (unstable)
    and is metastable between spinodal and binodal; see :func:`equilibrium_ocv` for the
    equilibrium curve with its plateau.

    Parameters
    ----------
    x : float or array_like
        Li site fraction, in (0, 1).
    T : float or array_like
        Temperature, K (> 0).
    omega : float or array_like
        Interaction parameter Ω, J/mol of sites (finite). Ω > 0: effective Li–Li attraction
        (phase separation below T_c); Ω < 0: repulsion (steeper, solid-solution curve).
    E0 : float or array_like
        Voltage at x = ½, V vs Li/Li+ (finite).

    Returns
    -------
    E : float or ndarray
        V vs Li/Li+; decreasing with x wherever the host is stable (Φ > 0).

    References
    ----------
    Weppner and Huggins, J. Solid State Chem. 22 (1977) 297; the lattice-gas form as in
    Van der Ven et al., Phys. Rev. B 64 (2001) 184307.
    """
    x = _site_fraction(x)
    T = _validate.temperature(T)
    omega = _omega(omega)
    E0 = _voltage(E0)
    log_ratio = np.log(x) - np.log1p(-x)
    return (E0 - (R * T / FARADAY) * log_ratio - (omega / FARADAY) * (1.0 - 2.0 * x))[()]


def equilibrium_ocv(x, T, omega=0.0, E0=0.0):
    """Equilibrium open-circuit voltage, with the two-phase plateau below T_c.

    E(x) = E0                              for x_low < x < x_high (two phases coexist)
    E(x) = :func:`lattice_gas_ocv`          otherwise

    Inside the miscibility gap the host is a mixture of the Li-poor (x_low) and the Li-rich
    (x_high) phase in the proportions of the lever rule; μ_Li is the common-tangent value,
    which by the symmetry of the regular solution is μ_Li(½), so the plateau sits at E0 and
    joins the single-phase curve continuously at the binodal points.

    Parameters
    ----------
    x : float or array_like
        Li site fraction, in (0, 1).
    T : float or array_like
        Temperature, K (> 0).
    omega : float or array_like
        Interaction parameter Ω, J/mol of sites (finite).
    E0 : float or array_like
        Plateau voltage (the voltage at x = ½), V vs Li/Li+ (finite).

    Returns
    -------
    E : float or ndarray
        V vs Li/Li+; non-increasing in x; identical to :func:`lattice_gas_ocv` for T >= T_c.

    References
    ----------
    Porter, Easterling and Sherif (2009), ch. 1 (common tangent); LiFePO4: Yamada et al.,
    Nat. Mater. 5 (2006) 357.
    """
    E_single = np.asarray(lattice_gas_ocv(x, T, omega, E0))
    x = np.asarray(x, dtype=float)
    x_low, x_high = miscibility_gap(T, omega)
    in_gap = (x > x_low) & (x < x_high)  # False wherever the gap is NaN (no gap)
    E0 = np.broadcast_to(_voltage(E0), E_single.shape)
    return np.where(in_gap, E0, E_single)[()]


# --------------------------------------------------------------------------- thermodynamic factor


def lattice_gas_thermodynamic_factor(x, T, omega=0.0):
    """Thermodynamic factor of Li in a homogeneous lattice-gas host (closed form).

    Φ = ∂ln a_Li / ∂ln x = (x / RT) ∂μ_Li/∂x = x/(RT) · [RT/(x(1 − x)) − 2Ω]
      = 1/(1 − x) − 2Ωx/(RT)

    Equal to −(F/RT) x dE/dx of :func:`lattice_gas_ocv`, and to Φ_alloy/(1 − x) with
    Φ_alloy = 1 − 2Ωx(1 − x)/(RT) of :meth:`diffkit.thermo.Regular.phi`. Ideal lattice gas
    (Ω = 0): Φ = 1/(1 − x), which grows without bound as the host fills up.

    Parameters
    ----------
    x : float or array_like
        Li site fraction, in (0, 1).
    T : float or array_like
        Temperature, K (> 0).
    omega : float or array_like
        Interaction parameter Ω, J/mol of sites (finite).

    Returns
    -------
    phi : float or ndarray
        Dimensionless. Positive wherever the homogeneous host is stable; zero on the
        spinodal and negative inside it (only possible below T_c, Ω > 2RT).

    References
    ----------
    Weppner and Huggins, J. Solid State Chem. 22 (1977) 297 (enhancement factor W);
    Van der Ven et al., Phys. Rev. B 64 (2001) 184307 (Θ = ∂(μ/kT)/∂ln x).
    """
    x = _site_fraction(x)
    T = _validate.temperature(T)
    omega = _omega(omega)
    return (1.0 / (1.0 - x) - 2.0 * omega * x / (R * T))[()]


def equilibrium_thermodynamic_factor(x, T, omega=0.0):
    """Thermodynamic factor along the equilibrium voltage curve: zero on the plateau.

    Φ = 0                                             for x_low < x < x_high
    Φ = 1/(1 − x) − 2Ωx/(RT)                           otherwise

    On the two-phase plateau dE/dx = 0: adding Li changes the phase fractions, not the
    activity of Li, so Φ = −(F/RT) x dE/dx vanishes (and with it the chemical diffusivity
    a GITT or PITT experiment reports there).

    Parameters
    ----------
    x : float or array_like
        Li site fraction, in (0, 1).
    T : float or array_like
        Temperature, K (> 0).
    omega : float or array_like
        Interaction parameter Ω, J/mol of sites (finite).

    Returns
    -------
    phi : float or ndarray
        Dimensionless, >= 0.

    References
    ----------
    Weppner and Huggins, J. Solid State Chem. 22 (1977) 297.
    """
    phi = np.asarray(lattice_gas_thermodynamic_factor(x, T, omega))
    x = np.asarray(x, dtype=float)
    x_low, x_high = miscibility_gap(T, omega)
    in_gap = (x > x_low) & (x < x_high)
    return np.where(in_gap, 0.0, phi)[()]


def thermodynamic_factor_from_ocv(x, E, T, *, noise=None):
    """Thermodynamic factor from a sampled open-circuit-voltage curve.

    Φ = ∂ln a_Li / ∂ln x = −(F / RT) x dE/dx

    because μ_Li − μ_Li(metal) = −F E. The slope dE/dx comes either from second-order
    finite differences (``numpy.gradient``, any spacing) or, for noisy data, from the
    derivative of a cubic smoothing spline (``scipy.interpolate.UnivariateSpline`` with
    s = n σ², σ = ``noise``).

    Parameters
    ----------
    x : array_like
        Li site fractions, 1-D, at least 4 samples, strictly increasing or strictly
        decreasing, each in (0, 1).
    E : array_like
        Open-circuit voltage at each x, V (finite), same shape as x.
    T : float
        Temperature of the measurement, K (> 0).
    noise : float or None
        None: finite differences (exact data). A number >= 0: the rms noise of E in V; the
        smoothing spline then passes within about that distance of the points (0 gives
        the interpolating spline).

    Returns
    -------
    phi : ndarray
        Dimensionless, one value per sample; 0 on a flat plateau.

    References
    ----------
    Weppner and Huggins, J. Solid State Chem. 22 (1977) 297 and J. Electrochem. Soc. 124
    (1977) 1569 (the enhancement factor from the slope of the titration curve).
    """
    x = _site_fraction(x)
    E = _validate.finite(E, "E", "V")
    T = _validate.temperature(T)
    if T.ndim != 0:
        raise ValueError(f"T must be a single temperature in K for one measured curve; got shape {T.shape}")
    if x.ndim != 1 or x.size < 4:
        raise ValueError(f"x must be a 1-D array of at least 4 site fractions; got shape {x.shape}")
    if E.shape != x.shape:
        raise ValueError(f"E must have one voltage per x sample, shape {x.shape}; got shape {E.shape}")
    steps = np.diff(x)
    if not (np.all(steps > 0) or np.all(steps < 0)):
        raise ValueError(
            "x must be strictly monotonic (strictly increasing or strictly decreasing); "
            "got repeated or out-of-order samples"
        )
    if noise is None:
        dE_dx = np.gradient(E, x, edge_order=2)
    else:
        noise = np.asarray(noise, dtype=float)
        if noise.ndim != 0 or not np.isfinite(noise) or noise < 0:
            raise ValueError(f"noise is the rms noise of E and must be a number >= 0 V (or None); got {noise!r}")
        order = slice(None) if steps[0] > 0 else slice(None, None, -1)
        spline = UnivariateSpline(x[order], E[order], k=3, s=x.size * float(noise) ** 2)
        dE_dx = spline.derivative()(x)
    return -(FARADAY / (R * T)) * x * dE_dx


# --------------------------------------------------------------------------- chemical diffusion


def chemical_diffusivity(D_J, phi):
    """Chemical diffusivity of Li in the host from its jump diffusivity and Φ.

    D_chem = D_J Φ

    J_Li = −L ∇μ_Li with the Onsager coefficient L = c D_J / (RT) gives
    J_Li = −D_J (∂ln a_Li/∂ln c) ∇c = −D_J Φ ∇c. D_J is Weppner and Huggins' component
    diffusivity (the jump or Kubo–Green diffusivity of Van der Ven et al.): the mobility
    part; Φ is the driving-force part. The same split as Darken's D_i = D_i* Φ in an alloy.

    Parameters
    ----------
    D_J : float or array_like
        Jump (component) diffusivity of Li, m^2/s (>= 0).
    phi : float or array_like
        Thermodynamic factor ∂ln a_Li/∂ln x (finite; negative inside a spinodal).

    Returns
    -------
    D_chem : float or ndarray
        m^2/s; negative inside a spinodal (uphill diffusion), 0 on a two-phase plateau.

    References
    ----------
    Weppner and Huggins, J. Solid State Chem. 22 (1977) 297; Van der Ven et al.,
    Phys. Rev. B 64 (2001) 184307.
    """
    D_J = _validate.diffusivity(D_J, "D_J")
    phi = _validate.finite(phi, "phi")
    return (D_J * phi)[()]


def lattice_gas_chemical_diffusivity(x, T, D_J, omega=0.0, *, equilibrium=False):
    """Chemical diffusivity of Li across a lattice-gas host, for the widget.

    D_chem(x) = D_J(x) Φ(x),   Φ from :func:`lattice_gas_thermodynamic_factor`
    (``equilibrium=False``) or :func:`equilibrium_thermodynamic_factor` (``equilibrium=True``,
    0 on the two-phase plateau).

    For the ideal lattice gas with site blocking, D_J = D_0 (1 − x) and Φ = 1/(1 − x), so
    D_chem = D_0 at every x: the blocking that slows each jump is exactly offset by the
    steeper chemical-potential gradient.

    Parameters
    ----------
    x : float or array_like
        Li site fraction, in (0, 1).
    T : float or array_like
        Temperature, K (> 0).
    D_J : float or array_like
        Jump (component) diffusivity, m^2/s (>= 0); broadcast against x (a constant or one
        value per x).
    omega : float or array_like
        Interaction parameter Ω, J/mol of sites (finite).
    equilibrium : bool
        Use the equilibrium curve (plateau, Φ = 0 in the gap) instead of the homogeneous one.

    Returns
    -------
    D_chem : float or ndarray
        m^2/s.

    References
    ----------
    Weppner and Huggins, J. Solid State Chem. 22 (1977) 297; Van der Ven et al.,
    Phys. Rev. B 64 (2001) 184307.
    """
    factor = equilibrium_thermodynamic_factor if equilibrium else lattice_gas_thermodynamic_factor
    return chemical_diffusivity(D_J, factor(x, T, omega))
