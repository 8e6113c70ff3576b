"""Diffusion kinetics of a binary substitutional alloy: Arrhenius, correlation, Darken, Manning.

Units are SI: diffusivities in m^2/s, activation energies in J/mol, temperatures in K,
gradients of mole fraction in 1/m, velocities in m/s. Every function accepts scalars or
numpy arrays, broadcast against each other.

Tracer diffusivities D_i* are measured quantities and must be >= 0. Intrinsic
(lattice-frame) diffusivities D_i are only required to be finite: D_i = D_i* Φ r_i is
negative inside the spinodal (Φ < 0, uphill diffusion) and, in Manning's model, for the
slow species at extreme tracer ratios (r_B < 0).

Correlation factors f0 of tracer self-diffusion by the vacancy mechanism
(``CORRELATION_FACTORS``), with their sources:

- honeycomb 1/3, diamond 1/2: exact; K. Compaan and Y. Haven, Trans. Faraday Soc. 52
  (1956) 786.
- square 1/(π − 1) = 0.466942 and triangular (π + 6√3)/(11π − 6√3) = 0.560057: exact
  closed forms; G. L. Montet, Phys. Rev. B 7 (1973) 650 (numerically, Compaan and
  Haven 1956).
- sc 0.653109, bcc 0.727194, fcc 0.78145142: M. Koiwa and S. Ishioka, Phil. Mag. A 47
  (1983) 927 (lattice Green functions); H. Mehrer, Diffusion in Solids (Springer,
  2007), Table 7.2. The same numbers are reproduced by D. R. Trinkle's Onsager code.

Manning's vacancy wind (``manning_factors``): the net vacancy flux runs against the flux
of the faster species, so a fast atom finds vacancies arriving on its downstream side
more often than chance. The wind therefore *raises* the intrinsic diffusivity of the faster species
(r > 1), *lowers* that of the slower (r < 1), *widens* D_A − D_B (a larger marker shift
than Darken's relation predicts) and raises the interdiffusivity (S >= 1).
"""

from __future__ import annotations

import math

import numpy as np

from . import _validate
from .constants import R

__all__ = [
    "vacancy_site_fraction",
    "jump_frequency",
    "atom_jump_rate",
    "vacancy_diffusivity",
    "CORRELATION_FACTORS",
    "COORDINATION",
    "arrhenius",
    "correlation_factor",
    "manning_m0",
    "SITE_PERCOLATION_THRESHOLDS",
    "manning_percolation_limit",
    "darken_interdiffusivity",
    "kirkendall_velocity",
    "manning_factors",
    "intrinsic_diffusivities",
    "intrinsic_diffusivity_functions",
    "manning_interdiffusivity",
    "manning_onsager_coefficients",
    "intrinsic_from_onsager",
]

CORRELATION_FACTORS = {
    "honeycomb": 1.0 / 3.0,
    "square": 1.0 / (math.pi - 1.0),
    "diamond": 0.5,
    "triangular": (math.pi + 6.0 * math.sqrt(3.0)) / (11.0 * math.pi - 6.0 * math.sqrt(3.0)),
    "sc": 0.653109,
    "bcc": 0.727194,
    "fcc": 0.78145142,
}
"""Correlation factor f0 of tracer self-diffusion by vacancies, per lattice (see module docstring)."""

COORDINATION = {"honeycomb": 3, "square": 4, "diamond": 4, "triangular": 6, "sc": 6, "bcc": 8, "fcc": 12}
"""Number of nearest neighbours z, per lattice."""

