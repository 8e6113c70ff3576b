"""Inverse analysis of a diffusion couple: D~(N) from a profile, D_A and D_B from the marker plane.

Lecture 03 runs Darken's analysis backwards. Given a measured composition profile
N_A(x) of a couple annealed for a time t, and the position x_K of the inert markers that
sat at the initial interface, this module recovers

* the interdiffusivity D~(N) by the Boltzmann-Matano method (:func:`matano`) or, without
  a Matano plane, by the Sauer-Freise method (:func:`sauer_freise`);
* the intrinsic diffusivities D_A and D_B at the Kirkendall plane by the integral form of
  Heumann and van Loo (:func:`heumann`), or by Darken's route from the marker velocity
  (:func:`darken_route`).

Conventions (COURSE.md section 3). Binary A-B, constant molar volume, so the laboratory
frame is the volume-fixed frame and the Matano plane coincides with the initial interface.
x in m (strictly increasing), t in s, mole fractions in [0, 1], diffusivities in m^2/s.
N^- and N^+ are the compositions at the left and right ends of the profile (the A-rich end is
on the left in the course, but either direction works), and

    Y = (N - N^-) / (N^+ - N^-)

runs from 0 at the left end to 1 at the right end, for N_A and N_B alike.

Where the answer can be trusted. Every method divides by the slope dN/dx, which goes to zero
at both ends of the diffusion zone, where the integrals are also small: D~ there is a ratio of
two small, error-laden numbers. The methods therefore report only where
Y_range[0] <= Y <= Y_range[1], by default 0.02 <= Y <= 0.98 (``Y_RANGE``). With noisy data the
trustworthy range is narrower still; see :func:`smooth_profile` and the tests for numbers.

Noisy profiles. Differentiating noisy data amplifies the noise (a 1 % scatter in N between
points a spacing h apart gives a scatter of about 1 %/h in dN/dx), so measured profiles are
smoothed first; ``smooth="spline"`` fits a cubic smoothing spline whose stiffness is chosen by
generalised cross-validation (see :func:`smooth_profile` for why this one).

How well it works (tests/test_analysis.py; D_A, D_B varying tenfold with composition, D~ thirtyfold).
On a computed profile (2000 cells) D~ comes back within 0.4 % for 0.05 <= N <= 0.95 and D_A, D_B
within 0.02 % (similarity solve), or within 0.4 %, 0.3 % and 0.6 % (time-stepped). A measured profile
is another matter, and one scan's error is partly luck; so the numbers below are the median and the
90th percentile (one scan in ten is worse) of |error| over many seeded scans with 1 % scatter
(noise = 0.01), smoothed (smooth="spline"):

* the tests' scan (111 points 2 um apart, 200 seeds): the worst error of D~ is 10 % and 16 % for
  0.3 <= N <= 0.7, 25 % and 43 % for 0.1 <= N <= 0.9; D_A and D_B at the marker plane, 6 % and 14 %;
* lecture 03's couple and scan (120 points over 900 um, 50 seeds): D~ 11 % and 17 % for
  0.3 <= N <= 0.7, 22 % and 37 % for 0.1 <= N <= 0.9, 4 % and 13 % at the markers' composition;
  D_A 7 % and 11 %, D_B 8 % and 31 %. D_B = D~ - N_B (D_A - D_B) is a difference, and there it
  inherits almost all of the error of the marker velocity v_K = (x_K - x_M)/2t: the markers moved
  27 um, and the balance of areas that places x_M is off by 1.7 um (one scan in ten: 5 um).

D_A and D_B lean low, by about 6 % on average in both cases, partly because one global stiffness
rounds the steep part of the profile, and the slope on its shoulder, where the markers sit, comes
out a few per cent too steep. Unsmoothed, the same data give D~ wrong by a factor of several over
0.1 <= N <= 0.9 (median 220 % in lecture 03's scan): noise has to be dealt with before differentiating.

References
----------
L. Boltzmann, Ann. Phys. (Wied. Ann.) 53 (1894) 959 (the similarity variable x/sqrt(t)).
C. Matano, Jpn. J. Phys. 8 (1933) 109 (the Matano plane and the integral for D~(N)).
F. Sauer and V. Freise, Z. Elektrochem. 66 (1962) 353 (D~ without the Matano plane).
F. J. A. den Broeder, Scripta Metall. 3 (1969) 321 (the same simplification, independently).
Th. Heumann, Z. Phys. Chem. (Leipzig) 201 (1952) 168 (intrinsic diffusivities from the
profile and the marker plane).
F. J. J. van Loo, Acta Metall. 18 (1970) 1107 (the integral form used by :func:`heumann`).
L. S. Darken, Trans. AIME 175 (1948) 184 (D~ = N_B D_A + N_A D_B, v_K = (D_A - D_B) dN_A/dx).
A. Paul, T. Laurila, V. Vuorinen and S. V. Divinski, Thermodynamics, Diffusion and the
Kirkendall Effect in Solids (Springer, 2014), chapters 2 and 3 (all of the above, derived).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import cumulative_trapezoid
from scipy.interpolate import make_smoothing_spline

from . import _validate

__all__ = [
    "Y_RANGE",
    "MeasuredProfile",
    "smooth_profile",
    "matano_plane",
    "matano",
    "sauer_freise",
    "heumann",
    "darken_route",
    "synthetic_profile",
    "Analysis",
    "analyse",
]

Y_RANGE = (0.02, 0.98)
"""Default range of the normalised composition Y in which D~ is reported (see module docstring)."""

MIN_POINTS = 5
# mole fractions this far outside [0, 1] are taken as round-off and clipped
ROUND_OFF = 1e-9
# the smoothed profile is evaluated on this many evenly spaced points (at least 4x the data)
FINE_POINTS = 4001


# ------------------------------------------------------------------- the profile itself


@dataclass(frozen=True)
class MeasuredProfile:
    """A composition profile ready for analysis, made by :func:`smooth_profile`. SI units.

    Attributes
    ----------
    x : (n,) positions, m, strictly increasing. For a smoothed profile, a fine even grid over
        the measured range; otherwise the measured positions.
    N_A : (n,) mole fraction of A there (the smoothing spline's values, if smoothed).
    slope : (n,) dN_A/dx, 1/m (the spline's derivative, or second-order finite differences).
    N_minus, N_plus : compositions at the left and right ends of the profile.
    x_data : (m,) the measured positions, m.
    smooth : how the profile was prepared: the ``smooth`` argument of :func:`smooth_profile`.
    """

    x: np.ndarray
    N_A: np.ndarray
    slope: np.ndarray
    N_minus: float
    N_plus: float
    x_data: np.ndarray
    smooth: str | float | None = None

    @property
    def Y(self) -> np.ndarray:
        """Normalised composition Y = (N - N^-)/(N^+ - N^-): 0 at the left end, 1 at the right."""
        return (self.N_A - self.N_minus) / (self.N_plus - self.N_minus)

    @property
    def dY_dx(self) -> np.ndarray:
        """dY/dx = (dN_A/dx)/(N^+ - N^-), 1/m; > 0 wherever the profile is monotone."""
        return self.slope / (self.N_plus - self.N_minus)

    def left_area(self) -> np.ndarray:
        """Integral of Y from the left end to each x, m (trapezoidal rule)."""
        return cumulative_trapezoid(self.Y, self.x, initial=0.0)

    def right_area(self) -> np.ndarray:
        """Integral of (1 - Y) from each x to the right end, m (trapezoidal rule)."""
        tail = cumulative_trapezoid((1.0 - self.Y)[::-1], -self.x[::-1], initial=0.0)
        return tail[::-1]

    def matano_plane(self) -> float:
        """The Matano plane x_M, m, where the areas on either side balance (see :func:`matano_plane`)."""
        # integral_0^1 (x - x_M) dY = 0, integrated by parts: x_M = x_right - integral Y dx
        # (the trapezoidal sums obey the same identity exactly, term by term)
        return float(self.x[-1] - self.left_area()[-1])

    def at(self, x_query):
        """Composition, slope and the two areas at positions ``x_query`` (m), by linear interpolation."""
        xq = np.asarray(x_query, dtype=float)
        return (np.interp(xq, self.x, self.N_A), np.interp(xq, self.x, self.slope),
                np.interp(xq, self.x, self.left_area()), np.interp(xq, self.x, self.right_area()))


def smooth_profile(x, N_A, *, smooth=None) -> MeasuredProfile:
    """Check a measured profile and, if asked, smooth it so that its slope can be used.

    Parameters
    ----------
    x : (n,) array_like
        Positions, m, finite and strictly increasing, n >= 5.
    N_A : (n,) array_like
        Mole fraction of A at x, in [0, 1]. The two ends must differ.
    smooth : None, "spline" or float
        ``None``: use the data as they are; the slope is np.gradient's second-order finite
        difference, fine for a clean computed profile, useless for noisy data.
        ``"spline"``: fit a cubic smoothing spline, minimising
        sum (N_i - f(u_i))^2 + lam * integral f''(u)^2 du, with u = (x - x_mid)/(x_right - x_left)
        the position scaled by the measured span (so ``lam`` is dimensionless), and lam chosen by
        generalised cross-validation (Craven and Wahba 1979; ``scipy.interpolate.make_smoothing_spline``).
        A float: the same spline with that lam, >= 0 (larger is smoother).

    Returns
    -------
    MeasuredProfile

    Notes
    -----
    Why a GCV smoothing spline. The data decide how much to smooth, so there is no window or
    number of terms for a student to tune; the fit is linear in the data, so it cannot fail to
    converge or fall into a wrong local minimum, as a least-squares fit of a sum of error
    functions can; it makes no assumption about the profile's shape, which for a
    composition-dependent D~ is far from an error function; and its derivative is continuous,
    so dN/dx is smooth. A Savitzky-Golay filter is cheaper but its window must be chosen by
    hand, and a fixed window is too wide for the steep side of an asymmetric profile and too
    narrow for the flat side. The spline is not forced to be monotone: in the flat tails it can
    wiggle at the level of the noise, which is one more reason to report D~ only inside
    ``Y_RANGE``. The end compositions N^- and N^+ are the spline's values at the ends, which
    average the scatter of the plateau points instead of trusting a single one; the scan should
    therefore reach well into both plateaus. Two limits to know: one global stiffness is a
    compromise between the steep and the flat side of an asymmetric profile (the steep side is
    rounded a little, the flat side's slope stays noisy), and GCV now and then undersmooths
    (about one noisy profile in 200 in the tests). Plot the fit over the data before trusting D~.
    """
    x = _positions(x)
    N = _composition(N_A, x)
    if smooth is None:
        slope = np.gradient(N, x)
        return _checked(MeasuredProfile(x=x, N_A=N, slope=slope, N_minus=float(N[0]), N_plus=float(N[-1]),
                                        x_data=x, smooth=None))
    lam = _smoothing_parameter(smooth)
    centre, width = 0.5 * (x[0] + x[-1]), x[-1] - x[0]
    spline = make_smoothing_spline((x - centre) / width, N, lam=lam)
    fine = np.linspace(x[0], x[-1], max(FINE_POINTS, 4 * x.size))
    u = (fine - centre) / width
    values = spline(u)
    slope = spline.derivative()(u) / width
    return _checked(MeasuredProfile(x=fine, N_A=values, slope=slope, N_minus=float(values[0]),
                                    N_plus=float(values[-1]), x_data=x, smooth=smooth))


def _checked(profile: MeasuredProfile) -> MeasuredProfile:
    step = profile.N_plus - profile.N_minus
    if abs(step) < 1e-6:
        raise ValueError(
            f"N_A must change from one end of the profile to the other (|N^+ - N^-| >= 1e-6); "
            f"got N_A = {profile.N_minus:.6g} at the left end and {profile.N_plus:.6g} at the right end")
    return profile


# --------------------------------------------------------------- the Matano plane, D~(N)


def matano_plane(x, N_A, *, smooth=None) -> float:
    """Position of the Matano plane x_M, m.

    integral_{N^-}^{N^+} (x - x_M) dN = 0,  i.e.  x_M = x_right - integral_{x_left}^{x_right} Y dx

    (the second form by integration by parts; Y = (N - N^-)/(N^+ - N^-)). The areas between the
    profile and its two end compositions balance on either side of x_M. With a constant molar
    volume no atoms are lost or gained, and x_M is the position of the initial interface in
    the laboratory (volume-fixed) frame (Matano 1933; Paul et al. 2014, ch. 2).

    Parameters as for :func:`smooth_profile`.
    """
    return smooth_profile(x, N_A, smooth=smooth).matano_plane()


def matano(x, N_A, t, *, smooth=None, Y_range=Y_RANGE, x_M=None):
    """Interdiffusivity D~(N) by the Boltzmann-Matano method.

    D~(N*) = -(1/2t) (dx/dN)_{N*} integral_{N^-}^{N*} (x - x_M) dN,

    with the Matano plane x_M from integral_{N^-}^{N^+} (x - x_M) dN = 0 (:func:`matano_plane`).
    It holds for an infinite couple whose profile depends on x/sqrt(t) only (Boltzmann 1894),
    i.e. before diffusion reaches the ends of the sample.

    Parameters
    ----------
    x : (n,) array_like
        Positions, m, strictly increasing.
    N_A : (n,) array_like
        Mole fraction of A at x, in [0, 1]; the ends must differ (either may be the larger).
    t : float
        Annealing time, s, > 0.
    smooth : None, "spline" or float
        How to treat the data (:func:`smooth_profile`); use "spline" for measured profiles.
    Y_range : (float, float)
        Report D~ only where Y_range[0] <= Y <= Y_range[1] (default ``Y_RANGE`` = (0.02, 0.98)):
        towards the ends dN/dx -> 0 and D~ is ill-determined.
    x_M : float, optional
        Use this Matano plane (m) instead of the one computed from the profile, to see how
        sensitive D~ is to it. A shift delta changes D~ by Y* delta/[2t D~ (dY/dx)]: most toward
        the N^+ end, where the Matano integral goes to zero by construction.

    Returns
    -------
    N, D_tilde : ndarrays
        Compositions N_A (sorted ascending) and the interdiffusivity there, m^2/s, one value
        per measured point inside ``Y_range``.

    References
    ----------
    L. Boltzmann, Ann. Phys. 53 (1894) 959; C. Matano, Jpn. J. Phys. 8 (1933) 109;
    Paul et al. (2014), ch. 2.
    """
    t = _validate.positive(t, "t", "s")
    return _matano(smooth_profile(x, N_A, smooth=smooth), t, Y_range, x_M)


def _matano(profile, t, Y_range, x_M=None):
    if x_M is None:
        x_M = profile.matano_plane()
    x_M = float(_validate.finite(x_M, "x_M", "m"))
    # integral_{N^-}^{N*} (x - x_M) dN along the profile, by the trapezoidal rule in N
    moment = cumulative_trapezoid(profile.x - x_M, profile.N_A, initial=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        D = -moment / (2.0 * t * profile.slope)
    return _report(profile, D, Y_range)


def sauer_freise(x, N_A, t, *, smooth=None, Y_range=Y_RANGE):
    """Interdiffusivity D~(N) by the Sauer-Freise method, which needs no Matano plane.

    D~(Y*) = [(1 - Y*) integral_{-inf}^{x*} Y dx + Y* integral_{x*}^{+inf} (1 - Y) dx] / [2t (dY/dx)_{x*}],

    with Y = (N - N^-)/(N^+ - N^-). It is the Boltzmann-Matano result with x_M eliminated
    through the balance of areas, so an error in locating x_M cannot enter
    (Sauer and Freise 1962; den Broeder 1969 gave the same form).

    Parameters and returns as for :func:`matano` (without ``x_M``).

    References
    ----------
    F. Sauer and V. Freise, Z. Elektrochem. 66 (1962) 353; F. J. A. den Broeder, Scripta
    Metall. 3 (1969) 321; Paul et al. (2014), ch. 2.
    """
    t = _validate.positive(t, "t", "s")
    return _sauer_freise(smooth_profile(x, N_A, smooth=smooth), t, Y_range)


def _sauer_freise(profile, t, Y_range):
    Y = profile.Y
    numerator = (1.0 - Y) * profile.left_area() + Y * profile.right_area()
    with np.errstate(divide="ignore", invalid="ignore"):
        D = numerator / (2.0 * t * profile.dY_dx)
    return _report(profile, D, Y_range)


def _report(profile, D, Y_range):
    """D~ at the measured points inside Y_range, sorted by composition."""
    lo, hi = _y_range(Y_range)
    x_out = profile.x_data
    D_out = np.interp(x_out, profile.x, D) if profile.x is not x_out else D
    N_out = np.interp(x_out, profile.x, profile.N_A)
    Y_out = (N_out - profile.N_minus) / (profile.N_plus - profile.N_minus)
    keep = (Y_out >= lo) & (Y_out <= hi) & np.isfinite(D_out)
    order = np.argsort(N_out[keep], kind="stable")
    return N_out[keep][order], D_out[keep][order]


# ------------------------------------------------------ intrinsic diffusivities, D_A and D_B


def heumann(x, N_A, t, x_K, *, smooth=None):
    """Intrinsic diffusivities D_A and D_B at the Kirkendall plane (Heumann; van Loo's integral form).

    D_B = [N_B^+ integral_{-inf}^{x_K} Y dx - N_B^- integral_{x_K}^{+inf} (1 - Y) dx] / [2t (dN_B/dx)_K],
    D_A = [N_A^+ integral_{-inf}^{x_K} Y dx - N_A^- integral_{x_K}^{+inf} (1 - Y) dx] / [2t (dN_A/dx)_K],

    with Y = (N - N^-)/(N^+ - N^-) (the same for A and B) and the site concentration C
    constant, so that C_i = C N_i and C cancels. x_K is where the inert markers placed at the
    initial interface are found after the anneal. No Matano plane is needed: the integrals
    contain it through the balance of areas, integral_{-inf}^{x_K} Y dx - integral_{x_K}^{inf} (1 - Y) dx
    = x_K - x_M. The result is the same as Darken's route (:func:`darken_route`) and obeys
    N_B D_A + N_A D_B = D~(N_K) (Sauer-Freise) and D_A - D_B = v_K/(dN_A/dx)_K.

    Parameters
    ----------
    x, N_A, t, smooth :
        As for :func:`matano`.
    x_K : float
        Position of the Kirkendall (marker) plane in the same frame as x, m. It must lie
        inside the diffusion zone: Y_RANGE[0] <= Y(x_K) <= Y_RANGE[1].

    Returns
    -------
    D_A, D_B : float
        m^2/s, at the composition N_A(x_K).

    References
    ----------
    Th. Heumann, Z. Phys. Chem. 201 (1952) 168; F. J. J. van Loo, Acta Metall. 18 (1970) 1107;
    Paul et al. (2014), ch. 3.
    """
    t = _validate.positive(t, "t", "s")
    return _heumann(smooth_profile(x, N_A, smooth=smooth), t, x_K)


def _heumann(profile, t, x_K):
    N_K, slope, left, right = _at_marker(profile, x_K)
    D_A = (profile.N_plus * left - profile.N_minus * right) / (2.0 * t * slope)
    D_B = ((1.0 - profile.N_plus) * left - (1.0 - profile.N_minus) * right) / (2.0 * t * -slope)
    return float(D_A), float(D_B)


@dataclass(frozen=True)
class Analysis:
    """Everything :func:`analyse` extracts from one measured profile (SI units).

    profile : the MeasuredProfile (smoothed once) the methods share.
    x_M : Matano plane, m.
    N, D_matano, D_sauer_freise : compositions inside Y_range and D~ there by each method, m^2/s.
    D_A, D_B : intrinsic diffusivities at the marker plane (Heumann / van Loo), m^2/s, or None
        when no marker position was given.
    """

    profile: MeasuredProfile
    x_M: float
    N: np.ndarray
    D_matano: np.ndarray
    D_sauer_freise: np.ndarray
    D_A: float | None
    D_B: float | None


def analyse(x, N_A, t, *, x_K=None, smooth=None, Y_range=Y_RANGE):
    """Boltzmann-Matano, Sauer-Freise and (with a marker position x_K) Heumann, from one smoothing.

    The same results as :func:`matano`, :func:`sauer_freise` and :func:`heumann`, but the profile
    is checked and smoothed once, which is what an interactive analysis needs (a smoothing spline
    costs more than the three integrals together).
    """
    t = _validate.positive(t, "t", "s")
    profile = smooth_profile(x, N_A, smooth=smooth)
    N_M, D_M = _matano(profile, t, Y_range)
    N_S, D_S = _sauer_freise(profile, t, Y_range)
    D_A = D_B = None
    if x_K is not None:
        D_A, D_B = _heumann(profile, t, x_K)
    return Analysis(profile=profile, x_M=profile.matano_plane(), N=N_S, D_matano=np.interp(N_S, N_M, D_M),
                    D_sauer_freise=D_S, D_A=D_A, D_B=D_B)


def darken_route(x, N_A, t, x_K, *, smooth=None, x_M=None):
    """Intrinsic diffusivities at the Kirkendall plane from the marker velocity (Darken's route).

    v_K = (x_K - x_M)/(2t),   D_A - D_B = v_K / (dN_A/dx)_K,   N_B D_A + N_A D_B = D~(N_K),

    solved for D_A and D_B:  D_A = D~ + N_A v_K/(dN_A/dx),  D_B = D~ - N_B v_K/(dN_A/dx).
    Markers at the initial interface move as x_K - x_M = k sqrt(t), hence v_K = dx_K/dt =
    (x_K - x_M)/(2t). D~(N_K) is taken from Sauer-Freise. With constant molar volume the
    initial interface is the Matano plane, which is the default for x_M.

    Parameters
    ----------
    x, N_A, t, x_K, smooth :
        As for :func:`heumann`.
    x_M : float, optional
        Position of the initial interface, m (default: the Matano plane of the profile).

    Returns
    -------
    D_A, D_B : float
        m^2/s, at the composition N_A(x_K).

    References
    ----------
    L. S. Darken, Trans. AIME 175 (1948) 184; Paul et al. (2014), ch. 3.
    """
    t = _validate.positive(t, "t", "s")
    profile = smooth_profile(x, N_A, smooth=smooth)
    N_K, slope, left, right = _at_marker(profile, x_K)
    if x_M is None:
        x_M = profile.matano_plane()
    x_M = float(_validate.finite(x_M, "x_M", "m"))
    Y_K = (N_K - profile.N_minus) / (profile.N_plus - profile.N_minus)
    dY_dx = slope / (profile.N_plus - profile.N_minus)
    D_tilde = ((1.0 - Y_K) * left + Y_K * right) / (2.0 * t * dY_dx)
    v_K = (float(x_K) - x_M) / (2.0 * t)
    D_A = D_tilde + N_K * v_K / slope
    D_B = D_tilde - (1.0 - N_K) * v_K / slope
    return float(D_A), float(D_B)


def _at_marker(profile, x_K):
    x_K = _validate.finite(x_K, "x_K", "m")
    if x_K.ndim != 0:
        raise ValueError(f"x_K must be a single position in m; got {_validate._show(x_K)}")
    x_K = float(x_K)
    lo, hi = float(profile.x_data[0]), float(profile.x_data[-1])
    if not lo <= x_K <= hi:
        raise ValueError(f"x_K must lie inside the profile, {lo:.6g} m <= x_K <= {hi:.6g} m; got {x_K!r}")
    N_K, slope, left, right = (float(v) for v in profile.at(x_K))
    Y_K = (N_K - profile.N_minus) / (profile.N_plus - profile.N_minus)
    if not Y_RANGE[0] <= Y_K <= Y_RANGE[1]:
        raise ValueError(
            f"x_K must lie inside the diffusion zone, where {Y_RANGE[0]} <= Y <= {Y_RANGE[1]}; at "
            f"x_K = {x_K:.6g} m the profile is flat (Y = {Y_K:.3g}) and D_A, D_B are ill-determined")
    return N_K, slope, left, right


# ------------------------------------------------------------- synthetic measurements


def synthetic_profile(result_or_profile, x_points, noise, seed=None, *, t=None):
    """A synthetic "measured" profile: a computed profile sampled at points, with Gaussian scatter.

    N_measured(x_i) = N_A(x_i) + noise * z_i,  z_i ~ Normal(0, 1), clipped to [0, 1],

    as from an electron-microprobe line scan. Seeded, hence reproducible.

    Parameters
    ----------
    result_or_profile : CoupleResult, SelfSimilarSolution or callable
        A :class:`~diffkit.couple.CoupleResult` (the output at time ``t``, default the last one;
        linear interpolation between cell centres), a
        :class:`~diffkit.couple.SelfSimilarSolution` (needs ``t``), or a function x -> N_A.
    x_points : int or (n,) array_like
        Positions to sample, m, strictly increasing; or a number of points n >= 5, evenly spread
        over the computed profile's span (a CoupleResult's cell centres, or a
        SelfSimilarSolution's span at time t; a plain function needs positions).
    noise : float
        Standard deviation of the scatter, in mole fraction, >= 0 (0.01 for "1 % noise").
    seed : None, int or numpy.random.Generator
        Seed of the random numbers.
    t : float, optional
        Time, s: selects a CoupleResult's output (must be one of ``result.t``) or sets the time
        of a SelfSimilarSolution.

    Returns
    -------
    x, N_A : ndarrays
        Positions (m) and the noisy mole fractions of A.
    """
    sigma = _validate.finite(noise, "noise")
    if sigma.ndim != 0 or sigma < 0:
        raise ValueError(f"noise is a standard deviation of the mole fraction and must be >= 0; got {noise!r}")
    function, span = _profile_function(result_or_profile, t)
    if isinstance(x_points, (int, np.integer)) and not isinstance(x_points, bool):
        if x_points < MIN_POINTS:
            raise ValueError(f"x_points must be a number of points >= {MIN_POINTS} or an array of "
                             f"positions in m; got {x_points!r}")
        if span is None:
            raise ValueError("x_points must be an array of positions (m) when the profile is a plain function")
        x = np.linspace(span[0], span[1], int(x_points))
    else:
        x = _positions(x_points, "x_points")
    exact = np.asarray(function(x), dtype=float)
    rng = np.random.default_rng(seed)
    measured = np.clip(exact + float(sigma) * rng.standard_normal(x.size), 0.0, 1.0)
    return x, measured


def _profile_function(source, t):
    """A function x -> N_A and the span (m) of the computed profile (or None)."""
    from .couple import CoupleResult, SelfSimilarSolution

    if isinstance(source, CoupleResult):
        if t is None:
            k = source.t.size - 1
        else:
            t = _validate.positive(t, "t", "s")
            hits = np.flatnonzero(np.isclose(source.t, t, rtol=1e-12, atol=0.0))
            if hits.size == 0:
                raise ValueError(f"t must be one of the result's output times {source.t!r} s; got {t!r}")
            k = int(hits[0])
        N = source.N_A[k]
        return (lambda xq: np.interp(xq, source.x, N)), (float(source.x[0]), float(source.x[-1]))
    if isinstance(source, SelfSimilarSolution):
        if t is None:
            raise ValueError("t (s, > 0) is needed to sample a SelfSimilarSolution")
        t = _validate.positive(t, "t", "s")
        root_t = np.sqrt(t)
        return (lambda xq: source.profile(xq, t)), (float(source.lam[0] * root_t), float(source.lam[-1] * root_t))
    if callable(source):
        return source, None
    raise ValueError("result_or_profile must be a CoupleResult, a SelfSimilarSolution or a function x -> N_A; "
                     f"got {type(source).__name__}")


# ------------------------------------------------------------------------ input checks


def _positions(x, name="x"):
    arr = _validate.finite(x, name, "m")
    if arr.ndim != 1 or arr.size < MIN_POINTS:
        raise ValueError(f"{name} must be a 1-D array of at least {MIN_POINTS} positions in m; got shape {arr.shape}")
    if np.any(np.diff(arr) <= 0):
        raise ValueError(f"{name} must be strictly increasing (positions in m)")
    return arr


def _composition(N_A, x):
    arr = np.asarray(N_A, dtype=float)
    if arr.shape != x.shape:
        raise ValueError(f"N_A must have the same shape as x, {x.shape}; got {arr.shape}")
    # a solver's profile may overshoot [0, 1] by round-off: accept that, clipped; reject the rest
    inside = (arr >= -ROUND_OFF) & (arr <= 1.0 + ROUND_OFF)
    _validate.mole_fraction(np.where(inside, np.clip(arr, 0.0, 1.0), arr), "N_A")
    return np.clip(arr, 0.0, 1.0)


def _smoothing_parameter(smooth):
    if isinstance(smooth, str):
        if smooth != "spline":
            raise ValueError(f"smooth must be None, 'spline' or a number lam >= 0; got {smooth!r}")
        return None
    lam = _validate.finite(smooth, "smooth")
    if lam.ndim != 0 or lam < 0:
        raise ValueError(f"smooth must be None, 'spline' or a number lam >= 0; got {smooth!r}")
    return float(lam)


def _y_range(Y_range):
    try:
        lo, hi = (float(v) for v in Y_range)
    except (TypeError, ValueError):
        raise ValueError(f"Y_range must be a pair (lo, hi) with 0 <= lo < hi <= 1; got {Y_range!r}") from None
    if not 0.0 <= lo < hi <= 1.0:
        raise ValueError(f"Y_range must be a pair (lo, hi) with 0 <= lo < hi <= 1; got {Y_range!r}")
    return lo, hi
