"""The binary diffusion couple with inert Kirkendall markers.

A bar of A-rich alloy (left, ``N_left``) is joined at x = 0 to a B-rich alloy (right,
``N_right``) at t = 0. Both species move by the vacancy mechanism with intrinsic
(lattice-frame) diffusivities D_A and D_B; vacancies are kept at equilibrium by sources
and sinks, so the site concentration C is constant and lattice planes are created on
one side and destroyed on the other (Darken 1948, Trans. AIME 175, 184).

Bookkeeping, for each face of the finite-volume grid (COURSE.md section 3):

* intrinsic (lattice-frame) fluxes  J'_A = -C D_A dN_A/dx,  J'_B = -C D_B dN_B/dx;
* lattice (Kirkendall) velocity     v_K = -(J'_A + J'_B)/C = (D_A - D_B) dN_A/dx;
* laboratory flux                   J_A = J'_A + C N_A v_K = -C D~ dN_A/dx,
  with D~ = N_B D_A + N_A D_B (Darken), and J_A + J_B = 0.

The laboratory frame is the volume-fixed frame (constant C), in which the ends of the
couple are at rest. The composition obeys dN_A/dt = d/dx(D~ dN_A/dx), with no flux
through the ends. Inert markers ride on the lattice: dx_m/dt = v_K(x_m, t).

Two exact-to-round-off conservative discretisations are used:

``"similarity"``
    While diffusion has not reached the ends, the couple is effectively infinite and
    N_A depends on x/sqrt(t) only (Boltzmann 1894). The similarity equation
    d/dx(D~ dN/dx) + (1/2t)[d(xN)/dx - N] = 0 is solved directly on the grid by
    Newton's method (tridiagonal). Written in this conservation form, the sum of the
    discrete equations states that the number of A atoms equals its initial value
    exactly. Markers follow the autonomous ODE dmu/dtau = 2 V(mu) - mu, where
    mu = x/sqrt(t), tau = ln sqrt(t) and V = v_K sqrt(t) is a function of mu alone.
``"steps"``
    General implicit time stepping (Crank-Nicolson with a backward-Euler start,
    Rannacher 1984, Numer. Math. 43, 309; Picard sweeps for D~(N)); geometric steps;
    markers integrated with Heun's method in s = sqrt(t).

``method="auto"`` uses the similarity solve and falls back to time stepping when the
diffusion zone reaches an end of the couple.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy.linalg import solve_banded
from scipy.optimize import brentq

from . import _validate
from .kinetics import darken_interdiffusivity, kirkendall_velocity

__all__ = ["simulate_couple", "CoupleResult", "self_similar_solution", "SelfSimilarSolution"]

MIN_CELLS = 10
# The similarity solve is accepted when the end cells still hold their initial composition
# to this fraction of the composition step; beyond that the finite length matters.
END_TOLERANCE = 1e-9


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CoupleResult:
    """What :func:`simulate_couple` returns. SI units throughout.

    Attributes
    ----------
    x : (n_cells,) lab-frame cell centres, m; the initial interface is at x = 0.
    t : (n_times,) output times, s.
    N_A : (n_times, n_cells) mole fraction of A, cell averages, lab frame.
    markers : (n_times, n_markers) lab-frame positions of inert markers, m.
    v_K : (n_times, n_cells) Kirkendall (lattice) velocity at the cell centres, m/s.
        At t = 0 it is singular at the interface (it scales as 1/sqrt(t)) and is reported as 0.
    markers_initial : (n_markers,) marker positions at t = 0, m.
    length : couple length, m. ``N_left``, ``N_right``: end compositions.
    method : the discretisation that produced the result: ``"similarity"``, ``"steps"``,
        ``"similarity+steps"`` (similarity until the ends are reached), or ``"uniform"``
        (N_left == N_right: nothing happens).
    """

    x: np.ndarray
    t: np.ndarray
    N_A: np.ndarray
    markers: np.ndarray
    v_K: np.ndarray
    markers_initial: np.ndarray
    length: float
    N_left: float
    N_right: float
    method: str

    @property
    def dx(self) -> float:
        """Cell width, m."""
        return self.length / self.x.size

    @property
    def N_B(self) -> np.ndarray:
        """Mole fraction of B, N_B = 1 - N_A."""
        return 1.0 - self.N_A

    def atoms_A(self) -> np.ndarray:
        """A atoms per unit cross-section divided by the site concentration C, m (one per time)."""
        return self.N_A.sum(axis=1) * self.dx

    def marker_shift(self) -> np.ndarray:
        """Marker displacement from the initial position, m, shape (n_times, n_markers)."""
        return self.markers - self.markers_initial

    def vacancy_source_rate(self, C: float = 1.0) -> np.ndarray:
        """Rate at which vacancy sources (> 0) and sinks (< 0) work, per volume: sigma = dJ'_V/dx.

        Vacancies stay at equilibrium, so whatever the vacancy flux brings in or takes away is
        made or destroyed on the spot: sigma = dJ'_V/dx = C dv_K/dx. A source adds a lattice site
        (planes are created, sigma > 0, on the side of the slower species); a sink removes one
        (planes are destroyed on the side of the faster species, where voids form when sinks fall
        short). With C in mol/m^3 the result is in mol/(m^3 s); with C = 1 it is the lattice's
        dilatation rate dv_K/dx in 1/s. Cell averages, shape (n_times, n_cells); 0 at t = 0.
        """
        C = _validate.positive(C, "C", "mol/m^3")
        faces = np.zeros((self.t.size, self.x.size + 1))
        faces[:, 1:-1] = 0.5 * (self.v_K[:, 1:] + self.v_K[:, :-1])
        return C * np.diff(faces, axis=1) / self.dx

    def vacancy_flux(self, C: float = 1.0) -> np.ndarray:
        """Net vacancy flux in the lattice frame, J'_V = -(J'_A + J'_B) = C v_K.

        With C in mol/m^3 the result is in mol/(m^2 s); with the default C = 1 it is v_K (m/s),
        the flux per site concentration. Negative: vacancies flow to the left (the A side).
        """
        return _validate.positive(C, "C", "mol/m^3") * self.v_K


class SelfSimilarSolution:
    """The Boltzmann similarity solution N_A(lambda), lambda = x/sqrt(t) in m s^-1/2.

    One solve answers every time: an infinite couple's profile, fluxes and markers at time t
    follow from x = lambda sqrt(t). Made by :func:`self_similar_solution`.

    Attributes
    ----------
    lam : (n,) similarity variable at cell centres, m s^-1/2.
    N_A : (n,) composition there.
    lambda_K : Kirkendall-plane parameter: the marker placed at the interface sits at
        x_K = lambda_K sqrt(t); it satisfies lambda_K = 2 (D_A - D_B) dN_A/dlambda at lambda_K.
    D_A, D_B : the intrinsic diffusivities (functions of N_A, m^2/s).
    """

    def __init__(self, lam, N_A, lam_faces, dN_faces, physics, N_left, N_right):
        self.lam, self.N_A = lam, N_A
        self.N_left, self.N_right = N_left, N_right
        self._lam_faces, self._dN_faces = lam_faces, dN_faces  # dN_A/dlambda on the faces
        N_faces = np.interp(lam_faces, lam, N_A, left=N_left, right=N_right)
        self._DA_faces = physics.D_A(N_faces)
        self._DB_faces = physics.D_B(N_faces)
        self._flow = _MarkerFlow(lam_faces, (self._DA_faces - self._DB_faces) * dN_faces)
        self.lambda_K = float(self._flow.lambda_K)
        self.D_A, self.D_B = physics.D_A, physics.D_B

    def _at(self, values, x, t, outside=0.0):
        t = _validate.positive(t, "t", "s")
        lam = np.asarray(x, dtype=float) / np.sqrt(t)
        return np.interp(lam, self._lam_faces, values, left=outside, right=outside), np.sqrt(t)

    def profile(self, x, t):
        """N_A at positions x (m) and time t > 0 (s) in an infinite couple."""
        t = _validate.positive(t, "t", "s")
        lam = np.asarray(x, dtype=float) / np.sqrt(t)
        return np.interp(lam, self.lam, self.N_A, left=self.N_left, right=self.N_right)

    def gradient(self, x, t):
        """dN_A/dx (1/m) at positions x (m) and time t > 0 (s)."""
        g, root_t = self._at(self._dN_faces, x, t)
        return g / root_t

    def kirkendall_velocity(self, x, t):
        """Lattice velocity v_K = (D_A - D_B) dN_A/dx (m/s) at positions x (m), time t > 0 (s)."""
        v, root_t = self._at(self._flow.V_faces, x, t)
        return v / root_t

    def intrinsic_fluxes(self, x, t):
        """Lattice-frame fluxes per site concentration, J'_A/C = -D_A dN_A/dx and J'_B/C = +D_B dN_A/dx (m/s).

        Their sum is minus the vacancy flux: J'_V/C = -(J'_A + J'_B)/C = v_K.
        """
        JA, root_t = self._at(-self._DA_faces * self._dN_faces, x, t)
        JB, _ = self._at(self._DB_faces * self._dN_faces, x, t)
        return JA / root_t, JB / root_t

    def marker_position(self, t):
        """Position (m) of the marker placed at the initial interface: x_K = lambda_K sqrt(t)."""
        t = _validate.finite(t, "t", "s")
        if np.any(t < 0):
            raise ValueError(f"t must be >= 0 s; got {t!r}")
        return self.lambda_K * np.sqrt(t)

    def marker_positions(self, x0, t):
        """Lab-frame positions (m) at time t (s) of lattice markers that sat at x0 (m) at t = 0."""
        t = _validate.finite(t, "t", "s")
        if np.any(t < 0):
            raise ValueError(f"t must be >= 0 s; got {t!r}")
        result = self._flow.positions(x0, t)
        return result[0] if np.ndim(t) == 0 else result


# ---------------------------------------------------------------------------- physics


class _Interdiffusion:
    """D_A(N), D_B(N), Darken's D~(N) and its derivative, evaluated on face compositions."""

    def __init__(self, D_A, D_B):
        self.D_A, const_A = _as_diffusivity_function(D_A, "D_A")
        self.D_B, const_B = _as_diffusivity_function(D_B, "D_B")
        self.constant_parts = const_A and const_B
        if self.constant_parts:
            self._dA, self._dB = float(D_A), float(D_B)
        probe = np.linspace(0.0, 1.0, 201)
        tilde = self.tilde(probe)
        if np.any(tilde < 0.0):
            worst = probe[np.argmin(tilde)]
            raise ValueError(
                f"the interdiffusivity N_B D_A + N_A D_B must be >= 0 m^2/s at every composition; it is "
                f"{tilde.min():.3g} m^2/s at N_A = {worst:.3f}. There diffusion runs uphill (inside a "
                "spinodal) and the diffusion equation is ill-posed: see diffkit.cahn_hilliard")

    def tilde(self, N):
        N = np.clip(N, 0.0, 1.0)
        return darken_interdiffusivity(N, self.D_A(N), self.D_B(N))

    def tilde_and_slope(self, N):
        """D~(N) and dD~/dN (the latter exact for constant D_A, D_B, else a centred difference)."""
        N = np.clip(N, 0.0, 1.0)
        D = self.tilde(N)
        if self.constant_parts:
            return D, np.full_like(N, self._dB - self._dA)
        h = 1e-6
        lo, hi = np.clip(N - h, 0.0, 1.0), np.clip(N + h, 0.0, 1.0)
        return D, (self.tilde(hi) - self.tilde(lo)) / (hi - lo)

    def difference(self, N):
        """D_A(N) - D_B(N), m^2/s."""
        N = np.clip(N, 0.0, 1.0)
        return self.D_A(N) - self.D_B(N)