SITE_PERCOLATION_THRESHOLDS = {
    "honeycomb": 0.6970402,
    "square": 0.5927460,
    "diamond": 0.4301,
    "triangular": 0.5,
    "sc": 0.3116081,
    "bcc": 0.2459615,
    "fcc": 0.1992365,
}
"""Nearest-neighbour site-percolation thresholds p_c, per lattice.

Below p_c the sites of one species form no infinite connected cluster, so a species that
only moves by exchanging with vacancies on its own kind of neighbours cannot cross the
crystal when the other species is frozen. Sources: triangular 1/2 exact (Sykes and Essam,
J. Math. Phys. 5 (1964) 1117); square M. E. J. Newman and R. M. Ziff, Phys. Rev. Lett. 85
(2000) 4104; honeycomb P. N. Suding and R. M. Ziff, Phys. Rev. E 60 (1999) 275; sc, bcc,
fcc C. D. Lorenz and R. M. Ziff, J. Phys. A 31 (1998) 8147; diamond S. C. van der Marck,
Phys. Rev. E 55 (1997) 1514 (0.4301 ± 0.0004).
"""


def arrhenius(D0, Q, T):
    """Arrhenius temperature dependence of a diffusivity.

    D = D0 exp(−Q / (R T))

    Parameters
    ----------
    D0 : float or array_like
        Pre-exponential factor, m^2/s (>= 0).
    Q : float or array_like
        Activation energy, J/mol (finite).
    T : float or array_like
        Temperature, K (> 0).

    Returns
    -------
    D : float or ndarray
        m^2/s.

    References
    ----------
    H. Mehrer, Diffusion in Solids (Springer, 2007), ch. 8.
    """
    D0 = _validate.diffusivity(D0, "D0")
    Q = _validate.finite(Q, "Q", "J/mol")
    T = _validate.temperature(T)
    return D0 * np.exp(-Q / (R * T))


def vacancy_site_fraction(T, E_f, S_f=0.0):
    """Equilibrium fraction of vacant lattice sites.

    c_v = exp(S_f / R) exp(−E_f / (R T))

    Parameters
    ----------
    T : float or array_like
        Temperature, K (> 0).
    E_f : float or array_like
        Vacancy formation enthalpy, J/mol (per mole of vacancies; 1 eV per vacancy is
        96.485 kJ/mol), >= 0.
    S_f : float or array_like
        Vacancy formation entropy, J/(mol K) (S_f = 1 k_B per vacancy is R), finite.

    Returns
    -------
    c_v : float or ndarray
        Dimensionless, per lattice site.

    References
    ----------
    H. Mehrer, Diffusion in Solids (Springer, 2007), ch. 5.
    """
    T = _validate.temperature(T)
    E_f = _nonnegative_energy(E_f, "E_f")
    S_f = _validate.finite(S_f, "S_f", "J/(mol K)")
    return np.exp(S_f / R) * np.exp(-E_f / (R * T))


def jump_frequency(T, nu, E_m, S_m=0.0):
    """Rate at which one atom exchanges with one given neighbouring vacancy.

    Γ = ν exp(S_m / R) exp(−E_m / (R T))

    Parameters
    ----------
    T : float or array_like
        Temperature, K (> 0).
    nu : float or array_like
        Attempt frequency, 1/s (> 0; of the order of the Debye frequency, 1e13 1/s).
    E_m : float or array_like
        Migration enthalpy, J/mol (>= 0).
    S_m : float or array_like
        Migration entropy, J/(mol K), finite.

    Returns
    -------
    Γ : float or ndarray
        1/s.

    References
    ----------
    G. H. Vineyard, J. Phys. Chem. Solids 3 (1957) 121; Mehrer (2007), ch. 5.
    """
    T = _validate.temperature(T)
    nu = _validate.finite(nu, "nu", "1/s")
    if np.any(nu <= 0):
        raise ValueError(f"nu is an attempt frequency and must be > 0 1/s; got {nu!r}")
    E_m = _nonnegative_energy(E_m, "E_m")
    S_m = _validate.finite(S_m, "S_m", "J/(mol K)")
    return nu * np.exp(S_m / R) * np.exp(-E_m / (R * T))


