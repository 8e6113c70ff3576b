"""Solution models of a binary A–B alloy: Gibbs energy, activities, thermodynamic factor.

``N_A`` is the mole fraction of A and ``N_B = 1 - N_A``; energies are in J/mol,
temperatures in K. Every method accepts scalars or numpy arrays, broadcast against
each other.

The thermodynamic factor

    Φ = 1 + ∂lnγ_A/∂lnN_A = 1 + ∂lnγ_B/∂lnN_B = (N_A N_B / RT) ∂²G_m/∂N_A²

is the same for both species (Gibbs–Duhem). It converts tracer diffusivities into
intrinsic ones (Darken): Φ > 1 speeds interdiffusion up, 0 < Φ < 1 slows it down and
Φ < 0 (inside the spinodal) makes it run uphill.

References
----------
O. Redlich and A. T. Kister, Ind. Eng. Chem. 40 (1948) 345.
H. L. Lukas, S. G. Fries and B. Sundman, *Computational Thermodynamics: The Calphad
Method* (Cambridge University Press, 2007), ch. 5.
D. A. Porter, K. E. Easterling and M. Y. Sherif, *Phase Transformations in Metals and
Alloys*, 3rd ed. (CRC Press, 2009), ch. 1 and ch. 5.
"""

from __future__ import annotations

import numpy as np
from numpy.polynomial import Polynomial
from scipy.optimize import brentq
from scipy.special import expit, xlogy

from . import _validate
from .constants import R

__all__ = ["RedlichKister", "Ideal", "Regular"]