def _as_diffusivity_function(D, name) -> tuple[Callable, bool]:
    """A vectorised function N -> D(N) (m^2/s), and whether D is a constant (then >= 0)."""
    if callable(D):
        probe = np.linspace(0.0, 1.0, 101)
        values = np.asarray(D(probe), dtype=float)
        if values.shape != probe.shape:
            raise ValueError(f"{name}(N_A) must return an array shaped like N_A; got shape {values.shape}")
        # one intrinsic diffusivity may be negative (Manning's r_B < 0 at extreme tracer ratios)
        # as long as the interdiffusivity stays >= 0, which _Interdiffusion checks
        _validate.finite(values, f"{name}(N_A)", "m^2/s")

        def function(N, _D=D):
            return np.asarray(_D(N), dtype=float)

        return function, False
    value = _validate.diffusivity(D, name)
    if value.ndim != 0:
        raise ValueError(f"{name} must be a number (m^2/s) or a callable of N_A; got an array")
    value = float(value)
    return (lambda N, _v=value: np.full(np.shape(N), _v)), True


# ------------------------------------------------------------------------- the solver


def simulate_couple(D_A, D_B, t, *, length, N_left=1.0, N_right=0.0, n_cells=400, markers=None,
                    method="auto"):
    """Solve a binary diffusion couple with Kirkendall markers.

    Parameters
    ----------
    D_A, D_B : float or callable
        Intrinsic diffusivities in the lattice frame, m^2/s: a number >= 0 or a function of
        N_A returning an array of finite values. A function may be negative over part of the
        range (Manning's vacancy wind can make r_B < 0) provided the interdiffusivity
        D~ = N_B D_A + N_A D_B stays >= 0 at every composition; D~ < 0 (inside a spinodal)
        raises ValueError, because the diffusion equation is then ill-posed.
    t : float or 1-D array
        Output times, s, >= 0 and strictly increasing.
    length : float
        Length of the couple, m; it spans -length/2 <= x <= length/2 with the initial interface
        at x = 0 and the A-rich end (``N_left``) on the left. The ends are closed (no flux).
    N_left, N_right : float
        Initial mole fractions of A left and right of the interface, in [0, 1].
    n_cells : int
        Number of finite-volume cells (>= 10).
    markers : None or array of float
        Initial positions of inert markers, m, inside the couple. Default: one at x = 0.
    method : {"auto", "similarity", "steps"}
        Discretisation (see the module docstring). "similarity" raises ValueError when the
        diffusion zone reaches an end of the couple by the last output time.

    Returns
    -------
    CoupleResult
        ``x``, ``t``, ``N_A``, ``markers``, ``v_K`` and helpers (atoms_A, marker_shift, vacancy_flux).

    Notes
    -----
    The lattice velocity is v_K = (D_A - D_B) dN_A/dx (Darken 1948); with A on the left and
    D_A > D_B it is negative: markers move toward the side of the faster species.
    Interdiffusion follows dN_A/dt = d/dx(D~ dN_A/dx) with D~ = N_B D_A + N_A D_B.
    """
    physics = _Interdiffusion(D_A, D_B)
    times = _output_times(t)
    length = _validate.positive(length, "length", "m")
    N_left = float(_validate.mole_fraction(N_left, "N_left"))
    N_right = float(_validate.mole_fraction(N_right, "N_right"))
    if isinstance(n_cells, bool) or not isinstance(n_cells, (int, np.integer)) or n_cells < MIN_CELLS:
        raise ValueError(f"n_cells must be an integer >= {MIN_CELLS}; got {n_cells!r}")
    n_cells = int(n_cells)
    marker0 = _marker_positions(markers, length)
    if method not in ("auto", "similarity", "steps"):
        raise ValueError(f"method must be 'auto', 'similarity' or 'steps'; got {method!r}")

    grid = _Grid(length, n_cells)
    N0 = grid.step_profile(N_left, N_right)

    result = None
    if N_left == N_right:  # a uniform bar: nothing diffuses, the lattice stays put
        result = (np.tile(N0, (times.size, 1)), np.tile(marker0, (times.size, 1)), "uniform")
    elif method in ("auto", "similarity"):
        result = _solve_similarity(physics, grid, times, N0, N_left, N_right, marker0)
        if result is None and method == "similarity":
            raise ValueError(
                "the diffusion zone reaches an end of the couple by the last output time, so the "
                "couple is not semi-infinite: use method='steps' or a longer couple (length)")
    if result is None and method == "auto" and N_left != N_right:
        result = _solve_hybrid(physics, grid, times, N0, N_left, N_right, marker0)
    if result is None:  # "steps", or the similarity solve failed
        result = _solve_steps(physics, grid, times, 0.0, N0, marker0)
    N_all, markers_all, method_used = result
    v_all = np.array([grid.centre_velocity(physics, N) if ti > 0 else np.zeros(n_cells)
                      for ti, N in zip(times, N_all)]).reshape(times.size, n_cells)
    return CoupleResult(x=grid.x.copy(), t=times, N_A=N_all, markers=markers_all, v_K=v_all,
                        markers_initial=marker0, length=length, N_left=N_left, N_right=N_right,
                        method=method_used)


