"""Tests of diffkit.kinetics: Arrhenius, correlation factors, Darken's and Manning's relations."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diffkit.constants import R
from diffkit.kinetics import (
    COORDINATION,
    CORRELATION_FACTORS,
    arrhenius,
    correlation_factor,
    darken_interdiffusivity,
    intrinsic_diffusivities,
    kirkendall_velocity,
    manning_factors,
    manning_interdiffusivity,
    manning_m0,
)

LATTICES = ["honeycomb", "square", "diamond", "triangular", "sc", "bcc", "fcc"]


# --- Arrhenius -------------------------------------------------------------------------

def test_arrhenius_copper_self_diffusion():
    D0, Q, T = 7.8e-5, 211e3, 1000.0
    expected = 7.8e-5 * math.exp(-211000.0 / (8.314462618 * 1000.0))
    assert arrhenius(D0, Q, T) == pytest.approx(expected, rel=1e-14)
    assert arrhenius(D0, Q, T) == pytest.approx(7.4268e-16, rel=1e-4)


def test_arrhenius_slope_is_minus_Q_over_R():
    Q = 211e3
    T = np.linspace(700.0, 1300.0, 13)
    slope, _ = np.polyfit(1.0 / T, np.log(arrhenius(7.8e-5, Q, T)), 1)
    assert slope == pytest.approx(-Q / R, rel=1e-9)


@pytest.mark.parametrize(
    "args, name",
    [((-1e-5, 2e5, 1000.0), "D0"), ((np.nan, 2e5, 1000.0), "D0"), ((1e-5, np.inf, 1000.0), "Q"),
     ((1e-5, 2e5, 0.0), "T"), ((1e-5, 2e5, -5.0), "T")],
)
def test_arrhenius_rejects_bad_input(args, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        arrhenius(*args)


# --- correlation factors -----------------------------------------------------------------

def test_correlation_factors_values():
    assert set(CORRELATION_FACTORS) == set(LATTICES) == set(COORDINATION)
    assert CORRELATION_FACTORS["square"] == pytest.approx(1.0 / (math.pi - 1.0), abs=1e-12)
    assert CORRELATION_FACTORS["honeycomb"] == pytest.approx(1.0 / 3.0, abs=1e-15)
    assert CORRELATION_FACTORS["diamond"] == 0.5
    # Koiwa & Ishioka 1983 / Mehrer Table 7.2, to the 6 digits quoted there
    for lattice, f0 in [("square", 0.466942), ("triangular", 0.560057), ("sc", 0.653109), ("bcc", 0.727194),
                        ("fcc", 0.781451)]:
        assert CORRELATION_FACTORS[lattice] == pytest.approx(f0, abs=5e-7), lattice


def test_correlation_factors_ordering():
    values = [CORRELATION_FACTORS[lattice] for lattice in LATTICES]
    assert all(a < b for a, b in zip(values, values[1:]))


def test_correlation_factors_against_the_back_jump_estimate():
    # f0 ≈ 1 − 2/z counts only immediate back-jumps: exact for honeycomb and diamond,
    # too high on the other lattices, where the vacancy also returns round rings.
    for lattice in LATTICES:
        estimate = 1.0 - 2.0 / COORDINATION[lattice]
        if lattice in ("honeycomb", "diamond"):
            assert CORRELATION_FACTORS[lattice] == pytest.approx(estimate, abs=1e-15)
        else:
            assert estimate - 0.11 < CORRELATION_FACTORS[lattice] < estimate


def test_correlation_factor_lookup():
    assert correlation_factor("fcc") == CORRELATION_FACTORS["fcc"]
    assert correlation_factor(" BCC ") == CORRELATION_FACTORS["bcc"]
    with pytest.raises(ValueError, match=r"lattice must be one of .*fcc.*; got 'hcp'"):
        correlation_factor("hcp")
    with pytest.raises(ValueError, match="lattice"):
        manning_factors(0.5, 1.0, 1.0, lattice="bct")


def test_manning_m0():
    f0 = CORRELATION_FACTORS["fcc"]
    assert manning_m0("fcc") == pytest.approx(2 * f0 / (1 - f0), rel=1e-15)
    assert manning_m0("fcc") == pytest.approx(7.15128, rel=1e-5)
    assert manning_m0("diamond") == pytest.approx(2.0, rel=1e-15)


# --- Darken and the Kirkendall velocity ---------------------------------------------------

def test_darken_interdiffusivity():
    assert darken_interdiffusivity(0.25, 4e-14, 1e-14) == pytest.approx(0.75 * 4e-14 + 0.25 * 1e-14, rel=1e-15)
    # dilute limits: D̃ is the intrinsic diffusivity of the dilute species
    np.testing.assert_array_equal(darken_interdiffusivity([0.0, 1.0], 4e-14, 1e-14), [4e-14, 1e-14])
    # inside a spinodal intrinsic diffusivities are negative: D̃ < 0, uphill diffusion
    assert darken_interdiffusivity(0.5, -2e-14, -1e-14) < 0


@pytest.mark.parametrize(
    "args, name",
    [((1.2, 1e-14, 1e-14), "N_A"), ((-0.1, 1e-14, 1e-14), "N_A"), ((0.5, np.nan, 1e-14), "D_A"),
     ((0.5, 1e-14, np.inf), "D_B")],
)
def test_darken_interdiffusivity_rejects_bad_input(args, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        darken_interdiffusivity(*args)


def test_kirkendall_velocity_sign():
    # A on the left (dN_A/dx < 0), A faster: the markers move left, toward A's side
    v = kirkendall_velocity(D_A=2e-14, D_B=1e-14, dNA_dx=-1e4)
    assert v == pytest.approx(-1e-10, rel=1e-15)
    assert kirkendall_velocity(1e-14, 2e-14, -1e4) > 0
    assert kirkendall_velocity(1e-14, 1e-14, -1e4) == 0
    with pytest.raises(ValueError, match="dNA_dx"):
        kirkendall_velocity(1e-14, 2e-14, np.nan)


# --- Manning's vacancy wind -------------------------------------------------------------------

def test_manning_factors_by_hand_fcc():
    f0 = 0.781451
    M0 = 2 * f0 / (1 - f0)
    N_A, N_B, Da, Db = 0.5, 0.5, 10.0, 1.0
    r_A = 1 + 2 * N_A * (Da - Db) / (M0 * (N_A * Da + N_B * Db))
    r_B = 1 - 2 * N_B * (Da - Db) / (M0 * (N_A * Da + N_B * Db))
    S = 1 + 2 * N_A * N_B * (Da - Db) ** 2 / (M0 * (N_A * Da + N_B * Db) * (N_B * Da + N_A * Db))
    got = manning_factors(N_A, Da, Db, "fcc")
    np.testing.assert_allclose(got, [r_A, r_B, S], rtol=2e-6)
    # the numbers: r_A = 1 + 9/(5.5 M0) = 1.22882 (not 1.20), r_B = 0.77118, S = 1.18722
    np.testing.assert_allclose(got, [1.228821, 0.771179, 1.187217], atol=2e-6)


@pytest.mark.parametrize("lattice", LATTICES)
def test_vacancy_wind_favours_the_faster_species(lattice):
    N_A = np.linspace(0.0, 1.0, 21)
    r_A, r_B, S = manning_factors(N_A, 5e-14, 1e-14, lattice)
    assert np.all(r_A[1:] > 1.0) and np.all(r_B[:-1] < 1.0) and np.all(S[1:-1] > 1.0)
    r_A, r_B, S = manning_factors(N_A, 1e-14, 5e-14, lattice)
    assert np.all(r_A[1:] < 1.0) and np.all(r_B[:-1] > 1.0) and np.all(S[1:-1] > 1.0)
    # the faster species' own factor is 1 only where it is absent
    assert manning_factors(0.0, 5e-14, 1e-14, lattice)[0] == 1.0


def test_no_wind_for_equal_tracer_diffusivities():
    r_A, r_B, S = manning_factors(np.linspace(0, 1, 11), 3e-14, 3e-14)
    assert np.all(r_A == 1.0) and np.all(r_B == 1.0) and np.all(S == 1.0)


def test_immobile_atoms_give_no_wind_and_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r_A, r_B, S = manning_factors(np.linspace(0, 1, 5), 0.0, 0.0)
        assert np.all(r_A == 1.0) and np.all(r_B == 1.0) and np.all(S == 1.0)
        # pure B whose tracer diffusivity is zero
        assert manning_factors(0.0, 1e-14, 0.0) == (1.0, 1.0, 1.0)
        assert manning_interdiffusivity(0.5, 0.0, 0.0) == 0.0


@pytest.mark.parametrize("lattice", LATTICES)
def test_manning_model_limits(lattice):
    f0 = CORRELATION_FACTORS[lattice]
    N_A = np.linspace(0.01, 0.99, 99)
    # S < 1/f0 when both species move; S = r_fast = 1/f0 when the slow one is frozen
    _, _, S = manning_factors(N_A, 1e-11, 1e-17, lattice)
    assert np.all(S >= 1.0) and np.all(S < 1.0 / f0)
    r_A, r_B, S = manning_factors(N_A, 1e-14, 0.0, lattice)
    np.testing.assert_allclose(S, 1.0 / f0, rtol=1e-13)
    np.testing.assert_allclose(r_A, 1.0 / f0, rtol=1e-13)
    # ... and r_B < 0 below Manning's percolation limit N_A = 1 - f0
    np.testing.assert_array_equal(r_B < 0, N_A < 1.0 - f0)
    assert manning_factors(1.0 - f0, 1e-14, 0.0, lattice)[1] == pytest.approx(0.0, abs=1e-12)


def test_manning_agrees_with_its_onsager_coefficients():
    # Manning's L_ij in units of n/kT: L_AA = N_A D_A*(1 + 2 N_A D_A*/(M0 Σ)),
    # L_AB = 2 N_A N_B D_A* D_B*/(M0 Σ); then D_A/Φ = L_AA/N_A − L_AB/N_B (Onsager route)
    rng = np.random.default_rng(1)
    N_A = rng.uniform(0.01, 0.99, 200)
    N_B = 1 - N_A
    Da = 10 ** rng.uniform(-16, -12, 200)
    Db = 10 ** rng.uniform(-16, -12, 200)
    M0 = manning_m0("bcc")
    total = N_A * Da + N_B * Db
    L_AA = N_A * Da * (1 + 2 * N_A * Da / (M0 * total))
    L_BB = N_B * Db * (1 + 2 * N_B * Db / (M0 * total))
    L_AB = 2 * N_A * N_B * Da * Db / (M0 * total)
    D_A, D_B = intrinsic_diffusivities(N_A, Da, Db, phi=1.0, vacancy_wind=True, lattice="bcc")
    np.testing.assert_allclose(D_A, L_AA / N_A - L_AB / N_B, rtol=1e-12)
    np.testing.assert_allclose(D_B, L_BB / N_B - L_AB / N_A, rtol=1e-12)


def test_intrinsic_diffusivities_darken_and_manning():
    N_A, Da, Db, phi = 0.3, 4e-14, 1e-14, 0.8
    assert intrinsic_diffusivities(N_A, Da, Db, phi) == (Da * phi, Db * phi)
    D_A, D_B = intrinsic_diffusivities(N_A, Da, Db, phi, vacancy_wind=True, lattice="fcc")
    # the wind widens the gap D_A − D_B by exactly 2 Φ (D_A* − D_B*)/M0: a larger marker shift
    assert (D_A - D_B) - phi * (Da - Db) == pytest.approx(2 * phi * (Da - Db) / manning_m0("fcc"), rel=1e-12)
    with pytest.raises(ValueError, match="DA_tracer"):
        intrinsic_diffusivities(N_A, -1e-14, Db)
    with pytest.raises(ValueError, match="DB_tracer"):
        manning_factors(N_A, Da, -1e-14)
    with pytest.raises(ValueError, match="phi"):
        intrinsic_diffusivities(N_A, Da, Db, phi=np.nan)
    with pytest.raises(ValueError, match="N_A"):
        manning_factors(1.2, Da, Db)


def test_manning_interdiffusivity_identity_random_arrays():
    rng = np.random.default_rng(7)
    n = 1000
    N_A = rng.uniform(0.0, 1.0, n)
    Db = 10 ** rng.uniform(-17, -12, n)
    Da = Db * 10 ** rng.uniform(-3, 3, n)
    phi = rng.uniform(-2.0, 4.0, n)
    for lattice in LATTICES:
        D_A, D_B = intrinsic_diffusivities(N_A, Da, Db, phi, vacancy_wind=True, lattice=lattice)
        _, _, S = manning_factors(N_A, Da, Db, lattice)
        expected = ((1 - N_A) * Da + N_A * Db) * phi * S
        np.testing.assert_allclose(darken_interdiffusivity(N_A, D_A, D_B), expected, rtol=1e-12)
        np.testing.assert_allclose(manning_interdiffusivity(N_A, Da, Db, phi, lattice), expected, rtol=1e-12)
        assert np.all(S >= 1.0)


@settings(max_examples=300, deadline=None)
@given(
    N_A=st.floats(0.0, 1.0),
    log_DB=st.floats(-20.0, -8.0),
    log_ratio=st.floats(-3.0, 3.0),
    phi=st.floats(-5.0, 5.0),
    lattice=st.sampled_from(LATTICES),
)
def test_manning_identity_property(N_A, log_DB, log_ratio, phi, lattice):
    Db = 10.0**log_DB
    Da = Db * 10.0**log_ratio
    D_A, D_B = intrinsic_diffusivities(N_A, Da, Db, phi, vacancy_wind=True, lattice=lattice)
    via_darken = darken_interdiffusivity(N_A, D_A, D_B)
    via_manning = manning_interdiffusivity(N_A, Da, Db, phi, lattice)
    assert via_darken == pytest.approx(via_manning, rel=1e-12, abs=1e-300)
    r_A, r_B, S = manning_factors(N_A, Da, Db, lattice)
    assert 1.0 <= S <= 1.0 / CORRELATION_FACTORS[lattice] * (1 + 1e-15)
    faster_A = np.sign(log_ratio)  # +1: A faster, -1: B faster, 0: equal
    assert np.sign(r_A - 1.0) in (0.0, faster_A) and np.sign(1.0 - r_B) in (0.0, faster_A)
    if abs(log_ratio) > 1e-6 and 1e-6 < N_A < 1.0 - 1e-6:  # far enough from 1 to resolve in floats
        assert np.sign(r_A - 1.0) == np.sign(1.0 - r_B) == faster_A


# ------------------------------------------------------------ the vacancy mechanism

from diffkit import data  # noqa: E402
from diffkit.constants import EV, N_AVOGADRO  # noqa: E402
from diffkit.kinetics import jump_frequency, vacancy_diffusivity, vacancy_site_fraction  # noqa: E402

EV_MOL = EV * N_AVOGADRO


def test_vacancy_diffusivity_is_arrhenius_with_q_equal_ef_plus_em():
    kw = dict(a=2.55e-10, z=12, nu=1e13, E_f=1.28 * EV_MOL, E_m=0.70 * EV_MOL, f=0.78145, S_f=1.5 * 8.314462618)
    T = np.array([900.0, 1100.0, 1300.0])
    D = vacancy_diffusivity(T, **kw)
    slope = np.polyfit(1 / T, np.log(D), 1)[0]
    assert -slope * 8.314462618 == pytest.approx(kw["E_f"] + kw["E_m"], rel=1e-10)
    D0 = kw["f"] * kw["a"] ** 2 * kw["z"] * kw["nu"] * np.exp(1.5) / 6
    np.testing.assert_allclose(D, D0 * np.exp(-(kw["E_f"] + kw["E_m"]) / (8.314462618 * T)), rtol=1e-12)


def test_vacancy_fraction_of_copper_near_melting_is_of_order_1e_4():
    # E_f = 1.28 eV, S_f about 1.5 k: c_v(T_m) ~ 1e-4 (the textbook order of magnitude)
    c = vacancy_site_fraction(1357.77, 1.28 * EV_MOL, 1.5 * 8.314462618)
    assert 5e-5 < c < 5e-4


def test_jump_frequency_and_vacancy_fraction_reject_bad_input():
    with pytest.raises(ValueError, match="T"):
        vacancy_site_fraction(0.0, 1e5)
    with pytest.raises(ValueError, match="E_f"):
        vacancy_site_fraction(300.0, -1.0)
    with pytest.raises(ValueError, match="nu"):
        jump_frequency(300.0, 0.0, 1e5)
    with pytest.raises(ValueError, match="f"):
        vacancy_diffusivity(1000.0, a=2.5e-10, z=12, nu=1e13, E_f=1e5, E_m=1e5, f=1.2)


def test_model_with_measured_energies_reproduces_measured_copper_diffusion():
    """With E_f, E_m from vacancy data and a plausible entropy, the model lands on the tracer data."""
    lat = data.lattice_parameters()["Cu"]
    vac = data.vacancy_energies()["Cu"]
    meas = data.self_diffusion()["Cu"]
    T = 1200.0
    D_model = vacancy_diffusivity(T, a=lat.jump_length, z=lat.z, nu=1e13, E_f=vac.E_f, E_m=vac.E_m, f=0.78145)
    ratio = meas.D(T) / D_model
    # two known factors separate model and measurement: the entropy exp((S_f + S_m)/k) and the
    # 0.19 eV by which E_f + E_m falls short of the measured Q, exp(-(Q - E_f - E_m)/RT)
    deficit = np.exp(-(meas.Q - vac.E_f - vac.E_m) / (8.314462618 * T))
    entropy = ratio / deficit
    assert np.log(entropy) == pytest.approx(4.20, abs=0.02)  # (S_f + S_m)/k, as lecture 01 finds by its fit
    # and with the activation energy taken from the measurement, the prefactor alone carries the entropy
    D_same_Q = vacancy_diffusivity(T, a=lat.jump_length, z=lat.z, nu=1e13, E_f=meas.Q - vac.E_m, E_m=vac.E_m,
                                   f=0.78145)
    assert meas.D(T) / D_same_Q == pytest.approx(entropy, rel=1e-9)


def test_atom_jump_rate_is_z_cv_gamma():
    from diffkit.kinetics import atom_jump_rate

    T, Ef, Em = 1300.0, 1.28 * EV_MOL, 0.70 * EV_MOL
    rate = atom_jump_rate(T, z=12, nu=1e13, E_f=Ef, E_m=Em, S_f=1.5 * 8.314462618)
    assert rate == pytest.approx(12 * vacancy_site_fraction(T, Ef, 1.5 * 8.314462618) * jump_frequency(T, 1e13, Em))
    assert 1e6 < rate < 1e8  # copper near melting: about 1e7 jumps per second


# ------------------------------------------- composition-dependent intrinsic diffusivities

from diffkit.couple import simulate_couple  # noqa: E402
from diffkit.kinetics import intrinsic_diffusivity_functions  # noqa: E402
from diffkit.thermo import Ideal, Regular  # noqa: E402


def test_intrinsic_functions_are_tracer_times_phi_and_feed_the_solver():
    model, T = Regular(-15000.0), 1000.0  # attraction: phi > 1
    DA, DB = intrinsic_diffusivity_functions(3e-14, 1e-14, model, T)
    N = np.linspace(0, 1, 11)
    np.testing.assert_allclose(DA(N), 3e-14 * model.phi(N, T), rtol=1e-14)
    np.testing.assert_allclose(DB(N), 1e-14 * model.phi(N, T), rtol=1e-14)
    assert np.all(model.phi(N[1:-1], T) > 1)
    res = simulate_couple(DA, DB, 3600.0, length=2e-4, n_cells=400)
    ideal = simulate_couple(*intrinsic_diffusivity_functions(3e-14, 1e-14, Ideal(), T), 3600.0, length=2e-4, n_cells=400)
    # attraction speeds interdiffusion: the profile is wider, the marker moves further
    assert abs(res.markers[0, 0]) > abs(ideal.markers[0, 0])


def test_intrinsic_functions_with_the_vacancy_wind_and_tracer_functions():
    DA_t = lambda N: 5e-14 * np.exp(-N)  # noqa: E731
    DA, DB = intrinsic_diffusivity_functions(DA_t, 1e-14, Ideal(), 900.0, vacancy_wind=True, lattice="bcc")
    N = np.linspace(0.1, 0.9, 9)
    r_A, r_B, _ = manning_factors(N, DA_t(N), 1e-14, "bcc")
    np.testing.assert_allclose(DA(N), DA_t(N) * r_A, rtol=1e-14)
    np.testing.assert_allclose(DB(N), 1e-14 * r_B, rtol=1e-14)
    assert np.all(DA(N) > DA_t(N)) and np.all(DB(N) < 1e-14)  # the wind helps the fast, slows the slow


def test_inside_the_spinodal_the_solver_refuses_negative_diffusivities():
    model = Regular(20000.0)  # T_c = 1203 K
    DA, DB = intrinsic_diffusivity_functions(1e-14, 1e-14, model, 900.0)
    assert DA(np.array([0.5]))[0] < 0
    with pytest.raises(ValueError, match="D_A"):
        simulate_couple(DA, DB, 100.0, length=1e-5)


def test_the_solver_accepts_manning_r_B_below_zero_while_the_interdiffusivity_stays_positive():
    # fcc, D_A*/D_B* = 30: r_B < 0 for N_A < ~0.19, yet D~ = (N_B D_A* + N_A D_B*) S > 0 everywhere
    DA, DB = intrinsic_diffusivity_functions(3e-13, 1e-14, Ideal(), 1000.0, vacancy_wind=True)
    assert DB(np.array([0.05]))[0] < 0
    res = simulate_couple(DA, DB, [1e3, 1e4], length=2e-5)
    assert res.N_A.min() >= 0 and res.N_A.max() <= 1
    assert abs(res.atoms_A()[-1] - res.atoms_A()[0]) <= 1e-12 * res.atoms_A()[0]
    darken = simulate_couple(*intrinsic_diffusivity_functions(3e-13, 1e-14, Ideal(), 1000.0), [1e3, 1e4],
                             length=2e-5)
    # markers move toward A (left), and further with the wind
    assert res.markers[-1, 0] < darken.markers[-1, 0] < 0


def test_manning_onsager_coefficients_give_manning_intrinsic_diffusivities():
    from diffkit.kinetics import intrinsic_from_onsager, manning_onsager_coefficients

    N = np.linspace(0.05, 0.95, 19)
    for lattice, DA, DB in (("fcc", 1e-13, 1e-14), ("bcc", 2e-15, 3e-14), ("diamond", 1e-14, 1e-14)):
        l_AA, l_AB, l_BB = manning_onsager_coefficients(N, DA, DB, lattice)
        assert np.all(l_AB >= 0)
        D_A, D_B = intrinsic_from_onsager(N, l_AA, l_AB, l_BB, phi=0.7)
        r_A, r_B, _ = manning_factors(N, DA, DB, lattice)
        np.testing.assert_allclose(D_A, DA * 0.7 * r_A, rtol=1e-13)
        np.testing.assert_allclose(D_B, DB * 0.7 * r_B, rtol=1e-13)
    # Darken's approximation (l_AB = 0, l_ii = N_i D_i*) gives D_i = D_i* Phi
    D_A, D_B = intrinsic_from_onsager(0.3, 0.3 * 5e-14, 0.0, 0.7 * 1e-14, phi=2.0)
    assert (D_A, D_B) == (pytest.approx(1e-13), pytest.approx(2e-14))
    # identical species (equal tracer diffusivities): the cross term is exactly what keeps r = 1
    l_AA, l_AB, l_BB = manning_onsager_coefficients(0.4, 1e-14, 1e-14)
    assert l_AA + 2 * l_AB + l_BB == pytest.approx(1e-14 * (1 + 2 / manning_m0("fcc")), rel=1e-13)
    with pytest.raises(ValueError, match="N_A"):
        intrinsic_from_onsager(0.0, 1.0, 0.0, 1.0)
