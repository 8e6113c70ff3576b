"""The homework pipeline: nbgrader sources in solutions/, generated student versions in exercises/.

What is checked (see also docs/instructors.md):

* the source notebooks are well-formed nbgrader assignments (cell metadata, solution and hidden-test regions,
  a stated total that equals the sum of the points, committed with outputs);
* the autograder's tolerances accept correct methods and reject the classic mistakes (sign, units, a factor
  2 in the sqrt(t) law, a missing correlation factor, ...), and the hidden tests catch hard-coded answers:
  each test cell is run in-process against the solution with one answer replaced;
* exercises/ is exactly what ``nbgrader generate_assignment`` makes from solutions/ now (no drift);
* no student notebook contains solution code, hidden tests, a model answer, their markers or any output;
* a real grading run (generate, autograde, export to CSV) in a temporary course directory: a submission
  equal to the solution gets every autograded point, the untouched student version gets none (and
  autograding does not crash on it), and a submission with one wrong answer loses exactly that question's
  points;
* the gradebook never lands in the course directory (it lives outside the repository, see nbgrader_config.py);
* ASSIGNMENTS lists every assignment folder; docs/instructors.md generates before it autogrades (on a fresh
  gradebook autograde fails otherwise), and the README's first command opens JupyterLab at the repository root.

The solution notebooks themselves are run by nbval (pytest collects solutions/ with --nbval-lax).
"""

from __future__ import annotations

import contextlib
import copy
import csv
import fnmatch
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = REPO / "solutions"
EXERCISES = REPO / "exercises"
ASSIGNMENTS = ["hw01_vacancy_mechanism", "hw02_kirkendall_effect", "hw03_darken_analysis",
               "hw04_thermodynamic_factor", "hw05_vacancy_wind", "hw06_applications"]
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
           "BEGIN MARK SCHEME", "END MARK SCHEME")
NBGRADER_IGNORES = (".ipynb_checkpoints", "__pycache__", "feedback", "*.pyc")  # CourseDirectory.ignore's default
REGIONS = {"BEGIN SOLUTION": "END SOLUTION", "BEGIN HIDDEN TESTS": "END HIDDEN TESTS",
           "BEGIN MARK SCHEME": "END MARK SCHEME"}


# ----------------------------------------------------------------------------- helpers


def source_path(assignment):
    return SOLUTIONS / assignment / f"{assignment}.ipynb"


def release_path(assignment, root=REPO):
    return root / "exercises" / assignment / f"{assignment}.ipynb"


def read(path):
    return nbformat.read(path, as_version=4)


def nbg(cell):
    return cell.metadata.get("nbgrader", {})


def grade_ids(nb, *, grade=None, solution=None):
    return [nbg(c)["grade_id"] for c in nb.cells if nbg(c)
            and (grade is None or nbg(c).get("grade") == grade)
            and (solution is None or nbg(c).get("solution") == solution)]


def cell_by_id(nb, grade_id):
    (cell,) = [c for c in nb.cells if nbg(c).get("grade_id") == grade_id]
    return cell


def autograded_points(nb):
    """grade_id -> points of every autograder-test cell (grade, not solution)."""
    return {nbg(c)["grade_id"]: float(nbg(c)["points"]) for c in nb.cells
            if nbg(c).get("grade") and not nbg(c).get("solution")}


def total_points(nb):
    return sum(float(nbg(c)["points"]) for c in nb.cells if nbg(c).get("grade"))


def split_secret(source):
    """(public lines, secret lines) of one cell: secret = inside a solution / hidden-test / mark-scheme region."""
    public, secret, end = [], [], None
    for line in source.splitlines():
        if end is None:
            begin = next((b for b in REGIONS if b in line), None)
            if begin:
                end = REGIONS[begin]
            else:
                public.append(line)
        elif end in line:
            end = None
        else:
            secret.append(line)
    assert end is None, f"unclosed region in:\n{source}"
    return public, secret


def secret_lines(nb):
    """Stripped lines a student must never see: solution and hidden-test regions, model answers (written cells).

    Lines that also occur in the public part of the source (e.g. a blank comment) are left out.
    """
    public, secret = set(), set()
    for cell in nb.cells:
        meta = nbg(cell)
        pub, sec = split_secret(cell.source)
        if meta.get("solution") and cell.cell_type == "markdown" and not sec:
            pub, sec = [], cell.source.splitlines()  # a written answer: all of it is the model answer
        public.update(line.strip() for line in pub)
        secret.update(line.strip() for line in sec)
    return {line for line in secret if line and line not in public}


def student_submission(assignment, answers_from=None):
    """The student version, with the answer cells (solution cells) taken from ``answers_from`` if given."""
    nb = read(release_path(assignment))
    if answers_from is not None:
        for cell in nb.cells:
            if nbg(cell).get("solution"):
                cell.source = cell_by_id(answers_from, nbg(cell)["grade_id"]).source
    return nb


# ------------------------------------------------------------ the source notebooks themselves


def test_assignment_list_is_every_assignment_folder():
    """ASSIGNMENTS (hard-coded, so a test cannot silently lose one) names exactly the folders in solutions/ and exercises/."""
    for folder in (SOLUTIONS, EXERCISES):
        found = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")
                       and not any(fnmatch.fnmatch(p.name, pattern) for pattern in NBGRADER_IGNORES))
        assert found == sorted(ASSIGNMENTS), f"{folder.name}/ holds {found}, ASSIGNMENTS lists {ASSIGNMENTS}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_notebook_is_a_well_formed_assignment(assignment):
    from nbgrader.nbgraderformat import MetadataValidator

    nb = read(source_path(assignment))
    MetadataValidator().validate_nb(nb)  # grade ids unique, points on grade cells, markdown grade => solution

    for cell in nb.cells:
        meta = nbg(cell)
        assert meta, f"every cell should carry nbgrader metadata (read-only at least): {cell.source[:60]!r}"
        assert meta["schema_version"] == 3
        kind = (meta["grade"], meta["solution"], meta["locked"])
        assert kind in {(False, False, True), (False, True, False), (True, False, True), (True, True, False)}, (
            meta["grade_id"], kind)
        pub, sec = split_secret(cell.source)
        if cell.cell_type == "code" and meta["solution"]:
            assert "### BEGIN SOLUTION" in cell.source and sec, f"{meta['grade_id']}: no solution region"
        if meta["grade"] and not meta["solution"]:
            assert "### BEGIN HIDDEN TESTS" in cell.source, f"{meta['grade_id']}: no hidden tests"
            assert any(line.strip().startswith("assert") for line in sec), f"{meta['grade_id']}: empty hidden tests"
            assert any(line.strip().startswith("assert") for line in pub), f"{meta['grade_id']}: no visible check"
        if not meta["grade"] and not meta["solution"]:
            assert not sec, f"{meta['grade_id']}: a secret region in a read-only cell would be released"
        if cell.cell_type == "code":  # committed with outputs: run top to bottom
            assert cell.execution_count is not None, f"{meta['grade_id']} was not executed before committing"

    # the stated total is the sum of the points
    intro = nb.cells[0].source
    stated = re.search(r"Total: (\d+) points", intro)
    assert stated, "the first cell should state the total"
    assert float(stated.group(1)) == total_points(nb)
    auto = sum(autograded_points(nb).values())
    assert re.search(rf"autograded \({auto:g} points\)", intro), "the first cell should state the autograded points"
    # what the issue asks for: 4-8 questions, a function to write, a written answer graded by hand
    questions = re.findall(r"^## Question (\d+)", "\n".join(c.source for c in nb.cells), flags=re.M)
    assert 4 <= len(questions) <= 8 and questions == [str(i + 1) for i in range(len(questions))]
    assert any(c.cell_type == "code" and nbg(c)["solution"] and c.source.lstrip().startswith("def ")
               for c in nb.cells), "at least one question should ask for a function"
    assert grade_ids(nb, grade=True, solution=True), "at least one answer should be graded by hand"


# ------------------------------------------------- tolerances: right methods pass, mistakes fail

# Boltzmann-Matano by hand on the hw03 table, evaluated at x* = x(N*) itself (the integral there by the
# trapezoidal rule, the slope from np.gradient or from the table interval around x*); t in s
HW03_MATANO = """
from scipy.integrate import cumulative_trapezoid
def _at_x_star(N_star, x_plane, t=t_anneal, secant=False):
    x_star = np.interp(N_star, N_scan[::-1], x_scan[::-1])
    moment = np.interp(x_star, x_scan, cumulative_trapezoid(x_scan - x_plane, N_scan, initial=0.0))
    if secant:
        i = np.searchsorted(x_scan, x_star)
        slope = (N_scan[i] - N_scan[i - 1]) / (x_scan[i] - x_scan[i - 1])
    else:
        slope = np.interp(x_star, x_scan, np.gradient(N_scan, x_scan))
    return -moment / (2 * t * slope)
"""

# Manning's r_A, r_B, S by hand for hw05, with M0 and the factor 2 of the wind term as parameters (to try mistakes)
HW05_MANNING = """
def _manning(N, DA, DB, M0, factor=2.0):
    w = factor * (DA - DB) / (M0 * (N * DA + (1 - N) * DB))
    r_A, r_B = 1 + N * w, 1 - (1 - N) * w
    return r_A, r_B, ((1 - N) * DA * r_A + N * DB * r_B) / ((1 - N) * DA + N * DB)
"""