def self_similar_solution(D_A, D_B, *, N_left=1.0, N_right=0.0, n_cells=800):
    """The Boltzmann similarity solution of an infinite couple, computed once for all times.

    Solves the couple on a lambda = x/sqrt(t) grid wide enough that the ends are untouched
    (10 sqrt(D_max) on each side, D_max the largest of D_A, D_B over composition), so that
    ``profile(x, t)`` and ``marker_position(t)`` answer any time without another solve.
    This is the shortcut the widget apps use.
    """
    physics = _Interdiffusion(D_A, D_B)
    N_left = float(_validate.mole_fraction(N_left, "N_left"))
    N_right = float(_validate.mole_fraction(N_right, "N_right"))
    if N_left == N_right:
        raise ValueError(f"N_left and N_right are equal ({N_left:g}): the couple is uniform and nothing diffuses")
    probe = np.linspace(min(N_left, N_right), max(N_left, N_right), 201)
    d_max = float(max(physics.D_A(probe).max(), physics.D_B(probe).max()))
    if d_max <= 0.0:
        raise ValueError("D_A and D_B are both zero: nothing diffuses")
    half_width = 10.0 * np.sqrt(d_max)
    for _ in range(6):
        res = simulate_couple(D_A, D_B, 1.0, length=2 * half_width, N_left=N_left, N_right=N_right,
                              n_cells=n_cells, markers=[0.0], method="auto")
        if res.method == "similarity":
            break
        half_width *= 2.0  # very small D~ at one end widens the profile there
    else:
        raise ValueError("could not find a similarity solution for these diffusivities")
    N = res.N_A[0]
    faces = np.linspace(-half_width, half_width, n_cells + 1)
    dN_faces = np.zeros(n_cells + 1)
    dN_faces[1:-1] = np.diff(N) / res.dx
    return SelfSimilarSolution(res.x, N, faces, dN_faces, physics, N_left, N_right)