def atom_jump_rate(T, *, z, nu, E_f, E_m, S_f=0.0, S_m=0.0):
    """How often one atom jumps by the vacancy mechanism: z Γ c_v (1/s).

    Each of the z neighbour sites is vacant with probability c_v, and the atom exchanges with a
    neighbouring vacancy at the rate Γ (see :func:`vacancy_site_fraction`, :func:`jump_frequency`).

    References
    ----------
    H. Mehrer, Diffusion in Solids (Springer, 2007), ch. 7.
    """
    z = _validate.positive(z, "z")
    return z * vacancy_site_fraction(T, E_f, S_f) * jump_frequency(T, nu, E_m, S_m)


def vacancy_diffusivity(T, *, a, z, nu, E_f, E_m, f, S_f=0.0, S_m=0.0):
    """Tracer self-diffusivity by the vacancy mechanism on a cubic lattice.

    D* = f a² z Γ c_v / 6,   c_v = exp(S_f/R) exp(−E_f/RT),   Γ = ν exp(S_m/R) exp(−E_m/RT)

    so that D* = D0 exp(−Q/RT) with Q = E_f + E_m and D0 = f a² z ν exp((S_f + S_m)/R) / 6.
    An atom jumps at the rate z Γ c_v (z neighbour sites, each vacant with probability c_v),
    each jump of length a; the random-walk result D = a² × rate / 6 in three dimensions is
    reduced by the correlation factor f.

    Parameters
    ----------
    T : float or array_like
        Temperature, K.
    a : float
        Jump length (nearest-neighbour distance), m (> 0).
    z : int
        Coordination number (12 for fcc, 8 for bcc).
    nu, E_f, E_m, S_f, S_m :
        See :func:`jump_frequency` and :func:`vacancy_site_fraction` (J/mol, J/(mol K), 1/s).
    f : float
        Correlation factor, 0 < f <= 1 (``CORRELATION_FACTORS[lattice]``).

    Returns
    -------
    D* : float or ndarray
        m^2/s.

    References
    ----------
    H. Mehrer, Diffusion in Solids (Springer, 2007), ch. 4 and 7; P. Shewmon, Diffusion in
    Solids, 2nd ed. (TMS, 1989), ch. 2.
    """
    a = _validate.positive(a, "a", "m")
    f = _validate.positive(f, "f")
    if f > 1:
        raise ValueError(f"f is a correlation factor and must lie in (0, 1]; got {f!r}")
    return f * a * a * atom_jump_rate(T, z=z, nu=nu, E_f=E_f, E_m=E_m, S_f=S_f, S_m=S_m) / 6.0


def _nonnegative_energy(value, name):
    value = _validate.finite(value, name, "J/mol")
    if np.any(value < 0):
        raise ValueError(f"{name} is an activation enthalpy and must be >= 0 J/mol; got {value!r}")
    return value


def correlation_factor(lattice):
    """Correlation factor f0 of tracer self-diffusion by the vacancy mechanism.

    D* = f0 D_random

    Parameters
    ----------
    lattice : str
        One of the keys of ``CORRELATION_FACTORS`` (case-insensitive).

    Returns
    -------
    f0 : float
        Dimensionless, 0 < f0 < 1.

    References
    ----------
    Compaan and Haven (1956); Montet (1973); Koiwa and Ishioka (1983); Mehrer (2007),
    Table 7.2 (see the module docstring).
    """
    key = str(lattice).strip().lower()
    if key not in CORRELATION_FACTORS:
        known = ", ".join(sorted(CORRELATION_FACTORS))
        raise ValueError(f"lattice must be one of {known}; got {lattice!r}")
    return CORRELATION_FACTORS[key]


def manning_m0(lattice):
    """Manning's lattice constant M0.

    M0 = 2 f0 / (1 − f0)

    Parameters
    ----------
    lattice : str
        One of the keys of ``CORRELATION_FACTORS``.

    Returns
    -------
    M0 : float
        Dimensionless (7.1513 for fcc).

    References
    ----------
    J. R. Manning, Acta Metall. 15 (1967) 817.
    """
    f0 = correlation_factor(lattice)
    return 2.0 * f0 / (1.0 - f0)


