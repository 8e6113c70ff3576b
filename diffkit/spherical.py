"""Interdiffusion in a sphere: the nanoscale Kirkendall effect and hollow nanocrystals.

A particle of radius R holds a core of composition ``N_core`` (r < r_core) inside a shell of
composition ``N_shell`` (r_core < r < R). Both species move by the vacancy mechanism with
intrinsic (lattice-frame) diffusivities D_A(N_A), D_B(N_A). When the core species diffuses out
faster than the shell species diffuses in, the net vacancy flux runs into the core and the
vacancies, if they condense there, hollow it out: Co nanoparticles sulfidised or oxidised into
hollow CoS/CoO shells (Y. Yin et al., Science 304 (2004) 711), and the analysis of the
"nanoscale Kirkendall effect" by K. N. Tu and U. Gösele, Appl. Phys. Lett. 86 (2005) 093111 and
H. J. Fan, U. Gösele and M. Zacharias, Small 3 (2007) 1660.

Bookkeeping (COURSE.md section 3, written for the radial direction, r increasing outward):

* intrinsic (lattice-frame) fluxes  J'_A = -C D_A dN_A/dr,  J'_B = -C D_B dN_B/dr = +C D_B dN_A/dr;
* vacancy flux                      J'_V = -(J'_A + J'_B) = C v, positive = outward;
* lattice velocity                  v = (D_A - D_B) dN_A/dr (the same expression as the planar
  v_K = (D_A - D_B) dN_A/dx, with x replaced by r);
* composition, in the volume-fixed (lab) frame with the centre at rest,
  dN_A/dt = (1/r^2) d/dr (r^2 D~ dN_A/dr), D~ = N_B D_A + N_A D_B (Darken);
* vacancy sources and sinks, per volume: sigma = div J'_V = (1/r^2) d(r^2 J'_V)/dr (sources > 0,
  the convention of :meth:`diffkit.couple.CoupleResult.vacancy_source_rate`); the net vacancy
  inflow rate -div J'_V = -sigma is > 0 where vacancies pile up and sinks or voids must take them.

With a core of A (dN_A/dr < 0 at the interface) and D_A > D_B, v < 0 and J'_V < 0: vacancies
flow inward, toward the centre, and the core is where they accumulate.

Numerics: implicit finite volumes in r (face areas 4 pi r^2, cell volumes (4 pi/3)(r_{i+1}^3 -
r_i^3)), symmetric tridiagonal systems solved with ``scipy.linalg.solve_banded``, Picard sweeps
for D~(N). Time: a backward-Euler start (as in Rannacher's, 1984, Numer. Math. 43, 309), then
variable-step BDF2, second order and L-stable, on geometrically growing steps that shrink where a
front sweeps fast through the particle; backward Euler again once a step outlasts the decay time
of the slowest mode. Crank-Nicolson is not used: on the long late steps it leaves grid-scale
oscillations undamped, and with D_A/D_B = 100 they never die out. The scheme is written in
increment form, so the number of A atoms sum(N_i V_i) of a closed particle is conserved to
round-off; second order in r. With the default 60 steps and 200 cells the composition is right
to about 1e-3 (constant D) to 1e-2 (D_A/D_B = 100, a steep front crossing the core) of the
composition step; raise ``n_steps`` for more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.linalg import solve_banded
from scipy.special import erf

from . import _validate
from .couple import _advance_markers, _Interdiffusion, _output_times

__all__ = ["simulate_sphere", "SphereResult", "sphere_in_infinite_medium", "void_radius", "hollowing_time",
           "first_crossing"]

MIN_CELLS = 10
# first time step, as a fraction of h^2/D_max: small enough that every grid mode passes
# through the Crank-Nicolson damping point dt*lambda = 2 on the geometric steps
START_FRACTION = 0.1
N_BACKWARD_EULER = 4
# largest change of N_A in one step before the next step is shortened
MAX_CHANGE = 0.05
# once dt exceeds this many decay times of the slowest mode (the profile has nearly settled),
# backward Euler, which cannot overshoot, replaces BDF2, whose complex roots (dt lambda > 1/2)
# would let the slowly decaying remnant of the profile change sign from step to step
SETTLED_STEP = 1.0
# slowest decay rate of a closed sphere: (4.4934/R)^2 D, 4.4934 the first root of tan(x) = x
FIRST_MODE = 4.493409457909064**2
MEASURES = ("marker", "interface", "sinks")


# --------------------------------------------------------------------------- exact solution


def sphere_in_infinite_medium(r, t, *, a, D, C0=1.0):
    """Concentration around a sphere of radius a, initially at C0, in an infinite medium (constant D).

    C(r, t) = (C0/2) [erf((a - r)/(2 sqrt(Dt))) + erf((a + r)/(2 sqrt(Dt)))]
              - (C0/r) sqrt(Dt/pi) [exp(-(a - r)^2/(4Dt)) - exp(-(a + r)^2/(4Dt))],

    with the limit C(0, t) = C0 [erf(a/(2 sqrt(Dt))) - (a/sqrt(pi Dt)) exp(-a^2/(4Dt))] at the
    centre. It follows from u = rC, which obeys the one-dimensional diffusion equation with the
    odd initial condition u = C0 r for |r| < a.

    Parameters
    ----------
    r : float or array_like
        Radius, m (>= 0).
    t : float
        Time, s (> 0).
    a : float
        Radius of the initial sphere, m (> 0).
    D : float
        Diffusivity, m^2/s (> 0).
    C0 : float
        Initial concentration inside the sphere (any unit; the result has the same unit).

    Returns
    -------
    C : float or ndarray
        Same unit as C0.

    References
    ----------
    J. Crank, The Mathematics of Diffusion, 2nd ed. (Oxford, 1975), eq. (3.8).
    """
    r = _validate.finite(r, "r", "m")
    if np.any(r < 0):
        raise ValueError(f"r is a radius and must be >= 0 m; got {_validate._show(r)}")
    t = _validate.positive(t, "t", "s")
    a = _validate.positive(a, "a", "m")
    D = _validate.positive(D, "D", "m^2/s")
    C0 = float(_validate.finite(C0, "C0"))
    w = 2.0 * np.sqrt(D * t)
    erf_part = 0.5 * (erf((a - r) / w) + erf((a + r) / w))
    # (1/r)[exp(-(a-r)^2/w^2) - exp(-(a+r)^2/w^2)] = exp(-(a-r)^2/w^2) (1 - exp(-4ar/w^2)) / r
    small = r * a < 1e-8 * w * w
    r_safe = np.where(small, 1.0, r)
    ratio = np.where(small, 4.0 * a / (w * w) * np.exp(-(a * a) / (w * w)),
                     np.exp(-((a - r) ** 2) / (w * w)) * -np.expm1(-4.0 * a * r_safe / (w * w)) / r_safe)
    C = C0 * (erf_part - np.sqrt(D * t / np.pi) * ratio)
    return C if C.ndim else float(C)


def void_radius(volume):
    """Radius of one spherical void holding a given volume.

    r_void = (3 V / (4 pi))^(1/3)

    The hollowing estimate of the nanoscale Kirkendall effect: all vacancies that flow into
    the core condense into a single central void (no other sinks, vacancy volume = atomic
    volume, Fan, Gösele & Zacharias, Small 3 (2007) 1660).

    Parameters
    ----------
    volume : float or array_like
        Void volume, m^3 (>= 0).

    Returns
    -------
    r_void : float or ndarray
        m.
    """
    V = _validate.finite(volume, "volume", "m^3")
    if np.any(V < 0):
        raise ValueError(f"volume must be >= 0 m^3; got {_validate._show(volume)}")
    out = np.cbrt(3.0 * V / (4.0 * np.pi))
    return out if out.ndim else float(out)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class SphereResult:
    """What :func:`simulate_sphere` returns. SI units; radial quantities positive outward.

    Attributes
    ----------
    faces : (n_cells + 1,) cell faces, m, from 0 to ``radius``.
    r : (n_cells,) cell midpoints, m.
    t : (n_times,) output times, s.
    N_A : (n_times, n_cells) mole fraction of A, cell averages, lab (volume-fixed) frame.
    markers : (n_times, n_markers) radii of lattice (marker) shells, m; they move with the
        lattice velocity v.
    markers_initial : (n_markers,) their radii at t = 0, m.
    core_marker : (n_times,) radius of the lattice shell that sat at the initial interface r_core, m.
    vacancy_inward : (n_times, n_cells + 1) vacancy volume (number of vacancies times the
        atomic volume 1/C) that has crossed each face inward since t = 0, m^3; 0 at r = 0 and,
        for a closed particle, at r = R.
    vacancy_excess : (n_times, n_cells) vacancy volume that has piled up in each cell (the time
        integral of max(0, net inflow)), m^3: what sinks or voids had to take.
    radius, r_core, N_core, N_shell : the geometry and initial compositions.
    surface : None for a closed particle (no flux through r = R), else the fixed surface N_A.
    n_steps : number of time steps taken.
    """

    faces: np.ndarray
    r: np.ndarray
    t: np.ndarray
    N_A: np.ndarray
    markers: np.ndarray
    markers_initial: np.ndarray
    core_marker: np.ndarray
    vacancy_inward: np.ndarray
    vacancy_excess: np.ndarray
    radius: float
    r_core: float
    N_core: float
    N_shell: float
    surface: float | None
    n_steps: int
    _physics: object = field(repr=False, compare=False)

    @property
    def volumes(self) -> np.ndarray:
        """Cell volumes (4 pi/3)(r_{i+1}^3 - r_i^3), m^3."""
        return 4.0 * np.pi / 3.0 * np.diff(self.faces**3)

    @property
    def areas(self) -> np.ndarray:
        """Face areas 4 pi r^2, m^2."""
        return 4.0 * np.pi * self.faces**2

    @property
    def N_B(self) -> np.ndarray:
        """Mole fraction of B, N_B = 1 - N_A."""
        return 1.0 - self.N_A

    def atoms_A(self) -> np.ndarray:
        """A atoms divided by the site concentration C: sum N_i V_i, m^3, one per output time."""
        return self.N_A @ self.volumes

    def gradient(self) -> np.ndarray:
        """dN_A/dr on the faces, 1/m, shape (n_times, n_cells + 1); 0 at r = 0 (symmetry) and at a closed surface."""
        g = np.zeros((self.t.size, self.faces.size))
        g[:, 1:-1] = np.diff(self.N_A, axis=1) / np.diff(self.r)
        if self.surface is not None:
            g[:, -1] = (self.surface - self.N_A[:, -1]) / (self.faces[-1] - self.r[-1])
        return g

    def _face_N(self):
        Nf = np.empty((self.t.size, self.faces.size))
        Nf[:, 1:-1] = 0.5 * (self.N_A[:, 1:] + self.N_A[:, :-1])
        Nf[:, 0] = self.N_A[:, 0]
        Nf[:, -1] = self.N_A[:, -1] if self.surface is None else 0.5 * (self.N_A[:, -1] + self.surface)
        return np.clip(Nf, 0.0, 1.0)

    def lattice_velocity(self) -> np.ndarray:
        """Radial lattice (Kirkendall) velocity on the faces, v = (D_A - D_B) dN_A/dr, m/s.

        v = -(J'_A + J'_B)/C = J'_V/C. Shape (n_times, n_cells + 1); v = 0 at the centre and at a
        closed surface. Negative: the lattice moves inward (a core of the faster species).
        """
        return self._physics.difference(self._face_N()) * self.gradient()

    def intrinsic_fluxes(self, C: float = 1.0):
        """Lattice-frame radial fluxes on the faces: J'_A = -C D_A dN_A/dr, J'_B = +C D_B dN_A/dr.

        With C in mol/m^3 they are in mol/(m^2 s), with C in sites/m^3 in 1/(m^2 s); the default
        C = 1 gives the flux per site concentration, m/s. Shapes (n_times, n_cells + 1).
        """
        C = _validate.positive(C, "C", "mol/m^3 or 1/m^3")
        Nf, g = self._face_N(), self.gradient()
        return -C * self._physics.D_A(Nf) * g, C * self._physics.D_B(Nf) * g

    def vacancy_flux(self, C: float = 1.0) -> np.ndarray:
        """Net radial vacancy flux in the lattice frame, J'_V = -(J'_A + J'_B) = C v, on the faces.

        Units of C times m/s: mol/(m^2 s) for C in mol/m^3, 1/(m^2 s) for C in sites/m^3, m/s for
        the default C = 1. Negative: vacancies flow toward the centre.
        """
        return _validate.positive(C, "C", "mol/m^3 or 1/m^3") * self.lattice_velocity()

    def vacancy_source_rate(self, C: float = 1.0) -> np.ndarray:
        """Rate at which vacancy sources (> 0) and sinks (< 0) work, per volume: sigma = div J'_V.

        sigma = (1/r^2) d(r^2 J'_V)/dr, evaluated as the exact finite-volume divergence
        (A_{i+1} J'_V,i+1 - A_i J'_V,i)/V_i, cell averages, shape (n_times, n_cells). Vacancies
        are kept at equilibrium, so whatever the flux brings in must be removed by sinks (sigma < 0)
        and whatever it takes away must be made by sources (sigma > 0); the sign convention is the
        one of :meth:`diffkit.couple.CoupleResult.vacancy_source_rate`. Units: C/s (mol/(m^3 s)
        for C in mol/m^3; 1/s, the lattice dilatation rate, for C = 1).
        """
        flow = self.areas * self.vacancy_flux(C)
        return np.diff(flow, axis=1) / self.volumes

    def vacancy_inflow_rate(self, C: float = 1.0) -> np.ndarray:
        """Net vacancy inflow per volume, -div J'_V = -(1/r^2) d(r^2 J'_V)/dr = -sigma.

        > 0 where vacancies pile up (sinks, or voids when sinks fall short); < 0 where sources
        must supply them. Same units and shape as :meth:`vacancy_source_rate`.
        """
        return -self.vacancy_source_rate(C)

    def vacancy_volume_inward(self, r=None) -> np.ndarray:
        """Vacancy volume (m^3) that has crossed the sphere of radius r inward since t = 0, per output time.

        The time integral of -4 pi r^2 J'_V / C, accumulated step by step with the time scheme's
        own weights; linear interpolation between faces. Default r: the initial interface r_core.
        Multiply by C (mol/m^3 or sites/m^3) for the number of vacancies.
        """
        r = self.r_core if r is None else float(_validate.finite(r, "r", "m"))
        if not 0.0 <= r <= self.radius:
            raise ValueError(f"r must lie in [0, radius] = [0, {self.radius:g}] m; got {r!r}")
        return np.array([np.interp(r, self.faces, row) for row in self.vacancy_inward])

    def void_volume(self, measure: str = "marker") -> np.ndarray:
        """Void volume (m^3) per output time, if all vacancies that reach the core condense in one central void.

        Assumptions: equal partial molar volumes, vacancy volume = atomic volume 1/C, no sinks
        inside the core other than the void (Fan, Gösele & Zacharias, Small 3 (2007) 1660).

        measure
            ``"marker"`` (default): vacancies that entered the lattice that formed the core at
            t = 0, V = (4 pi/3)(r_core^3 - r_K^3) with r_K the lattice shell that started at
            r_core (dr_K/dt = v = J'_V/C, so this is exact bookkeeping, not an approximation);
            ``"interface"``: the vacancy volume that crossed the fixed sphere r = r_core inward;
            ``"sinks"``: the total excess, the integral over time and volume of the positive
            part of -div J'_V, wherever it occurs (an upper bound if all excess vacancies
            condense into voids). Negative values of the first two (vacancies flowing out of
            the core: the core species is the slower one) mean that no void forms in the core.
        """
        if measure == "marker":
            return 4.0 * np.pi / 3.0 * (self.r_core**3 - self.core_marker**3)
        if measure == "interface":
            return self.vacancy_volume_inward()
        if measure == "sinks":
            return self.vacancy_excess.sum(axis=1)
        raise ValueError(f"measure must be one of {MEASURES}; got {measure!r}")

    def void_radius(self, measure: str = "marker") -> np.ndarray:
        """Radius (m) of the central void per output time: (3 V/4 pi)^(1/3), V from :meth:`void_volume` (0 if V < 0)."""
        return void_radius(np.maximum(self.void_volume(measure), 0.0))

    def void_fraction(self, measure: str = "marker") -> np.ndarray:
        """Void volume as a fraction of the particle volume (4 pi/3) R^3, per output time."""
        return self.void_volume(measure) / (4.0 * np.pi / 3.0 * self.radius**3)


def hollowing_time(D_A, D_B, *, radius, r_core, fraction=0.5, n_cells=200):
    """Time until the central void holds ``fraction`` of its final volume (closed core-shell particle).

    t_f = tau_f R^2 / D_A

    The problem has no length but R (for a fixed r_core/R) and no time but R^2/D_A (for a fixed
    D_A/D_B), so the time to any stage of hollowing scales as R^2/D_A; tau_f is found once, from
    one :func:`simulate_sphere` run on a geometric grid of scaled times D_A t/R^2 from 1e-6 to
    50 D_A/D_B (50 000 if D_B = 0), long enough for the slower species to finish mixing (the void's final
    volume, "marker" measure). Linear interpolation between the grid's 25 points per decade.

    Parameters
    ----------
    D_A, D_B : float
        Intrinsic diffusivities of the core species A and the shell species B, m^2/s,
        D_A > D_B >= 0 (a core of the faster species; otherwise no void forms).
    radius, r_core : float
        Particle and initial core radius, m, 0 < r_core < radius.
    fraction : float
        Stage of hollowing, 0 < fraction < 1 (0.5: half the final void volume).
    n_cells : int
        Cells of the finite-volume solve (>= 10).

    Returns
    -------
    t : float
        s.

    References
    ----------
    K. N. Tu and U. Gösele, Appl. Phys. Lett. 86 (2005) 093111 (hollowing time ~ R^2/D);
    H. J. Fan, U. Gösele and M. Zacharias, Small 3 (2007) 1660.
    """
    D_A = _validate.positive(D_A, "D_A", "m^2/s")
    D_B = float(_validate.diffusivity(D_B, "D_B"))
    if not D_A > D_B:
        raise ValueError(f"D_A must exceed D_B (a core of the faster species hollows; got D_A = {D_A!r}, "
                         f"D_B = {D_B!r} m^2/s)")
    fraction = float(fraction)
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"fraction must lie in (0, 1) (the final volume itself is only approached); got {fraction!r}")
    R = float(_validate.positive(radius, "radius", "m"))
    # the slower species must finish mixing for the void to reach its final size; D_B = 0 has no
    # such time scale, and 1000 R^2/D_A is far beyond the end of hollowing (tau of order 1)
    slowest = D_A / D_B if D_B > 0 else 1e3
    tau = np.geomspace(1e-6, 50.0 * slowest, int(25 * np.log10(50.0 * slowest / 1e-6)) + 1)
    res = simulate_sphere(D_A, D_B, tau * R * R / D_A, radius=R, r_core=r_core, n_cells=n_cells)
    volume = res.void_volume("marker")
    if not volume[-1] > 0.0:
        raise ValueError("no void forms in this particle (the core lattice does not shrink)")
    return float(first_crossing(tau, volume, fraction * volume[-1]) * R * R / D_A)


def first_crossing(t, values, target):
    """The first t at which ``values`` reaches ``target``, by linear interpolation between samples.

    For the growth of a void: the stage of hollowing at a given fraction of the final volume
    (the volume rises to its final value; near the end it may wobble by round-off, which is why
    a fraction below 1 is asked for). Returns t[0] if the target is met at once, nan if never.
    """
    t, values = np.asarray(t, dtype=float), np.asarray(values, dtype=float)
    reached = np.flatnonzero(values >= target)
    if reached.size == 0:
        return float("nan")
    k = int(reached[0])
    if k == 0:
        return float(t[0])
    w = (target - values[k - 1]) / (values[k] - values[k - 1])
    return float((1.0 - w) * t[k - 1] + w * t[k])


# ---------------------------------------------------------------------------- the solver


def simulate_sphere(D_A, D_B, t, *, radius, r_core, N_core=1.0, N_shell=0.0, n_cells=200,
                    surface=None, n_steps=60, markers=None):
    """Interdiffusion of a core-shell sphere, with the lattice velocity and the vacancy flow.

    Solves dN_A/dt = (1/r^2) d/dr (r^2 D~ dN_A/dr), D~ = N_B D_A + N_A D_B, for 0 < r < R with
    N_A = N_core for r < r_core and N_shell for r_core < r < R at t = 0, no flux at r = 0
    (symmetry) and, at r = R, either no flux (a closed particle) or a fixed composition.

    Parameters
    ----------
    D_A, D_B : float or callable
        Intrinsic diffusivities in the lattice frame, m^2/s: a number >= 0 or a function of
        N_A returning an array of values >= 0 (as in :func:`diffkit.couple.simulate_couple`).
    t : float or 1-D array
        Output times, s, >= 0 and strictly increasing.
    radius : float
        Particle radius R, m (> 0).
    r_core : float
        Radius of the initial core, m, 0 < r_core < radius.
    N_core, N_shell : float
        Initial mole fractions of A in the core and in the shell, in [0, 1].
    n_cells : int
        Number of finite-volume cells, uniform in r (>= 10).
    surface : None or float
        None: closed particle (zero flux at r = R). A number in [0, 1]: N_A held at that value at
        r = R (a surface reaction that keeps the composition fixed); atoms then cross the surface.
    n_steps : int
        Baseline number of time steps (>= 2), growing geometrically from 0.1 h^2/D_max (h = R/n)
        to the last output time. Steps are shortened where N_A changes by more than 0.05 in one
        step (a front sweeping through the core), and output times are hit exactly; both can add
        steps (``SphereResult.n_steps`` reports the number taken). With fewer than about 20
        steps BDF2 can overshoot the initial composition range by up to ~1e-3.
    markers : None or array of float
        Initial radii of lattice marker shells, m, in [0, radius]. Default: one at r_core.

    Returns
    -------
    SphereResult
        Composition, marker shells, the accumulated vacancy flow, and methods for the lattice
        velocity, intrinsic and vacancy fluxes, the vacancy source rate and the void estimate.

    Notes
    -----
    The lattice velocity is v = (D_A - D_B) dN_A/dr: a core of A with D_A > D_B has v < 0 at
    the interface, so the lattice (and the vacancy flux J'_V = C v) runs toward the centre.
    """
    physics = _Interdiffusion(D_A, D_B)
    times = _output_times(t)
    R = _validate.positive(radius, "radius", "m")
    r_core = _validate.positive(r_core, "r_core", "m")
    if not r_core < R:
        raise ValueError(f"r_core must lie in (0, radius) = (0, {R:g}) m; got {r_core!r}")
    N_core = float(_validate.mole_fraction(N_core, "N_core"))
    N_shell = float(_validate.mole_fraction(N_shell, "N_shell"))
    if isinstance(n_cells, bool) or not isinstance(n_cells, (int, np.integer)) or n_cells < MIN_CELLS:
        raise ValueError(f"n_cells must be an integer >= {MIN_CELLS}; got {n_cells!r}")
    if isinstance(n_steps, bool) or not isinstance(n_steps, (int, np.integer)) or n_steps < 2:
        raise ValueError(f"n_steps must be an integer >= 2; got {n_steps!r}")
    if surface is not None:
        surface = float(_validate.mole_fraction(surface, "surface"))
    if markers is None:
        marker0 = np.array([r_core])
    else:
        marker0 = np.atleast_1d(np.asarray(markers, dtype=float))
        if marker0.ndim != 1 or not np.all(np.isfinite(marker0)) or np.any(marker0 < 0) or np.any(marker0 > R):
            raise ValueError(f"markers must be a 1-D sequence of radii in [0, radius] = [0, {R:g}] m")
    n = int(n_cells)

    grid = _SphereGrid(R, n, surface)
    N0 = grid.core_shell(r_core, N_core, N_shell)
    plan = _step_plan(physics, grid, times, int(n_steps))
    out = _march(physics, grid, N0, plan, times, np.concatenate([[r_core], marker0]))
    N_all, marker_all, inward, excess, steps_taken = out
    return SphereResult(faces=grid.faces.copy(), r=grid.r.copy(), t=times, N_A=N_all,
                        markers=marker_all[:, 1:], markers_initial=marker0, core_marker=marker_all[:, 0],
                        vacancy_inward=inward, vacancy_excess=excess, radius=R, r_core=r_core,
                        N_core=N_core, N_shell=N_shell, surface=surface, n_steps=steps_taken,
                        _physics=physics)


class _SphereGrid:
    """Uniform cells in r; geometry kept in units of R (rho = r/R) so that all terms are O(1)."""

    def __init__(self, R, n, surface):
        self.R, self.n, self.surface = R, n, surface
        self.h = R / n
        rho = np.linspace(0.0, 1.0, n + 1)
        self.faces = R * rho
        self.r = 0.5 * (self.faces[1:] + self.faces[:-1])
        self.vol = np.diff(rho**3) / 3.0  # cell volume / (4 pi R^3)
        self.area = rho**2  # face area / (4 pi R^2)
        # conductance geometry: area / (distance between the nodes it couples), both in units of R
        self.geo = np.zeros(n + 1)
        self.geo[1:-1] = self.area[1:-1] * n
        self.geo[-1] = 0.0 if surface is None else self.area[-1] * 2.0 * n
        # 1/(distance between the nodes a face couples), 1/m; 0 where no flux passes
        self.inverse_spacing = np.where(self.geo > 0, self.geo / np.where(self.area > 0, self.area, 1.0), 0.0) / R

    def core_shell(self, r_core, N_core, N_shell):
        """Exact cell averages (by volume) of the initial core-shell step."""
        lo, hi = self.faces[:-1] ** 3, self.faces[1:] ** 3
        inside = np.clip((r_core**3 - lo) / (hi - lo), 0.0, 1.0)
        return N_shell + (N_core - N_shell) * inside

    def face_N(self, N):
        Nf = np.empty(self.n + 1)
        Nf[1:-1] = 0.5 * (N[1:] + N[:-1])
        Nf[0] = N[0]
        Nf[-1] = N[-1] if self.surface is None else 0.5 * (N[-1] + self.surface)
        return np.clip(Nf, 0.0, 1.0)

    def differences(self, N):
        """N across each face (outer node minus inner node); 0 where no flux can pass."""
        d = np.zeros(self.n + 1)
        d[1:-1] = np.diff(N)
        if self.surface is not None:
            d[-1] = self.surface - N[-1]
        return d

    def velocity(self, D_difference, N):
        """Lattice velocity v = (D_A - D_B) dN_A/dr on the faces (m/s), given D_A - D_B there."""
        return D_difference * self.differences(N) * self.inverse_spacing


def _step_plan(physics, grid, times, n_steps):
    """First step and geometric growth factor: ``n_steps`` steps from 0.1 h^2/D_max to the last output."""
    positive = times[times > 0]
    probe = np.linspace(0.0, 1.0, 101)
    d_max = float(max(physics.D_A(probe).max(), physics.D_B(probe).max()))
    if positive.size == 0 or d_max <= 0.0:
        return None
    t_end = positive[-1]
    t_start = min(positive[0], START_FRACTION * grid.h**2 / d_max)
    growth = (t_end / t_start) ** (1.0 / (n_steps - 1)) if t_end > t_start else 1.0
    return t_start, growth, positive


def _slowest_rate(tilde, grid, N):
    """Decay rate (1/s) of the slowest composition mode, with the smallest D~ on the current faces."""
    first = FIRST_MODE if grid.surface is None else np.pi**2  # fixed surface: sin(pi r/R)/r
    return first * float(np.min(tilde(grid.face_N(N)))) / grid.R**2


def _march(physics, grid, N0, plan, times, marker0):
    """Time stepping to the output ``times``; returns N, marker radii, inward vacancy volume, excess, steps.

    The first ``N_BACKWARD_EULER`` steps are backward Euler (they damp the initial step, as in
    Rannacher's start); then variable-step BDF2, with w = dt_n/dt_{n-1} (kept <= 2),
    (1+2w)/(1+w) (N^{n+1} - N^n) - w^2/(1+w) (N^n - N^{n-1}) = dt_n L(N^{n+1}),
    which is second order and L-stable: unlike Crank-Nicolson it damps the stiff grid modes
    that large late steps would otherwise leave oscillating (a steep front running into slowly
    diffusing material). Both are solved in increment form, so the A atoms of a closed particle
    are conserved to round-off. D~(N) by Picard sweeps started from a linear extrapolation.

    Steps grow geometrically (``plan``), and shrink where the composition changes by more than
    MAX_CHANGE per step (a front sweeping through the core); output times are hit exactly.
    """
    n, R = grid.n, grid.R
    vol = grid.vol
    scale = 4.0 * np.pi * R**3  # m^3 per unit of dimensionless volume
    N_out = np.empty((times.size, n))
    m_out = np.empty((times.size, marker0.size))
    inward_out = np.zeros((times.size, n + 1))
    excess_out = np.zeros((times.size, n))
    at_zero = times == 0.0
    N_out[at_zero] = N0
    m_out[at_zero] = marker0

    geo = grid.geo / R**2  # dt * geo * D is a dimensionless volume
    if physics.constant_parts:  # D~ is linear in N: skip the generic (validating) path
        dA, dB = physics._dA, physics._dB

        def tilde(Nf):
            return dA + (dB - dA) * Nf

        def difference(Nf):
            return dA - dB
    else:  # the functions were checked (finite, >= 0 on [0, 1]) when physics was built
        D_A_of, D_B_of = physics.D_A, physics.D_B

        def tilde(Nf):
            return (1.0 - Nf) * D_A_of(Nf) + Nf * D_B_of(Nf)

        def difference(Nf):
            return D_A_of(Nf) - D_B_of(Nf)
    sweeps = 1 if (physics.constant_parts and physics._dA == physics._dB) else 2

    def flux_of_A(D_faces, N_state):
        """d(vol N_i)/dt: inward A flow through the outer face minus that through the inner face."""
        F = D_faces * grid.differences(N_state) * geo  # inward A flow per face, volume/s
        return F[1:] - F[:-1]

    def vacancy_inflow(N_state):
        """Inward vacancy flow through each face, -area v (dimensionless volume per s)."""
        return -difference(grid.face_N(N_state)) * grid.differences(N_state) * geo

    N = N0.copy()
    N_prev, dt_prev = None, None
    x_m = marker0.astype(float).copy()
    g_old = None  # 2 s v at the markers on the previous level (v is singular at t = 0)
    inward = np.zeros(n + 1)
    excess = np.zeros(n)
    q_old = vacancy_inflow(N)
    ab = np.zeros((3, n))
    if plan is None:  # nothing to do: every output is the initial state
        N_out[:] = N0
        m_out[:] = marker0
        return N_out, m_out, inward_out, excess_out, 0
    t_start, growth, outputs = plan
    nominal, t_b, k, j = t_start, 0.0, 0, 0
    slowest_rate = _slowest_rate(tilde, grid, N)
    while j < outputs.size:
        k += 1
        t_a = t_b
        dt = nominal if dt_prev is None else min(nominal, 2.0 * dt_prev)
        remaining = outputs[j] - t_a
        if dt >= remaining or remaining - dt < 0.3 * dt:
            dt = remaining
        t_b = outputs[j] if dt == remaining else t_a + dt
        # backward Euler at the start, and once a step is long for the slowest (whole-particle) mode
        if k <= N_BACKWARD_EULER or dt * slowest_rate > SETTLED_STEP:
            weight, carry = 1.0, 0.0
        else:  # BDF2 divided through by (1+2w)/(1+w)
            w = dt / dt_prev
            weight = (1.0 + w) / (1.0 + 2.0 * w)
            carry = weight * w * w / (1.0 + w) * vol * (N - N_prev)
        guess = N if N_prev is None else N + (N - N_prev) * (dt / dt_prev)
        for _ in range(sweeps):
            D_new = tilde(grid.face_N(guess))
            c = weight * dt * D_new * geo  # conductances of the implicit operator
            ab[0, 1:] = -c[1:-1]
            ab[2, :-1] = -c[1:-1]
            ab[1] = vol + c[:-1] + c[1:]  # c[0] = 0 (centre); c[-1] = 0 for a closed particle
            rhs = carry + weight * dt * flux_of_A(D_new, N)
            guess = N + solve_banded((1, 1), ab, rhs, check_finite=False)
        change = float(np.abs(guess - N).max())
        N_prev, dt_prev, N = N, dt, guess
        slowest_rate = _slowest_rate(tilde, grid, N)
        # the next step: to the next geometric level t (growth - 1) later, shorter where N moved a lot
        nominal = t_b * (growth - 1.0) if growth > 1.0 else t_start
        if k > N_BACKWARD_EULER and change > MAX_CHANGE:
            nominal = min(nominal, dt * max(0.5, MAX_CHANGE / change))

        # vacancy bookkeeping: trapezoidal rule over the step
        dD_faces = difference(grid.face_N(N))
        q_new = -dD_faces * grid.differences(N) * geo  # inward vacancy flow through each face
        q_step = 0.5 * (q_new + q_old)
        inward += dt * q_step
        excess += dt * np.maximum(q_step[1:] - q_step[:-1], 0.0)
        q_old = q_new

        # lattice shells ride on the lattice velocity
        x_m, g_old = _advance_markers(x_m, g_old, t_a, t_b, grid.faces, grid.velocity(dD_faces, N))

        if t_b == outputs[j]:
            hit = np.flatnonzero(times == t_b)[0]
            N_out[hit] = N
            m_out[hit] = x_m
            inward_out[hit] = inward * scale
            excess_out[hit] = excess * scale
            j += 1
    return N_out, m_out, inward_out, excess_out, k