# ---------------------------------------------------------------------- the grid


class _Grid:
    def __init__(self, length, n):
        self.length, self.n = length, n
        self.h = length / n
        self.faces = np.linspace(-length / 2, length / 2, n + 1)
        self.x = 0.5 * (self.faces[1:] + self.faces[:-1])
        self.inner = self.faces[1:-1]

    def step_profile(self, N_left, N_right):
        """Cell averages of the initial step (an odd grid gets the mean in its middle cell)."""
        lo, hi = self.faces[:-1], self.faces[1:]
        frac_left = np.clip((0.0 - lo) / (hi - lo), 0.0, 1.0)
        return N_left * frac_left + N_right * (1.0 - frac_left)

    def face_velocity(self, physics, N):
        """v_K on all n+1 faces (zero on the closed ends), m/s."""
        v = np.zeros(self.n + 1)
        Nf = 0.5 * (N[1:] + N[:-1])
        v[1:-1] = kirkendall_velocity(physics.difference(Nf), 0.0, np.diff(N) / self.h)
        return v

    def centre_velocity(self, physics, N):
        v = self.face_velocity(physics, N)
        return 0.5 * (v[1:] + v[:-1])


def _output_times(t):
    times = np.atleast_1d(np.asarray(t, dtype=float))
    if times.ndim != 1 or times.size == 0:
        raise ValueError(f"t must be a number or a 1-D array of times in s; got {t!r}")
    if not np.all(np.isfinite(times)) or np.any(times < 0):
        raise ValueError(f"t must hold finite times >= 0 s; got {_validate._show(t)}")
    if np.any(np.diff(times) <= 0):
        raise ValueError("t must be strictly increasing (output times in s)")
    return times