# the couple of hw05 question 4 with other choices (vacancy wind, solution model, lattice, tracer diffusivities)
HW05_COUPLE = """
from diffkit.couple import simulate_couple
from diffkit.thermo import Ideal
def _fns(wind, model=None, lattice="fcc", DA=DA_star_4, DB=DB_star_4):
    return kinetics.intrinsic_diffusivity_functions(DA, DB, model or Regular(Omega_4), T_4, vacancy_wind=wind,
                                                    lattice=lattice)
def _shift(wind, t=t_4, **kw):
    return float(self_similar_solution(*_fns(wind, **kw)).marker_position(t))
"""

# phi_from_ocv of hw06 with the derivative as a parameter (to try right methods and mistakes)
HW06_OCV = """
from scipy.interpolate import CubicSpline
def _slope(x, E, how="gradient"):
    x, E = np.asarray(x, dtype=float), np.asarray(E, dtype=float)
    if how == "gradient":
        return np.gradient(E, x)
    if how == "even spacing":
        return np.gradient(E, x[1] - x[0])
    if how == "forward":
        d = np.diff(E) / np.diff(x)
        return np.append(d, d[-1])
    o = np.argsort(x)
    out = np.empty_like(x)
    out[o] = CubicSpline(x[o], E[o]).derivative()(x[o])
    return out
"""

