"""Tests of diffkit.data: the CSV files, their conversion to SI, and physical sanity of the numbers."""

import csv
import importlib.resources
import io
import math
import tomllib
from pathlib import Path

import numpy as np
import pytest

from diffkit import data
from diffkit.constants import R
from diffkit.kinetics import arrhenius

DATA_FILES = ["self_diffusion.csv", "vacancy_energies.csv", "kirkendall_1947.csv"]
FCC = ["Cu", "Ag", "Au", "Ni", "Al"]
REQUIRED = {"Cu", "Ni", "Ag", "Au", "Al", "alpha-Fe"}

# Conversion factors written out here, independently of diffkit.data and diffkit.constants.
EV_PER_ATOM_IN_J_PER_MOL = 96485.33212  # 1 eV per atom = F * 1 V = 96 485.332 12 J/mol (CODATA 2018, exact)
Q_FACTOR = {"kJ/mol": 1000.0, "kcal/mol": 4184.0, "eV": EV_PER_ATOM_IN_J_PER_MOL}


def raw_text(name):
    return (Path(__file__).resolve().parents[1] / "diffkit" / "data" / name).read_text(encoding="utf-8")


def raw_rows(name):
    """The CSV rows read straight from the source tree, without diffkit.data."""
    body = [line for line in raw_text(name).splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(body))))


# --- the files -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", DATA_FILES)
def test_csv_starts_with_comment_header_naming_sources_and_units(name):
    lines = raw_text(name).splitlines()
    assert lines[0].startswith("# ")
    header = "\n".join(line for line in lines if line.startswith("#"))
    assert "Units" in header and "source" in header.lower()
    assert len(raw_rows(name)) >= 5


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_row_names_a_source_and_how_it_was_checked(name):
    for row in raw_rows(name):
        assert row["source"].strip(), row
        assert row["verified"].strip(), row


@pytest.mark.parametrize("name", DATA_FILES)
def test_csvs_are_package_data(name):
    resource = importlib.resources.files("diffkit").joinpath("data", name)
    assert resource.is_file()
    assert resource.read_text(encoding="utf-8") == raw_text(name)


def test_pyproject_ships_the_csvs():
    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    assert "data/*.csv" in pyproject["tool"]["setuptools"]["package-data"]["diffkit"]


def test_records_carry_their_source():
    for table in (data.self_diffusion(), data.vacancy_energies()):
        for element, record in table.items():
            assert record.element == element
            assert record.source.strip() and record.verified.strip()
    assert "Trans. AIME 171" in data.kirkendall_1947().source


# --- conversion to SI ------------------------------------------------------------------------

def test_self_diffusion_covers_the_course_metals():
    assert REQUIRED <= set(data.self_diffusion())
    assert set(FCC) <= set(data.vacancy_energies())


def test_self_diffusion_converted_to_si_once():
    table = data.self_diffusion()
    rows = raw_rows("self_diffusion.csv")
    assert {row["element"] for row in rows} == set(table)
    for row in rows:
        record = table[row["element"]]
        assert record.D0 == pytest.approx(float(row["D0_cm2_per_s"]) * 1e-4, rel=1e-12)
        assert record.Q == pytest.approx(float(row["Q"]) * Q_FACTOR[row["Q_unit"]], rel=1e-9)
        assert record.T_melt == float(row["T_melt_K"])
        for key, attr in (("T_min_K", record.T_min), ("T_max_K", record.T_max)):
            assert attr == (float(row[key]) if row[key] else None)
        assert record.structure == row["structure"]


def test_copper_values_in_si():
    cu = data.self_diffusion()["Cu"]
    assert cu.D0 == pytest.approx(0.68e-4, rel=1e-12)
    assert cu.Q == pytest.approx(2.17 * EV_PER_ATOM_IN_J_PER_MOL, rel=1e-9)  # 209.4 kJ/mol
    assert cu.Q == pytest.approx(209.37e3, rel=1e-4)