def _marker_positions(markers, length):
    if markers is None:
        return np.array([0.0])
    pos = np.atleast_1d(np.asarray(markers, dtype=float))
    if pos.ndim != 1 or not np.all(np.isfinite(pos)):
        raise ValueError("markers must be a 1-D sequence of finite positions in m")
    if np.any(np.abs(pos) > length / 2):
        raise ValueError(f"markers must lie inside the couple, -length/2 <= x <= length/2 = {length / 2:g} m")
    return pos


# ------------------------------------------------------------- similarity (Newton) path


def _bernoulli(z):
    """B(z) = z/(e^z - 1) and B'(z), without overflow for any z (series near 0)."""
    z = np.clip(z, -1e250, 1e250)
    small = np.abs(z) < 1e-4
    zs = np.where(small, 1.0, z)
    neg = np.minimum(zs, -1e-4)  # the z < 0 branch, evaluated safely everywhere
    pos = np.maximum(zs, 1e-4)  # the z > 0 branch
    em1_neg = np.expm1(neg)  # in (-1, 0)
    em1_pos = -np.expm1(-pos)  # 1 - e^-z, in (0, 1)
    decay = np.exp(-pos)
    B = np.where(zs > 0, pos * decay / em1_pos, neg / em1_neg)
    # B' = (e^z - 1 - z e^z)/(e^z - 1)^2, multiplied through by e^-2z for z > 0
    dB = np.where(zs > 0, decay * (em1_pos - pos) / em1_pos**2,
                  (em1_neg - neg * (em1_neg + 1.0)) / em1_neg**2)
    z0 = np.where(small, z, 0.0)
    B = np.where(small, 1.0 - z0 / 2.0 + z0**2 / 12.0, B)
    dB = np.where(small, -0.5 + z0 / 6.0, dB)
    return B, dB


def _similarity_residual_and_jacobian(physics, grid, N, T, N_left, N_right):
    """Residual of the discrete similarity equation, scaled by h, and its tridiagonal Jacobian.

    The equation d/dx[D~ dN/dx + (x/2T) N] - N/(2T) = 0 is discretised in flux form,
    R_i = hG_{i+1/2} - hG_{i-1/2} - (h^2/2T) N_i, with the face flux G = D~ N' + (x/2T) N
    by exponential fitting (Scharfetter & Gummel 1969, IEEE Trans. Electron Dev. 16, 64):
    hG = D~ [B(-P) N_{i+1} - B(P) N_i], P = x h/(2T D~). It is exact for locally constant
    coefficients, second order for small P and monotone for any P, so steep fronts where D~
    is small do not oscillate. No diffusive flux crosses the ends; the far-field compositions
    sit on the end faces. Summing R_i over the cells leaves sum(h N_i) = initial atoms.
    """
    h, n = grid.h, grid.n
    a = h / (2.0 * T)
    Nf = 0.5 * (N[1:] + N[:-1])
    D, dD = physics.tilde_and_slope(Nf)
    ax = a * grid.inner
    positive = D > 0
    D_safe = np.where(positive, D, 1.0)
    P = np.where(positive, ax / D_safe, 0.0)
    B_minus, dB_minus = _bernoulli(-P)
    B_plus, dB_plus = _bernoulli(P)
    c_up = np.where(positive, D * B_minus, np.maximum(ax, 0.0))  # multiplies N_{i+1}
    c_down = np.where(positive, D * B_plus, np.maximum(-ax, 0.0))  # multiplies N_i
    dc_up = np.where(positive, B_minus + P * dB_minus, 0.0)  # d c_up / d D~
    dc_down = np.where(positive, B_plus - P * dB_plus, 0.0)
    hG = c_up * N[1:] - c_down * N[:-1]
    R = np.full(n, 0.0)
    R[:-1] += hG
    R[1:] -= hG
    R[-1] += a * grid.faces[-1] * N_right
    R[0] -= a * grid.faces[0] * N_left
    R -= a * h * N
    chain = 0.5 * dD * (dc_up * N[1:] - dc_down * N[:-1])
    d_next = c_up + chain  # d hG / d N_{i+1}
    d_this = -c_down + chain  # d hG / d N_i
    ab = np.zeros((3, n))
    ab[0, 1:] = d_next
    ab[2, :-1] = -d_this
    ab[1] = -a * h
    ab[1, :-1] += d_this
    ab[1, 1:] -= d_next
    return R, ab


def _newton_similarity(physics, grid, T, guess, N_left, N_right, max_iter=60):
    N = guess.copy()
    lo_b, hi_b = min(N_left, N_right), max(N_left, N_right)
    R, ab = _similarity_residual_and_jacobian(physics, grid, N, T, N_left, N_right)
    norm = np.abs(R).max()
    for _ in range(max_iter):
        try:
            delta = solve_banded((1, 1), ab, -R, check_finite=False)
        except (np.linalg.LinAlgError, ValueError):
            return None
        if not np.all(np.isfinite(delta)):
            return None
        if np.abs(delta).max() < 1e-11:  # quadratic convergence: what is left is round-off
            return N + delta
        step = 1.0
        while True:  # backtracking keeps the iterate near the admissible range
            trial = N + step * delta
            if trial.min() >= lo_b - 0.05 and trial.max() <= hi_b + 0.05:
                R_t, ab_t = _similarity_residual_and_jacobian(physics, grid, trial, T, N_left, N_right)
                norm_t = np.abs(R_t).max()
                if norm_t <= norm or step < 1e-3:
                    break
            step *= 0.5
            if step < 1e-3:
                return None
        N, R, ab, norm = trial, R_t, ab_t, norm_t
    return None


