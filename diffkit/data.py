"""Measured data of the course: self-diffusion in pure metals, vacancy energies, Kirkendall 1947.

The numbers live in CSV files in ``diffkit/data/`` (shipped as package data), each with
``#`` header lines naming the sources and units. The CSVs keep the units of their sources
(cm^2/s, eV, kJ/mol, kcal/mol, °C, days, percent); this module converts them to SI once,
in ``_to_si``, when a file is loaded. Every record carries its ``source`` and a
``verified`` string saying how (or whether) its numbers were checked.

Functions
---------
self_diffusion()                        element -> SelfDiffusion (D0 m^2/s, Q J/mol, K)
self_diffusion_coefficient(element, T)  D*(T) = D0 exp(−Q/(R T)), m^2/s
vacancy_energies()                      element -> VacancyEnergies (E_f, E_m in J/mol and eV)
lattice_parameters()                    element -> Lattice (a0 and jump length in m, z)
kirkendall_1947()                       the Smigelskas–Kirkendall experiment (K, s)

Elements: Cu, Ag, Au, Ni, Al (fcc) and alpha-Fe (paramagnetic, bcc). Vacancy energies
for the five fcc metals.

Sources
-------
Self-diffusion (``self_diffusion.csv``), one published single-Arrhenius fit per element:

- Cu: G. Krautheim, A. Neidhardt, U. Reinhold, A. Zehe, Kristall und Technik 14 (1979)
  1491 (verified against the Diffusion Data abstract).
- Ag: J. Bihr, H. Mehrer, K. Maier, Phys. Status Solidi A 50 (1978) 171 (verified
  against the Diffusion Data abstract).
- Au: S. M. Makin, A. H. Rowe, A. D. Le Claire, Proc. Phys. Soc. B 70 (1957) 545 (not verified).
- Ni: K. Maier, H. Mehrer, E. Lessmann, W. Schüle, Phys. Status Solidi B 78 (1976) 689
  (not verified).
- Al: T. S. Lundy, J. F. Murdock, J. Appl. Phys. 33 (1962) 1671 (not verified).
- alpha-Fe: J. Lübbehusen, H. Mehrer, Acta Metall. Mater. 38 (1990) 283 (not verified).
- Compilation to check against: H. Mehrer, N. Stolica, N. A. Stolwijk, Landolt-Börnstein
  New Series III/26 (Springer, 1990) ch. 2; H. Mehrer, Diffusion in Solids (Springer, 2007).

Vacancy formation and migration enthalpies (``vacancy_energies.csv``): P. Ehrhart,
Landolt-Börnstein New Series III/25 (Springer, 1991) ch. 2; the Cu values are also quoted
as experimental in Y. Lysogorskiy et al., npj Comput. Mater. 7 (2021) 97, Table 1.

Kirkendall experiment (``kirkendall_1947.csv``): A. D. Smigelskas, E. O. Kirkendall,
Trans. AIME 171 (1947) 130–142. Only the anneal temperature (785 °C), total anneal time
(56 days), number of sectioning times (6), nominal brass composition (30 % Zn, basis not
stated), marker (Mo) and plating (Cu) are stored. The marker shifts themselves could not be
verified and are not stored (``Kirkendall1947.marker_shift`` is ``None``).
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
from dataclasses import dataclass

from . import _validate
from .constants import EV, N_AVOGADRO
from .kinetics import arrhenius

__all__ = [
    "SelfDiffusion",
    "VacancyEnergies",
    "Kirkendall1947",
    "self_diffusion",
    "self_diffusion_coefficient",
    "vacancy_energies",
    "kirkendall_1947",
    "Lattice",
    "lattice_parameters",
    "MOLAR_MASS",
    "mole_fraction_from_mass_fraction",
]

_FACTORS = {
    "m^2/s": 1.0,
    "cm^2/s": 1e-4,
    "J/mol": 1.0,
    "kJ/mol": 1e3,
    "kcal/mol": 4184.0,  # thermochemical calorie, 4.184 J
    "eV": EV * N_AVOGADRO,  # eV per atom -> J per mole of atoms
    "K": 1.0,
    "s": 1.0,
    "day": 86400.0,
    "m": 1.0,
    "angstrom": 1e-10,
    "mm": 1e-3,
    "percent": 1e-2,
}
_OFFSETS = {"degC": 273.15}  # absolute temperature: T[K] = t[°C] + 273.15


@dataclass(frozen=True)
class SelfDiffusion:
    """Arrhenius parameters of tracer self-diffusion in a pure metal (SI).

    Attributes
    ----------
    element : str
        Key of the record, e.g. ``"Cu"`` or ``"alpha-Fe"``.
    structure : str
        Crystal structure of the phase the fit describes (``"fcc"``, ``"bcc"``).
    D0 : float
        Pre-exponential factor, m^2/s.
    Q : float
        Activation enthalpy, J/mol.
    T_min, T_max : float or None
        Temperature range of the measurement, K (``None`` where it could not be checked).
    T_melt : float
        Melting point of the element, K.
    source, verified, note : str
        Reference, how the numbers were checked, and remarks (from the CSV).
    """

    element: str
    structure: str
    D0: float
    Q: float
    T_min: float | None
    T_max: float | None
    T_melt: float
    source: str
    verified: str
    note: str

    def D(self, T):
        """Tracer self-diffusion coefficient D*(T) = D0 exp(−Q/(R T)), m^2/s (T in K, > 0)."""
        return arrhenius(self.D0, self.Q, T)

    def in_range(self, T):
        """Whether T (K) lies inside the measured range [T_min, T_max].

        Returns a bool (or a bool array for array input), or ``None`` when the measured
        range is not known; outside the range D(T) is an extrapolation.
        """
        T = _validate.temperature(T)
        if self.T_min is None or self.T_max is None:
            return None
        inside = (T >= self.T_min) & (T <= self.T_max)
        return bool(inside) if inside.ndim == 0 else inside


@dataclass(frozen=True)
class VacancyEnergies:
    """Monovacancy formation and migration enthalpies of a pure metal.

    Attributes
    ----------
    element : str
    E_f, E_m : float
        Formation and migration enthalpy, J/mol (per mole of vacancies).
    E_f_eV, E_m_eV : float
        The same in eV per vacancy, as in the CSV.
    source, verified, note : str
    """

    element: str
    E_f: float
    E_m: float
    E_f_eV: float
    E_m_eV: float
    source: str
    verified: str
    note: str

    @property
    def Q(self):
        """Monovacancy activation enthalpy of self-diffusion E_f + E_m, J/mol."""
        return self.E_f + self.E_m


@dataclass(frozen=True)
class Kirkendall1947:
    """The Smigelskas–Kirkendall marker experiment (Trans. AIME 171 (1947) 130), in SI.

    Attributes
    ----------
    T_anneal : float
        Anneal temperature, K (785 °C).
    t_total : float
        Total anneal time, s (56 days).
    n_anneal_times : int
        Number of anneal times at which the couple was sectioned.
    Zn_content_nominal : float
        Zinc content of the brass core as a fraction (0.30); ``Zn_basis`` says whether
        it is by weight or by atoms (``"unspecified"``: the verified source does not say).
    marker_material, outer_layer : str
        Inert markers (Mo wires) and the plated layer (Cu).
    marker_shift : None
        The measured marker shifts are not stored: they could not be verified.
    source : str
        Citation of the paper.
    sources : tuple
        (quantity, source, verified) for every stored quantity, from the CSV.
    not_stored : tuple of str
        What is deliberately missing, and why.
    """

    T_anneal: float
    t_total: float
    n_anneal_times: int
    Zn_content_nominal: float
    Zn_basis: str
    marker_material: str
    outer_layer: str
    marker_shift: None
    source: str
    sources: tuple
    not_stored: tuple


def self_diffusion():
    """Tracer self-diffusion Arrhenius parameters of pure metals.

    Returns
    -------
    dict
        element -> ``SelfDiffusion`` (D0 in m^2/s, Q in J/mol, temperatures in K). A new
        dict on every call; the records are immutable.

    References
    ----------
    See the module docstring and the header of ``diffkit/data/self_diffusion.csv``.
    """
    return dict(_self_diffusion_table())


def self_diffusion_coefficient(element, T):
    """Tracer self-diffusion coefficient of a pure metal.

    D*(T) = D0 exp(−Q / (R T))

    The value is returned for any T > 0; use ``self_diffusion()[element].in_range(T)``
    to learn whether T lies inside the measured range (outside it, D* is an extrapolation).

    Parameters
    ----------
    element : str
        One of the keys of ``self_diffusion()`` (case-insensitive).
    T : float or array_like
        Temperature, K (> 0).

    Returns
    -------
    D : float or ndarray
        m^2/s.

    References
    ----------
    The record's ``source``; ``diffkit.kinetics.arrhenius``.
    """
    return _lookup(_self_diffusion_table(), element).D(T)


def vacancy_energies():
    """Monovacancy formation and migration enthalpies of pure metals.

    Returns
    -------
    dict
        element -> ``VacancyEnergies`` (E_f, E_m in J/mol; E_f_eV, E_m_eV in eV).

    References
    ----------
    P. Ehrhart, Landolt-Börnstein New Series III/25 (Springer, 1991) ch. 2; see the
    header of ``diffkit/data/vacancy_energies.csv``.
    """
    return dict(_vacancy_table())


def kirkendall_1947():
    """The numbers of the Smigelskas–Kirkendall experiment that could be verified, in SI.

    Returns
    -------
    Kirkendall1947

    References
    ----------
    A. D. Smigelskas, E. O. Kirkendall, Trans. AIME 171 (1947) 130–142.
    """
    return _kirkendall()


# --- loading -------------------------------------------------------------------------------

def _to_si(value, unit):
    """Convert one number from ``unit`` to SI: the only unit conversion in this module."""
    number = float(value)
    if unit in _OFFSETS:
        return number + _OFFSETS[unit]
    if unit not in _FACTORS:
        known = ", ".join(sorted([*_FACTORS, *_OFFSETS]))
        raise ValueError(f"unit must be one of {known}; got {unit!r}")
    return number * _FACTORS[unit]


def _read_csv(name):
    """Rows (dicts of str) of ``diffkit/data/<name>``, skipping the ``#`` header lines."""
    text = importlib.resources.files("diffkit").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    for row in rows:
        if not row.get("source", "").strip():
            raise ValueError(f"source must be given for every row of {name}; missing in {row}")
    return rows