# (assignment, test cell) -> [(what, code run after the solution, should the test cell pass?)]
VARIANTS = {
    ("hw01_vacancy_mechanism", "q1a_tests"): [
        ("per atom, with k_B and eV", "c_v_900 = np.exp(0.7) * np.exp(-0.67 * EV / (K_B * 900.0))", True),
        ("entropy factor left out", "c_v_900 = np.exp(-E_f_Al / (R * 900.0))", False),
        ("E_f left in eV", "c_v_900 = np.exp(0.7) * np.exp(-0.67 / (R * 900.0))", False),
        ("S_f = 0.7 J/(mol K)", "c_v_900 = vacancy_site_fraction(900.0, E_f_Al, 0.7)", False),
    ],
    ("hw01_vacancy_mechanism", "q1b_tests"): [
        ("root finding", "from scipy.optimize import brentq\n"
                         "T_ppm = brentq(lambda T: vacancy_site_fraction(T, E_f_Al, S_f_Al) - 1e-6, 100, 900)", True),
        ("entropy left out", "T_ppm = E_f_Al / (-R * np.log(1e-6))", False),
        ("log10 for ln", "T_ppm = E_f_Al / (S_f_Al - R * np.log10(1e-6))", False),
    ],
    ("hw01_vacancy_mechanism", "q2_tests"): [
        ("straight-line fit", "def activation_energy(D1, T1, D2, T2):\n"
                              "    return -R * np.polyfit([1 / T1, 1 / T2], np.log([D1, D2]), 1)[0]", True),
        ("result in eV", "def activation_energy(D1, T1, D2, T2):\n"
                         "    return R * np.log(D2 / D1) / (1 / T1 - 1 / T2) / eV", False),
        ("log10 for ln", "def activation_energy(D1, T1, D2, T2):\n"
                         "    return R * np.log10(D2 / D1) / (1 / T1 - 1 / T2)", False),
        ("k_B for R", "def activation_energy(D1, T1, D2, T2):\n"
                      "    return K_B * np.log(D2 / D1) / (1 / T1 - 1 / T2)", False),
        ("sign error", "def activation_energy(D1, T1, D2, T2):\n"
                       "    return R * np.log(D2 / D1) / (1 / T2 - 1 / T1)", False),
        ("hard-coded example", "def activation_energy(D1, T1, D2, T2):\n    return 191.4e3", False),
    ],
    ("hw01_vacancy_mechanism", "q3_tests"): [
        ("with the Q2 function, D0 from the second point",
         "Q_Ni = activation_energy(D2, T2, D1, T1)\nD0_Ni = D2 * np.exp(Q_Ni / (R * T2))\nQ_Ni_eV = Q_Ni / eV", True),
        ("Q in kJ/mol", "Q_Ni = Q_Ni / 1e3", False),
        ("Q in eV", "Q_Ni = Q_Ni / eV", False),
        ("D0 in cm^2/s", "D0_Ni = D0_Ni * 1e4", False),
        ("D0 with the sign of Q flipped", "D0_Ni = D1 * np.exp(-Q_Ni / (R * T1))", False),
    ],
    ("hw01_vacancy_mechanism", "q4a_tests"): [
        ("swapped", "faster_650, faster_830 = 'Au', 'Ag'", False),
        ("always silver", "faster_650, faster_830 = 'Ag', 'Ag'", False),
    ],
    ("hw01_vacancy_mechanism", "q4b_tests"): [
        ("root finding", "from scipy.optimize import brentq\nT_cross = brentq(lambda T: np.log("
                         "data.self_diffusion_coefficient('Au', T) / data.self_diffusion_coefficient('Ag', T)), 300, 1300)",
         True),
        ("log10 for ln", "T_cross = (au.Q - ag.Q) / (R * np.log10(au.D0 / ag.D0))", False),
    ],
    ("hw01_vacancy_mechanism", "q5a_tests"): [
        ("f rounded to 0.78", "jump_rate = 6 * D_star / (0.78 * a**2)", True),
        ("correlation factor left out", "jump_rate = 6 * D_star / a**2", False),
        ("lattice parameter for the jump length", "jump_rate = 6 * D_star / (f * data.lattice_parameters()['Cu'].a0**2)",
         False),
        ("an extra z", "jump_rate = 6 * D_star / (f * a**2) * 12", False),
    ],
    ("hw01_vacancy_mechanism", "q5b_tests"): [
        ("rms from the number of jumps and f", "rms_distance = a * np.sqrt(f * jump_rate * t)", True),
        ("one-dimensional <x^2> = 2 D t", "rms_distance = np.sqrt(2 * D_star * t)", False),
        ("the number of jumps for the path", "path_length = jump_rate * t", False),
    ],
    ("hw02_kirkendall_effect", "q1_tests"): [
        ("from the lattice-frame fluxes", "v_K = -(-D_A * C * dNA_dx + D_B * C * dNA_dx) / C", True),
        ("sign error", "v_K = (D_B - D_A) * dNA_dx", False),
        ("markers toward the slower species", "marker_direction = 'left'", False),
        ("voids on the slow side", "void_side = 'left'", False),
    ],
    ("hw02_kirkendall_effect", "q2a_tests"): [
        ("lab flux from the lattice flux and the drift", "J_A_lab = -D_A * C * dNA_dx + C * N_A * (D_A - D_B) * dNA_dx",
         True),
        ("Darken's weights swapped", "D_tilde = N_A * D_A + (1 - N_A) * D_B\nJ_A_lab = -D_tilde * C * dNA_dx", False),
        ("sign of the flux", "J_A_lab = D_tilde * C * dNA_dx", False),
    ],
    ("hw02_kirkendall_effect", "q2b_tests"): [
        ("J'_V = C v_K, with v_K of question 1", "J_V_lattice = C * v_K", True),
        ("J'_B written with dN_A/dx, J'_V = C v_K", "J_B_lattice = D_B * C * dNA_dx\nJ_V_lattice = C * v_K", True),
        ("sign of J'_B", "J_B_lattice = -D_B * C * dNA_dx\nJ_V_lattice = -(J_A_lattice + J_B_lattice)", False),
        ("vacancy flux with the atoms", "J_V_lattice = J_A_lattice + J_B_lattice", False),
    ],
    ("hw02_kirkendall_effect", "q3_tests"): [
        ("power 1/2", "def marker_shift_after(x1, t1, t2):\n    return x1 * (np.asarray(t2) / t1) ** 0.5", True),
        ("linear in t", "def marker_shift_after(x1, t1, t2):\n    return x1 * np.asarray(t2) / t1", False),
        ("sqrt upside down", "def marker_shift_after(x1, t1, t2):\n    return x1 * np.sqrt(t1 / np.asarray(t2))", False),
        ("sign dropped", "def marker_shift_after(x1, t1, t2):\n    return abs(x1) * np.sqrt(np.asarray(t2) / t1)", False),
        ("hard-coded example", "def marker_shift_after(x1, t1, t2):\n    return 40e-6", False),
        ("scalars only", "import math\ndef marker_shift_after(x1, t1, t2):\n    return x1 * math.sqrt(t2 / t1)", False),
    ],
    ("hw02_kirkendall_effect", "q4_tests"): [
        ("with the Q3 function", "shift_56d = marker_shift_after(62e-6, 14 * day, 56 * day)", True),
        ("speed x/t (factor 2)", "v_56d = shift_56d / (56 * day)", False),
        ("shift linear in t", "shift_56d = 62e-6 * 4", False),
    ],
    ("hw02_kirkendall_effect", "q5_tests"): [
        ("two equations solved together",
         "D_A_K, D_B_K = np.linalg.solve([[1 - N_A_K, N_A_K], [1, -1]], [D_tilde_K, v_marker / dNA_dx_K])", True),
        ("speed x/t (factor 2)", "v_marker = x_K / t_K\nD_A_K = D_tilde_K + N_A_K * v_marker / dNA_dx_K\n"
                                 "D_B_K = D_tilde_K - (1 - N_A_K) * v_marker / dNA_dx_K", False),
        ("Darken's weights swapped", "D_A_K = D_tilde_K + (1 - N_A_K) * difference\n"
                                     "D_B_K = D_tilde_K - N_A_K * difference", False),
    ],
    ("hw02_kirkendall_effect", "q6_tests"): [
        ("simulate_couple on a coarse grid",
         "x_K_50h = simulate_couple(4.0e-14, 1.0e-14, 50 * hour, length=1e-2, n_cells=400).markers[-1, 0]\n"
         "t_100um = 50 * hour * (100e-6 / x_K_50h) ** 2", True),
        ("time in hours", "x_K_50h = couple.marker_position(50)", False),
        ("D_A and D_B swapped", "x_K_50h = self_similar_solution(1.0e-14, 4.0e-14).marker_position(50 * hour)", False),
        ("in µm", "x_K_50h = x_K_50h * 1e6", False),
        ("time linear in the shift", "t_100um = 50 * hour * 100e-6 / abs(x_K_50h)", False),
    ],
    ("hw03_darken_analysis", "q1_tests"): [
        ("lab fluxes as -D~ dC_A/dx", "J_A_lab = -D_tilde_plane * C * dNA_dx_plane\nJ_B_lab = -J_A_lab", True),
        ("Darken's weights swapped", "D_tilde_plane = N_A_plane * D_A_plane + (1 - N_A_plane) * D_B_plane", False),
        ("sign of v_K", "v_K_plane = (D_B_plane - D_A_plane) * dNA_dx_plane", False),
        ("no drift: the lattice flux for the lab flux",
         "J_A_lab = -D_A_plane * C * dNA_dx_plane\nJ_B_lab = -J_A_lab", False),
        ("drift with the other species' concentration",
         "J_A_lab = -D_A_plane * C * dNA_dx_plane + C * (1 - N_A_plane) * v_K_plane\nJ_B_lab = -J_A_lab", False),
    ],
    ("hw03_darken_analysis", "q2_tests"): [
        ("x_right minus the integral of Y dx", "def matano_plane(x, N):\n    x, N = np.asarray(x), np.asarray(N)\n"
                                              "    return x[-1] - np.trapezoid((N - N[0]) / (N[-1] - N[0]), x)", True),
        ("diffkit", "def matano_plane(x, N):\n    return analysis.matano_plane(x, N)", True),
        ("root of the area balance", "from scipy.optimize import brentq\ndef matano_plane(x, N):\n"
                                     "    x, N = np.asarray(x), np.asarray(N)\n"
                                     "    return brentq(lambda xm: np.trapezoid(x - xm, N), x[0], x[-1])", True),
        ("the half-way point", "def matano_plane(x, N):\n    x, N = np.asarray(x), np.asarray(N)\n"
                               "    o = np.argsort(N)\n    return np.interp(0.5 * (N[0] + N[-1]), N[o], x[o])", False),
        ("ends taken as 1 and 0", "def matano_plane(x, N):\n    return x[-1] - np.trapezoid(1 - np.asarray(N), x)", False),
        ("even spacing assumed", "def matano_plane(x, N):\n    x, N = np.asarray(x), np.asarray(N)\n"
                                 "    return x[-1] - np.trapezoid((N - N[0]) / (N[-1] - N[0]), dx=x[1] - x[0])", False),
        ("counted from the wrong end", "def matano_plane(x, N):\n    x, N = np.asarray(x), np.asarray(N)\n"
                                       "    return x[0] + np.trapezoid((N - N[0]) / (N[-1] - N[0]), x)", False),
        ("hard-coded answer", "def matano_plane(x, N):\n    return 299.93e-6", False),
    ],
    ("hw03_darken_analysis", "q3_tests"): [
        ("diffkit.analysis.matano", "x_M = analysis.matano_plane(x_scan, N_scan)\n"
                                    "_N, _D = analysis.matano(x_scan, N_scan, t_anneal)\n"
                                    "D_tilde_50, D_tilde_20 = np.interp([0.5, 0.2], _N, _D)", True),
        ("Sauer-Freise", "_N, _D = analysis.sauer_freise(x_scan, N_scan, t_anneal)\n"
                         "D_tilde_50, D_tilde_20 = np.interp([0.5, 0.2], _N, _D)", True),
        ("at x* itself, with np.trapezoid for x_M", HW03_MATANO + "x_M = np.trapezoid(x_scan, N_scan) / (N_scan[-1] - N_scan[0])\n"
                                                   "D_tilde_50, D_tilde_20 = _at_x_star(0.5, x_M), _at_x_star(0.2, x_M)", True),
        ("slope of the table interval around N*", HW03_MATANO + "D_tilde_50, D_tilde_20 = (_at_x_star(n, x_M, secant=True) for n in (0.5, 0.2))",
         True),
        ("the exact D~ behind the table", "D_tilde_50, D_tilde_20 = 3.7005e-14, 8.8900e-14", True),
        ("1/t for 1/(2t)", "D_tilde_50, D_tilde_20 = 2 * D_tilde_50, 2 * D_tilde_20", False),
        ("time in hours", HW03_MATANO + "D_tilde_50, D_tilde_20 = (_at_x_star(n, x_M, t=36.0) for n in (0.5, 0.2))", False),
        ("x + x_M: the sign of the Matano plane", HW03_MATANO + "D_tilde_50, D_tilde_20 = (_at_x_star(n, -x_M) for n in (0.5, 0.2))",
         False),
        ("no Matano plane: x from the start of the scan", HW03_MATANO + "D_tilde_50, D_tilde_20 = (_at_x_star(n, 0.0) for n in (0.5, 0.2))",
         False),
        ("the half-way point as the Matano plane", HW03_MATANO + "x_M = np.interp(0.5, N_scan[::-1], x_scan[::-1])\n"
                                                   "D_tilde_50, D_tilde_20 = (_at_x_star(n, x_M) for n in (0.5, 0.2))", False),
    ],
    ("hw03_darken_analysis", "q4_tests"): [
        ("D_B first, then D_A = D_B + (D_A - D_B)", "def intrinsic_from_darken(N_A, D_tilde, v_K, dNA_dx):\n"
                                                    "    D_B = D_tilde - (1 - np.asarray(N_A)) * np.asarray(v_K) / dNA_dx\n"
                                                    "    return D_B + np.asarray(v_K) / dNA_dx, D_B", True),
        ("np.linalg.solve per plane", "def intrinsic_from_darken(N_A, D_tilde, v_K, dNA_dx):\n"
                                      "    solve = np.vectorize(lambda n, d, v, g: tuple(np.linalg.solve([[1 - n, n], [1, -1]], [d, v / g])))\n"
                                      "    return solve(N_A, D_tilde, v_K, dNA_dx)", True),
        ("Darken's weights swapped", "def intrinsic_from_darken(N_A, D_tilde, v_K, dNA_dx):\n"
                                     "    d = np.asarray(v_K) / dNA_dx\n    return D_tilde + (1 - np.asarray(N_A)) * d, D_tilde - np.asarray(N_A) * d",
         False),
        ("sign of D_A - D_B", "def intrinsic_from_darken(N_A, D_tilde, v_K, dNA_dx):\n"
                              "    d = -np.asarray(v_K) / dNA_dx\n    return D_tilde + np.asarray(N_A) * d, D_tilde - (1 - np.asarray(N_A)) * d",
         False),
        ("returned as (D_B, D_A)", "def intrinsic_from_darken(N_A, D_tilde, v_K, dNA_dx):\n"
                                   "    d = np.asarray(v_K) / dNA_dx\n    return D_tilde - (1 - np.asarray(N_A)) * d, D_tilde + np.asarray(N_A) * d",
         False),
        ("hard-coded example", "def intrinsic_from_darken(N_A, D_tilde, v_K, dNA_dx):\n    return 2.5e-14, 1.5e-14", False),
        ("scalars only", "def intrinsic_from_darken(N_A, D_tilde, v_K, dNA_dx):\n    d = float(v_K) / float(dNA_dx)\n"
                         "    return float(D_tilde) + float(N_A) * d, float(D_tilde) - (1 - float(N_A)) * d", False),
    ],
    ("hw03_darken_analysis", "q5_tests"): [
        ("Heumann / van Loo", "D_A_K, D_B_K = analysis.heumann(x_scan, N_scan, t_anneal, x_K)", True),
        ("diffkit.analysis.darken_route", "D_A_K, D_B_K = analysis.darken_route(x_scan, N_scan, t_anneal, x_K)", True),
        ("the exact values behind the table", "N_K, D_A_K, D_B_K = 0.6710, 5.094e-14, 5.741e-15", True),
        ("the scan position taken as the displacement", "v_K_markers = x_K / (2 * t_anneal)\n"
         "D_A_K, D_B_K = intrinsic_from_darken(N_K, D_tilde_K, v_K_markers, slope_K)", False),
        ("speed x/t (factor 2)", "v_K_markers = (x_K - x_M) / t_anneal\n"
                                 "D_A_K, D_B_K = intrinsic_from_darken(N_K, D_tilde_K, v_K_markers, slope_K)", False),
        ("Darken's weights swapped", "_d = v_K_markers / slope_K\nD_A_K, D_B_K = D_tilde_K + (1 - N_K) * _d, D_tilde_K - N_K * _d",
         False),
        ("slope across one table interval", "_i = np.searchsorted(x_scan, x_K)\n"
                                            "_s = (N_scan[_i] - N_scan[_i - 1]) / (x_scan[_i] - x_scan[_i - 1])\n"
                                            "D_A_K, D_B_K = intrinsic_from_darken(N_K, D_tilde_K, v_K_markers, _s)", False),
    ],
    ("hw03_darken_analysis", "q6_tests"): [
        ("Matano by hand with x_half", HW03_MATANO + "D_tilde_20_half = _at_x_star(0.2, x_half)", True),
        ("the Matano plane instead of x_half", "D_tilde_20_half = D_tilde_20", False),
        ("x_half at the nearest table point", "x_half = x_scan[np.argmin(np.abs(N_scan - 0.5))]", False),
        ("1/t for 1/(2t)", "D_tilde_20_half = 2 * D_tilde_20_half", False),
        ("x + x_half", HW03_MATANO + "D_tilde_20_half = _at_x_star(0.2, -x_half)", False),
    ],
    ("hw04_thermodynamic_factor", "q1_tests"): [
        ("with diffkit's Regular", "phi_1 = Regular(Omega_1).phi(N_1, T_1)\nphi_2 = Regular(Omega_2).phi(N_2, T_2)", True),
        ("from the curvature of G_m", "phi_1 = N_1 * (1 - N_1) / (R * T_1) * Regular(Omega_1).d2g_dN2(N_1, T_1)", True),
        ("the factor 2 forgotten", "phi_1 = 1 - Omega_1 * N_1 * (1 - N_1) / (R * T_1)", False),
        ("Omega in kJ/mol", "phi_1 = 1 - 2 * 18.0 * N_1 * (1 - N_1) / (R * T_1)", False),
        ("k_B for R", "from diffkit.constants import K_B\nphi_1 = 1 - 2 * Omega_1 * N_1 * (1 - N_1) / (K_B * T_1)", False),
        ("T in degrees Celsius", "phi_1 = 1 - 2 * Omega_1 * N_1 * (1 - N_1) / (R * (T_1 - 273.15))", False),
        ("sign of the Omega term", "phi_2 = 1 + 2 * Omega_2 * N_2 * (1 - N_2) / (R * T_2)", False),
    ],
    ("hw04_thermodynamic_factor", "q2_tests"): [
        ("the formulas by hand", "T_c = Omega_1 / (2 * R)\n_w = 0.5 * np.sqrt(1 - 2 * R * 900.0 / Omega_1)\n"
                                 "N_spinodal_low, N_spinodal_high = 0.5 - _w, 0.5 + _w", True),
        ("roots of Phi = 0", "from scipy.optimize import brentq\n_phi = lambda n: Regular(Omega_1).phi(n, 900.0)\n"
                             "N_spinodal_low, N_spinodal_high = brentq(_phi, 0.01, 0.5), brentq(_phi, 0.5, 0.99)", True),
        ("T_c = Omega/R", "T_c = Omega_1 / R", False),
        ("T_c in degrees Celsius", "T_c = Omega_1 / (2 * R) - 273.15", False),
        ("the binodal for the spinodal", "N_spinodal_low, N_spinodal_high = Regular(Omega_1).binodal(900.0)", False),
        ("the factor 2 forgotten: N_A N_B = RT/Omega",
         "N_spinodal_low = 0.5 - 0.5 * np.sqrt(abs(1 - 4 * R * 900.0 / Omega_1))\nN_spinodal_high = 1 - N_spinodal_low", False),
    ],
    ("hw04_thermodynamic_factor", "q3_tests"): [
        ("log10", "def phi_from_activity(N, a):\n    return np.gradient(np.log10(a), np.log10(N))", True),
        ("1 + d ln(gamma) / d ln N", "def phi_from_activity(N, a):\n    N, a = np.asarray(N), np.asarray(a)\n"
                                     "    return 1 + np.gradient(np.log(a / N), np.log(N))", True),
        ("polynomial fit of ln(gamma)", "def phi_from_activity(N, a):\n    N, a = np.asarray(N), np.asarray(a)\n"
                                        "    p = np.polyfit(N, np.log(a / N), 4)\n    return 1 + N * np.polyval(np.polyder(p), N)", True),
        ("d ln a / dN", "def phi_from_activity(N, a):\n    return np.gradient(np.log(a), N)", False),
        ("d ln(gamma) / d ln N without the 1", "def phi_from_activity(N, a):\n    N, a = np.asarray(N), np.asarray(a)\n"
                                               "    return np.gradient(np.log(a / N), np.log(N))", False),
        ("1 + d ln a / d ln N", "def phi_from_activity(N, a):\n    return 1 + np.gradient(np.log(a), np.log(N))", False),
        ("da / dN", "def phi_from_activity(N, a):\n    return np.gradient(np.asarray(a, dtype=float), np.asarray(N, dtype=float))",
         False),
        ("hard-coded table", "def phi_from_activity(N, a):\n    return np.full(len(N), 0.61)", False),
    ],
    ("hw04_thermodynamic_factor", "q4_tests"): [
        ("from the model", "phi_A_30 = phi_B_30 = RedlichKister([16.0e3, 5.0e3]).phi(0.30, 1300.0)", True),
        ("one centred difference by hand", "phi_A_30 = np.log(a_A_table[6] / a_A_table[4]) / np.log(0.35 / 0.25)\n"
                                           "phi_B_30 = np.log(a_B_table[6] / a_B_table[4]) / np.log(0.65 / 0.75)", True),
        ("a one-sided (forward) difference", "phi_A_30 = np.log(a_A_table[6] / a_A_table[5]) / np.log(0.35 / 0.30)\n"
                                             "phi_B_30 = np.log(a_B_table[6] / a_B_table[5]) / np.log(0.65 / 0.70)", False),
        ("a one-sided (backward) difference", "phi_A_30 = np.log(a_A_table[5] / a_A_table[4]) / np.log(0.30 / 0.25)\n"
                                              "phi_B_30 = np.log(a_B_table[5] / a_B_table[4]) / np.log(0.70 / 0.75)", False),
        ("a_B against ln N_A", "phi_B_30 = phi_from_activity(N_table, a_B_table)[5]", False),
        ("Phi - 1", "phi_A_30, phi_B_30 = phi_A_30 - 1, phi_B_30 - 1", False),
        ("d ln a / dN", "phi_A_30 = np.gradient(np.log(a_A_table), N_table)[5]\n"
                        "phi_B_30 = np.gradient(np.log(a_B_table), 1 - N_table)[5]", False),
    ],
    ("hw04_thermodynamic_factor", "q5_tests"): [
        ("with diffkit.kinetics", "from diffkit.kinetics import darken_interdiffusivity, intrinsic_diffusivities\n"
                                  "D_tilde_20, D_tilde_40 = (darken_interdiffusivity(n, *intrinsic_diffusivities(n, DA_star, DB_star, "
                                  "Regular(Omega_1).phi(n, T_5)))\n for n in (0.2, 0.4))", True),
        ("Phi forgotten", "D_tilde_20, D_tilde_40 = 0.8 * DA_star + 0.2 * DB_star, 0.6 * DA_star + 0.4 * DB_star", False),
        ("Darken's weights swapped", "_phi = Regular(Omega_1).phi\n"
                                     "D_tilde_20 = (0.2 * DA_star + 0.8 * DB_star) * _phi(0.2, T_5)\n"
                                     "D_tilde_40 = (0.4 * DA_star + 0.6 * DB_star) * _phi(0.4, T_5)", False),
        ("|Phi|", "D_tilde_40 = abs(D_tilde_40)", False),
        ("directions swapped", "direction_20, direction_40 = direction_40, direction_20", False),
        ("uphill everywhere below T_c", "direction_20 = 'uphill'", False),
    ],
    ("hw04_thermodynamic_factor", "q6_tests"): [
        ("a grid, without polishing the roots", "_N = np.linspace(0.001, 0.999, 999)\n_p = rk.phi(_N, 900.0)\n"
                                                 "N_sp_low, N_sp_high = _N[np.flatnonzero(np.diff(np.sign(_p)))]\n"
                                                 "T_c_rk = (900.0 * (1 - _p)).max()", True),
        ("from the curvature of G_m", "from scipy.optimize import brentq, minimize_scalar\n"
                                      "_g = lambda n: rk.d2g_dN2(n, 900.0)\n"
                                      "N_sp_low, N_sp_high = brentq(_g, 0.3, 0.66), brentq(_g, 0.66, 0.95)\n"
                                      "T_c_rk = -minimize_scalar(lambda n: n * (1 - n) * (rk.d2g_dN2(n, 1000.0) - R * 1000.0 / "
                                      "(n * (1 - n))) / R, bounds=(0.1, 0.9), method='bounded').fun", True),
        ("the regular solution with Omega = L_0", "N_sp_low, N_sp_high = Regular(16.0e3).spinodal(900.0)\n"
                                                   "T_c_rk = Regular(16.0e3).critical_temperature()", False),
        ("L_1 with the opposite sign", "_m = RedlichKister([16.0e3, -5.0e3])\n_N = np.linspace(0.001, 0.999, 9999)\n"
                                       "N_sp_low, N_sp_high = _N[np.flatnonzero(np.diff(np.sign(_m.phi(_N, 900.0))))]", False),
        ("T_c = L_0 / (2R)", "T_c_rk = 16.0e3 / (2 * R)", False),
    ],
    ("hw05_vacancy_wind", "q1_tests"): [
        ("with diffkit", "M0_fcc = kinetics.manning_m0('fcc')\n"
                         "r_A_1, r_B_1, S_1 = kinetics.manning_factors(N_1, DA_star_1, DB_star_1, 'fcc')", True),
        ("f0 rounded to 0.781, S in closed form",
         "M0_fcc = 2 * 0.781 / (1 - 0.781)\n_s = N_1 * DA_star_1 + (1 - N_1) * DB_star_1\n"
         "r_A_1 = 1 + 2 * N_1 * (DA_star_1 - DB_star_1) / (M0_fcc * _s)\n"
         "r_B_1 = 1 - 2 * (1 - N_1) * (DA_star_1 - DB_star_1) / (M0_fcc * _s)\n"
         "S_1 = 1 + 2 * N_1 * (1 - N_1) * (DA_star_1 - DB_star_1) ** 2 / "
         "(M0_fcc * _s * ((1 - N_1) * DA_star_1 + N_1 * DB_star_1))", True),
        ("f0 for M0", HW05_MANNING + "M0_fcc = kinetics.correlation_factor('fcc')\n"
                                     "r_A_1, r_B_1, S_1 = _manning(N_1, DA_star_1, DB_star_1, M0_fcc)", False),
        ("f0 for M0 in the factors only", HW05_MANNING + "r_A_1, r_B_1, S_1 = _manning(N_1, DA_star_1, DB_star_1, f0)",
         False),
        ("M0 = 2 f0 / (1 + f0)", "M0_fcc = 2 * f0 / (1 + f0)", False),
        ("N_A and N_B swapped", "r_A_1, r_B_1, S_1 = kinetics.manning_factors(1 - N_1, DA_star_1, DB_star_1, 'fcc')", False),
        ("N_B in the numerator of r_A", "r_A_1 = 1 + 2 * (1 - N_1) * (DA_star_1 - DB_star_1) / "
                                        "(M0_fcc * (N_1 * DA_star_1 + (1 - N_1) * DB_star_1))", False),
        ("Darken's weights in the denominator", "r_A_1 = 1 + 2 * N_1 * (DA_star_1 - DB_star_1) / "
                                                "(M0_fcc * ((1 - N_1) * DA_star_1 + N_1 * DB_star_1))", False),
        ("the factor 2 forgotten", HW05_MANNING + "r_A_1, r_B_1, S_1 = _manning(N_1, DA_star_1, DB_star_1, M0_fcc, 1.0)",
         False),
        ("the bcc lattice", "M0_fcc = kinetics.manning_m0('bcc')\n"
                            "r_A_1, r_B_1, S_1 = kinetics.manning_factors(N_1, DA_star_1, DB_star_1, 'bcc')", False),
        ("S = N_B r_A + N_A r_B (unweighted)", "S_1 = (1 - N_1) * r_A_1 + N_1 * r_B_1", False),
        ("the wind reversed", "r_A_1, r_B_1 = 2 - r_A_1, 2 - r_B_1", False),
    ],
    ("hw05_vacancy_wind", "q2_tests"): [
        ("numbers from np.sign", "sign_rA_minus_1, sign_rB_minus_1 = np.sign(r_A_1 - 1), np.sign(r_B_1 - 1)\n"
                                 "sign_shift_change = float(np.sign(abs(x_K_wind) - abs(x_K_darken)))", True),
        ("the reversed (textbook) answer", "sign_rA_minus_1, sign_rB_minus_1, sign_shift_change = -1, +1, -1", False),
        ("the wind reverses the shift, but the r's right", "sign_shift_change = -1", False),
        ("vacancies flow with the fast atoms", "vacancy_flux_toward = 'right'", False),
        ("both species sped up", "sign_rB_minus_1 = +1", False),
        ("no change of the shift", "sign_shift_change = 0", False),
        ("not one of the words offered", "vacancy_flux_toward = 'toward A'", False),
    ],
    ("hw05_vacancy_wind", "q3a_tests"): [
        ("diffkit", "intrinsic_from_L = kinetics.intrinsic_from_onsager", True),
        ("plain arithmetic", "def intrinsic_from_L(N_A, L_AA, L_AB, L_BB, phi):\n"
                             "    return phi * (L_AA / N_A - L_AB / (1 - N_A)), phi * (L_BB / (1 - N_A) - L_AB / N_A)", True),
        ("cross term dropped (Darken)", "def intrinsic_from_L(N_A, L_AA, L_AB, L_BB, phi):\n"
                                        "    return phi * L_AA / N_A, phi * L_BB / (1 - N_A)", False),
        ("cross term added", "def intrinsic_from_L(N_A, L_AA, L_AB, L_BB, phi):\n"
                             "    return phi * (L_AA / N_A + L_AB / (1 - N_A)), phi * (L_BB / (1 - N_A) + L_AB / N_A)", False),
        ("mole fractions swapped in the cross terms", "def intrinsic_from_L(N_A, L_AA, L_AB, L_BB, phi):\n"
         "    return phi * (L_AA / N_A - L_AB / N_A), phi * (L_BB / (1 - N_A) - L_AB / (1 - N_A))", False),
        ("Phi forgotten", "def intrinsic_from_L(N_A, L_AA, L_AB, L_BB, phi):\n"
                          "    return L_AA / N_A - L_AB / (1 - N_A), L_BB / (1 - N_A) - L_AB / N_A", False),
        ("returned as (D_B, D_A)", "def intrinsic_from_L(N_A, L_AA, L_AB, L_BB, phi):\n"
                                   "    return phi * (L_BB / (1 - N_A) - L_AB / N_A), phi * (L_AA / N_A - L_AB / (1 - N_A))", False),
        ("hard-coded answer", "def intrinsic_from_L(N_A, L_AA, L_AB, L_BB, phi):\n    return 7.1752e-15, 1.0404e-15", False),
        ("scalars only", "def intrinsic_from_L(N_A, L_AA, L_AB, L_BB, phi):\n    N_A, phi = float(N_A), float(phi)\n"
                         "    return phi * (float(L_AA) / N_A - float(L_AB) / (1 - N_A)), "
                         "phi * (float(L_BB) / (1 - N_A) - float(L_AB) / N_A)", False),
    ],
    ("hw05_vacancy_wind", "q3b_tests"): [
        ("with diffkit", "D_A_3, D_B_3 = kinetics.intrinsic_from_onsager(N_3, L_AA_3, L_AB_3, L_BB_3, phi_3)\n"
                         "r_A_3, r_B_3 = D_A_3 / (DA_star_3 * phi_3), D_B_3 / (DB_star_3 * phi_3)", True),
        ("cross term dropped (Darken)", "D_A_3, D_B_3 = phi_3 * L_AA_3 / N_3, phi_3 * L_BB_3 / (1 - N_3)\n"
                                        "r_A_3, r_B_3 = D_A_3 / (DA_star_3 * phi_3), D_B_3 / (DB_star_3 * phi_3)", False),
        ("Manning's factors from the tracers instead of the L's",
         "r_A_3, r_B_3, _ = kinetics.manning_factors(N_3, DA_star_3, DB_star_3, 'fcc')", False),
        ("Phi left out of r", "r_A_3, r_B_3 = D_A_3 / DA_star_3, D_B_3 / DB_star_3", False),
        ("Phi forgotten in D", "D_A_3, D_B_3 = intrinsic_from_L(N_3, L_AA_3, L_AB_3, L_BB_3, 1.0)", False),
        ("r upside down", "r_A_3, r_B_3 = DA_star_3 * phi_3 / D_A_3, DB_star_3 * phi_3 / D_B_3", False),
    ],
    ("hw05_vacancy_wind", "q4_tests"): [
        ("simulate_couple on a finite bar", HW05_COUPLE +
         "x_K_darken, x_K_wind = (float(simulate_couple(*_fns(w), t_4, length=4e-3, n_cells=400).markers[-1, 0])\n"
         "                        for w in (False, True))\nv_K_wind = x_K_wind / (2 * t_4)", True),
        ("velocity by differentiating the solution in time", HW05_COUPLE +
         "v_K_wind = (_shift(True, t=1.001 * t_4) - _shift(True, t=0.999 * t_4)) / (0.002 * t_4)", True),
        ("time in hours", HW05_COUPLE + "x_K_darken, x_K_wind = _shift(False, t=50), _shift(True, t=50)", False),
        ("in µm", "x_K_darken, x_K_wind = x_K_darken * 1e6, x_K_wind * 1e6", False),
        ("speed x/t (factor 2)", "v_K_wind = x_K_wind / t_4", False),
        ("Phi forgotten (ideal solution)", HW05_COUPLE + "x_K_darken, x_K_wind = _shift(False, model=Ideal()), "
                                                         "_shift(True, model=Ideal())", False),
        ("D_A, D_B at N_A = 0.5 for the whole couple",
         "_phi = float(Regular(Omega_4).phi(0.5, T_4))\n"
         "x_K_darken, x_K_wind = (float(self_similar_solution(*(float(d) for d in kinetics.intrinsic_diffusivities("
         "0.5, DA_star_4, DB_star_4, _phi, vacancy_wind=w))).marker_position(t_4)) for w in (False, True))", False),
        ("D_A* and D_B* swapped", HW05_COUPLE + "x_K_darken, x_K_wind = (_shift(w, DA=DB_star_4, DB=DA_star_4) "
                                                "for w in (False, True))", False),
        ("Darken and wind swapped", "x_K_darken, x_K_wind = x_K_wind, x_K_darken", False),
        ("the bcc lattice", HW05_COUPLE + "x_K_wind = _shift(True, lattice='bcc')", False),
    ],
    ("hw05_vacancy_wind", "q5_tests"): [
        ("with the question-3 function", "_n = n_A_mc + n_B_mc\n"
                                         "D_A, D_B = intrinsic_from_L(n_A_mc / _n, R_AA / (6 * _n), R_AB / (6 * _n), "
                                         "R_BB / (6 * _n), 1.0)\n"
                                         "r_A_mc, r_B_mc, D_ratio_mc = D_A / D_A_star, D_B / D_B_star, D_A / D_B", True),
        ("N_i = n_i / (n_A + n_B) with l_ij over M", "_n = n_A_mc + n_B_mc\n"
         "D_A, D_B = intrinsic_from_L(n_A_mc / _n, R_AA / (6 * M_sites), R_AB / (6 * M_sites), R_BB / (6 * M_sites), 1.0)\n"
         "r_A_mc, r_B_mc, D_ratio_mc = D_A / D_A_star, D_B / D_B_star, D_A / D_B", True),
        ("Manning at the nominal N_A, in a loop", "r_A_manning = [float(kinetics.manning_factors(n, a, b)[0]) "
                                                  "for n, a, b in zip(N_mc, D_A_star, D_B_star)]", True),
        ("cross term dropped (Darken)", "D_A, D_B = R_AA / n_A_mc / 6, R_BB / n_B_mc / 6\n"
                                        "r_A_mc, r_B_mc, D_ratio_mc = D_A / D_A_star, D_B / D_B_star, D_A / D_B", False),
        ("cross term added", "D_A, D_B = (R_AA / n_A_mc + R_AB / n_B_mc) / 6, (R_BB / n_B_mc + R_AB / n_A_mc) / 6\n"
                             "r_A_mc, r_B_mc, D_ratio_mc = D_A / D_A_star, D_B / D_B_star, D_A / D_B", False),
        ("cross term over the species' own number", "D_A, D_B = (R_AA - R_AB) / n_A_mc / 6, (R_BB - R_AB) / n_B_mc / 6\n"
                                                    "r_A_mc, r_B_mc, D_ratio_mc = D_A / D_A_star, D_B / D_B_star, D_A / D_B",
         False),
        ("the tracer ratio for D_A/D_B", "D_ratio_mc = D_A_star / D_B_star", False),
        ("D_A/D_B hard-coded as w_A/w_B", "D_ratio_mc = np.full(3, w_ratio)", False),
        ("Manning at w_A/w_B instead of the tracer ratio", "r_A_manning = kinetics.manning_factors(x_A, w_ratio, 1.0)[0]",
         False),
        ("r upside down", "r_A_mc, r_B_mc = D_A_star / D_A, D_B_star / D_B", False),
        ("inconsistent", "ratio_consistent = False", False),
    ],
    ("hw06_applications", "q1_tests"): [
        ("diffkit's pore volume, also for the long anneal",
         "pore_volume_1 = voids.pore_volume_per_area(couple_1, t_1, eta=eta_1)\n"
         "eta_min_1 = 1 - A_max_1 / voids.pore_volume_per_area(couple_1, t_long_1, eta=0.0)", True),
        ("simulate_couple on a finite bar", "from diffkit.couple import simulate_couple\n"
         "x_K_1 = float(simulate_couple(D_A_1, D_B_1, t_1, length=1e-3, n_cells=400).markers[-1, 0])\n"
         "pore_volume_1 = (1 - eta_1) * abs(x_K_1)", True),
        ("the long anneal solved again", "eta_min_1 = 1 - A_max_1 / abs(couple_1.marker_position(t_long_1))", True),
        ("D_A and D_B swapped", "x_K_1 = float(self_similar_solution(D_B_1, D_A_1).marker_position(t_1))", False),
        ("time in hours", "x_K_1 = float(couple_1.marker_position(40))", False),
        ("pores on the slow species' side", "pore_side_1 = 'left'", False),
        ("not one of the words offered", "pore_side_1 = 'B'", False),
        ("eta and 1 - eta swapped", "pore_volume_1 = eta_1 * abs(x_K_1)", False),
        ("half the marker shift", "pore_volume_1 = (1 - eta_1) * abs(x_K_1) / 2", False),
        ("pore volume in µm", "pore_volume_1 = pore_volume_1 * 1e6", False),
        ("shift linear in t", "eta_min_1 = 1 - A_max_1 / (abs(x_K_1) * t_long_1 / t_1)", False),
        ("the 40 h shift for the 160 h anneal", "eta_min_1 = 1 - A_max_1 / abs(x_K_1)", False),
        ("eta and 1 - eta swapped in the design", "eta_min_1 = A_max_1 / (2 * abs(x_K_1))", False),
    ],
    ("hw06_applications", "q2_tests"): [
        ("the void radius by hand", "r_void_2 = (3 * n_vacancies_2 * atomic_volume_Co / (4 * np.pi)) ** (1 / 3)", True),
        ("a finer simulation with more output times",
         "sphere_2 = simulate_sphere(D_core_2, D_shell_2, np.linspace(0, t_2, 9), radius=R_2, r_core=r_core_2, "
         "n_cells=400, n_steps=120)\nvoid_ratio_2 = float(sphere_2.void_radius()[-1] / r_core_2)", True),
        ("a coarse simulation", "void_ratio_2 = float(simulate_sphere(D_core_2, D_shell_2, t_2, radius=R_2, r_core=r_core_2, "
                                "n_cells=100, n_steps=30).void_radius()[-1] / r_core_2)", True),
        ("time linear in R", "t_hollow_2 = t_small_2 * R_large_2 / R_small_2", False),
        ("time as R^3", "t_hollow_2 = t_small_2 * (R_large_2 / R_small_2) ** 3", False),
        ("time in minutes", "t_hollow_2 = 15 * (R_large_2 / R_small_2) ** 2", False),
        ("V^(1/3)", "r_void_2 = np.cbrt(n_vacancies_2 * atomic_volume_Co)", False),
        ("the diameter", "r_void_2 = 2 * void_radius(n_vacancies_2 * atomic_volume_Co)", False),
        ("square root", "r_void_2 = np.sqrt(3 * n_vacancies_2 * atomic_volume_Co / (4 * np.pi))", False),
        ("D_core and D_shell swapped", "void_ratio_2 = float(simulate_sphere(D_shell_2, D_core_2, t_2, radius=R_2, "
                                       "r_core=r_core_2).void_radius()[-1] / r_core_2)", False),
        ("time in hours", "void_ratio_2 = float(simulate_sphere(D_core_2, D_shell_2, 2.0, radius=R_2, "
                          "r_core=r_core_2).void_radius()[-1] / r_core_2)", False),
        ("divided by the particle radius", "void_ratio_2 = float(sphere_2.void_radius()[-1] / R_2)", False),
        ("vacancies through the fixed sphere", "void_ratio_2 = float(sphere_2.void_radius('interface')[-1] / r_core_2)",
         False),
        ("all excess vacancies (the upper bound)", "void_ratio_2 = float(sphere_2.void_radius('sinks')[-1] / r_core_2)",
         False),
    ],
    ("hw06_applications", "q3a_tests"): [
        ("diffkit", "def phi_from_ocv(x, E, T):\n    return intercalation.thermodynamic_factor_from_ocv(x, E, T)", True),
        ("dE / d ln x", "def phi_from_ocv(x, E, T):\n"
                        "    return -FARADAY / (R * T) * np.gradient(np.asarray(E, dtype=float), np.log(np.asarray(x, dtype=float)))",
         True),
        ("a cubic spline through the sorted table", HW06_OCV + "def phi_from_ocv(x, E, T):\n"
         "    return -FARADAY / (R * T) * np.asarray(x, dtype=float) * _slope(x, E, 'spline')", True),
        ("sign error", HW06_OCV + "def phi_from_ocv(x, E, T):\n"
                                  "    return FARADAY / (R * T) * np.asarray(x, dtype=float) * _slope(x, E)", False),
        ("the factor x missing", HW06_OCV + "def phi_from_ocv(x, E, T):\n    return -FARADAY / (R * T) * _slope(x, E)", False),
        ("RT/F for F/RT", HW06_OCV + "def phi_from_ocv(x, E, T):\n"
                                     "    return -(R * T / FARADAY) * np.asarray(x, dtype=float) * _slope(x, E)", False),
        ("k_B for R", HW06_OCV + "from diffkit.constants import K_B\ndef phi_from_ocv(x, E, T):\n"
                                 "    return -FARADAY / (K_B * T) * np.asarray(x, dtype=float) * _slope(x, E)", False),
        ("T fixed at 25 °C", HW06_OCV + "def phi_from_ocv(x, E, T):\n"
                                        "    return -FARADAY / (R * 298.15) * np.asarray(x, dtype=float) * _slope(x, E)", False),
        ("even spacing assumed", HW06_OCV + "def phi_from_ocv(x, E, T):\n"
         "    return -FARADAY / (R * T) * np.asarray(x, dtype=float) * _slope(x, E, 'even spacing')", False),
        ("forward differences", HW06_OCV + "def phi_from_ocv(x, E, T):\n"
         "    return -FARADAY / (R * T) * np.asarray(x, dtype=float) * _slope(x, E, 'forward')", False),
        ("hard-coded table", "def phi_from_ocv(x, E, T):\n    return np.full(len(x), 8.97)", False),
    ],
    ("hw06_applications", "q3b_tests"): [
        ("diffkit's smoothing spline", "phi_table_3 = intercalation.thermodynamic_factor_from_ocv(x_table_3, E_table_3, T_3, "
                                       "noise=0.5e-4 / np.sqrt(3))\nphi_080 = float(phi_table_3[14])\n"
                                       "D_chem_080 = D_J_080 * phi_080", True),
        ("one centred difference by hand", "phi_080 = -FARADAY / (R * T_3) * 0.80 * (E_table_3[15] - E_table_3[13]) / 0.10\n"
                                           "D_chem_080 = D_J_080 * phi_080", True),
        ("the factor x missing", "phi_table_3 = phi_table_3 / x_table_3\nphi_080 = float(phi_table_3[14])\n"
                                 "D_chem_080 = D_J_080 * phi_080", False),
        ("sign error", "phi_table_3 = -phi_table_3", False),
        ("a forward difference", "phi_080 = -FARADAY / (R * T_3) * 0.80 * (E_table_3[15] - E_table_3[14]) / 0.05\n"
                                 "D_chem_080 = D_J_080 * phi_080", False),
        ("a backward difference", "phi_080 = -FARADAY / (R * T_3) * 0.80 * (E_table_3[14] - E_table_3[13]) / 0.05\n"
                                  "D_chem_080 = D_J_080 * phi_080", False),
        ("the ideal lattice gas", "phi_080 = 1 / (1 - 0.80)\nD_chem_080 = D_J_080 * phi_080", False),
        ("the row of x = 0.75", "phi_080 = float(phi_table_3[13])\nD_chem_080 = D_J_080 * phi_080", False),
        ("D_J / Phi", "D_chem_080 = D_J_080 / phi_080", False),
        ("Phi forgotten", "D_chem_080 = D_J_080", False),
    ],
    ("hw06_applications", "q3c_tests"): [
        ("diffkit", "omega_LFP = intercalation.omega_from_miscibility_gap(0.05, T_3)\n"
                    "T_c_LFP = intercalation.critical_temperature(omega_LFP)\nx_high_LFP = 1 - 0.05", True),
        ("root of the binodal condition at 298 K", "from scipy.optimize import brentq\n"
         "omega_LFP = brentq(lambda om: np.log(0.05 / 0.95) - om * (2 * 0.05 - 1) / (R * 298.0), 1e3, 1e5)", True),
        ("Omega in kJ/mol", "omega_LFP = omega_LFP / 1e3", False),
        ("log10 for ln", "omega_LFP = R * T_3 * np.log10(0.95 / 0.05) / 0.9", False),
        ("T in degrees Celsius", "omega_LFP = R * 25.0 * np.log(0.95 / 0.05) / 0.9", False),
        ("fitted to the upper edge", "omega_LFP = intercalation.omega_from_miscibility_gap(x_high_measured, T_3)", False),
        ("T_c = Omega / R", "T_c_LFP = omega_LFP / R", False),
        ("the measured upper edge", "x_high_LFP = x_high_measured", False),
    ],
    ("hw06_applications", "q4_tests"): [
        ("diffkit", "D_salt_NaCl = electrolyte.salt_diffusivity(D_Na, D_Cl)\n"
                    "dphi_saline = electrolyte.junction_potential(c_saline_4, c_dilute_4, D_Na, D_Cl, T_body_4)\n"
                    "D_salt_CaCl2 = electrolyte.salt_diffusivity(D_Ca, D_Cl, 2, -1)", True),
        ("transference numbers, concentrations in mol/L", "_tp, _tm = electrolyte.transference_numbers(D_Na, D_Cl)\n"
         "dphi_saline = -R * T_body_4 / FARADAY * (_tp - _tm) * np.log(0.010 / 0.150)", True),
        ("arithmetic (Darken-like) mean", "D_salt_NaCl = (D_Na + D_Cl) / 2", False),
        ("sign flipped", "dphi_saline = -dphi_saline", False),
        ("log10 for ln", "dphi_saline = dphi_saline / np.log(10)", False),
        ("in mV", "dphi_saline = dphi_saline * 1e3", False),
        ("T in degrees Celsius", "dphi_saline = R * 37.0 / FARADAY * (D_Cl - D_Na) / (D_Na + D_Cl) * np.log(10.0 / 150.0)", False),
        ("25 °C instead of 37 °C", "dphi_saline = electrolyte.junction_potential(c_saline_4, c_dilute_4, D_Na, D_Cl, 298.15)",
         False),
        ("CaCl2 with the 1:1 formula", "D_salt_CaCl2 = 2 * D_Ca * D_Cl / (D_Ca + D_Cl)", False),
        ("CaCl2 with the charges swapped", "D_salt_CaCl2 = 3 * D_Ca * D_Cl / (D_Ca + 2 * D_Cl)", False),
        ("CaCl2 as an arithmetic mean", "D_salt_CaCl2 = (D_Ca + D_Cl) / 2", False),
    ],
}