def _solve_similarity(physics, grid, times, N0, N_left, N_right, marker0):
    positive = times[times > 0]
    N_out = np.empty((times.size, grid.n))
    N_out[times == 0] = N0
    if positive.size:
        T_max = positive[-1]
        probe = np.linspace(min(N_left, N_right), max(N_left, N_right), 101)
        D_mean = max(float(np.mean(physics.tilde(probe))), 1e-300)
        from scipy.special import erfc

        guess = N_right + (N_left - N_right) * 0.5 * erfc(grid.x / (2.0 * np.sqrt(D_mean * T_max)))
        N_T = _newton_similarity(physics, grid, T_max, guess, N_left, N_right)
        if N_T is None:
            return None
        step = abs(N_left - N_right)
        if abs(N_T[0] - N_left) > END_TOLERANCE * step or abs(N_T[-1] - N_right) > END_TOLERANCE * step:
            return None
        N_out[times == T_max] = N_T
        for k in np.flatnonzero((times > 0) & (times < T_max))[::-1]:
            # warm start: the profile at the later time, rescaled to x/sqrt(t)
            later = N_out[k + 1]
            ratio = np.sqrt(times[k + 1] / times[k])
            guess = np.interp(grid.x * ratio, grid.x, later, left=N_left, right=N_right)
            N_k = _newton_similarity(physics, grid, times[k], guess, N_left, N_right)
            if N_k is None:
                return None
            N_out[k] = N_k
        V_faces = grid.face_velocity(physics, N_T) * np.sqrt(T_max)
        markers = _MarkerFlow(grid.faces / np.sqrt(T_max), V_faces).positions(marker0, times)
    else:
        markers = np.tile(marker0, (times.size, 1))
    return N_out, markers, "similarity"


class _MarkerFlow:
    """Marker positions in an infinite couple from d mu/d tau = F(mu) = 2 V(mu) - mu.

    mu = x/sqrt(t), tau = ln sqrt(t) and V(mu) = v_K sqrt(t) (m s^-1/2), a function of mu
    alone in the similarity regime. The ODE is autonomous, so every marker that starts right
    of the interface follows one master trajectory shifted in tau, and likewise on the left.
    Outside the profile V = 0 and a marker has not moved yet; a marker at x = 0 sits at the
    fixed point lambda_K = 2 V(lambda_K), which the master trajectories approach.

    V is the piecewise-linear interpolant of the face values, so F is linear on each segment
    and the trajectory is exact there: over a segment starting at (mu_k, F_k) with slope s,
    tau - tau_k = ln(F/F_k)/s and mu - mu_k = F_k expm1(s (tau - tau_k))/s.
    """

    def __init__(self, lam_faces, V_faces):
        self.lam_faces, self.V_faces = lam_faces, V_faces
        self.edge = lam_faces[-1]
        F = 2.0 * V_faces - lam_faces
        self.lambda_K = brentq(lambda mu: 2.0 * self.V(mu) - mu, lam_faces[0], self.edge,
                               xtol=1e-14 * self.edge)
        self._paths = {1.0: self._path(lam_faces[::-1], F[::-1]), -1.0: self._path(lam_faces, F)}

    def V(self, mu):
        return np.interp(mu, self.lam_faces, self.V_faces, left=0.0, right=0.0)

    @staticmethod
    def _path(mu, F):
        """Segments from an edge inward, up to the first sign change of F (the attractor)."""
        sign0 = np.sign(F[0])
        stop = np.flatnonzero(np.sign(F) != sign0)
        last = stop[0] if stop.size else F.size - 1
        mu, F = mu[: last + 1], F[: last + 1]
        d_mu = np.diff(mu)
        slope = np.diff(F) / d_mu
        ratio = F[1:] / F[:-1]  # > 0 inside a segment of one sign
        with np.errstate(divide="ignore", invalid="ignore"):
            d_tau = np.where(np.abs(slope * d_mu) > 1e-12 * np.abs(F[:-1]), np.log(ratio) / slope, d_mu / F[:-1])
        if stop.size:
            d_tau[-1] = np.inf  # the segment holding the fixed point is never left
        tau = np.concatenate([[0.0], np.cumsum(d_tau)])
        return mu, F, slope, tau

    def _along(self, sign, elapsed):
        """mu after a time ``elapsed`` (in tau) on the master trajectory from sign * edge."""
        mu, F, slope, tau = self._paths[sign]
        k = np.clip(np.searchsorted(tau, elapsed, side="right") - 1, 0, slope.size - 1)
        dt = elapsed - tau[k]
        s = slope[k]
        small = np.abs(s * dt) < 1e-8
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(small, F[k] * dt * (1 + 0.5 * s * dt), F[k] * np.expm1(s * dt) / np.where(s == 0, 1.0, s))
        return mu[k] + step

    def positions(self, x0, times):
        """Lab-frame positions (m), shape (len(times), len(x0)), of markers that sat at x0 at t = 0."""
        x0 = np.atleast_1d(np.asarray(x0, dtype=float))
        s = np.sqrt(np.atleast_1d(np.asarray(times, dtype=float)))
        out = np.tile(x0, (s.size, 1))
        with np.errstate(divide="ignore"):
            tau = np.log(s)
        for sign in (1.0, -1.0):
            chosen = np.flatnonzero(np.sign(x0) == sign)
            if chosen.size == 0:
                continue
            tau0 = np.log(np.abs(x0[chosen]) / self.edge)  # before tau0 the marker is outside the profile
            spans = tau[:, None] - tau0[None, :]
            moved = spans > 0
            if moved.any():
                mu = self._along(sign, np.where(moved, spans, 0.0))
                out[:, chosen] = np.where(moved, mu * s[:, None], x0[chosen][None, :])
        out[:, x0 == 0.0] = (self.lambda_K * s)[:, None]
        return out


