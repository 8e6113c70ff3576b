"""Spinodal decomposition: the Cahn–Hilliard equation on a periodic 1D domain.

Inside the spinodal the thermodynamic factor is negative (Φ < 0, ∂²G_m/∂N² < 0), so
D̃ = D Φ < 0: diffusion runs uphill and the plain diffusion equation is ill-posed (the
shortest wavelengths grow fastest). Cahn and Hilliard add the energy of composition
gradients, κ/2 (∂N/∂x)², to the free energy (per mole of sites, over a bar of unit
cross-section and constant site concentration)

    F[N] = ∫ [ G_m(N) + (κ/2) (∂N/∂x)² ] dx                         (J/mol · m)

and the composition then obeys

    ∂N/∂t = ∂/∂x [ M(N) ∂w/∂x ],   w = δF/δN = μ(N) − κ ∂²N/∂x²,    μ = ∂G_m/∂N.

Here N = N_A is the mole fraction of A, G_m(N) the molar Gibbs energy of mixing of a
``diffkit.thermo`` solution model (μ = μ_A − μ_B, J/mol), κ the gradient-energy
coefficient (J m²/mol) and M the mobility (m² mol/(J s)). diffkit takes the Darken form

    M(N) = D N (1 − N) / (R T),

with D (m²/s) the Darken combination of tracer diffusivities, D = N_B D_A* + N_A D_B*,
here taken as a constant. Linearised about a uniform alloy this is ordinary interdiffusion
with D̃ = M ∂²G_m/∂N² = D Φ (COURSE.md section 3): downhill outside the spinodal,
uphill inside it. The factor N(1 − N) also stops the flux where a species runs out.

Numerics (``simulate_cahn_hilliard``)
-------------------------------------
Finite volumes on a periodic grid of n cells, and Eyre's convex splitting in time:
G_m(N) = G_c(N) − (A/2) N² with G_c = G_m + (A/2) N² convex on (0, 1), where A is just
above max(0, −min ∂²G_m/∂N²) (for the regular solution max(0, 2Ω − 4RT)). The convex
part, with the logarithms and the gradient term, is implicit; the concave part and the
mobility are explicit:

    (N' − N)/Δt = L_M[N] w',   w' = μ(N') + A (N' − N) − κ Δ_h N',

with Δ_h the periodic 3-point Laplacian and L_M[N] v = [M_{i+½}(v_{i+1} − v_i)
− M_{i−½}(v_i − v_{i−1})]/Δx², M_{i+½} = M((N_i + N_{i+1})/2). Properties:

* mass: the right-hand side is a difference of face fluxes, so Σ N_i is conserved; each
  Newton correction has zero sum exactly, and its round-off sum is projected out.
* energy: with the discrete energy F_h = Δx Σ_i [G_m(N_i) + (κ/2)((N_{i+1} − N_i)/Δx)²]
  (``free_energy``), convexity of G_c and of the gradient term and concavity of −(A/2)N²
  give F_h(N') − F_h(N) ≤ Δx (w', N' − N) = −Δt Δx Σ M_{i+½} ((w'_{i+1} − w'_i)/Δx)²
  ≤ 0 for every Δt > 0 (Eyre 1998; Elliott and Stuart 1993): unconditionally
  energy-stable, up to the Newton tolerance (corrections below 1e-11 in N).
* bounds: the implicit logarithms are a barrier, so the step has a solution inside (0, 1)
  (Chen, Wang, Wang and Wise 2019 prove it for a constant mobility; the variational
  argument holds for any positive face mobilities). Newton's iterates are damped so that
  they stay in [EPS, 1 − EPS], EPS = 1e-12: near N = 1 double precision cannot resolve
  1 − N much below that. No composition ever reaches 0 or 1, and no NaN is produced.
  Initial compositions must lie in [RESOLVED, 1 − RESOLVED], RESOLVED = 1e-10; a regular
  solution so far below T_c that its binodal lies outside that range is refused
  (ValueError), and a run whose composition nevertheless comes within RESOLVED/10 of a pure
  end stops with a RuntimeError that says so.

The implicit equation is solved by Newton's method (a cyclic pentadiagonal Jacobian,
solved as a banded system) with backtracking. The step Δt is adaptive for accuracy only:
the largest change of N in a step is kept near ``max_change`` times the composition spread
max|N − N̄| (or times 1e-6 if the spread is smaller), so a growing or decaying mode changes
by about that fraction per step. The scheme is first order: a mode's growth rate R comes out too small by
about Δt (s + R/2) relatively, s = M k² A, i.e. by ≈ 1.5 ``max_change`` (1.5 % at the
default) for the fastest-growing mode of the regular solution. A fixed step ``dt`` may be
given instead; any step keeps the energy from rising.

References
----------
J. W. Cahn and J. E. Hilliard, J. Chem. Phys. 28 (1958) 258 (gradient energy).
J. W. Cahn, Acta Metall. 9 (1961) 795 (spinodal decomposition, linear stability).
D. J. Eyre, in Computational and Mathematical Models of Microstructural Evolution,
MRS Symp. Proc. 529 (1998) 39 (convex splitting).
C. M. Elliott and A. M. Stuart, SIAM J. Numer. Anal. 30 (1993) 1622.
W. Chen, C. Wang, X. Wang and S. M. Wise, J. Comput. Phys. X 3 (2019) 100031
(positivity of the convex-splitting scheme with the logarithmic free energy).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import solve_banded

from . import _validate
from .constants import R
from .thermo import RedlichKister, Regular

__all__ = [
    "simulate_cahn_hilliard",
    "CahnHilliardResult",
    "free_energy",
    "nearly_uniform",
    "mobility",
    "growth_rate",
    "fastest_growing_wavelength",
    "critical_wavelength",
]

EPS = 1e-12
"""Newton iterates are kept in [EPS, 1 − EPS] (see the module docstring)."""
RESOLVED = 1e-10
"""Initial compositions and equilibrium phases must lie in [RESOLVED, 1 − RESOLVED]."""
MIN_CELLS = 8
SPREAD_FLOOR = 1e-6  # the step control measures changes against max(spread, this)
MAX_NEWTON = 40
NEWTON_TOL = 1e-11  # largest Newton correction of N accepted as converged


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CahnHilliardResult:
    """What :func:`simulate_cahn_hilliard` returns. SI units throughout.

    Attributes
    ----------
    x : (n_cells,) cell centres, m, on the periodic domain 0 <= x < length.
    t : (n_times,) output times, s.
    N : (n_times, n_cells) mole fraction of A, cell averages.
    energy : (n_times,) free energy F_h of :func:`free_energy`, J/mol · m (per unit
        cross-section).
    step_t, step_energy : (n_steps + 1,) time (s) and F_h after every accepted time step,
        starting at t = 0; F_h never increases along them.
    length : domain length, m. ``T`` (K), ``D`` (m²/s), ``kappa`` (J m²/mol), ``model``:
        the inputs.
    """

    x: np.ndarray
    t: np.ndarray
    N: np.ndarray
    energy: np.ndarray
    step_t: np.ndarray
    step_energy: np.ndarray
    length: float
    T: float
    D: float
    kappa: float
    model: RedlichKister

    @property
    def dx(self) -> float:
        """Cell width, m."""
        return self.length / self.x.size

    @property
    def n_steps(self) -> int:
        """Number of accepted time steps."""
        return self.step_t.size - 1

    def atoms_A(self) -> np.ndarray:
        """A atoms per unit cross-section divided by the site concentration, ∫ N dx, m (one per time)."""
        return self.N.sum(axis=1) * self.dx

    def spread(self) -> np.ndarray:
        """Largest deviation from the mean composition, max|N − N̄|, one per time."""
        return np.abs(self.N - self.N.mean(axis=1, keepdims=True)).max(axis=1)

    def dominant_wavelength(self) -> np.ndarray:
        """Mean wavelength of the composition pattern, m, one per time.

        λ̄ = 2π / k̄,  k̄ = Σ k S(k) / Σ S(k),  S(k) = |N̂(k)|²

        the first moment of the structure factor of N − N̄ over the wavenumbers of the grid,
        k = 2πm/length (m >= 1). NaN where the composition is uniform. Compare it with
        :func:`fastest_growing_wavelength` after the linear (early) stage.
        """
        amplitudes = np.fft.rfft(self.N - self.N.mean(axis=1, keepdims=True), axis=1)[:, 1:]
        S = np.abs(amplitudes) ** 2
        k = 2.0 * np.pi * np.arange(1, S.shape[1] + 1) / self.length
        total = S.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            k_mean = np.where(total > 0, (S * k).sum(axis=1) / np.where(total > 0, total, 1.0),
                              np.nan)
        return 2.0 * np.pi / k_mean


# --------------------------------------------------------------------- linear theory


def mobility(N, T, D):
    """Atomic mobility of the Cahn–Hilliard flux, Darken form.

    M = D N (1 − N) / (R T)

    so that D̃ = M ∂²G_m/∂N² = D Φ (Darken's relation without vacancy wind).

    Parameters
    ----------
    N : float or array_like
        Mole fraction of A, in [0, 1].
    T : float
        Temperature, K (> 0).
    D : float
        Darken diffusivity D = N_B D_A* + N_A D_B*, m²/s (> 0).

    Returns
    -------
    M : float or ndarray
        m² mol/(J s); 0 at the pure ends.

    References
    ----------
    J. W. Cahn, Acta Metall. 9 (1961) 795; L. S. Darken, Trans. AIME 175 (1948) 184.
    """
    N = _validate.mole_fraction(N, "N")
    T = _scalar_temperature(T)
    D = _validate.positive(D, "D", "m^2/s")
    return (D * N * (1.0 - N) / (R * T))[()]


def growth_rate(k, N0, *, T, model, D, kappa):
    """Amplification factor of a small sinusoidal perturbation of a uniform alloy.

    δN ∝ exp(R(k) t) cos(k x),   R(k) = −M k² (∂²G_m/∂N²(N0) + κ k²),

    with M = D N0 (1 − N0)/(R T) (:func:`mobility`). On a grid of spacing Δx the simulation
    feels k² as (2/Δx)² sin²(k Δx/2), which differs by less than 1 % for more than 16 cells
    per wavelength.

    Parameters
    ----------
    k : float or array_like
        Wavenumber 2π/λ, 1/m.
    N0 : float
        Mole fraction of A of the uniform alloy, in (0, 1).
    T : float
        Temperature, K (> 0).
    model : diffkit.thermo solution model (``Regular``, ``RedlichKister``, ``Ideal``)
    D : float
        Darken diffusivity, m²/s (> 0); see :func:`mobility`.
    kappa : float
        Gradient-energy coefficient κ, J m²/mol (>= 0).

    Returns
    -------
    R : float or ndarray
        1/s. Positive (the mode grows) only inside the spinodal, for wavelengths longer than
        :func:`critical_wavelength`; largest at :func:`fastest_growing_wavelength`.

    References
    ----------
    J. W. Cahn, Acta Metall. 9 (1961) 795.
    """
    N0, T, model, kappa = _alloy(N0, T, model, kappa)
    k = _validate.finite(k, "k", "1/m")
    M = mobility(N0, T, D)
    return (-M * k**2 * (model.d2g_dN2(N0, T) + kappa * k**2))[()]


def fastest_growing_wavelength(N0, *, T, model, kappa):
    """Wavelength of the fastest-growing composition wave inside the spinodal.

    dR/d(k²) = 0  →  k_max² = −G''(N0) / (2κ),  λ_max = 2π / k_max = 2π sqrt(−2κ / G''(N0))

    with G'' = ∂²G_m/∂N² (J/mol). The growth rate there is R_max = M G''² / (4κ).

    Parameters
    ----------
    N0 : float
        Mole fraction of A of the uniform alloy, in (0, 1).
    T : float
        Temperature, K (> 0).
    model : diffkit.thermo solution model
    kappa : float
        Gradient-energy coefficient, J m²/mol (>= 0).

    Returns
    -------
    lambda_max : float
        m. NaN outside the spinodal (G'' >= 0: every wave decays); 0 when κ = 0 (without
        gradient energy the shortest waves grow fastest: the ill-posed limit).

    References
    ----------
    J. W. Cahn, Acta Metall. 9 (1961) 795.
    """
    N0, T, model, kappa = _alloy(N0, T, model, kappa)
    curvature = float(model.d2g_dN2(N0, T))
    return 2.0 * np.pi * np.sqrt(-2.0 * kappa / curvature) if curvature < 0 else np.nan


def critical_wavelength(N0, *, T, model, kappa):
    """Shortest wavelength that grows inside the spinodal (R(k) = 0).

    λ_c = 2π sqrt(−κ / G''(N0)) = λ_max / sqrt(2)

    Shorter waves are smoothed out by the gradient energy even inside the spinodal.

    Parameters
    ----------
    N0 : float
        Mole fraction of A of the uniform alloy, in (0, 1).
    T : float
        Temperature, K (> 0).
    model : diffkit.thermo solution model
    kappa : float
        Gradient-energy coefficient, J m²/mol (>= 0).

    Returns
    -------
    lambda_c : float
        m; NaN outside the spinodal.

    References
    ----------
    J. W. Cahn, Acta Metall. 9 (1961) 795.
    """
    N0, T, model, kappa = _alloy(N0, T, model, kappa)
    curvature = float(model.d2g_dN2(N0, T))
    return 2.0 * np.pi * np.sqrt(-kappa / curvature) if curvature < 0 else np.nan


# ------------------------------------------------------------------ energy and setup


def free_energy(N, dx, model, T, kappa):
    """Discrete Cahn–Hilliard free energy of a periodic 1D composition profile.

    F_h = Δx Σ_i [ G_m(N_i) + (κ/2) ((N_{i+1} − N_i) / Δx)² ],   N_n ≡ N_0 (periodic)

    the midpoint-rule value of F = ∫ [G_m(N) + (κ/2)(∂N/∂x)²] dx, with G_m from the
    ``diffkit.thermo`` model. This is the quantity the solver never lets increase.

    Parameters
    ----------
    N : array_like, shape (..., n_cells)
        Mole fractions of A in [0, 1], cell averages along the last axis.
    dx : float
        Cell width, m (> 0).
    model : diffkit.thermo solution model
    T : float
        Temperature, K (> 0).
    kappa : float
        Gradient-energy coefficient, J m²/mol (>= 0).

    Returns
    -------
    F : float or ndarray, shape (...)
        J/mol · m: the Gibbs energy per unit cross-section of the bar divided by the site
        concentration (multiply by C in mol/m³ for J/m²). Relative to the pure components.

    References
    ----------
    J. W. Cahn and J. E. Hilliard, J. Chem. Phys. 28 (1958) 258.
    """
    N = _validate.mole_fraction(N, "N")
    if N.ndim < 1 or N.shape[-1] < 2:
        raise ValueError(f"N must hold at least 2 cells along its last axis; got shape {N.shape}")
    dx = _validate.positive(dx, "dx", "m")
    T = _scalar_temperature(T)
    model = _model(model)
    kappa = _kappa(kappa)
    gradient = (np.roll(N, -1, axis=-1) - N) / dx
    return (dx * np.sum(model.gibbs_mixing(N, T) + 0.5 * kappa * gradient**2, axis=-1))[()]


def nearly_uniform(N_mean, n_cells, *, amplitude=0.005, seed=None):
    """A nearly uniform alloy: the mean composition plus small seeded noise.

    N_i = N_mean + a ξ_i,   ξ uniform random, shifted to zero mean and scaled to max|ξ| = 1

    so the mean is exactly N_mean (to round-off) and the largest deviation exactly a.

    Parameters
    ----------
    N_mean : float
        Mean mole fraction of A; N_mean ± amplitude must lie inside (0, 1).
    n_cells : int
        Number of cells (>= 8).
    amplitude : float
        Largest deviation a from N_mean (>= 0); 0 gives a perfectly uniform alloy.
    seed : None, int or numpy.random.Generator
        Seed of ``numpy.random.default_rng``: the same seed gives the same alloy.

    Returns
    -------
    N0 : ndarray, shape (n_cells,)
    """
    N_mean = float(_validate.mole_fraction(N_mean, "N_mean"))
    n_cells = _n_cells(n_cells)
    amplitude = float(_validate.finite(amplitude, "amplitude"))
    if amplitude < 0:
        raise ValueError(f"amplitude must be >= 0 (a deviation in mole fraction); got {amplitude!r}")
    if not (RESOLVED <= N_mean - amplitude and N_mean + amplitude <= 1.0 - RESOLVED):
        raise ValueError(f"N_mean ± amplitude must lie inside (0, 1); got {N_mean!r} ± {amplitude!r}")
    xi = np.random.default_rng(seed).uniform(-1.0, 1.0, n_cells)
    xi -= xi.mean()
    return N_mean + amplitude * xi / np.abs(xi).max()


# ------------------------------------------------------------------------- the solver


def simulate_cahn_hilliard(N0, *, length, T, model, D, kappa, t, n_cells=None, noise=0.005,
                           seed=None, max_change=0.01, dt=None):
    """Solve the 1D Cahn–Hilliard equation on a periodic domain.

    ∂N/∂t = ∂/∂x [ M(N) ∂/∂x ( μ(N) − κ ∂²N/∂x² ) ],   μ = ∂G_m/∂N,   M = D N (1 − N)/(R T)

    Parameters
    ----------
    N0 : float or array_like
        Initial mole fraction of A. A number is the mean of a nearly uniform alloy,
        ``nearly_uniform(N0, n_cells, amplitude=noise, seed=seed)``; an array is the
        profile itself (cell averages), strictly inside (0, 1).
    length : float
        Length of the periodic domain, m (> 0).
    T : float
        Temperature, K (> 0).
    model : diffkit.thermo solution model
        ``Regular(omega)``, ``RedlichKister(coeffs)`` or ``Ideal()``: G_m and μ come from it.
    D : float
        Darken diffusivity, m²/s (> 0): the mobility is M = D N(1 − N)/(RT), so that
        D̃ = D Φ outside the spinodal (:func:`mobility`).
    kappa : float
        Gradient-energy coefficient κ, J m²/mol (>= 0). With κ = 0 the problem is
        ill-posed inside the spinodal and the pattern forms on the grid scale.
    t : float or 1-D array
        Output times, s, >= 0 and strictly increasing.
    n_cells : int, optional
        Number of cells (>= 8). Default 256 for a number N0, the array's size otherwise.
    noise : float
        Noise amplitude of the nearly uniform alloy when N0 is a number.
    seed : None, int or numpy.random.Generator
        Seed of that noise (ignored when N0 is an array).
    max_change : float
        Accuracy of the time stepping, in (0, 0.5]: the largest change of N in a step is
        kept near this fraction of the composition spread max|N − N̄|. The scheme is
        energy-stable at any step; smaller values are more accurate and slower.
    dt : float, optional
        A fixed time step, s (> 0), instead of the adaptive one (``max_change`` is then
        ignored); the last step before each output time is shortened to land on it. Any
        step keeps the energy from rising; large ones are merely inaccurate.

    Returns
    -------
    CahnHilliardResult
        ``x``, ``t``, ``N`` (n_times, n_cells), ``energy`` (n_times,), the energy after
        every step, and helpers (atoms_A, spread, dominant_wavelength).

    Notes
    -----
    Convex-splitting finite volumes (Eyre 1998), unconditionally energy-stable,
    conservative to round-off, with N kept in [1e-12, 1 − 1e-12]; see the module docstring.
    Resolve the pattern: 16 or more cells per :func:`fastest_growing_wavelength`.

    What to expect in 1D: a nearly uniform alloy inside the spinodal forms a pattern with
    the period ≈ λ_max of the linear theory, and keeps it: coarsening in 1D slows down
    exponentially with the domain size (Kawasaki and Ohta 1982). Those first domains are only about one
    interface width wide, so their centres stop short of the binodal compositions by a few
    per cent of the miscibility gap; wider domains (fewer of them, or a two-phase start)
    reach the binodal. Outside the spinodal, including the metastable range between
    binodal and spinodal, small fluctuations decay: there is no nucleation in this
    deterministic model.

    References
    ----------
    J. W. Cahn and J. E. Hilliard, J. Chem. Phys. 28 (1958) 258; J. W. Cahn, Acta Metall.
    9 (1961) 795; D. J. Eyre, MRS Symp. Proc. 529 (1998) 39; K. Kawasaki and T. Ohta,
    Physica A 116 (1982) 573 (coarsening in 1D).

    """
    length = _validate.positive(length, "length", "m")
    T = _scalar_temperature(T)
    model = _model(model)
    D = _validate.positive(D, "D", "m^2/s")
    kappa = _kappa(kappa)
    times = _output_times(t)
    max_change = _validate.positive(max_change, "max_change")
    if max_change > 0.5:
        raise ValueError(f"max_change must lie in (0, 0.5]; got {max_change!r}")
    fixed_dt = None if dt is None else _validate.positive(dt, "dt", "s")
    _check_resolvable(model, T)
    N_start = _initial_profile(N0, n_cells, noise, seed)

    problem = _Problem(N_start.size, length, T, model, D, kappa)
    return _integrate(problem, N_start, times, max_change, fixed_dt)


# ------------------------------------------------------------------------- internals


class _Problem:
    """Grid, thermodynamics and the implicit convex-splitting step."""

    def __init__(self, n, length, T, model, D, kappa):
        self.n, self.length, self.T = n, length, T
        self.model, self.D, self.kappa = model, D, kappa
        self.dx = length / n
        self.x = (np.arange(n) + 0.5) * self.dx
        self.A = _stabiliser(model, T)
        self.band = _CyclicPentadiagonal(n)
        cells = np.arange(n)
        self.right, self.left = (cells + 1) % n, (cells - 1) % n  # periodic neighbours

    def mu(self, N):
        """μ = ∂G_m/∂N = μ_A − μ_B, J/mol."""
        mu_A, mu_B = self.model.chemical_potentials(N, self.T)
        return mu_A - mu_B

    def energy(self, N):
        return free_energy(N, self.dx, self.model, self.T, self.kappa)

    def laplacian(self, v):
        """Δ_h v = (v_{i+1} − 2 v_i + v_{i−1}) / Δx², periodic."""
        return (v[self.right] - 2.0 * v + v[self.left]) / self.dx**2

    def face_mobility(self, N):
        """M_{i+½} = M((N_i + N_{i+1})/2), the face between cells i and i+1."""
        N_face = 0.5 * (N + N[self.right])
        return self.D * N_face * (1.0 - N_face) / (R * self.T)

    def step(self, N_old, dt):
        """One convex-splitting step by damped Newton; None if Newton does not converge.

        Solves r(N) = N − N_old − Δt L_M[N_old] w(N) = 0, w = μ(N) + A (N − N_old) − κ Δ_h N.
        """
        # L v = c_i (v_{i+1} − v_i) − a_i (v_i − v_{i−1}), with the Δt/Δx² folded in
        c = dt * self.face_mobility(N_old) / self.dx**2
        a = c[self.left]
        A, kappa = self.A, self.kappa
        right, left = self.right, self.left

        def residual(N):
            w = self.mu(N) + A * (N - N_old) - kappa * self.laplacian(N)
            flux_right = c * (w[right] - w)  # −(Δt/Δx) J_{i+½}, J = −M ∂w/∂x
            return N - N_old - (flux_right - flux_right[left])

        N = N_old.copy()
        r = residual(N)
        r_norm = np.abs(r).max()
        e = -kappa / self.dx**2  # off-diagonal of B = diag(G'' + A) − κ Δ_h
        for _ in range(MAX_NEWTON):
            b = self.model.d2g_dN2(N, self.T) + A + 2.0 * kappa / self.dx**2
            ell = -(a + c)
            # J = I − L B, five cyclic diagonals J[i, i+d], d = −2..2
            diagonals = {
                -2: -a * e,
                -1: -(a * b[left] + ell * e),
                0: 1.0 - (a * e + ell * b + c * e),
                1: -(ell * e + c * b[right]),
                2: -c * e,
            }
            delta = self.band.solve(diagonals, -r)
            delta -= delta.mean()  # the exact correction has zero sum; remove its round-off
            alpha = _fraction_to_boundary(N, delta)
            if alpha < 1e-6:
                return None  # pinned at a bound: no progress possible; retried with a smaller dt
            if alpha == 1.0 and np.abs(delta).max() <= NEWTON_TOL:
                return N + delta  # converged: the full correction is negligible and in bounds
            for _ in range(30):  # backtracking on the residual (alpha <= 1 keeps N in bounds)
                N_try = N + alpha * delta
                r_try = residual(N_try)
                r_try_norm = np.abs(r_try).max()
                if r_try_norm <= (1.0 - 1e-4 * alpha) * r_norm:
                    break
                alpha *= 0.5
            else:
                return None  # no progress: the step is retried with a smaller dt
            N, r, r_norm = N_try, r_try, r_try_norm
            if r_norm <= 1e-15:
                return N
        return None


class _CyclicPentadiagonal:
    """Solve cyclic pentadiagonal systems as a plain banded system (half-bandwidth 4).

    The interleaved ordering 0, n−1, 1, n−2, 2, ... puts cells that are at most two apart
    on the ring at most four apart in the new order, so LAPACK's banded solver
    (``scipy.linalg.solve_banded``) applies without corner corrections.
    """

    HALF = 4

    def __init__(self, n):
        order = np.empty(n, dtype=int)
        order[0::2] = np.arange((n + 1) // 2)
        order[1::2] = n - 1 - np.arange(n // 2)
        self.order = order  # new position p holds cell order[p]
        self.position = np.argsort(order)  # cell i sits at position[i]
        i = np.arange(n)
        self.rows, self.cols = {}, {}
        for d in range(-2, 3):
            p, q = self.position[i], self.position[(i + d) % n]
            self.rows[d], self.cols[d] = self.HALF + p - q, q
        self.n = n

    def solve(self, diagonals, rhs):
        """Solve J y = rhs with J[i, (i + d) mod n] = diagonals[d][i]."""
        ab = np.zeros((2 * self.HALF + 1, self.n))
        for d, values in diagonals.items():
            ab[self.rows[d], self.cols[d]] = values
        y = solve_banded((self.HALF, self.HALF), ab, rhs[self.order], overwrite_ab=True,
                         overwrite_b=True, check_finite=False)
        return y[self.position]


def _integrate(problem, N, times, max_change, fixed_dt=None):
    """Time stepping to each output time (the last step before each is shortened to land on it)."""
    if fixed_dt is None:
        steps = _AdaptiveSteps(problem, N, times[-1], max_change)
    else:
        steps = _FixedSteps(fixed_dt)
    t_now = 0.0
    F = problem.energy(N)
    step_t, step_F = [0.0], [F]
    out_N, out_F = [], []
    for t_out in times:
        while t_out - t_now > 1e-12 * t_out:
            remaining = t_out - t_now
            landing = steps.dt >= 0.99 * remaining
            h = remaining if landing else steps.dt
            N_new = problem.step(N, h)
            if not steps.accept(N, N_new, h, landing, t_now):
                continue
            t_now = t_out if landing else t_now + h
            N = N_new
            F = problem.energy(N)
            step_t.append(t_now)
            step_F.append(F)
            if min(N.min(), 1.0 - N.max()) < 0.1 * RESOLVED:
                raise RuntimeError(_too_pure_message(t_now))
        out_N.append(N.copy())
        out_F.append(F)
    return CahnHilliardResult(
        x=problem.x.copy(), t=times, N=np.array(out_N), energy=np.array(out_F),
        step_t=np.array(step_t), step_energy=np.array(step_F), length=problem.length,
        T=problem.T, D=problem.D, kappa=problem.kappa, model=problem.model)


class _AdaptiveSteps:
    """Keep the largest change of N per step near max_change × max(spread, SPREAD_FLOOR)."""

    def __init__(self, problem, N, t_end, max_change):
        self.dt = _initial_step(problem, N, t_end, max_change)
        self.dt_min = 1e-4 * self.dt  # nothing is 10^4 times faster than the grid's fastest mode
        self.max_change = max_change

    def accept(self, N_old, N_new, h, landing, t_now):
        """Judge a step and set the next dt; False means retry with the (smaller) new dt."""
        target = self.max_change * max(np.abs(N_old - N_old.mean()).max(), SPREAD_FLOOR)
        change = np.inf if N_new is None else np.abs(N_new - N_old).max()
        if change > 2.0 * target:  # too large a change, or Newton failed: retry smaller
            self.dt = h * (0.25 if N_new is None else max(0.1, 0.5 * target / change))
        else:
            factor = 1.5 if change == 0 else min(1.5, max(0.3, 0.9 * target / change))
            self.dt = max(self.dt, h * factor) if landing else h * factor
        if self.dt < self.dt_min:
            raise RuntimeError(_too_pure_message(t_now))
        return change <= 2.0 * target


class _FixedSteps:
    """A constant dt: every converged step is accepted."""

    def __init__(self, dt):
        self.dt = dt

    def accept(self, N_old, N_new, h, landing, t_now):
        if N_new is None:
            raise RuntimeError(
                f"the implicit step of {h:.3g} s did not converge at t = {t_now:.4g} s: a phase is "
                f"heading for a purity double precision cannot hold (closer than {EPS:g} to a pure "
                f"end); try a smaller dt, a higher T or a smoother N0")
        return True


def _too_pure_message(t_now):
    return (f"Cahn-Hilliard time stepping stopped at t = {t_now:.4g} s: the composition came "
            f"within {0.1 * RESOLVED:g} of a pure end, closer than double precision resolves. The "
            f"temperature may be too far below the critical temperature, or a sharp initial step "
            f"between nearly pure phases overshoots; try a higher T or a smoother N0.")


def _initial_step(problem, N, t_end, max_change):
    """max_change / (fastest linear rate on the grid at the mean composition), s."""
    N_mean = float(N.mean())
    m = np.arange(1, problem.n // 2 + 1)
    k2 = (2.0 / problem.dx * np.sin(np.pi * m / problem.n)) ** 2  # discrete Laplacian symbol
    M = problem.D * N_mean * (1.0 - N_mean) / (R * problem.T)
    rate = np.abs(M * k2 * (problem.model.d2g_dN2(N_mean, problem.T) + problem.kappa * k2)).max()
    return max_change / rate if rate > 0 else max(t_end, 1.0)


def _fraction_to_boundary(N, delta, fraction=0.9):
    """Largest alpha <= 1 that moves N + alpha·delta at most ``fraction`` of the way to a bound."""
    alpha = 1.0
    down, up = delta < 0, delta > 0
    if down.any():
        alpha = min(alpha, fraction * np.min((N[down] - EPS) / -delta[down]))
    if up.any():
        alpha = min(alpha, fraction * np.min((1.0 - EPS - N[up]) / delta[up]))
    return alpha


def _stabiliser(model, T):
    """A >= max(0, −min ∂²G_m/∂N²) over (0, 1), so that G_m + (A/2)N² is convex (J/mol).

    The curvature is sampled on a fine grid (which contains ½, the minimum of the regular
    solution); a margin of 1 % plus 1e-4 RT covers the sampling error of a Redlich–Kister
    polynomial. A larger A is still stable, only slightly less accurate.
    """
    N = np.linspace(0.0, 1.0, 4001)[1:-1]
    lowest = float(np.min(model.d2g_dN2(N, T)))
    margin = 1e-4 * R * T
    return 0.0 if lowest > margin else 1.01 * max(0.0, -lowest) + margin


def _check_resolvable(model, T):
    """Refuse a regular solution so far below T_c that its phases lie within RESOLVED of an end.

    The low binodal composition is ≈ exp(−Ω/RT); near N = 1 double precision cannot hold
    1 − N much below 1e-12. The limit solves the binodal equation
    ln(N/(1 − N)) = Ω(2N − 1)/RT at N = RESOLVED for T.
    """
    if not isinstance(model, Regular) or not 0.0 < T < model.critical_temperature():
        return
    N_limit = RESOLVED
    if model.binodal(T)[0] < N_limit:
        T_min = model.omega * (1.0 - 2.0 * N_limit) / (R * np.log((1.0 - N_limit) / N_limit))
        raise ValueError(
            f"T = {T:g} K is too far below the critical temperature "
            f"{model.critical_temperature():.4g} K: the coexisting phases lie closer than "
            f"{N_limit:g} to a pure end, which double precision cannot resolve; T must be "
            f">= {T_min:.4g} K for this model")


def _initial_profile(N0, n_cells, noise, seed):
    arr = np.asarray(N0, dtype=float)
    if arr.ndim == 0:
        if not (0.0 < arr < 1.0):
            raise ValueError(f"N0 is a mole fraction and must lie strictly inside (0, 1); got {N0!r}")
        noise_arr = np.asarray(noise, dtype=float)
        if noise_arr.ndim != 0 or not (0.0 <= noise_arr < min(arr, 1.0 - arr)):
            raise ValueError(f"noise must be a number >= 0 that keeps N0 ± noise inside (0, 1); "
                             f"got {noise!r}")
        n = 256 if n_cells is None else n_cells
        return nearly_uniform(float(arr), n, amplitude=float(noise_arr), seed=seed)
    if arr.ndim != 1:
        raise ValueError(f"N0 must be a number or a 1-D profile of mole fractions; "
                         f"got shape {arr.shape}")
    bad = ~(np.isfinite(arr) & (arr >= RESOLVED) & (arr <= 1.0 - RESOLVED))
    if bad.any():
        raise ValueError(f"N0 is a mole fraction and must lie strictly inside (0, 1), within "
                         f"[{RESOLVED:g}, 1 - {RESOLVED:g}]; {bad.sum()} of its {arr.size} values "
                         f"do not (the first is {arr[bad][0]!r})")
    if n_cells is not None and _n_cells(n_cells) != arr.size:
        raise ValueError(f"n_cells = {n_cells!r} does not match the {arr.size} cells of N0")
    _n_cells(arr.size, "N0 (number of cells)")
    return arr.copy()


def _n_cells(n_cells, name="n_cells"):
    is_integer = isinstance(n_cells, (int, np.integer)) and not isinstance(n_cells, bool)
    if not is_integer or n_cells < MIN_CELLS:
        raise ValueError(f"{name} must be an integer >= {MIN_CELLS}; got {n_cells!r}")
    return int(n_cells)


def _scalar_temperature(T):
    T_arr = _validate.temperature(T)
    if T_arr.ndim != 0:
        raise ValueError(f"T must be a single temperature in K; got shape {T_arr.shape}")
    return float(T_arr)


def _kappa(kappa):
    kappa_arr = np.asarray(kappa, dtype=float)
    if kappa_arr.ndim != 0 or not np.isfinite(kappa_arr) or kappa_arr < 0:
        raise ValueError(f"kappa is the gradient-energy coefficient and must be a finite number "
                         f">= 0 J m^2/mol; got {kappa!r}")
    return float(kappa_arr)


def _model(model):
    if not isinstance(model, RedlichKister):
        raise ValueError(f"model must be a diffkit.thermo solution model (Regular, RedlichKister, "
                         f"Ideal); got {model!r}")
    return model


def _alloy(N0, T, model, kappa):
    N0_arr = _validate.mole_fraction(N0, "N0")
    if N0_arr.ndim != 0 or not (0.0 < N0_arr < 1.0):
        raise ValueError(f"N0 is a mole fraction and must be a number strictly inside (0, 1); "
                         f"got {N0!r}")
    return float(N0_arr), _scalar_temperature(T), _model(model), _kappa(kappa)


def _output_times(t):
    times = np.atleast_1d(np.asarray(t, dtype=float))
    if times.ndim != 1 or times.size == 0:
        raise ValueError(f"t must be a number or a 1-D array of times in s; got {t!r}")
    if not np.all(np.isfinite(times)) or np.any(times < 0):
        raise ValueError(f"t must hold finite times >= 0 s; got {_validate._show(t)}")
    if np.any(np.diff(times) <= 0):
        raise ValueError("t must be strictly increasing (output times in s)")
    return times