@pytest.fixture(scope="module")
def solved_namespaces():
    """Each source notebook's code (given cells and answers, not the tests) run in-process, top to bottom."""
    spaces = {}
    for assignment in ASSIGNMENTS:
        ns = {"__name__": "__homework__"}
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in read(source_path(assignment)).cells:
                if cell.cell_type == "code" and not nbg(cell).get("grade"):  # answers and given code, no tests
                    exec(compile(cell.source, f"<{assignment}:{nbg(cell)['grade_id']}>", "exec"), ns)
        spaces[assignment] = ns
    return spaces


def test_every_autograded_question_has_variants():
    for assignment in ASSIGNMENTS:
        nb = read(source_path(assignment))
        for grade_id in autograded_points(nb):
            cases = VARIANTS.get((assignment, grade_id), [])
            assert any(not ok for _, _, ok in cases), f"{assignment}/{grade_id}: no wrong answer is tried"


@pytest.mark.parametrize("key", sorted(VARIANTS), ids=lambda k: f"{k[0][:4]}-{k[1]}")
def test_tolerances_accept_right_methods_and_reject_mistakes(key, solved_namespaces):
    assignment, grade_id = key
    test_source = cell_by_id(read(source_path(assignment)), grade_id).source
    base = solved_namespaces[assignment]
    with contextlib.redirect_stdout(io.StringIO()):
        exec(test_source, dict(base))  # the solution itself passes
        for what, code, should_pass in VARIANTS[key]:
            ns = dict(base)
            exec(code, ns)
            try:
                exec(test_source, ns)
            except Exception as err:  # noqa: BLE001 - a failing check, whatever it raises
                assert not should_pass, f"{grade_id}: a correct answer ({what}) fails: {type(err).__name__}: {err}"
            else:
                assert should_pass, f"{grade_id}: a wrong answer ({what}) passes"