def manning_percolation_limit(lattice):
    """Mole fraction of the fast species below which Manning's model stops it moving.

    N_fast = 1 − f0

    In the limit where the slow species is frozen, Manning's random-alloy relations give the
    fast species a tracer diffusivity that vanishes at N_fast = 1 − f0 (0.2185 for fcc); the
    same limit makes r_slow = 1 − (1 − f0) N_slow / (f0 N_fast) negative below it. The
    true site-percolation threshold of the lattice (``SITE_PERCOLATION_THRESHOLDS``,
    0.1992 for fcc) is close but not equal: near it Manning's model is unreliable.

    Parameters
    ----------
    lattice : str
        One of the keys of ``CORRELATION_FACTORS``.

    Returns
    -------
    N_c : float
        Dimensionless.

    References
    ----------
    J. R. Manning, Phys. Rev. B 4 (1971) 1111; A. R. Allnatt and A. B. Lidiard, Atomic
    Transport in Solids (Cambridge, 1993), ch. 13.
    """
    return 1.0 - correlation_factor(lattice)


def darken_interdiffusivity(N_A, D_A, D_B):
    """Interdiffusivity from the intrinsic diffusivities (Darken's relation).

    D̃ = N_B D_A + N_A D_B

    Parameters
    ----------
    N_A : float or array_like
        Mole fraction of A, in [0, 1].
    D_A, D_B : float or array_like
        Intrinsic (lattice-frame) diffusivities, m^2/s. Finite; they may be negative
        (inside the spinodal, or r_B < 0 in Manning's model).

    Returns
    -------
    D_tilde : float or ndarray
        m^2/s.

    References
    ----------
    L. S. Darken, Trans. AIME 175 (1948) 184.
    """
    N_A = _validate.mole_fraction(N_A)
    D_A = _validate.finite(D_A, "D_A", "m^2/s")
    D_B = _validate.finite(D_B, "D_B", "m^2/s")
    return (1.0 - N_A) * D_A + N_A * D_B


def kirkendall_velocity(D_A, D_B, dNA_dx):
    """Velocity of the lattice (and of inert markers) in the laboratory frame.

    v_K = (D_A − D_B) ∂N_A/∂x

    With A on the left (∂N_A/∂x < 0) and D_A > D_B, v_K < 0: the markers move toward
    the side of the faster species.

    Parameters
    ----------
    D_A, D_B : float or array_like
        Intrinsic diffusivities, m^2/s (finite).
    dNA_dx : float or array_like
        Gradient of the mole fraction of A, 1/m (finite, either sign).

    Returns
    -------
    v_K : float or ndarray
        m/s.

    References
    ----------
    L. S. Darken, Trans. AIME 175 (1948) 184; Mehrer (2007), ch. 10.
    """
    D_A = _validate.finite(D_A, "D_A", "m^2/s")
    D_B = _validate.finite(D_B, "D_B", "m^2/s")
    dNA_dx = _validate.finite(dNA_dx, "dNA_dx", "1/m")
    return (D_A - D_B) * dNA_dx