class RedlichKister:
    """Binary substitutional solution with a Redlich–Kister excess Gibbs energy.

    G_ex = N_A N_B Σ_k L_k (N_A − N_B)^k   (J/mol)

    Parameters
    ----------
    coeffs : sequence of float
        The interaction parameters ``[L_0, L_1, ...]`` in J/mol. An empty sequence is
        the ideal solution; ``[Ω]`` is the regular solution.

    Notes
    -----
    G_ex is held as a polynomial in N_A (``numpy.polynomial.Polynomial``), so its
    derivatives, and with them the activity coefficients and Φ, are exact.

    References
    ----------
    O. Redlich and A. T. Kister, Ind. Eng. Chem. 40 (1948) 345.
    """

    def __init__(self, coeffs):
        coeffs = _validate.finite(coeffs, "coeffs", "J/mol")
        if coeffs.ndim != 1:
            raise ValueError(f"coeffs must be a flat sequence [L_0, L_1, ...] in J/mol; got shape {coeffs.shape}")
        self.coeffs = tuple(float(c) for c in coeffs)
        n_a = Polynomial([0.0, 1.0])
        self._series = sum((L * (2.0 * n_a - 1.0) ** k for k, L in enumerate(self.coeffs)), Polynomial([0.0]))
        excess = n_a * (1.0 - n_a) * self._series
        self._dg_ex = excess.deriv(1)
        self._d2g_ex = excess.deriv(2)

    def __repr__(self):
        return f"{type(self).__name__}(coeffs={list(self.coeffs)!r})"

    def excess_gibbs(self, N_A):
        """Excess molar Gibbs energy of mixing.

        G_ex = N_A N_B Σ_k L_k (N_A − N_B)^k

        Parameters
        ----------
        N_A : float or array_like
            Mole fraction of A, in [0, 1].

        Returns
        -------
        G_ex : float or ndarray
            J/mol; exactly 0 at N_A = 0 and N_A = 1.

        References
        ----------
        O. Redlich and A. T. Kister, Ind. Eng. Chem. 40 (1948) 345.
        """
        N_A = _validate.mole_fraction(N_A)
        # The N_A N_B prefactor is kept as a product so the pure ends give exactly 0.
        return N_A * (1.0 - N_A) * self._series(N_A)

    def gibbs_mixing(self, N_A, T):
        """Molar Gibbs energy of mixing.

        G_m = G_ex + RT (N_A ln N_A + N_B ln N_B), with 0 ln 0 = 0

        Parameters
        ----------
        N_A : float or array_like
            Mole fraction of A, in [0, 1].
        T : float or array_like
            Temperature, K (> 0).

        Returns
        -------
        G_m : float or ndarray
            J/mol, relative to the pure components; exactly 0 at N_A = 0 and 1.

        References
        ----------
        Porter, Easterling and Sherif, Phase Transformations in Metals and Alloys,
        3rd ed. (2009), ch. 1.
        """
        N_A = _validate.mole_fraction(N_A)
        T = _validate.temperature(T)
        N_B = 1.0 - N_A
        return self.excess_gibbs(N_A) + R * T * (xlogy(N_A, N_A) + xlogy(N_B, N_B))

    def d2g_dN2(self, N_A, T):
        """Curvature of the Gibbs energy of mixing.

        ∂²G_m/∂N_A² = G_ex''(N_A) + RT / (N_A N_B)

        Parameters
        ----------
        N_A : float or array_like
            Mole fraction of A, in [0, 1].
        T : float or array_like
            Temperature, K (> 0).

        Returns
        -------
        curvature : float or ndarray
            J/mol; +inf at the pure ends, where the entropy of mixing diverges.
            Negative inside the spinodal.

        References
        ----------
        Porter, Easterling and Sherif (2009), ch. 5 (spinodal decomposition).
        """
        N_A = _validate.mole_fraction(N_A)
        T = _validate.temperature(T)
        N_AN_B = N_A * (1.0 - N_A)
        RT = R * T
        ideal = np.divide(RT, N_AN_B, out=np.full(np.broadcast(RT, N_AN_B).shape, np.inf), where=N_AN_B > 0)
        return (self._d2g_ex(N_A) + ideal)[()]

    def _rt_ln_gamma(self, N_A):
        """RT ln γ_A and RT ln γ_B (J/mol), the partial molar excess Gibbs energies.

        RT ln γ_A = G_ex + N_B dG_ex/dN_A,   RT ln γ_B = G_ex − N_A dG_ex/dN_A
        (Lukas, Fries and Sundman 2007, ch. 5). Finite at the pure ends, where they
        are the limits (Henry's law for the dilute species, 0 for the solvent).
        """
        g_ex = self.excess_gibbs(N_A)
        slope = self._dg_ex(N_A)
        return g_ex + (1.0 - N_A) * slope, g_ex - N_A * slope

    def activity_coefficients(self, N_A, T):
        """Activity coefficients γ_A and γ_B (Raoultian standard state: pure A, pure B).

        RT ln γ_A = G_ex + N_B dG_ex/dN_A,   RT ln γ_B = G_ex − N_A dG_ex/dN_A

        Parameters
        ----------
        N_A : float or array_like
            Mole fraction of A, in [0, 1].
        T : float or array_like
            Temperature, K (> 0).

        Returns
        -------
        gamma_A, gamma_B : float or ndarray
            Dimensionless. At the pure ends they are the limits: γ = 1 for the
            solvent and the Henry's-law coefficient for the infinitely dilute species.

        References
        ----------
        Lukas, Fries and Sundman, Computational Thermodynamics (2007), ch. 5.
        """
        N_A = _validate.mole_fraction(N_A)
        T = _validate.temperature(T)
        rt_ln_gamma_A, rt_ln_gamma_B = self._rt_ln_gamma(N_A)
        return np.exp(rt_ln_gamma_A / (R * T)), np.exp(rt_ln_gamma_B / (R * T))

    def activities(self, N_A, T):
        """Raoultian activities a_A and a_B.

        a_A = γ_A N_A,   a_B = γ_B N_B

        Parameters
        ----------
        N_A : float or array_like
            Mole fraction of A, in [0, 1].
        T : float or array_like
            Temperature, K (> 0).

        Returns
        -------
        a_A, a_B : float or ndarray
            Dimensionless; a_i = 0 where N_i = 0 and a_i = 1 for the pure component.

        References
        ----------
        Porter, Easterling and Sherif (2009), ch. 1.
        """
        N_A = _validate.mole_fraction(N_A)
        gamma_A, gamma_B = self.activity_coefficients(N_A, T)
        return gamma_A * N_A, gamma_B * (1.0 - N_A)

    def chemical_potentials(self, N_A, T):
        """Chemical potentials relative to the pure components.

        μ_i − μ_i° = RT ln a_i = RT ln N_i + RT ln γ_i

        Parameters
        ----------
        N_A : float or array_like
            Mole fraction of A, in [0, 1].
        T : float or array_like
            Temperature, K (> 0).

        Returns
        -------
        mu_A, mu_B : float or ndarray
            J/mol. Where a species is absent (N_i = 0) its chemical potential is
            -inf, the limit of RT ln N_i; no warning is issued.

        References
        ----------
        Porter, Easterling and Sherif (2009), ch. 1.
        """
        N_A = _validate.mole_fraction(N_A)
        T = _validate.temperature(T)
        RT = R * T
        rt_ln_gamma_A, rt_ln_gamma_B = self._rt_ln_gamma(N_A)
        return RT * _log_or_minus_inf(N_A) + rt_ln_gamma_A, RT * _log_or_minus_inf(1.0 - N_A) + rt_ln_gamma_B

    def phi(self, N_A, T):
        """Thermodynamic factor Φ, the same for both species (Gibbs–Duhem).

        Φ = 1 + ∂lnγ_A/∂lnN_A = (N_A N_B / RT) ∂²G_m/∂N_A² = 1 + N_A N_B G_ex''(N_A) / (RT)

        Parameters
        ----------
        N_A : float or array_like
            Mole fraction of A, in [0, 1].
        T : float or array_like
            Temperature, K (> 0).

        Returns
        -------
        phi : float or ndarray
            Dimensionless; 1 for the ideal solution and at the pure ends, 0 on the
            spinodal, negative inside it (uphill diffusion).

        References
        ----------
        L. S. Darken, Trans. AIME 175 (1948) 184; H. Mehrer, Diffusion in Solids
        (Springer, 2007), ch. 10.
        """
        N_A = _validate.mole_fraction(N_A)
        T = _validate.temperature(T)
        return 1.0 + N_A * (1.0 - N_A) * self._d2g_ex(N_A) / (R * T)