# --------------------------------------------------------- nbgrader, run for real in a tmp course


def nbgrader_env(home):
    """The environment of an nbgrader run: the venv's bin first on PATH (nbgrader calls `alembic`), and a
    private HOME and Jupyter/IPython config, so neither the user's config nor their gradebook is touched."""
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    for var in ("DIFFKIT_GRADEBOOK", "XDG_DATA_HOME", "JUPYTER_CONFIG_PATH", "JUPYTER_PATH"):
        env.pop(var, None)
    env.update(HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"), JUPYTER_DATA_DIR=str(home / ".jupyter-data"),
               IPYTHONDIR=str(home / ".ipython"), MPLCONFIGDIR=str(home / ".mpl"), MPLBACKEND="Agg")
    return env


def run_nbgrader(args, cwd, env):
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course directory made from the repository's config and solutions/, with exercises/ generated afresh."""
    root = tmp_path_factory.mktemp("course")
    home = tmp_path_factory.mktemp("home")
    env = nbgrader_env(home)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    for assignment in ASSIGNMENTS:
        shutil.copytree(SOLUTIONS / assignment, root / "solutions" / assignment,
                        ignore=shutil.ignore_patterns(*NBGRADER_IGNORES))
    for assignment in ASSIGNMENTS:
        run_nbgrader(["generate_assignment", assignment, "--force"], root, env)
    return {"root": root, "home": home, "env": env}