def manning_factors(N_A, DA_tracer, DB_tracer, lattice="fcc"):
    """Vacancy-wind factors r_A, r_B and S of Manning's random-alloy model.

    With M0 = 2 f0 / (1 − f0) and w = 2 (D_A* − D_B*) / [M0 (N_A D_A* + N_B D_B*)]:

    r_A = 1 + N_A w = 1 + 2 N_A (D_A* − D_B*) / [M0 (N_A D_A* + N_B D_B*)]
    r_B = 1 − N_B w = 1 − 2 N_B (D_A* − D_B*) / [M0 (N_A D_A* + N_B D_B*)]
    S   = 1 + 2 N_A N_B (D_A* − D_B*)² / [M0 (N_A D_A* + N_B D_B*)(N_B D_A* + N_A D_B*)]

    so that D_i = D_i* Φ r_i and D̃ = N_B D_A + N_A D_B = (N_B D_A* + N_A D_B*) Φ S.

    Direction: the wind raises the intrinsic diffusivity of the faster species (r > 1),
    lowers that of the slower one (r < 1) and never lowers the interdiffusivity (S >= 1).

    Limits of the model: S <= 1/f0, reached when one tracer diffusivity vanishes; the fast
    species' r also tends to 1/f0 there. For D_B*/D_A* → 0, r_B → 1 − (1 − f0) N_B / (f0 N_A),
    which is negative for N_A < 1 − f0 (Manning's percolation limit of the fast species,
    0.2185 for fcc against the true site-percolation threshold ≈ 0.198): r_B < 0 is an
    artefact of the approximation at extreme tracer ratios.

    Where a denominator vanishes (no atom can move: both tracer diffusivities zero, or a
    pure metal whose own tracer diffusivity is zero) the wind term is taken as 0, so
    r_A = r_B = S = 1, without a division warning.

    Parameters
    ----------
    N_A : float or array_like
        Mole fraction of A, in [0, 1].
    DA_tracer, DB_tracer : float or array_like
        Tracer diffusivities D_A*, D_B* in the alloy of composition N_A, m^2/s (>= 0).
    lattice : str
        Lattice whose f0 sets M0 (default "fcc").

    Returns
    -------
    r_A, r_B, S : float or ndarray
        Dimensionless.

    References
    ----------
    J. R. Manning, Acta Metall. 15 (1967) 817; J. R. Manning, Phys. Rev. 124 (1961) 470;
    Mehrer (2007), ch. 10.
    """
    N_A = _validate.mole_fraction(N_A)
    D_A = _validate.diffusivity(DA_tracer, "DA_tracer")
    D_B = _validate.diffusivity(DB_tracer, "DB_tracer")
    M0 = manning_m0(lattice)
    N_B = 1.0 - N_A
    difference = D_A - D_B
    wind = _divide_or_zero(2.0 * difference, M0 * (N_A * D_A + N_B * D_B))
    r_A = 1.0 + N_A * wind
    r_B = 1.0 - N_B * wind
    S = 1.0 + _divide_or_zero(N_A * N_B * difference * wind, N_B * D_A + N_A * D_B)
    return r_A[()], r_B[()], S[()]


def intrinsic_diffusivities(N_A, DA_tracer, DB_tracer, phi=1.0, vacancy_wind=False, lattice="fcc"):
    """Intrinsic diffusivities from the tracer diffusivities.

    Darken:  D_i = D_i* Φ
    Manning: D_i = D_i* Φ r_i   (``vacancy_wind=True``; r_i from ``manning_factors``)

    Parameters
    ----------
    N_A : float or array_like
        Mole fraction of A, in [0, 1].
    DA_tracer, DB_tracer : float or array_like
        Tracer diffusivities D_A*, D_B*, m^2/s (>= 0).
    phi : float or array_like
        Thermodynamic factor Φ (finite, may be negative), e.g. from
        ``diffkit.thermo.Regular(omega).phi(N_A, T)``.
    vacancy_wind : bool
        Include Manning's vacancy-wind factors r_A, r_B.
    lattice : str
        Lattice for M0, used only with ``vacancy_wind=True``.

    Returns
    -------
    D_A, D_B : float or ndarray
        Intrinsic diffusivities, m^2/s.

    References
    ----------
    L. S. Darken, Trans. AIME 175 (1948) 184; J. R. Manning, Acta Metall. 15 (1967) 817.
    """
    N_A = _validate.mole_fraction(N_A)
    D_A = _validate.diffusivity(DA_tracer, "DA_tracer")
    D_B = _validate.diffusivity(DB_tracer, "DB_tracer")
    phi = _validate.finite(phi, "phi")
    r_A, r_B = 1.0, 1.0
    if vacancy_wind:
        r_A, r_B, _ = manning_factors(N_A, D_A, D_B, lattice)
    return (D_A * phi * r_A)[()], (D_B * phi * r_B)[()]