def test_vacancy_energies_converted_to_si_once():
    table = data.vacancy_energies()
    rows = raw_rows("vacancy_energies.csv")
    assert {row["element"] for row in rows} == set(table)
    for row in rows:
        record = table[row["element"]]
        assert record.E_f_eV == float(row["E_f_eV"]) and record.E_m_eV == float(row["E_m_eV"])
        assert record.E_f == pytest.approx(float(row["E_f_eV"]) * EV_PER_ATOM_IN_J_PER_MOL, rel=1e-9)
        assert record.E_m == pytest.approx(float(row["E_m_eV"]) * EV_PER_ATOM_IN_J_PER_MOL, rel=1e-9)
        assert record.Q == pytest.approx(record.E_f + record.E_m, rel=1e-15)
    assert table["Cu"].E_f == pytest.approx(123.5e3, rel=1e-3)  # 1.28 eV


def test_kirkendall_converted_to_si():
    k = data.kirkendall_1947()
    rows = {row["quantity"]: row for row in raw_rows("kirkendall_1947.csv")}
    assert k.T_anneal == pytest.approx(float(rows["anneal_temperature"]["value"]) + 273.15, abs=1e-9)
    assert k.T_anneal == pytest.approx(1058.15, abs=1e-9)
    assert k.t_total == pytest.approx(56 * 24 * 3600.0, rel=1e-15)
    assert k.n_anneal_times == 6 and isinstance(k.n_anneal_times, int)
    assert k.Zn_content_nominal == pytest.approx(0.30, rel=1e-15)
    assert (k.marker_material, k.outer_layer) == ("Mo", "Cu")
    assert {q for q, _, _ in k.sources} == set(rows)


def test_returned_tables_are_fresh_dicts_of_immutable_records():
    table = data.self_diffusion()
    table.pop("Cu")
    assert "Cu" in data.self_diffusion()
    with pytest.raises(AttributeError):
        data.self_diffusion()["Cu"].D0 = 1.0


# --- physical sanity ---------------------------------------------------------------------------

@pytest.mark.parametrize("element", FCC)
def test_diffusivity_at_melting_point_is_about_1e_12(element):
    # close-packed metals: D*(T_m) ~ 1e-12 m^2/s within an order of magnitude
    record = data.self_diffusion()[element]
    assert record.structure == "fcc"
    assert 1e-13 < data.self_diffusion_coefficient(element, record.T_melt) < 1e-11


@pytest.mark.parametrize("element", FCC)
def test_activation_enthalpy_scales_with_melting_point(element):
    # empirical rule for close-packed metals: Q ~ 18 R T_m
    record = data.self_diffusion()[element]
    assert 15.0 < record.Q / (R * record.T_melt) < 20.0


def test_vacancy_energies_add_up_to_the_self_diffusion_enthalpy():
    # Q ~ E_f + E_m for the monovacancy mechanism; no element is exempt at present
    self_diffusion = data.self_diffusion()
    vacancies = data.vacancy_energies()
    exempt = {}  # element -> reason documented in the CSV note; none needed today
    checked = []
    for element, vac in vacancies.items():
        if element in exempt:
            continue
        Q = self_diffusion[element].Q
        assert abs(vac.Q - Q) / Q < 0.15, (element, vac.Q, Q)
        checked.append(element)
    assert set(checked) == set(FCC)


def test_aluminium_gap_is_explained_in_the_notes():
    # the largest gap (Al, ~13 %): the high-temperature fit includes divacancies
    vac, sd = data.vacancy_energies()["Al"], data.self_diffusion()["Al"]
    assert 0.10 < (sd.Q - vac.Q) / sd.Q < 0.15
    assert "divacanc" in vac.note and "divacanc" in sd.note


def test_vacancy_migration_is_the_smaller_part():
    for vac in data.vacancy_energies().values():
        assert 0.0 < vac.E_m < vac.E_f