def test_gradebook_is_kept_out_of_the_course_directory(course):
    assert not (course["root"] / "gradebook.db").exists(), "nbgrader_config.py should put the gradebook elsewhere"
    assert (course["home"] / ".local" / "share" / "diffkit-courseware" / "gradebook.db").is_file()
    for folder in (REPO, SOLUTIONS, EXERCISES):
        assert not (folder / "gradebook.db").exists(), f"a gradebook in {folder} could be committed"


def files_under(folder):
    """Files nbgrader copies from an assignment folder (it skips checkpoints and caches, as JupyterLab leaves them)."""
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file()
                  and not any(fnmatch.fnmatch(part, pattern) for part in p.relative_to(folder).parts
                              for pattern in NBGRADER_IGNORES))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercises_are_what_nbgrader_generates_now(assignment, course):
    """No drift: the committed student version equals a fresh `nbgrader generate_assignment`.

    Compared: the list of files, and each notebook's nbformat version, notebook metadata and every cell's
    type, id, source, metadata (with nbgrader's checksums), outputs and execution count. Ignored: only the
    JSON layout (indentation, key order), since notebooks are compared after parsing.
    """
    committed, fresh = EXERCISES / assignment, course["root"] / "exercises" / assignment
    assert files_under(committed) == files_under(fresh), "exercises/ has other files than nbgrader makes"
    for rel in files_under(fresh):
        if rel.suffix != ".ipynb":
            assert (committed / rel).read_bytes() == (fresh / rel).read_bytes(), rel
            continue
        a, b = read(committed / rel), read(fresh / rel)
        assert (a.nbformat, a.nbformat_minor, a.metadata) == (b.nbformat, b.nbformat_minor, b.metadata)
        assert len(a.cells) == len(b.cells), f"{rel}: regenerate exercises/ (see docs/instructors.md)"
        for i, (x, y) in enumerate(zip(a.cells, b.cells)):
            assert x == y, f"{rel}, cell {i} ({nbg(y).get('grade_id')}) differs: regenerate exercises/"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_version_leaks_nothing(assignment):
    source = read(source_path(assignment))
    secrets = secret_lines(source)
    assert len(secrets) > 40, "too few secret lines found: is the source notebook complete?"
    student = read(release_path(assignment))
    seen = set()
    for cell in student.cells:
        for marker in MARKERS:
            assert marker not in cell.source, f"{nbg(cell).get('grade_id')}: '{marker}' released"
        assert "NBVAL_CHECK_OUTPUT" not in cell.source
        seen.update(line.strip() for line in cell.source.splitlines())
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "released notebooks carry no output"
    leaked = sorted(secrets & seen)
    assert not leaked, f"solution or hidden-test text in the student version: {leaked}"
    # and every answer cell is the nbgrader stub, so the student has something to replace
    for grade_id in grade_ids(student, solution=True):
        cell = cell_by_id(student, grade_id)
        stub = "raise NotImplementedError()" if cell.cell_type == "code" else "YOUR ANSWER HERE"
        assert stub in cell.source, grade_id