def _solve_hybrid(physics, grid, times, N0, N_left, N_right, marker0):
    """Similarity solution while the ends are untouched, then time stepping from that profile."""
    probe = np.linspace(min(N_left, N_right), max(N_left, N_right), 101)
    d_max = float(np.max(physics.tilde(probe)))
    if d_max <= 0.0:
        return None
    # erfc(5) ~ 1.5e-12: start where the tail reaching the ends is far below END_TOLERANCE
    t_switch = (grid.length / 2) ** 2 / (100.0 * d_max)
    early = None
    for _ in range(8):
        candidate_times = np.concatenate([times[times < t_switch], [t_switch]])
        early = _solve_similarity(physics, grid, candidate_times, N0, N_left, N_right, marker0)
        if early is not None:
            break
        t_switch /= 4.0
    if early is None or t_switch >= times[-1]:
        return None
    N_early, markers_early, _ = early
    late = times > t_switch
    N_late, markers_late, _ = _solve_steps(physics, grid, times[late], t_switch, N_early[-1],
                                           markers_early[-1], n_backward_euler=0)
    N_out = np.concatenate([N_early[:-1], N_late])
    markers_out = np.concatenate([markers_early[:-1], markers_late])
    return N_out, markers_out, "similarity+steps"


# ------------------------------------------------------------------ time-stepping path


def _divergence(D_faces, N, h):
    """d/dx(D~ dN/dx) in each cell, with no flux through the closed ends, 1/s."""
    F = D_faces * np.diff(N) / (h * h)
    div = np.zeros(N.size)
    div[:-1] += F
    div[1:] -= F
    return div


def _solve_steps(physics, grid, times, t0, N0, marker0, growth=1.15, n_backward_euler=4, sweeps=2):
    """Crank-Nicolson on geometric time levels from (t0, N0) to the output ``times`` (all >= t0).

    From the step at t0 = 0 the first ``n_backward_euler`` steps are backward Euler, which damps
    the oscillations Crank-Nicolson leaves at a discontinuity (Rannacher 1984); D~(N) is handled
    by Picard sweeps started from a linear extrapolation in time.
    """
    n, h = grid.n, grid.h
    N_out = np.empty((times.size, n))
    markers_out = np.empty((times.size, marker0.size))
    later = times[times > t0]
    N_out[times == t0] = N0
    markers_out[times == t0] = marker0
    if later.size == 0:
        return N_out, markers_out, "steps"
    if t0 > 0:
        t_start = t0 * growth
    else:
        probe = np.linspace(0.0, 1.0, 101)
        d_max = float(np.max(physics.tilde(probe)))
        t_start = min(later[0], h * h / (16.0 * d_max)) if d_max > 0 else later[0]
    levels = [t0]
    t_now = t_start
    while t_now < later[-1]:
        levels.append(t_now)
        t_now *= growth
    levels = np.unique(np.concatenate([levels, later]))
    levels = levels[levels <= later[-1]]

    N = N0.copy()
    x_m = marker0.astype(float).copy()
    # 2 s v_K at the markers on the previous level (unknown at t = 0, where v_K is singular)
    g_old = 2.0 * np.sqrt(t0) * np.interp(x_m, grid.faces, grid.face_velocity(physics, N)) if t0 > 0 else None
    N_prev, dt_prev = None, None
    ab = np.zeros((3, n))
    for k in range(1, levels.size):
        t_a, t_b = levels[k - 1], levels[k]
        dt = t_b - t_a
        theta = 1.0 if k <= n_backward_euler else 0.5
        div_old = _divergence(physics.tilde(0.5 * (N[1:] + N[:-1])), N, h)
        guess = N if N_prev is None else N + (N - N_prev) * (dt / dt_prev)
        n_sweeps = 1 if (physics.constant_parts and physics._dA == physics._dB) else sweeps
        for _ in range(n_sweeps):
            # increment form, (I - theta dt A_new) dN = dt [theta A_new + (1 - theta) A_old] N:
            # a uniform state gives dN = 0 exactly, and round-off is not amplified by dt D/h^2
            D_new = physics.tilde(0.5 * (guess[1:] + guess[:-1]))
            rhs = dt * (theta * _divergence(D_new, N, h) + (1.0 - theta) * div_old)
            c = theta * dt / (h * h) * D_new
            ab[0, 1:] = -c
            ab[2, :-1] = -c
            ab[1] = 1.0
            ab[1, :-1] += c
            ab[1, 1:] += c
            guess = N + solve_banded((1, 1), ab, rhs, check_finite=False)
        N_prev, dt_prev, N = N, dt, guess

        x_m, g_old = _advance_markers(x_m, g_old, t_a, t_b, grid.faces, grid.face_velocity(physics, N))
        hit = np.flatnonzero(times == t_b)
        if hit.size:
            N_out[hit[0]] = N
            markers_out[hit[0]] = x_m
    return N_out, markers_out, "steps"