def intrinsic_diffusivity_functions(DA_tracer, DB_tracer, model, T, *, vacancy_wind=False, lattice="fcc"):
    """Composition-dependent intrinsic diffusivities D_A(N_A), D_B(N_A) for ``simulate_couple``.

    D_i(N) = D_i*(N) Φ(N, T)          (Darken)
    D_i(N) = D_i*(N) Φ(N, T) r_i(N)   (Manning, ``vacancy_wind=True``)

    Parameters
    ----------
    DA_tracer, DB_tracer : float or callable
        Tracer diffusivities, m^2/s: numbers, or functions of N_A returning arrays (>= 0).
    model : a solution model of ``diffkit.thermo`` (anything with ``.phi(N_A, T)``)
    T : float
        Temperature, K (> 0).
    vacancy_wind, lattice :
        As in :func:`intrinsic_diffusivities`.

    Returns
    -------
    (D_A, D_B) : two functions of N_A (array in, array out), m^2/s.

    Notes
    -----
    Inside a spinodal Φ < 0 and the intrinsic diffusivities are negative: diffusion runs
    uphill, and ``simulate_couple`` refuses them (the diffusion equation is ill-posed there;
    see ``diffkit.cahn_hilliard``).
    """
    T = float(_validate.temperature(T))
    tracer_A = DA_tracer if callable(DA_tracer) else (lambda N, _d=float(_validate.diffusivity(DA_tracer, "DA_tracer")): _d)
    tracer_B = DB_tracer if callable(DB_tracer) else (lambda N, _d=float(_validate.diffusivity(DB_tracer, "DB_tracer")): _d)

    last = {}  # the solver asks for D_A and D_B at the same compositions in turn: compute both once

    def both(N):
        N = np.clip(np.asarray(N, dtype=float), 0.0, 1.0)
        key = (N.shape, N.tobytes())
        if last.get("key") != key:
            last["key"] = key
            last["value"] = intrinsic_diffusivities(N, tracer_A(N), tracer_B(N), model.phi(N, T), vacancy_wind, lattice)
        return last["value"]

    def D_A(N):
        return np.broadcast_to(both(N)[0], np.shape(N)).astype(float)

    def D_B(N):
        return np.broadcast_to(both(N)[1], np.shape(N)).astype(float)

    return D_A, D_B


def manning_interdiffusivity(N_A, DA_tracer, DB_tracer, phi=1.0, lattice="fcc"):
    """Interdiffusivity of Manning's random alloy.

    D̃ = (N_B D_A* + N_A D_B*) Φ S

    Parameters
    ----------
    N_A : float or array_like
        Mole fraction of A, in [0, 1].
    DA_tracer, DB_tracer : float or array_like
        Tracer diffusivities D_A*, D_B*, m^2/s (>= 0).
    phi : float or array_like
        Thermodynamic factor Φ (finite, may be negative).
    lattice : str
        Lattice for M0 (default "fcc").

    Returns
    -------
    D_tilde : float or ndarray
        m^2/s.

    References
    ----------
    J. R. Manning, Acta Metall. 15 (1967) 817; Mehrer (2007), ch. 10.
    """
    phi = _validate.finite(phi, "phi")
    _, _, S = manning_factors(N_A, DA_tracer, DB_tracer, lattice)
    return (darken_interdiffusivity(N_A, DA_tracer, DB_tracer) * phi * S)[()]