# one answer cell per assignment replaced by a classic mistake: (answer cell, code appended, test cell that fails)
ONE_WRONG = {
    "hw01_vacancy_mechanism": ("q3_answer", "Q_Ni = Q_Ni / eV  # reported in eV instead of J/mol", "q3_tests"),
    "hw02_kirkendall_effect": ("q4_answer", "v_56d = shift_56d / (56 * day)  # x/t instead of x/(2t)", "q4_tests"),
    "hw03_darken_analysis": ("q3_answer", "D_tilde_50, D_tilde_20 = 2 * D_tilde_50, 2 * D_tilde_20  # 1/t instead of 1/(2t)",
                             "q3_tests"),
    "hw04_thermodynamic_factor": ("q1_answer", "phi_1 = 1 - Omega_1 * N_1 * (1 - N_1) / (R * T_1)  # the factor 2 forgotten",
                                  "q1_tests"),
    "hw05_vacancy_wind": ("q1_answer", "M0_fcc = f0  # f0 taken for M0 = 2 f0 / (1 - f0)\n"
                                       "wind = 2 * (DA_star_1 - DB_star_1) / (M0_fcc * (N_1 * DA_star_1 + (1 - N_1) * DB_star_1))\n"
                                       "r_A_1, r_B_1 = 1 + N_1 * wind, 1 - (1 - N_1) * wind", "q1_tests"),
    "hw06_applications": ("q4_answer", "D_salt_NaCl = (D_Na + D_Cl) / 2  # the arithmetic (Darken-like) mean, not the "
                                       "ambipolar one", "q4_tests"),
}


