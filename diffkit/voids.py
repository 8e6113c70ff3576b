"""Kirkendall porosity: where the vacancy flux of a diffusion couple piles vacancies up.

In a couple the intrinsic fluxes J'_A and J'_B do not balance, and the lattice carries the
difference as a net vacancy flux J'_V = -(J'_A + J'_B) = C v_K (COURSE.md section 3). Vacancies
are conserved apart from sources and sinks:

    dC_V/dt = -dJ'_V/dx + g,

with g the rate at which sources (g > 0) make and sinks (g < 0) remove vacancies. Where the
**net vacancy inflow** q = -dJ'_V/dx = -C dv_K/dx is positive, vacancies arrive faster than they
leave: sinks (dislocations, grain boundaries, which destroy lattice planes) must take them, and
whatever they do not take supersaturates the lattice and condenses into pores. Where q < 0,
sources must make vacancies (lattice planes are created). The sign convention of
:meth:`diffkit.couple.CoupleResult.vacancy_source_rate` is the opposite one, sigma = dJ'_V/dx = -q
(the rate at which sources must work), so ``vacancy_inflow_rate(result) == -result.vacancy_source_rate()``.

Which side? With A on the left, D_A > D_B: v_K = (D_A - D_B) dN_A/dx < 0, zero far away on
both sides, most negative where the profile is steepest. Left of that extremum v_K falls with x
(dv_K/dx < 0, q > 0: vacancies pile up); right of it q < 0. For constant D_A, D_B the extremum
of v_K lies exactly at the Kirkendall plane (where d^2N/dx^2 = 0 and x_K = 2 t v_K), so the
vacancies pile up on the side of the faster species, beyond the markers: pores form in the
zone the fast atoms leave (on the brass side of Cu/brass, on the Cu side of Cu/Ni). With
D_B > D_A everything mirrors.

The porosity model (a passive estimate, first order in the porosity):

* equal partial molar volumes; a vacancy has the atomic volume Omega = 1/C;
* the composition and the lattice motion are Darken's (vacancies at equilibrium everywhere);
* a fraction eta of the excess vacancies (the sink efficiency, 0 <= eta <= 1) is annihilated
  at sinks, the rest (1 - eta) condenses into pores where the excess arises;
* pores are lattice defects and ride on the lattice like inert markers (``frame="lattice"``,
  the default); ``frame="lab"`` counts them at the fixed laboratory position where they were
  made, p(x, t) = (1 - eta) Omega int_0^t max(0, q(x, t')) dt'.

In the lattice frame a lattice element of width w gains pore volume at the rate
(1 - eta) Omega max(0, q) w while its width changes as dw/dt = w dv_K/dx, so its pore fraction obeys
dp/dt = (1 - eta) Omega max(0, q) + p Omega q. In both frames the total pore volume per unit
area is the same, (1 - eta) Omega int_0^t int max(0, q) dx dt'. For an infinite couple everything
is self-similar, p(x, t) = P(x/sqrt(t)), the total grows as sqrt(t), and for constant D_A, D_B it
equals (1 - eta) |x_K|: the pore volume per area is at most the marker shift (if V has a single
extremum, 2 sqrt(t) |V_ext| >= |x_K| in general, with equality when the extremum sits at the
Kirkendall plane).

The model is first order in the porosity: pores that took a sizeable share of the volume would
change the lattice motion itself. With eta = 0 (every excess vacancy kept as a pore) it predicts
pore fractions of order one beyond D_A/D_B of a few, at the Kirkendall plane even above 1 in the
lattice frame (the lattice there is compressed around its pores); that is the lesson, not a
prediction: the marker shift itself shows that most excess vacancies are annihilated (lattice
planes are destroyed), so realistic sink efficiencies are close to 1.

References: F. Seitz, Acta Metall. 1 (1953) 355 (the porosity of the Kirkendall effect);
H. Strandlund and H. Larsson, Acta Mater. 52 (2004) 4695 (simulated Kirkendall shift and porosity
in binary and ternary couples).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate
from .couple import CoupleResult, SelfSimilarSolution, _Interdiffusion

__all__ = [
    "vacancy_inflow_rate",
    "vacancy_inflow_profile",
    "self_similar_inflow",
    "self_similar_porosity",
    "pore_volume_per_area",
    "porosity_profile",
    "porosity_from_couple",
    "PorosityResult",
]

FRAMES = ("lattice", "lab")
# the first positive output of a time-stepped couple must still be an infinite couple
END_TOLERANCE = 1e-6
# mole fractions a solver returns may leave [0, 1] by round-off; beyond this they are an error
ROUND_OFF = 1e-9


# ------------------------------------------------------------------------- the inflow rate


def vacancy_inflow_rate(result: CoupleResult, C: float = 1.0) -> np.ndarray:
    """Net vacancy inflow per volume in a couple, q = -dJ'_V/dx = -C dv_K/dx.

    q > 0: vacancies pile up (sinks or pores must take them); q < 0: sources must make them.
    It is minus :meth:`CoupleResult.vacancy_source_rate`, whose sign convention is the rate at
    which sources work. Cell averages, shape (n_times, n_cells). With C in mol/m^3 the unit is
    mol/(m^3 s); with the default C = 1 it is 1/s (the lattice contraction rate; multiply by the
    atomic volume 1/C and this is the rate at which the excess vacancy volume fraction grows).
    For a closed couple the sum over cells is zero: what flows in somewhere flows out elsewhere.
    """
    if not isinstance(result, CoupleResult):
        raise ValueError(f"result must be a CoupleResult from simulate_couple; got {type(result).__name__}")
    return -result.vacancy_source_rate(C)


def vacancy_inflow_profile(x, N_A, D_A, D_B, *, C: float = 1.0) -> np.ndarray:
    """Net vacancy inflow q = -dJ'_V/dx = -C d/dx[(D_A - D_B) dN_A/dx] from a composition profile.

    Finite volumes on uniformly spaced cell centres x (m) with closed ends (no vacancy flux
    through them): J'_V/C = v_K = (D_A - D_B) dN_A/dx on the faces between cells, q on the cells.

    Parameters
    ----------
    x : (n,) cell centres, m, uniformly spaced and increasing.
    N_A : (n,) mole fraction of A, in [0, 1].
    D_A, D_B : float or callable of N_A
        Intrinsic diffusivities, m^2/s (>= 0).
    C : float
        Site concentration (mol/m^3, or 1 for rates per site concentration, 1/s).

    Returns
    -------
    q : (n,) ndarray, C/s.
    """
    x, N_A, h = _uniform_profile(x, N_A)
    physics = _Interdiffusion(D_A, D_B)
    C = _validate.positive(C, "C", "mol/m^3")
    v = _face_velocity(physics, N_A, h)
    return -C * np.diff(v) / h


def _uniform_profile(x, N_A):
    x = _validate.finite(x, "x", "m")
    N_A = _validate.finite(N_A, "N_A")
    if np.any(N_A < -ROUND_OFF) or np.any(N_A > 1.0 + ROUND_OFF):  # solver round-off is let through
        _validate.mole_fraction(N_A, "N_A")
    N_A = np.clip(N_A, 0.0, 1.0)
    if x.ndim != 1 or x.size < 3 or N_A.shape != x.shape:
        raise ValueError("x and N_A must be 1-D arrays of the same length (>= 3)")
    h = np.diff(x)
    if np.any(h <= 0) or np.ptp(h) > 1e-6 * h.mean():
        raise ValueError("x must hold uniformly spaced, increasing cell centres (m)")
    return x, N_A, float(h.mean())


def _face_velocity(physics, N, h):
    """v_K on the n+1 faces of a uniform grid, zero on the closed ends, m/s."""
    v = np.zeros(N.size + 1)
    Nf = 0.5 * (N[1:] + N[:-1])
    v[1:-1] = physics.difference(Nf) * np.diff(N) / h
    return v


def _check_eta(eta):
    value = np.asarray(eta, dtype=float)
    if value.ndim != 0 or not np.isfinite(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"eta is a sink efficiency (fraction of excess vacancies annihilated) and must lie "
                         f"in [0, 1]; got {eta!r}")
    return float(value)


def _check_frame(frame):
    if frame not in FRAMES:
        raise ValueError(f"frame must be 'lattice' or 'lab'; got {frame!r}")
    return frame


# ------------------------------------------------------ the self-similar (exact) integration


class _SimilarityPorosity:
    """Porosity of an infinite couple as a function of mu = x/sqrt(t), for piecewise-linear V(mu).

    V = v_K sqrt(t) (m s^-1/2) is given on increasing nodes lam (V = 0 beyond them). With
    tau = ln sqrt(t), a point followed in time moves as d mu/d tau = F(mu): F = -mu at a fixed lab
    position, F = 2 V - mu on the lattice (a marker). Its pore fraction obeys
    dp/dtau = 2 [(1 - eta) max(0, -V') - b p], with b = V' on the lattice (dilution by the lattice
    dilatation) and b = 0 in the lab. V' is constant and F linear on each segment, so the
    solution is exact there: over a segment, with L = int dmu/F (the elapsed tau),
    p = p_k + 2 (1 - eta) g L (b = 0) or p = p_inf + (p_k - p_inf) exp(-2 b L), p_inf = (1 - eta) g / b.
    Points come in from mu = -inf and +inf and approach the fixed points of F (mu = 0 in the lab,
    the Kirkendall plane on the lattice); a segment is never crossed beyond them.
    """

    def __init__(self, lam, V, frame):
        self.lam = np.asarray(lam, dtype=float)
        self.V = np.asarray(V, dtype=float)
        self.frame = frame
        slope = np.diff(self.V) / np.diff(self.lam)
        self.slope = slope
        self.g = np.maximum(-slope, 0.0)  # sink part, 1/sqrt(s) units cancel: V' is m s^-1/2 per m s^-1/2
        if frame == "lattice":
            self.F = 2.0 * self.V - self.lam
            self.s = 2.0 * slope - 1.0
            self.b = slope
        else:
            self.F = -self.lam.copy()
            self.s = np.full(slope.shape, -1.0)
            self.b = np.zeros(slope.shape)
        F = self.F
        if not (F[0] > 0 and F[-1] < 0):
            raise ValueError("the profile must extend on both sides of the fixed point (interface)")
        # the attractors: the first sign change seen from each end
        left = int(np.flatnonzero(F[1:] <= 0)[0])  # segment holding the left fixed point
        right = int(np.flatnonzero(F[:-1] > 0)[-1])  # segment holding the right fixed point
        self.left_segment, self.right_segment = left, right
        self.mu_left = self.lam[left] - F[left] / self.s[left]
        self.mu_right = self.lam[right] - F[right] / self.s[right]
        self.G = float(np.sum(np.maximum(-np.diff(self.V), 0.0)))  # int max(0, -V') dmu

    @staticmethod
    def _elapsed(F_k, s, d_mu):
        """L = int_0^d_mu dmu / (F_k + s mu) = log1p(s d_mu / F_k) / s, also for s -> 0; inf at F = 0."""
        z = s * d_mu / F_k
        with np.errstate(divide="ignore", invalid="ignore"):
            small = np.abs(z) < 1e-8
            safe_s = np.where(small, 1.0, s)
            L = np.where(small, d_mu / F_k * (1.0 - 0.5 * z), np.log1p(np.maximum(z, -1.0)) / safe_s)
        return L

    @staticmethod
    def _advance(p_k, g, b, L, keep):
        """p after an elapsed tau L on a segment with sink density g and dilatation b; keep = 1 - eta."""
        with np.errstate(over="ignore", invalid="ignore"):
            linear = p_k + 2.0 * keep * g * L
            b_safe = np.where(b == 0, 1.0, b)
            p_inf = keep * g / b_safe
            decay = np.exp(-2.0 * b * L)
            relaxed = p_inf + (p_k - p_inf) * decay
        return np.where(b == 0, linear, relaxed)

    def _node_values(self, keep):
        """p on the nodes passed on the way in from the left (up to the left attractor) and the right."""
        lam, F, s, g, b = self.lam, self.F, self.s, self.g, self.b
        m = lam.size
        p_left = np.zeros(m)
        for k in range(self.left_segment):
            L = self._elapsed(F[k], s[k], lam[k + 1] - lam[k])
            p_left[k + 1] = self._advance(p_left[k], g[k], b[k], L, keep)
        p_right = np.zeros(m)
        for k in range(m - 2, self.right_segment, -1):  # segment k runs from node k+1 to node k
            L = self._elapsed(F[k + 1], s[k], lam[k] - lam[k + 1])
            p_right[k] = self._advance(p_right[k + 1], g[k], b[k], L, keep)
        return p_left, p_right

    def _limit(self, p_k, j, keep):
        """p reached after infinite tau on segment j (at the fixed point): 0, finite, or inf."""
        g, b = self.g[j], self.b[j]
        if b > 0:
            return 0.0  # a source region: the lattice keeps growing and dilutes the pores away
        if b == 0:
            return p_k if keep * g == 0 else np.inf
        return np.inf  # b < 0: a sink region, the pore fraction grows without bound

    def porosity(self, mu, eta):
        """P(mu): the pore volume fraction at mu = x/sqrt(t) (may be inf exactly at a singular fixed point)."""
        keep = 1.0 - eta
        mu = np.asarray(mu, dtype=float)
        out = np.zeros(mu.shape)
        if keep == 0.0 or self.G == 0.0:
            return out
        p_left, p_right = self._node_values(keep)
        lam, F, s = self.lam, self.F, self.s
        k = np.clip(np.searchsorted(lam, mu, side="right") - 1, 0, lam.size - 2)
        on_left = (mu > lam[0]) & (mu < self.mu_left)
        on_right = (mu < lam[-1]) & (mu > self.mu_right)
        with np.errstate(divide="ignore", invalid="ignore"):
            kl = k[on_left]
            L = self._elapsed(F[kl], s[kl], mu[on_left] - lam[kl])
            out[on_left] = self._advance(p_left[kl], self.g[kl], self.b[kl], L, keep)
            kr = k[on_right]
            L = self._elapsed(F[kr + 1], s[kr], mu[on_right] - lam[kr + 1])
            out[on_right] = self._advance(p_right[kr + 1], self.g[kr], self.b[kr], L, keep)
            at_left = mu == self.mu_left  # the fixed point itself: the limit from the left
            if np.any(at_left):
                out[at_left] = self._limit(p_left[self.left_segment], self.left_segment, keep)
        return out

    def pore_volume(self, t, eta):
        """Total pore volume per area, 2 (1 - eta) sqrt(t) int max(0, -V') dmu, m (the same in both frames)."""
        return 2.0 * (1.0 - eta) * np.sqrt(t) * self.G


def _solution_nodes(solution: SelfSimilarSolution):
    """lambda on the faces of a SelfSimilarSolution's grid and V there (public API only)."""
    lam = np.asarray(solution.lam, dtype=float)
    h = lam[1] - lam[0]
    faces = np.concatenate([lam - 0.5 * h, [lam[-1] + 0.5 * h]])
    V = solution.kirkendall_velocity(faces, 1.0)  # at t = 1 s, v_K = V(lambda = x)
    V[0] = V[-1] = 0.0
    return faces, V


def self_similar_inflow(solution: SelfSimilarSolution, x, t):
    """Net vacancy inflow per site concentration, q/C = -dv_K/dx (1/s), in an infinite couple.

    q/C = -dv_K/dx = -V'(lambda) / t with V = v_K sqrt(t) and lambda = x/sqrt(t): one profile in
    lambda serves every time. Evaluated cell by cell on the solution's own grid (the exact
    finite-volume divergence of the face velocities), then interpolated to x (0 outside the
    diffusion zone). > 0 where vacancies pile up (on the faster species' side), < 0 where
    sources must make them; its integral over x is zero.

    Parameters
    ----------
    solution : SelfSimilarSolution
        From :func:`diffkit.couple.self_similar_solution`.
    x : float or array_like
        Lab-frame positions, m.
    t : float
        Time, s (> 0).

    Returns
    -------
    q : float or ndarray
        1/s (multiply by C, mol/m^3 or sites/m^3, for a volumetric rate).
    """
    if not isinstance(solution, SelfSimilarSolution):
        raise ValueError(f"solution must be a SelfSimilarSolution; got {type(solution).__name__}")
    t = float(_validate.positive(t, "t", "s"))
    x = _validate.finite(x, "x", "m")
    faces, V = _solution_nodes(solution)
    centres = 0.5 * (faces[1:] + faces[:-1])
    Q = -np.diff(V) / np.diff(faces)
    q = np.interp(x / np.sqrt(t), centres, Q, left=0.0, right=0.0) / t
    return q if q.ndim else float(q)


def self_similar_porosity(solution: SelfSimilarSolution, x, t, *, eta=0.0, frame="lattice"):
    """Kirkendall porosity (pore volume fraction) in an infinite couple at positions x and time t.

    p(x, t) = P(x/sqrt(t)): the accumulation since t = 0 is integrated exactly in the similarity
    variable (see the module docstring for the model and its assumptions). With A on the left
    and D_A > D_B the pores lie left of the Kirkendall plane, on the side of the faster species.

    Parameters
    ----------
    solution : SelfSimilarSolution
        From :func:`diffkit.couple.self_similar_solution`.
    x : float or array_like
        Lab-frame positions, m (in the lattice frame: where the lattice planes are at time t).
    t : float
        Time, s (> 0).
    eta : float
        Sink efficiency in [0, 1]: the fraction of the excess vacancies annihilated at sinks.
    frame : {"lattice", "lab"}
        Pores ride on the lattice (default) or are counted where they were made.

    Returns
    -------
    p : float or ndarray
        Pore volume fraction (dimensionless). Exactly at the Kirkendall plane it may be infinite
        (an integrable singularity when D depends on N); see :func:`pore_volume_per_area` for the total.
    """
    if not isinstance(solution, SelfSimilarSolution):
        raise ValueError(f"solution must be a SelfSimilarSolution; got {type(solution).__name__}")
    t = _validate.positive(t, "t", "s")
    x = _validate.finite(x, "x", "m")
    eta, frame = _check_eta(eta), _check_frame(frame)
    lam, V = _solution_nodes(solution)
    p = _SimilarityPorosity(lam, V, frame).porosity(x / np.sqrt(t), eta)
    return p if p.ndim else float(p)


def pore_volume_per_area(solution: SelfSimilarSolution, t, *, eta=0.0):
    """Total Kirkendall pore volume per unit cross-section of an infinite couple, m.

    A = 2 (1 - eta) sqrt(t) int max(0, -dV/dlambda) dlambda, V = v_K sqrt(t), lambda = x/sqrt(t):
    the time and space integral of (1 - eta) Omega max(0, -dJ'_V/dx). It grows as sqrt(t) and
    does not depend on whether the pores ride on the lattice. For constant D_A, D_B the
    extremum of v_K sits at the Kirkendall plane (V = lambda_K/2 there), so A = (1 - eta) |x_K|:
    at most the marker shift.

    Parameters
    ----------
    solution : SelfSimilarSolution
    t : float or array_like
        Time(s), s (> 0).
    eta : float
        Sink efficiency in [0, 1].

    Returns
    -------
    A : float or ndarray, m (m^3 of pores per m^2 of interface).
    """
    if not isinstance(solution, SelfSimilarSolution):
        raise ValueError(f"solution must be a SelfSimilarSolution; got {type(solution).__name__}")
    t = _validate.finite(t, "t", "s")
    if np.any(t <= 0):
        raise ValueError(f"t must be > 0 s; got {_validate._show(t)}")
    eta = _check_eta(eta)
    lam, V = _solution_nodes(solution)
    G = float(np.sum(np.maximum(-np.diff(V), 0.0)))
    out = 2.0 * (1.0 - eta) * np.sqrt(t) * G
    return out if np.ndim(out) else float(out)


# ------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class PorosityResult:
    """Kirkendall porosity of a couple. SI units.

    Attributes
    ----------
    x : (n_cells,) lab-frame cell centres, m.
    t : (n_times,) times, s.
    p : (n_times, n_cells) pore volume fraction at x (dimensionless).
    pore_volume : (n_times,) total pore volume per unit cross-section, m.
    eta : sink efficiency used. frame : "lattice" or "lab".
    method : "similarity" (exact integration in x/sqrt(t)) or "steps" (time integration over
        the output times, started from the similarity solution at the first positive output).
    """

    x: np.ndarray
    t: np.ndarray
    p: np.ndarray
    pore_volume: np.ndarray
    eta: float
    frame: str
    method: str

    def peak(self) -> np.ndarray:
        """Position (m) of the porosity maximum, per time (nan where there are no pores)."""
        out = np.full(self.t.size, np.nan)
        for k, row in enumerate(self.p):
            if np.any(row > 0):
                out[k] = self.x[np.argmax(row)]
        return out

    def centroid(self) -> np.ndarray:
        """Pore-volume-weighted mean position (m), per time (nan where there are no pores)."""
        finite = np.where(np.isfinite(self.p), self.p, 0.0)
        total = finite.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, (finite * self.x).sum(axis=1) / np.where(total > 0, total, 1.0), np.nan)


def porosity_profile(x, N_A, D_A, D_B, t, *, eta=0.0, frame="lattice") -> PorosityResult:
    """Kirkendall porosity accumulated up to t, from one profile of an infinite couple at time t.

    The profile (cell centres x, uniformly spaced, m; N_A there) must be that of a couple whose
    ends diffusion has not reached: then N_A depends on x/sqrt(t) only, and the whole history
    follows from this one snapshot (exact integration in x/sqrt(t), as in
    :func:`self_similar_porosity`). D_A, D_B: numbers or callables of N_A (m^2/s); t in s;
    eta: sink efficiency in [0, 1]; frame: "lattice" (pores ride on the lattice) or "lab".
    """
    x, N_A, h = _uniform_profile(x, N_A)
    physics = _Interdiffusion(D_A, D_B)
    t = _validate.positive(t, "t", "s")
    eta, frame = _check_eta(eta), _check_frame(frame)
    faces = np.concatenate([x - 0.5 * h, [x[-1] + 0.5 * h]])
    V = _face_velocity(physics, N_A, h) * np.sqrt(t)
    engine = _SimilarityPorosity(faces / np.sqrt(t), V, frame)
    p = engine.porosity(x / np.sqrt(t), eta)
    return PorosityResult(x=x.copy(), t=np.array([t]), p=p[None, :], pore_volume=np.array([engine.pore_volume(t, eta)]),
                          eta=eta, frame=frame, method="similarity")


def porosity_from_couple(result: CoupleResult, *, eta=0.0, frame="lattice") -> PorosityResult:
    """Kirkendall porosity at every output time of a :func:`diffkit.couple.simulate_couple` run.

    Uses the result's own lattice velocity v_K (the vacancy flux per site, J'_V/C) and its
    inflow rate q = -dJ'_V/dx = -``result.vacancy_source_rate()``. When the whole run is
    self-similar (``result.method == "similarity"``) each output is integrated exactly in
    x/sqrt(t). Otherwise (a finite couple whose ends are reached) the history up to the first
    positive output is taken as self-similar (that output must still be an infinite couple) and
    the rest is integrated over the output times, trapezoidally in ln t; give geometrically
    spaced outputs, some 30 or more, for percent accuracy. In the lattice frame the lattice
    planes that sit at the cell centres at the first output are followed with Heun's method in
    sqrt(t), and their porosity is interpolated back onto the grid.

    Parameters
    ----------
    result : CoupleResult
    eta : float
        Sink efficiency in [0, 1].
    frame : {"lattice", "lab"}

    Returns
    -------
    PorosityResult
    """
    if not isinstance(result, CoupleResult):
        raise ValueError(f"result must be a CoupleResult from simulate_couple; got {type(result).__name__}")
    eta, frame = _check_eta(eta), _check_frame(frame)
    keep = 1.0 - eta
    t, x, h = result.t, result.x, result.dx
    n_t = t.size
    p = np.zeros((n_t, x.size))
    volume = np.zeros(n_t)
    positive = np.flatnonzero(t > 0)
    if positive.size == 0 or result.N_left == result.N_right:
        return PorosityResult(x=x.copy(), t=t.copy(), p=p, pore_volume=volume, eta=eta, frame=frame,
                              method="similarity")
    faces = np.concatenate([x - 0.5 * h, [x[-1] + 0.5 * h]])
    v = np.zeros((n_t, x.size + 1))  # v_K on the faces, as CoupleResult.vacancy_source_rate builds it
    v[:, 1:-1] = 0.5 * (result.v_K[:, 1:] + result.v_K[:, :-1])

    def snapshot(k):
        root = np.sqrt(t[k])
        engine = _SimilarityPorosity(faces / root, v[k] * root, frame)
        return engine, root

    if result.method == "similarity":
        for k in positive:
            engine, root = snapshot(k)
            p[k] = engine.porosity(x / root, eta)
            volume[k] = engine.pore_volume(t[k], eta)
        return PorosityResult(x=x.copy(), t=t.copy(), p=p, pore_volume=volume, eta=eta, frame=frame,
                              method="similarity")

    first = positive[0]
    step = abs(result.N_left - result.N_right)
    if (abs(result.N_A[first, 0] - result.N_left) > END_TOLERANCE * step
            or abs(result.N_A[first, -1] - result.N_right) > END_TOLERANCE * step):
        raise ValueError("the first output time t > 0 must come before diffusion reaches the ends of the "
                         "couple (the history before it is taken as self-similar): add an earlier output time")
    q = vacancy_inflow_rate(result)  # 1/s per site: Omega q with Omega = 1/C
    q_plus = np.maximum(q, 0.0)
    engine, root = snapshot(first)
    volume[first] = engine.pore_volume(t[first], eta)
    for k in positive[1:]:
        d_ln = np.log(t[k] / t[k - 1])
        volume[k] = volume[k - 1] + keep * 0.5 * d_ln * h * (t[k - 1] * q_plus[k - 1].sum() + t[k] * q_plus[k].sum())

    if frame == "lab":
        p[first] = engine.porosity(x / root, eta)
        for k in positive[1:]:
            d_ln = np.log(t[k] / t[k - 1])
            p[k] = p[k - 1] + keep * 0.5 * d_ln * (t[k - 1] * q_plus[k - 1] + t[k] * q_plus[k])
    else:
        X = x.copy()  # lattice planes at the cell centres at the first output
        pl = engine.porosity(X / root, eta)
        p[first] = pl
        for k in positive[1:]:
            s_a, s_b = np.sqrt(t[k - 1]), np.sqrt(t[k])
            rate_a = 2.0 * s_a * np.interp(X, faces, v[k - 1])
            predictor = X + (s_b - s_a) * rate_a
            X_new = X + 0.5 * (s_b - s_a) * (rate_a + 2.0 * s_b * np.interp(predictor, faces, v[k]))
            # dp/dln t = keep t max(0, q) + p t q along the plane: exponential integrator, rates averaged
            a = 0.5 * (t[k - 1] * np.interp(X, x, q[k - 1]) + t[k] * np.interp(X_new, x, q[k]))
            b = 0.5 * keep * (t[k - 1] * np.interp(X, x, q_plus[k - 1]) + t[k] * np.interp(X_new, x, q_plus[k]))
            d_ln = np.log(t[k] / t[k - 1])
            z = a * d_ln
            growth = np.where(np.abs(z) < 1e-12, d_ln, np.expm1(z) / np.where(a == 0, 1.0, a))
            pl = pl * np.exp(z) + b * growth
            X = X_new
            p[k] = np.interp(x, X, pl)
    return PorosityResult(x=x.copy(), t=t.copy(), p=p, pore_volume=volume, eta=eta, frame=frame, method="steps")