def _optional(value, unit):
    return None if not value.strip() else _to_si(value, unit)


@functools.cache
def _self_diffusion_table():
    table = {}
    for row in _read_csv("self_diffusion.csv"):
        table[row["element"]] = SelfDiffusion(
            element=row["element"],
            structure=row["structure"],
            D0=_to_si(row["D0_cm2_per_s"], "cm^2/s"),
            Q=_to_si(row["Q"], row["Q_unit"]),
            T_min=_optional(row["T_min_K"], "K"),
            T_max=_optional(row["T_max_K"], "K"),
            T_melt=_to_si(row["T_melt_K"], "K"),
            source=row["source"],
            verified=row["verified"],
            note=row["note"],
        )
    return table


@functools.cache
def _vacancy_table():
    table = {}
    for row in _read_csv("vacancy_energies.csv"):
        table[row["element"]] = VacancyEnergies(
            element=row["element"],
            E_f=_to_si(row["E_f_eV"], "eV"),
            E_m=_to_si(row["E_m_eV"], "eV"),
            E_f_eV=float(row["E_f_eV"]),
            E_m_eV=float(row["E_m_eV"]),
            source=row["source"],
            verified=row["verified"],
            note=row["note"],
        )
    return table


@functools.cache
def _kirkendall():
    rows = {row["quantity"]: row for row in _read_csv("kirkendall_1947.csv")}

    def number(quantity):
        row = rows[quantity]
        return _to_si(row["value"], row["unit"])

    n_times = float(rows["n_anneal_times"]["value"])
    if not n_times.is_integer():
        raise ValueError(f"n_anneal_times must be a whole number; got {n_times!r}")
    return Kirkendall1947(
        T_anneal=number("anneal_temperature"),
        t_total=number("anneal_time_total"),
        n_anneal_times=int(n_times),
        Zn_content_nominal=number("brass_Zn_content_nominal"),
        Zn_basis="unspecified",
        marker_material=rows["marker_material"]["value"],
        outer_layer=rows["outer_layer"]["value"],
        marker_shift=None,
        source="A. D. Smigelskas, E. O. Kirkendall, 'Zinc diffusion in alpha brass', Trans. AIME 171 (1947) 130-142",
        sources=tuple((q, row["source"], row["verified"]) for q, row in rows.items()),
        not_stored=(
            "the anneal times at which the couple was sectioned",
            "the marker shift at each anneal time",
            "the total marker shift after 56 days (often quoted as about 0.125 mm)",
        ),
    )