def _advance_markers(x_m, g_old, t_a, t_b, faces, v_faces):
    """Move markers riding on the lattice velocity from t_a to t_b (plane or sphere alike).

    Heun's method in s = sqrt(t), dx/ds = 2 s v(x), which stays finite as t -> 0 where v ~ 1/sqrt(t);
    on the first interval (``g_old`` None: v unknown at t = 0) implicit in the end value.
    ``v_faces`` is the velocity at ``faces`` at t_b. Returns the new positions, clipped to the
    domain, and 2 s_b v there (the next interval's ``g_old``).
    """
    s_a, s_b = np.sqrt(t_a), np.sqrt(t_b)

    def g_new(pos):
        return 2.0 * s_b * np.interp(pos, faces, v_faces)

    if g_old is None:
        x_new = x_m.copy()
        for _ in range(4):
            x_new = x_m + (s_b - s_a) * g_new(x_new)
    else:
        predictor = x_m + (s_b - s_a) * g_old
        x_new = x_m + 0.5 * (s_b - s_a) * (g_old + g_new(predictor))
    x_new = np.clip(x_new, faces[0], faces[-1])
    return x_new, g_new(x_new)


# ------------------------------------------------------------ an independent reference


def boltzmann_reference(D_A, D_B, *, N_left=1.0, N_right=0.0, tol=1e-9):
    """The similarity solution by collocation (scipy.integrate.solve_bvp), for checks.

    Solves the Boltzmann-transformed couple -(lambda/2) dN/dlambda = d/dlambda(D~ dN/dlambda),
    lambda = x/sqrt(t) (m s^-1/2), N(-inf) = N_left, N(+inf) = N_right, as the first-order
    system N' = F/D~, F' = -lambda F/(2 D~), on |lambda| <= 12 sqrt(max D~). It shares no code
    with the finite-volume solver, which is why tests and benchmarks compare against it.
    D~ must be > 0 over the composition range.

    Returns
    -------
    (profile, lambda_K) : profile(lam) -> N_A for any lambda (flat beyond the domain), and the
        Kirkendall-plane parameter, the root of lambda = 2 (D_A - D_B) dN/dlambda.
    """
    physics = _Interdiffusion(D_A, D_B)
    N_left = float(_validate.mole_fraction(N_left, "N_left"))
    N_right = float(_validate.mole_fraction(N_right, "N_right"))
    lo, hi = min(N_left, N_right), max(N_left, N_right)
    probe = np.linspace(lo, hi, 201)
    D_probe = physics.tilde(probe)
    if np.any(D_probe <= 0):
        raise ValueError("boltzmann_reference needs D~ > 0 over the composition range")
    scale = D_probe.max()  # solve in lambda/sqrt(scale) and D~/scale: solve_bvp needs O(1) numbers
    edge = 12.0

    def D_hat(N):
        return physics.tilde(np.clip(N, lo, hi)) / scale

    def rhs(lam, y):
        D = D_hat(y[0])
        return np.vstack([y[1] / D, -0.5 * lam * y[1] / D])

    def bc(ya, yb):
        return np.array([ya[0] - N_left, yb[0] - N_right])

    from scipy.integrate import solve_bvp
    from scipy.special import erfc

    lam = np.linspace(-edge, edge, 2001)
    D_mean = D_probe.mean() / scale
    N_guess = N_right + (N_left - N_right) * 0.5 * erfc(lam / (2 * np.sqrt(D_mean)))
    F_guess = -(N_left - N_right) * np.exp(-lam**2 / (4 * D_mean)) * np.sqrt(D_mean / (4 * np.pi))
    sol = solve_bvp(rhs, bc, lam, np.vstack([N_guess, F_guess]), tol=tol, max_nodes=500000)
    if not sol.success:
        raise RuntimeError(f"solve_bvp did not converge: {sol.message}")
    root_scale = np.sqrt(scale)

    def profile(lam_query):
        q = np.asarray(lam_query, dtype=float) / root_scale
        inside = sol.sol(np.clip(q, -edge, edge))[0]
        return np.where(q < -edge, N_left, np.where(q > edge, N_right, inside))

    def marker_condition(l):
        N, F = sol.sol(l)
        N = np.clip(N, lo, hi)
        return l - 2.0 * physics.difference(N) / scale * F / D_hat(N)

    lambda_K = brentq(marker_condition, -edge, edge, xtol=1e-14) * root_scale
    return profile, float(lambda_K)