@pytest.fixture(scope="module")
def graded(course):
    """Three submissions per assignment, autograded and exported to a CSV."""
    root, env = course["root"], course["env"]
    for assignment in ASSIGNMENTS:
        solution = read(source_path(assignment))
        perfect = student_submission(assignment, answers_from=solution)
        one_wrong = copy.deepcopy(perfect)
        answer_id, mistake, _ = ONE_WRONG[assignment]
        cell = cell_by_id(one_wrong, answer_id)
        cell.source = cell.source + "\n" + mistake
        for student, nb in [("perfect", perfect), ("untouched", student_submission(assignment)),
                            ("one_wrong", one_wrong)]:
            folder = root / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{assignment}.ipynb")
        run_nbgrader(["autograde", assignment], root, env)
    run_nbgrader(["export", "--to", "grades.csv"], root, env)
    with open(root / "grades.csv", newline="") as fh:
        rows = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(fh)}
    db_url = "sqlite:///" + str(course["home"] / ".local" / "share" / "diffkit-courseware" / "gradebook.db")
    return {"rows": rows, "db_url": db_url, "root": root}


def cell_scores(graded, assignment, student):
    from nbgrader.api import Gradebook

    with Gradebook(graded["db_url"], "diffkit") as gb:
        nb = gb.find_submission_notebook(assignment, assignment, student)
        return {g.name: (g.score, g.max_score, g.needs_manual_grade) for g in nb.grades}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_grading_run_gives_the_right_scores(assignment, graded):
    solution = read(source_path(assignment))
    auto = autograded_points(solution)
    rows = graded["rows"]
    for student in ("perfect", "untouched", "one_wrong"):
        row = rows[(assignment, student)]
        assert float(row["max_score"]) == total_points(solution), "max score is the stated total"
        autograded = graded["root"] / "autograded" / student / assignment / f"{assignment}.ipynb"
        assert autograded.is_file(), f"{student}: autograding produced no notebook"

    # (a) the solution gets every autograded point; the written answer waits for a grader
    assert float(rows[(assignment, "perfect")]["raw_score"]) == sum(auto.values())
    scores = cell_scores(graded, assignment, "perfect")
    for grade_id, points in auto.items():
        assert scores[grade_id][:2] == (points, points), grade_id
    for grade_id in grade_ids(solution, grade=True, solution=True):
        assert scores[grade_id][2], f"{grade_id} should wait for manual grading"

    # (b) the untouched student version: zero, and every test cell was run and failed (no crash)
    assert float(rows[(assignment, "untouched")]["raw_score"]) == 0.0
    scores = cell_scores(graded, assignment, "untouched")
    assert all(scores[grade_id][0] == 0 for grade_id in auto)
    executed = read(graded["root"] / "autograded" / "untouched" / assignment / f"{assignment}.ipynb")
    for grade_id in auto:
        errors = [o for o in cell_by_id(executed, grade_id).outputs if o.output_type == "error"]
        assert errors and errors[0].ename in ("NameError", "NotImplementedError"), grade_id

    # (c) one wrong answer loses exactly that question's points
    _, _, failing = ONE_WRONG[assignment]
    assert float(rows[(assignment, "one_wrong")]["raw_score"]) == sum(auto.values()) - auto[failing]
    scores = cell_scores(graded, assignment, "one_wrong")
    assert {g for g in auto if scores[g][0] != scores[g][1]} == {failing}


# ---------------------------------------- what the guide and the README tell people to do


def guide_section(title):
    """The text of one '## ' section of docs/instructors.md."""
    text = (REPO / "docs" / "instructors.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}.*?$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"docs/instructors.md has no section '{title}'"
    return match.group(1)


@pytest.mark.parametrize("title", ["Grading on one machine", "Grading a class on JupyterHub"])
def test_guide_generates_before_collecting_and_autograding(title):
    """autograde needs the assignment in the gradebook, and only generate_assignment puts it there: on a fresh
    gradebook, `nbgrader autograde` fails with "No assignment with ID ... exists in the database". The grading run
    above (fixtures `course`, then `graded`) follows this order on a fresh gradebook."""
    text = guide_section(title)
    generate = text.find("nbgrader generate_assignment hw01_vacancy_mechanism --force")
    assert generate >= 0, f"'{title}' never runs nbgrader generate_assignment"
    for later in ("nbgrader autograde hw01_vacancy_mechanism", "submitted/"):
        assert later in text and generate < text.find(later), f"'{title}': generate_assignment should come before {later}"


def test_readme_first_command_opens_lecture_00_with_the_repository_as_root():
    """The quick start's first command: JupyterLab's root must be the repository (a notebook path alone makes its
    folder, notebooks/, the root, and exercises/ and lecture 00's ../exercises/ links are out of reach)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", quick_start, flags=re.S)
    assert len(commands) == 2, "the quick start has two commands: open the course, run the tests"
    *_, lab = commands[0].split(" && ")
    args = lab.split()
    assert args[:2] == ["jupyter", "lab"], lab
    assert "--notebook-dir=." in args or "--ServerApp.root_dir=." in args, f"JupyterLab's root is not the repository: {lab}"
    (target,) = [a for a in args[2:] if not a.startswith("-")]
    assert target == "notebooks/00_start_here.ipynb" and (REPO / target).is_file(), lab