class Ideal(RedlichKister):
    """Ideal solution: G_ex = 0, so γ_A = γ_B = 1 and Φ = 1.

    Reference: Porter, Easterling and Sherif (2009), ch. 1.
    """

    def __init__(self):
        super().__init__([])

    def __repr__(self):
        return "Ideal()"


class Regular(RedlichKister):
    """Regular solution: G_ex = Ω N_A N_B, hence Φ = 1 − 2 Ω N_A N_B / (RT).

    Parameters
    ----------
    omega : float
        Interaction parameter Ω in J/mol. Ω < 0 (A–B bonds favoured) gives Φ > 1;
        Ω > 0 lowers Φ and opens a symmetric miscibility gap below T_c = Ω / (2R).

    References
    ----------
    Porter, Easterling and Sherif (2009), ch. 1 and ch. 5.
    """

    def __init__(self, omega):
        omega = _validate.finite(omega, "omega", "J/mol")
        if omega.ndim != 0:
            raise ValueError(f"omega must be a single number in J/mol; got shape {omega.shape}")
        super().__init__([float(omega)])

    @property
    def omega(self):
        """The interaction parameter Ω, J/mol."""
        return self.coeffs[0]

    def __repr__(self):
        return f"Regular(omega={self.omega!r})"

    def critical_temperature(self):
        """Critical (consolute) temperature of the miscibility gap.

        T_c = Ω / (2R)   for Ω > 0

        Returns
        -------
        T_c : float
            K. 0.0 when Ω <= 0: there is no miscibility gap at any temperature.

        References
        ----------
        Porter, Easterling and Sherif (2009), ch. 1.
        """
        return self.omega / (2.0 * R) if self.omega > 0 else 0.0

    def _gap_depth(self, T):
        """1 − T/T_c = 1 − 2RT/Ω: positive below T_c, NaN when Ω <= 0 (no gap)."""
        T = _validate.temperature(T)
        if self.omega <= 0:
            return np.full(T.shape, np.nan)[()]
        return 1.0 - 2.0 * R * T / self.omega

    def spinodal(self, T):
        """Compositions where Φ = 0 (∂²G_m/∂N_A² = 0).

        N = ½ (1 ± sqrt(1 − 2RT/Ω))

        Parameters
        ----------
        T : float or array_like
            Temperature, K (> 0).

        Returns
        -------
        N_low, N_high : float or ndarray
            Mole fractions of A, N_low <= ½ <= N_high. They merge at ½ as T → T_c and
            are NaN above T_c, or at every T when Ω <= 0 (no spinodal).

        References
        ----------
        Porter, Easterling and Sherif (2009), ch. 5 (spinodal decomposition).
        """
        depth = self._gap_depth(T)
        half_width = 0.5 * np.sqrt(np.where(depth >= 0, depth, np.nan))
        return 0.5 - half_width, 0.5 + half_width

    def binodal(self, T):
        """Compositions of the two coexisting phases (the symmetric miscibility gap).

        By symmetry the common tangent is horizontal, so N_low solves
        ln(N/(1 − N)) = Ω (2N − 1) / (RT) with N < ½, and N_high = 1 − N_low.
        With N = 1/(1 + e^{2x}) this is tanh(x)/x = 2RT/Ω, which is solved for x > 0
        by ``scipy.optimize.brentq``; the substitution keeps N_low accurate even when
        it is as small as e^(−Ω/RT).

        Parameters
        ----------
        T : float or array_like
            Temperature, K (> 0).

        Returns
        -------
        N_low, N_high : float or ndarray
            Mole fractions of A, N_low < spinodal < N_high = 1 − N_low. They merge at ½
            as T → T_c and are NaN above T_c, or at every T when Ω <= 0 (no miscibility
            gap).

        References
        ----------
        Porter, Easterling and Sherif (2009), ch. 1; the same equation is the
        mean-field (Bragg–Williams) equation of state.
        """
        depth = np.asarray(self._gap_depth(T), dtype=float)
        N_low = np.array([self._binodal_low(d) for d in depth.ravel()]).reshape(depth.shape)[()]
        return N_low, 1.0 - N_low

    def _binodal_low(self, depth):
        """N_low for one value of 1 − T/T_c."""
        if not depth > 0:
            return 0.5 if depth == 0 else np.nan
        k = 2.0 / (1.0 - depth)  # Ω/(RT)
        # g(x) > 0 at x_lo (tanh x >= x − x³/3 gives g >= 3kδx/4) and g <= 0 at x = k/2.
        x_lo = 0.5 * np.sqrt(3.0 * depth)
        x = brentq(lambda x: k * np.tanh(x) - 2.0 * x, x_lo, 0.5 * k, xtol=1e-15, rtol=4 * np.finfo(float).eps)
        return expit(-2.0 * x)


def _log_or_minus_inf(x):
    """ln x, with -inf (and no warning) where x = 0."""
    return np.log(x, out=np.full(np.shape(x), -np.inf), where=x > 0)[()]