def test_kirkendall_anneal_gives_a_diffusion_length_of_a_tenth_of_a_millimetre():
    # the markers moved by a microscope-visible fraction of a mm: sqrt(D t) for Cu at 785 °C
    # over 56 days must be of that order (catches °C/K or day/s slips)
    k = data.kirkendall_1947()
    assert k.T_anneal < data.self_diffusion()["Cu"].T_melt
    length = math.sqrt(data.self_diffusion_coefficient("Cu", k.T_anneal) * k.t_total)
    assert 3e-5 < length < 5e-4


def test_kirkendall_does_not_pretend_to_have_marker_shifts():
    k = data.kirkendall_1947()
    assert k.marker_shift is None
    assert any("shift" in item for item in k.not_stored)
    assert "NOT stored" in raw_text("kirkendall_1947.csv")


# --- API -----------------------------------------------------------------------------------------

def test_coefficient_is_arrhenius_of_the_record():
    cu = data.self_diffusion()["Cu"]
    T = np.array([900.0, 1100.0, 1300.0])
    np.testing.assert_allclose(data.self_diffusion_coefficient("Cu", T), arrhenius(cu.D0, cu.Q, T), rtol=1e-15)
    expected = 0.68e-4 * math.exp(-2.17 * EV_PER_ATOM_IN_J_PER_MOL / (8.314462618 * 1200.0))
    assert data.self_diffusion_coefficient("cu", 1200.0) == pytest.approx(expected, rel=1e-9)
    assert cu.D(1200.0) == data.self_diffusion_coefficient("Cu", 1200.0)


def test_in_range():
    cu = data.self_diffusion()["Cu"]
    assert cu.in_range(1200.0) is True
    assert cu.in_range(700.0) is False
    np.testing.assert_array_equal(cu.in_range([1000.0, 1078.0, 1348.0, 1400.0]), [False, True, True, False])
    assert data.self_diffusion()["Ni"].in_range(1200.0) is None  # measured range not known


@pytest.mark.parametrize("element", ["Zn", "", "Fe", 29, None])
def test_unknown_element_is_rejected_with_the_known_ones(element):
    with pytest.raises(ValueError, match=r"^element must be one of ") as info:
        data.self_diffusion_coefficient(element, 1000.0)
    assert all(known in str(info.value) for known in ("Cu", "Ni", "alpha-Fe"))


@pytest.mark.parametrize("T", [0.0, -5.0, np.nan, [1000.0, -1.0]])
def test_bad_temperature_is_rejected(T):
    with pytest.raises(ValueError, match=r"^T "):
        data.self_diffusion_coefficient("Cu", T)
    with pytest.raises(ValueError, match=r"^T "):
        data.self_diffusion()["Cu"].in_range(T)


def test_unknown_unit_is_rejected():
    with pytest.raises(ValueError, match=r"^unit must be one of"):
        data._to_si("1", "furlong")


def test_lattice_parameters_give_the_nearest_neighbour_distance():
    from diffkit.data import lattice_parameters

    lat = lattice_parameters()
    assert lat["Cu"].a0 == pytest.approx(3.61e-10)
    assert lat["Cu"].jump_length == pytest.approx(3.61e-10 / np.sqrt(2))
    assert lat["alpha-Fe"].jump_length == pytest.approx(2.87e-10 * np.sqrt(3) / 2)
    assert lat["Cu"].z == 12 and lat["alpha-Fe"].z == 8
    assert set(lat) >= {"Cu", "Ag", "Au", "Ni", "Al", "alpha-Fe"}


def test_mass_to_mole_fraction():
    from diffkit.data import mole_fraction_from_mass_fraction

    assert mole_fraction_from_mass_fraction(0.30, "Zn", "Cu") == pytest.approx(0.2941, abs=1e-4)
    assert mole_fraction_from_mass_fraction(0.5, "Cu", "Cu") == pytest.approx(0.5)
    assert mole_fraction_from_mass_fraction(1.0, "Au", "Cu") == pytest.approx(1.0)
    with pytest.raises(ValueError, match="w_A"):
        mole_fraction_from_mass_fraction(1.2, "Zn", "Cu")
    with pytest.raises(ValueError, match="A must be one of"):
        mole_fraction_from_mass_fraction(0.3, "Xx", "Cu")