@dataclass(frozen=True)
class Lattice:
    """Room-temperature lattice of a cubic metal (SI).

    Attributes
    ----------
    element, structure : str
    a0 : float
        Cubic lattice parameter, m.
    jump_length : float
        Nearest-neighbour distance, the jump length of the vacancy mechanism, m
        (a0/sqrt(2) for fcc, a0 sqrt(3)/2 for bcc).
    z : int
        Coordination number (12 fcc, 8 bcc).
    source, verified : str
    """

    element: str
    structure: str
    a0: float
    jump_length: float
    z: int
    source: str
    verified: str


_NEAREST_NEIGHBOUR = {"fcc": (2**-0.5, 12), "bcc": (3**0.5 / 2, 8)}


def lattice_parameters():
    """Element -> :class:`Lattice` (a0 and jump length in m, coordination number)."""
    return dict(_lattice_table())


@functools.cache
def _lattice_table():
    table = {}
    for row in _read_csv("lattice_parameters.csv"):
        a0 = _to_si(row["a0_angstrom"], "angstrom")
        factor, z = _NEAREST_NEIGHBOUR[row["structure"]]
        table[row["element"]] = Lattice(row["element"], row["structure"], a0, a0 * factor, z,
                                        row["source"], row["verified"])
    return table


MOLAR_MASS = {"Cu": 63.546, "Zn": 65.38, "Ni": 58.693, "Ag": 107.87, "Au": 196.97, "Al": 26.982, "Fe": 55.845}
"""Standard atomic weights, g/mol (IUPAC, Pure Appl. Chem. 94 (2022) 573; abridged to 5 digits)."""


def mole_fraction_from_mass_fraction(w_A, A, B):
    """Mole fraction of A in a binary A-B alloy with mass fraction w_A of A.

    N_A = (w_A / M_A) / (w_A / M_A + (1 - w_A) / M_B), with the molar masses of ``MOLAR_MASS``.
    (30 wt % Zn in Cu is N_Zn = 0.294.)
    """
    w_A = _validate.mole_fraction(w_A, "w_A").astype(float)
    M_A = _lookup(MOLAR_MASS, A, "A")
    M_B = _lookup(MOLAR_MASS, B, "B")
    return (w_A / M_A) / (w_A / M_A + (1.0 - w_A) / M_B)


def _lookup(table, element, name="element"):
    """The record of ``element`` (case-insensitive); ValueError naming the known keys otherwise."""
    known = ", ".join(sorted(table, key=str.lower))
    if isinstance(element, str):
        for key, record in table.items():
            if key.lower() == element.strip().lower():
                return record
    raise ValueError(f"{name} must be one of {known}; got {element!r}")