def manning_onsager_coefficients(N_A, DA_tracer, DB_tracer, lattice="fcc"):
    """Onsager coefficients of Manning's random alloy, per site concentration.

    With Σ = N_A D_A* + N_B D_B* and M0 = 2 f0 / (1 − f0), and writing ℓ_ij = kT L_ij / n
    (n sites per volume; ℓ_ij in m^2/s):

    ℓ_AA = N_A D_A* [1 + 2 N_A D_A* / (M0 Σ)]
    ℓ_AB = 2 N_A N_B D_A* D_B* / (M0 Σ)          (> 0: the species drag each other)
    ℓ_BB = N_B D_B* [1 + 2 N_B D_B* / (M0 Σ)]

    in J_A = −L_AA ∇μ_A − L_AB ∇μ_B (vacancies at equilibrium). Darken's approximation is
    ℓ_AB = 0, ℓ_ii = N_i D_i*. The intrinsic diffusivities follow with
    :func:`intrinsic_from_onsager`, and give D_i = D_i* Φ r_i with Manning's r_i.

    In a simulation, ℓ_ij = ⟨ΔR_i · ΔR_j⟩ / (2d M t), with ΔR_i the summed displacement
    of all atoms of species i in a box of M sites (generalised Einstein relation; d the
    dimension).

    Parameters
    ----------
    N_A : float or array_like
        Mole fraction of A, in [0, 1].
    DA_tracer, DB_tracer : float or array_like
        Tracer diffusivities, m^2/s (>= 0).
    lattice : str
        Lattice for M0 (default "fcc").

    Returns
    -------
    l_AA, l_AB, l_BB : float or ndarray
        m^2/s.

    References
    ----------
    J. R. Manning, Acta Metall. 15 (1967) 817 and Phys. Rev. B 4 (1971) 1111;
    A. R. Allnatt and A. B. Lidiard, Atomic Transport in Solids (1993), ch. 13;
    COURSE.md section 3.
    """
    N_A = _validate.mole_fraction(N_A)
    D_A = _validate.diffusivity(DA_tracer, "DA_tracer")
    D_B = _validate.diffusivity(DB_tracer, "DB_tracer")
    M0 = manning_m0(lattice)
    N_B = 1.0 - N_A
    sigma = M0 * (N_A * D_A + N_B * D_B)
    l_AA = N_A * D_A * (1.0 + _divide_or_zero(2.0 * N_A * D_A, sigma))
    l_AB = _divide_or_zero(2.0 * N_A * N_B * D_A * D_B, sigma)
    l_BB = N_B * D_B * (1.0 + _divide_or_zero(2.0 * N_B * D_B, sigma))
    return l_AA[()], l_AB[()], l_BB[()]


def intrinsic_from_onsager(N_A, l_AA, l_AB, l_BB, phi=1.0):
    """Intrinsic diffusivities from the Onsager coefficients.

    D_A = Φ (ℓ_AA / N_A − ℓ_AB / N_B),   D_B = Φ (ℓ_BB / N_B − ℓ_AB / N_A)

    with ℓ_ij = kT L_ij / n (m^2/s), from J_A = −L_AA ∇μ_A − L_AB ∇μ_B, Gibbs–Duhem
    (N_A ∇μ_A + N_B ∇μ_B = 0) and ∇μ_A = (kT Φ / N_A) ∇N_A.

    Parameters
    ----------
    N_A : float or array_like
        Mole fraction of A, in the open interval (0, 1).
    l_AA, l_AB, l_BB : float or array_like
        Onsager coefficients per site concentration, m^2/s (finite).
    phi : float or array_like
        Thermodynamic factor (finite; 1 for the random alloy).

    Returns
    -------
    D_A, D_B : float or ndarray
        m^2/s.

    References
    ----------
    A. R. Allnatt and A. B. Lidiard, Atomic Transport in Solids (1993); COURSE.md section 3.
    """
    N_A = _validate.mole_fraction(N_A)
    if np.any((N_A <= 0.0) | (N_A >= 1.0)):
        raise ValueError(f"N_A must lie strictly between 0 and 1 here (both species present); got {N_A!r}")
    l_AA = _validate.finite(l_AA, "l_AA", "m^2/s")
    l_AB = _validate.finite(l_AB, "l_AB", "m^2/s")
    l_BB = _validate.finite(l_BB, "l_BB", "m^2/s")
    phi = _validate.finite(phi, "phi")
    N_B = 1.0 - N_A
    return (phi * (l_AA / N_A - l_AB / N_B))[()], (phi * (l_BB / N_B - l_AB / N_A))[()]


def _divide_or_zero(numerator, denominator):
    """numerator / denominator, and 0 (without a warning) where the denominator is 0."""
    numerator, denominator = np.broadcast_arrays(numerator, denominator)
    return np.divide(numerator, denominator, out=np.zeros(numerator.shape), where=denominator != 0)
