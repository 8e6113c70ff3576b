"""Kinetic Monte Carlo of the vacancy mechanism: correlation factors, the 2D vacancy walk, the random alloy.

Self-diffusion by vacancies is correlated: right after a tagged atom (the tracer) has
exchanged with a vacancy, the vacancy sits on the site the tracer has just left, so the
tracer's next jump is more likely to undo the last one than to go anywhere else. The
tracer diffusivity is D* = f D_random, and this module measures the correlation factor
f by following the vacancy's random walk, for the seven lattices of
``diffkit.kinetics.CORRELATION_FACTORS``.

Functions
---------
correlation_factor             f by kinetic Monte Carlo, vectorised over many periodic boxes
finite_box_correlation_factor  exact f of one vacancy in a periodic box of M sites
vacancy_walk                   one vacancy and one tracer in a small 2D box, for animation
random_alloy                   Manning's random binary alloy: D_i*, L_ij, D_i, r_i (vacancy wind)
box_size_study                 random_alloy at several box sizes, extrapolated to 1/M → 0
extrapolate_in_inverse_size    weighted least-squares fit y = y_inf + slope/M

Lattices and units: nearest-neighbour jumps only, every jump length a = 1 (positions are
in units of a); z = ``diffkit.kinetics.COORDINATION[lattice]``. Honeycomb and diamond are
not Bravais lattices: their sites come in two sublattices whose neighbour vectors are
opposite, which the neighbour tables below take care of.

References
----------
K. Compaan and Y. Haven, Trans. Faraday Soc. 52 (1956) 786 (f from the cosine of
successive tracer jumps); S. W. Kelly and C. A. Sholl, J. Phys. C 20 (1987) 5293 (Monte
Carlo evaluation of f; the reverse-jump probability 2/z); H. Mehrer, Diffusion in Solids
(Springer, 2007), ch. 7; R. M. Foster, in Contributions to Applied Mechanics (Edwards,
1949) 333, and P. G. Doyle and J. L. Snell, Random Walks and Electric Networks (MAA,
1984) (random walks and resistor networks).
"""

from __future__ import annotations

import math
import operator
import time
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.sparse
import scipy.sparse.linalg

from . import _validate
from .kinetics import COORDINATION, CORRELATION_FACTORS, manning_factors, manning_onsager_coefficients

__all__ = [
    "LATTICES",
    "CorrelationResult",
    "correlation_factor",
    "finite_box_correlation_factor",
    "VacancyWalk",
    "vacancy_walk",
    "ALLOY_LATTICES",
    "Estimate",
    "RandomAlloyResult",
    "random_alloy",
    "Extrapolation",
    "extrapolate_in_inverse_size",
    "BoxSizeStudy",
    "box_size_study",
]

LATTICES = ("square", "triangular", "honeycomb", "sc", "bcc", "fcc", "diamond")
"""Lattices known to this module (the keys of ``kinetics.CORRELATION_FACTORS``)."""

WALK_LATTICES = ("square", "triangular", "honeycomb")
"""The 2D lattices that ``vacancy_walk`` draws."""

DEFAULT_STEPS = {2: 256, 3: 128}
"""Default length n_steps of each vacancy walk, by dimension (see ``correlation_factor``)."""

DEFAULT_JUMPS = {
    "square": 80_000_000,
    "triangular": 60_000_000,
    "honeycomb": 150_000_000,
    "sc": 10_000_000,
    "bcc": 8_000_000,
    "fcc": 8_000_000,
    "diamond": 24_000_000,
}
"""Default total number of vacancy jumps, sized for a relative standard error near 0.1 %."""

_CHUNK = 1 << 17  # boxes advanced together: amortises numpy's per-call cost, still fits the cache

_SQRT3 = math.sqrt(3.0)


# --- lattices ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Geometry:
    """A lattice: primitive vectors (rows), basis sites, and per sublattice its bonds
    as (sublattice of the neighbour, cell offset of the neighbour)."""

    primitive: np.ndarray
    basis: np.ndarray
    bonds: tuple


def _bravais(primitive, offsets):
    primitive = np.array(primitive, dtype=float)
    return _Geometry(primitive, np.zeros((1, len(primitive))), (tuple((0, o) for o in offsets),))


def _two_sublattices(primitive, b_site, a_offsets):
    """Honeycomb or diamond: an A site's neighbours are B sites in the cells ``a_offsets``,
    and a B site's neighbours are A sites in the opposite cells."""
    primitive = np.array(primitive, dtype=float)
    b_offsets = tuple(tuple(-x for x in o) for o in a_offsets)
    return _Geometry(primitive, np.array([np.zeros(len(primitive)), b_site]),
                     (tuple((1, o) for o in a_offsets), tuple((0, o) for o in b_offsets)))


def _geometries():
    tri = np.array([[1.0, 0.0], [0.5, _SQRT3 / 2]])
    fcc = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]]) / math.sqrt(2.0)
    diamond = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]]) * (2.0 / _SQRT3)  # cube edge 4/√3
    axes2 = [(1, 0), (-1, 0), (0, 1), (0, -1)]
    axes3 = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)]
    return {
        "square": _bravais(np.eye(2), axes2),
        "triangular": _bravais(tri, axes2 + [(1, -1), (-1, 1)]),
        # honeycomb: triangular cells of edge √3, B a third of the way along the cell diagonal
        "honeycomb": _two_sublattices(_SQRT3 * tri, (_SQRT3 * tri).sum(axis=0) / 3,
                                      [(0, 0), (-1, 0), (0, -1)]),
        "sc": _bravais(np.eye(3), axes3),
        "bcc": _bravais(np.array([[-1, 1, 1], [1, -1, 1], [1, 1, -1]]) / _SQRT3,
                        axes3 + [(1, 1, 1), (-1, -1, -1)]),
        "fcc": _bravais(fcc, axes3 + [(1, -1, 0), (-1, 1, 0), (0, 1, -1), (0, -1, 1), (1, 0, -1), (-1, 0, 1)]),
        # diamond: fcc cells, B at a quarter of the cube diagonal
        "diamond": _two_sublattices(diamond, np.ones(3) / _SQRT3,
                                    [(0, 0, 0), (-1, 0, 0), (0, -1, 0), (0, 0, -1)]),
    }


_GEOMETRY = _geometries()


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so it can key a cache
class _PeriodicBox:
    """``size``^d primitive cells with periodic boundaries: every site, its neighbours and
    the bond vectors. Site number = cell number * (sites per cell) + sublattice."""

    lattice: str
    size: int
    neighbours: np.ndarray     # (n_sites, z) site numbers
    bond_vectors: np.ndarray   # (n_sublattices, z, d): neighbour k of a site is at site + bond_vectors[sub, k]
    sublattice: np.ndarray     # (n_sites,)
    positions: np.ndarray      # (n_sites, d) Cartesian, inside the box
    box: np.ndarray            # (d, d) the box's edge vectors (rows)

    @property
    def n_sites(self):
        return len(self.neighbours)

    @property
    def dimension(self):
        return self.box.shape[0]

    def site(self, cell, sublattice=0):
        return int(np.ravel_multi_index(cell, (self.size,) * self.dimension)) * len(self.bond_vectors) + sublattice


@lru_cache(maxsize=16)
def _periodic_box(lattice, size):
    geometry = _GEOMETRY[lattice]
    d, n_sub = len(geometry.primitive), len(geometry.basis)
    shape = (size,) * d
    cells = np.indices(shape).reshape(d, -1).T
    z = len(geometry.bonds[0])
    neighbours = np.empty((len(cells) * n_sub, z), dtype=np.int64)
    bond_vectors = np.empty((n_sub, z, d))
    for sub, bonds in enumerate(geometry.bonds):
        for k, (other, offset) in enumerate(bonds):
            target = np.ravel_multi_index(((cells + offset) % size).T, shape)
            neighbours[sub::n_sub, k] = target * n_sub + other
            bond_vectors[sub, k] = np.dot(offset, geometry.primitive) + geometry.basis[other] - geometry.basis[sub]
    positions = (cells @ geometry.primitive)[:, None, :] + geometry.basis[None, :, :]
    box = _PeriodicBox(lattice, size, neighbours, bond_vectors, np.tile(np.arange(n_sub), len(cells)),
                       positions.reshape(-1, d), size * geometry.primitive)
    for array in (neighbours, bond_vectors, box.sublattice, box.positions, box.box):
        array.flags.writeable = False  # cached and shared between calls
    return box


# --- input checks ------------------------------------------------------------------------

def _lattice_key(lattice, allowed):
    key = str(lattice).strip().lower()
    if key not in allowed:
        raise ValueError(f"lattice must be one of {', '.join(allowed)}; got {lattice!r}")
    return key


def _integer(value, name, minimum):
    """``value`` as an int >= minimum; integral floats such as 1e7 are accepted."""
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    try:
        number = operator.index(value)
    except TypeError:
        number = value if isinstance(value, (float, np.floating)) and float(value).is_integer() else None
    if number is None or number < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(number)


# --- the correlation factor by kinetic Monte Carlo ---------------------------------------

@dataclass(frozen=True)
class CorrelationResult:
    """A Monte Carlo estimate of the tracer correlation factor (see ``correlation_factor``).

    Attributes
    ----------
    lattice : str
    f, stderr : float
        Estimate of f0 and its standard error (one standard deviation).
    exact : float
        f0 from ``diffkit.kinetics.CORRELATION_FACTORS``.
    f_truncated : float
        The estimate before the run-length extrapolation (walks cut at n_steps).
    mean_cos : float
        ⟨cos θ⟩ between successive tracer jumps, from which f = (1 + ⟨cos θ⟩)/(1 − ⟨cos θ⟩).
    n_boxes, n_steps, size, n_sites : int
        Independent periodic boxes (one vacancy walk each), jumps per walk, box edge in
        primitive cells, sites per box.
    n_jumps : int
        Vacancy jumps simulated, n_boxes * n_steps.
    elapsed : float
        Wall-clock time of the call, s.
    seed : object
        The seed given to ``numpy.random.default_rng``.
    """

    lattice: str
    f: float
    stderr: float
    exact: float
    f_truncated: float
    mean_cos: float
    n_boxes: int
    n_steps: int
    size: int
    n_sites: int
    n_jumps: int
    elapsed: float
    seed: object = None

    @property
    def jumps_per_second(self):
        """Simulated vacancy jumps per second of wall-clock time."""
        return self.n_jumps / self.elapsed if self.elapsed > 0 else math.inf

    @property
    def error_in_stderr(self):
        """(f − exact) / stderr: within ±3 for a sound estimate."""
        return (self.f - self.exact) / self.stderr

    def summary(self):
        """One line, e.g. ``fcc: f = 0.7812 ± 0.0010 (exact 0.78145)``."""
        return f"{self.lattice}: f = {self.f:.4f} ± {self.stderr:.4f} (exact {self.exact:.5f})"

    def __repr__(self):
        return self.summary()


def correlation_factor(lattice, n_jumps=None, seed=0, *, n_steps=None, size=None):
    """Tracer correlation factor f of self-diffusion by a single vacancy, by kinetic Monte Carlo.

    f = (1 + ⟨cos θ⟩) / (1 − ⟨cos θ⟩),    ⟨cos θ⟩ = Σ_k p_k cos θ_k

    θ is the angle between two successive jumps of the tracer; p_k is the probability that
    the vacancy, which right after an exchange sits on the site the tracer has just left,
    next exchanges with the tracer from neighbour site k of the tracer (in 3D it may never
    come back: the next jump is then made by another vacancy, uncorrelated). This form
    holds for all seven lattices, the non-Bravais honeycomb and diamond included
    (Compaan and Haven 1956).

    Method. Each of n_boxes independent periodic boxes holds the tracer and one vacancy
    that starts on the site the tracer left and makes n_steps random jumps; all boxes move
    together, as numpy arrays. Rather than ending a walk at the exchange, which would make
    each walk yield one random cosine, the vacancy is held back from the tracer (a draw that
    points at the tracer is redrawn at the next step) and every arrival next to the tracer,
    at site k, adds the exchange probability there times cos θ_k:

        ⟨cos θ⟩ = E[ Σ_arrivals  w · (1/z) · cos θ_k ],   w = (1 − 1/z)^(arrivals before this one)

    with w the probability that no exchange has happened yet. This has the same mean as
    the plain walk and a far smaller variance. The standard error is that of the mean
    over the independent boxes, carried to f by error propagation.

    Run length. Correlation carried by a vacancy still away after T jumps is lost when the
    walk stops. It lives in the dipole part of the vacancy's distribution around the
    tracer, which decays as T^(−d/2) (d = 2 or 3), and so does the error f(T) − f0. In 2D
    the vacancy always comes back and the error falls only as 1/T: +0.28 % (square),
    +0.23 % (triangular), +0.43 % (honeycomb) at T = 256; in 3D it is +0.02 % to +0.05 %
    at T = 128. These numbers are exact expectations of the estimator (the walk's
    probability distribution propagated step by step, no sampling), in which the ratio of
    the errors at T and 2T is within 3 % of 2^(d/2) from T = 64 on. The estimate therefore
    removes that term by Richardson extrapolation from T/2 to T,

        ⟨cos θ⟩ = c(T) + [c(T) − c(T/2)] / (2^(d/2) − 1),

    which leaves at most +0.004 % (2D, T = 256) and +0.0015 % (3D, T = 128);
    ``f_truncated`` keeps the value before extrapolation.

    Finite box. One vacancy in a periodic box of M sites returns to the tracer more often
    than in an infinite crystal, from a random direction: over long times f(M) > f0, by
    2.2–2.7 f0/M in 2D and 1.4–1.5 f0/M in 3D (``finite_box_correlation_factor``; +0.9 %
    for a 16 × 16 square box). The default box is at least 4 √n_steps jump lengths across,
    so within its n_steps jumps a vacancy practically never (probability < 1e-6) reaches a
    periodic image of the tracer, and the box has no effect. A small ``size`` with
    n_steps >> M gives the finite-box value f(M) instead.

    Parameters
    ----------
    lattice : str
        One of ``LATTICES`` (case-insensitive).
    n_jumps : int, optional
        Total vacancy jumps, n_boxes * n_steps (at least 2 * n_steps). Default
        ``DEFAULT_JUMPS[lattice]``: a relative standard error near 0.1 %, all seven
        lattices in about 2 s.
    seed : int, numpy.random.SeedSequence or None
        Seed of ``numpy.random.default_rng``; the same seed gives the same result.
    n_steps : int, optional
        Jumps per walk, >= 16 (default 256 in 2D, 128 in 3D).
    size : int, optional
        Box edge in primitive cells, >= 4 (default: at least 4 √n_steps jump lengths).

    Returns
    -------
    CorrelationResult
        ``.f``, ``.stderr`` (dimensionless), ``.exact`` and the run's bookkeeping;
        printing it gives ``fcc: f = 0.7815 ± 0.0005 (exact 0.78145)``.

    References
    ----------
    Compaan and Haven (1956); Kelly and Sholl (1987); Mehrer (2007), ch. 7; L. F.
    Richardson, Phil. Trans. R. Soc. A 226 (1927) 299 (extrapolation).
    """
    started = time.perf_counter()
    key = _lattice_key(lattice, LATTICES)
    dimension = len(_GEOMETRY[key].primitive)
    n_steps = DEFAULT_STEPS[dimension] if n_steps is None else _integer(n_steps, "n_steps", 16)
    n_jumps = DEFAULT_JUMPS[key] if n_jumps is None else _integer(n_jumps, "n_jumps", 1)
    if n_jumps < 2 * n_steps:
        raise ValueError(f"n_jumps must be >= 2 * n_steps = {2 * n_steps} (at least two walks); got {n_jumps!r}")
    size = _default_size(key, n_steps) if size is None else _integer(size, "size", 4)
    n_boxes = n_jumps // n_steps

    box = _periodic_box(key, size)
    table, cosines = _encounter_table(box)
    rng = np.random.default_rng(seed)
    half, full = _encounter_sums(table, cosines, n_boxes, n_steps, rng)
    per_box = full + (full - half) / _richardson_denominator(n_steps, dimension)

    mean_cos = float(per_box.mean())
    cos_stderr = float(per_box.std(ddof=1)) / math.sqrt(n_boxes)
    return CorrelationResult(
        lattice=key,
        f=_f_from_cos(mean_cos),
        stderr=2.0 / (1.0 - mean_cos) ** 2 * cos_stderr,  # df/dc
        exact=CORRELATION_FACTORS[key],
        f_truncated=_f_from_cos(float(full.mean())),
        mean_cos=mean_cos,
        n_boxes=n_boxes,
        n_steps=n_steps,
        size=size,
        n_sites=box.n_sites,
        n_jumps=n_boxes * n_steps,
        elapsed=time.perf_counter() - started,
        seed=seed,
    )


def _f_from_cos(mean_cos):
    return (1.0 + mean_cos) / (1.0 - mean_cos)


def _richardson_denominator(n_steps, dimension):
    return (n_steps / (n_steps // 2)) ** (dimension / 2) - 1.0


def _default_size(lattice, n_steps):
    """Smallest box edge (in cells) spanning 4 √n_steps jump lengths, at least 8 cells."""
    cell_edge = np.linalg.norm(_GEOMETRY[lattice].primitive, axis=1).min()
    return max(8, math.ceil(4.0 * math.sqrt(n_steps) / cell_edge - 1e-9))


@lru_cache(maxsize=16)
def _encounter_table(box):
    """Neighbour table of the vacancy walk with the tracer fixed on site 0.

    Sites are renumbered: 0 is the tracer, 1..z its neighbours (in bond order), then the
    rest; z "ghost" sites follow, copies of 1..z. A step that would put the vacancy on the
    tracer leaves it on the ghost of its site instead, so it stays put without counting as
    a new arrival next to the tracer. Entries are stored as site * z, the offset of the
    site's row, so that one step is one addition and one lookup.

    Returns the flat table (int32) and cos θ_k for an exchange from neighbour k, given that
    the previous tracer jump left the vacancy on neighbour 1.
    """
    z = box.neighbours.shape[1]
    n = box.n_sites
    shell = box.neighbours[0]
    rest = np.ones(n, dtype=bool)
    rest[0] = rest[shell] = False
    order = np.concatenate(([0], shell, np.flatnonzero(rest)))
    label = np.empty(n, dtype=np.int64)
    label[order] = np.arange(n)
    table = label[box.neighbours[order]]
    ghosts = table[1:z + 1].copy()
    for k in range(1, z + 1):
        table[k][table[k] == 0] = n + k - 1
        ghosts[k - 1][ghosts[k - 1] == 0] = n + k - 1
    table = np.vstack([table, ghosts]) * z
    bonds = box.bond_vectors[0]
    # the tracer came from neighbour 1, so its last jump was −bonds[0] and the next is bonds[k]
    cosines = -(bonds @ bonds[0])
    table = table.ravel().astype(np.int32)
    table.flags.writeable = cosines.flags.writeable = False  # cached
    return table, cosines


def _encounter_sums(table, cosines, n_boxes, n_steps, rng):
    """Per box, Σ w cos θ_k / z over arrivals next to the tracer, after n_steps // 2 and n_steps jumps."""
    z = len(cosines)
    gain = cosines / z
    shell_end = (z + 1) * z  # rows 1..z are the tracer's neighbours
    half = np.empty(n_boxes)
    full = np.empty(n_boxes)
    for start in range(0, n_boxes, _CHUNK):
        n = min(_CHUNK, n_boxes - start)
        row = np.full(n, z, dtype=np.int32)          # every vacancy starts on neighbour 1 ...
        total = np.full(n, gain[0])                  # ... which counts as the first arrival
        survival = np.full(n, 1.0 - 1.0 / z)
        for step in range(1, n_steps + 1):
            row = table[row + rng.integers(0, z, n, dtype=np.int32)]
            arrived = np.flatnonzero(row < shell_end)
            total[arrived] += survival[arrived] * gain[row[arrived] // z - 1]
            survival[arrived] *= 1.0 - 1.0 / z
            if step == n_steps // 2:
                half[start:start + n] = total
        full[start:start + n] = total
    return half, full


def _expected_encounter_estimate(lattice, size=None, n_steps=None):
    """Exact expectation of ``correlation_factor``'s estimate (no sampling noise).

    Propagates the probability distribution of the held-back vacancy, weighted by the
    survival w, through the same table the simulation uses. Returns (f, f_truncated).
    Used to measure the bias left by the run length and the box size.
    """
    key = _lattice_key(lattice, LATTICES)
    dimension = len(_GEOMETRY[key].primitive)
    n_steps = DEFAULT_STEPS[dimension] if n_steps is None else n_steps
    size = _default_size(key, n_steps) if size is None else size
    table, cosines = _encounter_table(_periodic_box(key, size))
    z = len(cosines)
    rows = table.reshape(-1, z) // z
    n = len(rows)
    step = scipy.sparse.csr_matrix((np.full(rows.size, 1.0 / z), (rows.ravel(), np.repeat(np.arange(n), z))),
                                   shape=(n, n))
    density = np.zeros(n)
    density[1] = 1.0 - 1.0 / z
    total, half = cosines[0] / z, None
    for t in range(1, n_steps + 1):
        density = step @ density
        total += density[1:z + 1] @ cosines / z
        density[1:z + 1] *= 1.0 - 1.0 / z
        if t == n_steps // 2:
            half = total
    extrapolated = total + (total - half) / _richardson_denominator(n_steps, dimension)
    return float(_f_from_cos(extrapolated)), float(_f_from_cos(total))


def finite_box_correlation_factor(lattice, size):
    """Exact correlation factor of a tracer and one vacancy in a periodic box of M sites.

    f(M) = (1 + ⟨cos θ⟩_M) / (1 − ⟨cos θ⟩_M),   ⟨cos θ⟩_M = (1/z) Σ_k G(1, k) cos θ_k

    G(1, k) is the expected number of visits of the vacancy to neighbour k of the tracer
    before it exchanges with the tracer, starting from neighbour 1, the site the tracer
    has just left (one sparse linear solve). This is the long-time limit of ⟨R²⟩/(n a²)
    for the tracer in such a box, the quantity a direct simulation of one box measures.
    f(M) − f0 ≈ (2.2–2.7) f0/M in 2D and (1.4–1.5) f0/M in 3D, e.g. +0.91 % (square, 16 × 16),
    +0.27 % (fcc, 8³ cells). For honeycomb and diamond it has a closed form,
    f(M) = (1/2 + 1/M)/(3/2 − 1/M) and (1 + 1/M)/(2 − 1/M): there the direct return has
    probability (2/z)(1 − 1/M) (see ``VacancyWalk.expected_back_jump_fraction``) and every
    other return has the same cos θ.

    Parameters
    ----------
    lattice : str
        One of ``LATTICES``.
    size : int
        Box edge in primitive cells, >= 4; the box has M = size^d × (sites per cell) sites.
        A 3D box of 16³ cells takes a few hundredths of a second.

    Returns
    -------
    f : float
        Dimensionless.

    References
    ----------
    Compaan and Haven (1956); Doyle and Snell (1984) for G as a resistor-network quantity.
    """
    key = _lattice_key(lattice, LATTICES)
    box = _periodic_box(key, _integer(size, "size", 4))
    z = box.neighbours.shape[1]
    n = box.n_sites
    jumps = scipy.sparse.csr_matrix(
        (np.full(n * z, 1.0 / z), (np.repeat(np.arange(n), z), box.neighbours.ravel())), shape=(n, n))
    # visits before the exchange: G = (I − Q)^(-1), tracer's site 0 removed; I − Q is symmetric positive definite
    free = (scipy.sparse.identity(n) - jumps)[1:, 1:].tocsr()
    start = np.zeros(n - 1)
    start[box.neighbours[0, 0] - 1] = 1.0
    visits, info = scipy.sparse.linalg.cg(free, start, rtol=1e-12, maxiter=100 * n)
    if info != 0:
        raise RuntimeError(f"conjugate gradients did not converge for {key}, size {size}")
    bonds = box.bond_vectors[0]
    mean_cos = visits[box.neighbours[0] - 1] @ -(bonds @ bonds[0]) / z
    return float(_f_from_cos(mean_cos))


# --- the 2D vacancy walk, for drawing ----------------------------------------------------

@dataclass(frozen=True, repr=False, eq=False)
class VacancyWalk:
    """One vacancy and one tracer in a periodic 2D box (see ``vacancy_walk``).

    Positions are Cartesian, in units of the jump length a = 1. Row t of a trajectory is
    the state after t vacancy jumps (t = 0 .. n_steps).

    Attributes
    ----------
    lattice : str
    size : int
        Box edge in primitive cells.
    sites : ndarray, shape (n_sites, 2)
        Every lattice site of the box.
    box : ndarray, shape (2, 2)
        The box's edge vectors (rows), for periodic drawing.
    vacancy, tracer : ndarray, shape (n_steps + 1, 2)
        Positions wrapped into the box (always one of ``sites``).
    vacancy_unwrapped, tracer_unwrapped : ndarray, shape (n_steps + 1, 2)
        Positions without wrapping, for drawing paths and measuring displacements.
    tracer_jump_steps : ndarray of int
        The steps t at which the tracer jumped (exchanged with the vacancy between rows
        t − 1 and t).
    back_jumps : ndarray of bool
        One per tracer jump after the first: True if it took the tracer straight back to
        the site it came from.
    """

    lattice: str
    size: int
    sites: np.ndarray
    box: np.ndarray
    vacancy: np.ndarray
    tracer: np.ndarray
    vacancy_unwrapped: np.ndarray
    tracer_unwrapped: np.ndarray
    tracer_jump_steps: np.ndarray
    back_jumps: np.ndarray

    @property
    def n_steps(self):
        return len(self.vacancy) - 1

    @property
    def n_sites(self):
        return len(self.sites)

    @property
    def back_jump_fraction(self):
        """Observed fraction of tracer jumps that reverse the previous one (nan before two jumps)."""
        if self.back_jumps.size == 0:
            return math.nan
        return float(np.count_nonzero(self.back_jumps)) / self.back_jumps.size

    @property
    def expected_back_jump_fraction(self):
        """Probability that a tracer jump reverses the previous one, in this box.

        P = (2/z)(1 − 1/M)

        After an exchange the vacancy sits on the site the tracer left. The chance that
        its next exchange with the tracer goes through that same bond equals the
        effective resistance of one bond in a network of unit resistors on the lattice,
        (M − 1)/(number of bonds) = (2/z)(1 − 1/M) for a box of M sites (Foster's
        theorem; all bonds are equivalent). In a large crystal with few vacancies the
        reverse-jump probability is 2/z exactly (Kelly and Sholl 1987): 1/2 (square),
        1/3 (triangular), 2/3 (honeycomb). The naive guess 1/z counts only the vacancy's
        very first jump.
        """
        z = COORDINATION[self.lattice]
        return 2.0 / z * (1.0 - 1.0 / self.n_sites)

    def __repr__(self):
        return (f"VacancyWalk({self.lattice}, size {self.size}, {self.n_steps} steps, "
                f"{len(self.tracer_jump_steps)} tracer jumps, {np.count_nonzero(self.back_jumps)} back-jumps)")


def vacancy_walk(lattice="square", n_steps=200, size=8, seed=0):
    """A vacancy's random walk in a periodic 2D box and the jumps it gives a tracer atom.

    Every step the vacancy exchanges with one of its z neighbouring atoms, chosen at
    random; when that atom is the tracer, the tracer moves onto the vacancy's site. The
    tracer starts in the middle of the box with the vacancy on a random neighbouring
    site, so the first steps show the back-jumps that make f < 1.

    Parameters
    ----------
    lattice : str
        "square", "triangular" or "honeycomb".
    n_steps : int
        Vacancy jumps, >= 1. 5000 steps take a few milliseconds.
    size : int
        Box edge in primitive cells, >= 4 (square: size² sites; honeycomb: 2 size²).
    seed : int, numpy.random.SeedSequence or None
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    VacancyWalk
        Trajectories in units of the jump length a; ``back_jump_fraction`` against
        ``expected_back_jump_fraction``.

    References
    ----------
    Mehrer (2007), ch. 7; Kelly and Sholl (1987).
    """
    key = _lattice_key(lattice, WALK_LATTICES)
    n_steps = _integer(n_steps, "n_steps", 1)
    box = _periodic_box(key, _integer(size, "size", 4))
    z = box.neighbours.shape[1]
    rng = np.random.default_rng(seed)
    tracer_start = box.site((box.size // 2,) * 2)
    vacancy_start = int(box.neighbours[tracer_start, rng.integers(z)])
    choices = rng.integers(0, z, n_steps)
    vacancy, tracer, jump_steps = _follow(box.neighbours, vacancy_start, tracer_start, choices)

    vacancy_moves = box.bond_vectors[box.sublattice[vacancy[:-1]], choices]
    tracer_moves = np.zeros_like(vacancy_moves)
    tracer_moves[jump_steps - 1] = -vacancy_moves[jump_steps - 1]  # the tracer takes the vacancy's place
    # a back-jump returns the tracer to where it stood before its previous jump
    back_jumps = tracer[jump_steps[1:]] == tracer[jump_steps[:-1] - 1]
    return VacancyWalk(
        lattice=key,
        size=box.size,
        sites=np.array(box.positions),
        box=np.array(box.box),
        vacancy=box.positions[vacancy],
        tracer=box.positions[tracer],
        vacancy_unwrapped=_path(box.positions[vacancy_start], vacancy_moves),
        tracer_unwrapped=_path(box.positions[tracer_start], tracer_moves),
        tracer_jump_steps=jump_steps,
        back_jumps=back_jumps,
    )


def _follow(neighbours, vacancy, tracer, choices):
    """Site numbers of the vacancy and the tracer after each step, and the steps at which the tracer jumped."""
    table = neighbours.tolist()  # plain lists: a Python loop over ints is fastest for one walk
    vacancies, tracers, jump_steps = [vacancy], [tracer], []
    for step, k in enumerate(choices.tolist(), start=1):
        target = table[vacancy][k]
        if target == tracer:
            tracer = vacancy
            jump_steps.append(step)
        vacancy = target
        vacancies.append(vacancy)
        tracers.append(tracer)
    return np.array(vacancies), np.array(tracers), np.array(jump_steps, dtype=np.int64)


def _path(start, moves):
    return start + np.concatenate([np.zeros((1, len(start))), np.cumsum(moves, axis=0)])


# --- the random binary alloy -------------------------------------------------------------

ALLOY_LATTICES = ("square", "triangular", "sc", "bcc", "fcc")
"""Lattices of ``random_alloy``: the Bravais lattices among ``LATTICES``."""

ALLOY_DEFAULT_SIZE = {"square": 16, "triangular": 16, "sc": 6, "bcc": 6, "fcc": 6}
"""Default box edge of ``random_alloy`` in primitive cells: 256 sites in 2D, 216 in 3D."""

ALLOY_DEFAULT_JUMPS = 1 << 25
"""Default number of vacancy jumps of ``random_alloy`` (3.4e7: about 2–3 s)."""

ALLOY_STUDY_SIZES = {2: (12, 16, 20, 24, 32), 3: (5, 6, 7, 8, 10)}
"""Default box edges of ``box_size_study``, by dimension (fcc: 125 to 1000 sites)."""

ALLOY_MIN_RUN = 16
"""Each box makes at least 16 τ vacancy jumps, τ = max(M − 1, (n_A w_A + n_B w_B)/min(w_A, w_B))
the number of vacancy jumps in which an atom of the slower species makes one jump on
average: a tracer's correlated jump sequences and the collective windows must fit well
inside a run (see ``random_alloy``)."""

_ALLOY_CHUNK = 4096          # boxes advanced together (fixed, so results do not depend on the machine)
_ALLOY_LAG = 4               # the short collective window: 4 snapshot strides of τ/2 jumps (2 τ jumps)
_ALLOY_GROUPS = 64           # jackknife groups of boxes
_WIDE_BITS = 21              # int64 displacement codes: 21 bits per coordinate (in primitive cells)
_NARROW_BITS = {2: 15, 3: 10}  # int32 codes, used when no atom can get near the field's limit
_MAGIC = np.uint32((1 << 24) + (1 << 17) + (1 << 10) + (1 << 3))  # 4 bytes of 0/1 -> 4 bits


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo estimate and its standard error (one standard deviation).

    ``float(e)`` gives the value; ``format(e, ".3f")`` gives ``"1.358 ± 0.003"``; the plain
    ``repr`` shows the standard error to two significant digits.
    """

    value: float
    stderr: float

    def __float__(self):
        return float(self.value)

    def sigmas_from(self, target):
        """(value − target) / stderr: within ±3 when the estimate is consistent with ``target``."""
        target = float(target)
        if self.stderr > 0:
            return (self.value - target) / self.stderr
        return 0.0 if self.value == target else math.copysign(math.inf, self.value - target)

    def __format__(self, spec):
        if not spec:
            return repr(self)
        return f"{format(self.value, spec)} ± {format(self.stderr, spec)}"

    def __repr__(self):
        if not (math.isfinite(self.value) and math.isfinite(self.stderr)) or self.stderr <= 0:
            return f"{self.value:.6g} ± {self.stderr:.2g}"
        decimals = max(0, 1 - math.floor(math.log10(self.stderr)))
        return f"{self.value:.{decimals}f} ± {self.stderr:.{decimals}f}"


@dataclass(frozen=True, eq=False)
class RandomAlloyResult:
    """Diffusion in a random binary alloy by kinetic Monte Carlo (see ``random_alloy``).

    Units: lengths in the jump length a (nearest-neighbour distance), time in the unit
    of 1/w set by the exchange frequencies (w_B = 1: time in 1/w_B). Diffusivities and
    Onsager coefficients are per unit vacancy site fraction, D/c_v with c_v = 1/M (one
    vacancy per box of M sites), in a²·w: multiply by c_v a² for a physical value.

    Attributes
    ----------
    lattice : str
    N_A : float
        Requested mole fraction of A; the boxes hold ``n_A = round(N_A (M − 1))`` A atoms,
        ``n_B`` B atoms and one vacancy (``x_A = n_A/(M − 1)`` is the realised fraction).
    w_A, w_B : float
        Exchange frequencies of the vacancy with an A and a B neighbour.
    size, n_sites, n_A, n_B : int
        Box edge in primitive cells, sites per box M, atoms per box.
    n_boxes, n_steps, n_jumps : int
        Independent boxes, vacancy jumps per box, and their product.
    tau : int
        τ = max(M − 1, (n_A w_A + n_B w_B)/min(w_A, w_B)): the mean number of vacancy
        jumps between two jumps of one atom of the slower species, the run's unit of length.
    windows : tuple of int
        Lengths, in vacancy jumps, of the short and the long windows over which the
        collective displacements are taken (about 2 τ and 4 τ).
    elapsed : float
        Wall-clock time of the call, s.
    seed : object
        The seed given to ``numpy.random.default_rng``.
    D_A_tracer, D_B_tracer : Estimate
        Tracer diffusivities D_i*/c_v = M ⟨Σ_{atoms of i} |Δr|²⟩ / (2d n_i t).
    f_A, f_B : Estimate
        Tracer correlation factors ⟨Σ |Δr|²⟩ / (a² × number of jumps of i atoms).
    f_V : Estimate
        Correlation factor of the vacancy's own walk, ⟨|ΔR_V|²⟩ / (a² × its jumps).
    L_AA, L_AB, L_BB : Estimate
        Onsager coefficients kT L_ij/(n c_v) = ⟨ΔR_i·ΔR_j⟩ / (2d t), ΔR_i the sum of the
        displacements of all i atoms of a box.
    D_A, D_B : Estimate
        Intrinsic diffusivities at Φ = 1, D_A/c_v = M [⟨|ΔR_A|²⟩/n_A − ⟨ΔR_A·ΔR_B⟩/n_B] / (2d t).
    r_A, r_B : Estimate
        Vacancy-wind factors D_i / D_i*.
    S : Estimate
        (x_B D_A + x_A D_B) / (x_B D_A* + x_A D_B*): the interdiffusivity over Darken's.
    tracer_ratio, D_ratio : Estimate
        D_A*/D_B* and D_A/D_B.
    sum_rule_A, sum_rule_B : Estimate
        (L_AA/w_A + L_AB/w_B) / (n_A z a²/(2d (M − 1))) and (L_AB/w_A + L_BB/w_B) /
        (n_B z a²/(2d (M − 1))): exactly 1 in expectation (the Moleko–Allnatt sum rule,
        see ``random_alloy``), a check of the collective estimates.
    box_R_A, box_R_B, box_R_V : ndarray, shape (n_boxes, d)
        Per box, the total displacement of its A atoms, of its B atoms (both summed over
        the atoms at the end of the run) and of the vacancy (followed jump by jump), over
        the whole run. Every jump moves one atom against the vacancy, so
        box_R_A + box_R_B = −box_R_V.
    box_time : ndarray, shape (n_boxes,)
        Each box's clock at the end of the run.
    """

    lattice: str
    N_A: float
    w_A: float
    w_B: float
    size: int
    n_sites: int
    n_A: int
    n_B: int
    n_boxes: int
    n_steps: int
    n_jumps: int
    tau: int
    windows: tuple
    elapsed: float
    seed: object
    D_A_tracer: Estimate
    D_B_tracer: Estimate
    f_A: Estimate
    f_B: Estimate
    f_V: Estimate
    L_AA: Estimate
    L_AB: Estimate
    L_BB: Estimate
    D_A: Estimate
    D_B: Estimate
    r_A: Estimate
    r_B: Estimate
    S: Estimate
    tracer_ratio: Estimate
    D_ratio: Estimate
    sum_rule_A: Estimate
    sum_rule_B: Estimate
    box_R_A: np.ndarray = field(repr=False)
    box_R_B: np.ndarray = field(repr=False)
    box_R_V: np.ndarray = field(repr=False)
    box_time: np.ndarray = field(repr=False)

    @property
    def dimension(self):
        return self.box_R_A.shape[1]

    @property
    def x_A(self):
        """Realised mole fraction of A, n_A / (n_A + n_B)."""
        return self.n_A / (self.n_A + self.n_B)

    @property
    def jumps_per_second(self):
        """Simulated vacancy jumps per second of wall-clock time."""
        return self.n_jumps / self.elapsed if self.elapsed > 0 else math.inf

    @property
    def manning(self):
        """Manning's (r_A, r_B, S) at the measured tracer diffusivities and x_A.

        ``diffkit.kinetics.manning_factors(x_A, D_A*, D_B*, lattice)``: the model's
        prediction for this alloy, to set against ``r_A``, ``r_B`` and ``S``.
        """
        r_A, r_B, S = manning_factors(self.x_A, self.D_A_tracer.value, self.D_B_tracer.value, self.lattice)
        return float(r_A), float(r_B), float(S)

    @property
    def manning_onsager(self):
        """Manning's (L_AA, L_AB, L_BB) at the measured tracer diffusivities and x_A, per c_v.

        ``diffkit.kinetics.manning_onsager_coefficients(x_A, D_A*, D_B*, lattice)``, in the
        units of ``L_AA``, ``L_AB``, ``L_BB``.
        """
        values = manning_onsager_coefficients(self.x_A, self.D_A_tracer.value, self.D_B_tracer.value, self.lattice)
        return tuple(float(v) for v in values)

    def summary(self):
        """A few lines with every estimate and Manning's prediction."""
        m_rA, m_rB, m_S = self.manning
        m_AA, m_AB, m_BB = self.manning_onsager
        return "\n".join([
            f"random {self.lattice} alloy, N_A = {self.x_A:.4g} ({self.n_A} A + {self.n_B} B atoms and one vacancy "
            f"in {self.n_sites} sites), w_A/w_B = {self.w_A / self.w_B:.4g}",
            f"  {self.n_boxes} boxes x {self.n_steps} jumps = {self.n_jumps:.3g} jumps in {self.elapsed:.3g} s "
            f"({self.jumps_per_second:.3g} jumps/s)",
            f"  tracer:     D_A* = {self.D_A_tracer!r}, D_B* = {self.D_B_tracer!r} (a² w / c_v), "
            f"D_A*/D_B* = {self.tracer_ratio!r}",
            f"              f_A = {self.f_A!r}, f_B = {self.f_B!r}, vacancy f_V = {self.f_V!r}",
            f"  Onsager:    L_AA = {self.L_AA!r}, L_AB = {self.L_AB!r}, L_BB = {self.L_BB!r} (kT L/(n c_v))",
            f"  intrinsic:  D_A = {self.D_A!r}, D_B = {self.D_B!r}, D_A/D_B = {self.D_ratio!r} "
            f"(w_A/w_B = {self.w_A / self.w_B:.4g})",
            f"  wind:       r_A = {self.r_A!r}, r_B = {self.r_B!r}, S = {self.S!r}",
            f"  sum rules:  {self.sum_rule_A!r} (A), {self.sum_rule_B!r} (B); exactly 1",
            f"  Manning:    r_A = {m_rA:.4f}, r_B = {m_rB:.4f}, S = {m_S:.4f}; L_AA = {m_AA:.4g}, L_AB = {m_AB:.4g}, "
            f"L_BB = {m_BB:.4g} (at the measured D_A*, D_B*)",
        ])

    def __repr__(self):
        return (f"RandomAlloyResult({self.lattice}, N_A={self.x_A:.4g}, w_A/w_B={self.w_A / self.w_B:.4g}, "
                f"M={self.n_sites}: r_A = {self.r_A!r}, r_B = {self.r_B!r}, D_A/D_B = {self.D_ratio!r})")


def random_alloy(lattice, N_A, w_A, w_B, n_jumps=None, seed=0, *, size=None, n_boxes=None, progress="auto"):
    """Tracer, collective and intrinsic diffusion in a random binary alloy, by kinetic Monte Carlo.

    The model (Manning's random alloy): A and B atoms placed at random on a lattice, no
    interactions, one vacancy; the vacancy exchanges with a neighbouring A atom at the
    frequency w_A and with a B atom at w_B. It measures the tracer diffusivities D_i*, the
    Onsager coefficients L_ij, the intrinsic diffusivities D_i (Φ = 1) and the vacancy-wind
    factors r_i = D_i / D_i* that Manning's theory approximates
    (``diffkit.kinetics.manning_factors``).

    Method. n_boxes periodic boxes of M sites, each with exactly n_A = round(N_A (M − 1))
    A atoms, n_B = M − 1 − n_A B atoms and one vacancy, placed at random (the equilibrium
    distribution of this model), advanced together as numpy arrays. Residence-time
    algorithm: at each step the vacancy exchanges with neighbour k with probability
    w_k / Σ_k' w_k' (an alias table per arrangement of A and B around the vacancy), and
    the box's clock advances by the mean residence time 1/Σ_k w_k rather than by an
    exponential draw: the same expectations, less noise. Every atom's displacement is
    followed, and so are the collective displacements ΔR_A = Σ_{i∈A} Δr_i, ΔR_B and the
    vacancy's ΔR_V; each jump moves one atom by −b when the vacancy moves by b, so
    ΔR_A + ΔR_B = −ΔR_V.

    Estimates, with d the dimension and a = 1:

        D_i* = ⟨Σ_{atoms of i} |Δr|²⟩ / (2d n_i t)
        f_i  = ⟨Σ_{atoms of i} |Δr|²⟩ / ⟨number of jumps of i atoms⟩
        kT L_ij / n = ⟨ΔR_i·ΔR_j⟩ / (2d M t)
        D_A = (kTΦ/n)(L_AA/N_A − L_AB/N_B) = [⟨|ΔR_A|²⟩/n_A − ⟨ΔR_A·ΔR_B⟩/n_B] / (2d t)   (Φ = 1; N_i = n_i/M)
        r_i = D_i / D_i*,   S = (x_B D_A + x_A D_B) / (x_B D_A* + x_A D_B*)

    reported per unit vacancy site fraction c_v = 1/M (D/c_v, kT L/(n c_v)). In the
    expected numbers of jumps each atom sees the vacancy on a given neighbour site with
    probability 1/(M − 1), so D_i*/c_v = f_i a² z w_i/(2d) · M/(M − 1): the familiar
    D* = f a² z w c_v / 6 in a large box.

    Time scale and windows. τ = max(M − 1, (n_A w_A + n_B w_B)/min(w_A, w_B)) vacancy
    jumps is the mean time between two jumps of one atom of the slower species (M − 1 for
    w_A = w_B, 5.5 M at w_A/w_B = 10 and N_A = 1/2); correlations in a box last a few τ.
    Each box runs n_steps >= 16 τ jumps. The tracer sums are differences between
    n_steps/4 and the end of each run, which removes the constant that the unfinished
    correlated jump sequences at either end add to ⟨|Δr|²⟩ (starting that difference
    at 0.75 τ instead of 4 τ overestimates f_B by 0.35 % at w_A/w_B = 10, M = 64).
    Collective displacements have such a constant too, and a box gives only one sample
    of them per window, so they are taken over overlapping windows of W = 2τ and
    2W = 4τ jumps (a new origin every τ/2 jumps, after 2τ jumps of burn-in);
    ⟨ΔR_i·ΔR_j⟩/t is the rise of the mean product from the short to the long window over
    the rise of the mean window duration: ⟨ΔR_i·ΔR_j⟩(W) = 2d (kT L_ij/n) M t(W) + c_ij
    for W beyond the correlation time, and the difference cancels c_ij. (A single window
    of 2M jumps overestimates r_A by about 0.2 % at w_A/w_B = 10, fcc, M = 125; the offset
    falls as 1/W.) Every estimate is a ratio of sums over boxes; its standard error is
    the jackknife over 64 groups of boxes (one box per group when there are fewer), which
    keeps the correlations between the estimates.

    Finite box. One vacancy in a periodic box of M sites keeps meeting the atoms it has
    already moved, through the periodic images: the results depend on M, by O(1/M)
    (for w_A = w_B, exactly r = 1 − (1 − f_M)/(f_M (M − 2)) and f = f_M of
    ``finite_box_correlation_factor``). ``box_size_study`` extrapolates in 1/M.

    Exact checks this model offers. (i) w_A = w_B: both species are the same atom
    with a label, so f_A = f_B = f_M, r_A = r_B ≈ 1 as above, the vacancy walk is
    uncorrelated (f_V = 1), and L_AB = x_A x_B (1 − f) z w a²/(2d) per c_v, which is also
    Manning's value. (ii) Any w_A, w_B: the sum rule of the random alloy,
    L_AA/w_A + L_AB/w_B = n_A z a²/(2d (M − 1)) and L_AB/w_A + L_BB/w_B = n_B z a²/(2d (M − 1))
    per c_v. Proof in brief: a force F_i = F/w_i on the atoms of species i changes every
    exchange rate by the same amount, (F·δr)/(2kT) for an atom displacement δr; the
    perturbed out-rates and in-rates of every configuration still balance (the bonds sum
    to zero), so the uniform distribution stays stationary, the mean flux of species i is
    its uncorrelated value, and linear response, ⟨ΔR_i(t)⟩ = Σ_j ⟨ΔR_i ΔR_j⟩ F_j/(2kT),
    turns that into the rule, exactly, in any box. With it D_A/w_A = D_B/w_B, i.e.
    D_A/D_B = w_A/w_B and r_A f_A = r_B f_B (Belova and Murch 2001): correlation pushes the
    tracer ratio D_A*/D_B* below w_A/w_B and the vacancy wind restores it. Manning's
    relations satisfy neither the sum rule nor this ratio (at w_A/w_B = 10, N_A = 1/2 they
    give D_A/D_B ≈ 9.2–9.3 and a sum rule of about 0.91); Belova and Murch found the
    self-consistent theory of Moleko, Allnatt and Allnatt much closer to Monte Carlo.

    Parameters
    ----------
    lattice : str
        One of ``ALLOY_LATTICES``: "fcc", "bcc", "sc", "square", "triangular".
    N_A : float
        Mole fraction of A, in [0, 1]; the box must get at least one A and one B atom.
    w_A, w_B : float
        Exchange frequencies, > 0, in any unit of frequency (the unit of 1/time).
    n_jumps : int, optional
        Total vacancy jumps, n_boxes × n_steps (default ``ALLOY_DEFAULT_JUMPS``, 3.4e7).
        Each box makes at least 16 τ jumps (τ above; 16 M when w_A = w_B).
    seed : int, numpy.random.SeedSequence or None
        Seed of ``numpy.random.default_rng``; the same seed gives the same result.
    size : int, optional
        Box edge in primitive cells, >= 4 (default ``ALLOY_DEFAULT_SIZE``: fcc 6, M = 216).
    n_boxes : int, optional
        Independent boxes, >= 2. Default: 4096, or more to keep each box's run at most
        64 τ jumps, and fewer where a box would get fewer than 16 τ jumps.
    progress : "auto", True, False or ipywidgets.IntProgress
        A progress bar (ipywidgets) in a Jupyter kernel: "auto" shows it when the run is
        expected to take more than 2 s, True always (in a kernel), False never. Outside
        a kernel nothing is shown. An ``IntProgress`` widget is driven instead of showing
        a new bar (an app's own bar, which a button callback cannot display afresh).

    Returns
    -------
    RandomAlloyResult
        Every estimate with its standard error, the inputs and the run's bookkeeping;
        ``.manning`` gives Manning's r_A, r_B, S at the measured tracer ratio and
        ``.summary()`` a printable table.

    Raises
    ------
    ValueError
        For an unknown lattice, N_A outside [0, 1] or leaving no A or no B atom,
        w_A or w_B not > 0, n_jumps < 1 or too few for two boxes of 16 τ jumps, and
        bad size, n_boxes or progress.

    References
    ----------
    J. R. Manning, Phys. Rev. B 4 (1971) 1111 (the random alloy; correlation factors);
    J. R. Manning, Acta Metall. 15 (1967) 817 (vacancy-wind factors); A. B. Bortz,
    M. H. Kalos and J. L. Lebowitz, J. Comput. Phys. 17 (1975) 10 (residence-time
    algorithm); L. K. Moleko, A. R. Allnatt and E. L. Allnatt, Phil. Mag. A 59 (1989) 141
    (self-consistent theory of the random alloy); I. V. Belova and G. E. Murch, Phil. Mag. A
    81 (2001) 1749 (vacancy-wind factors by Monte Carlo against Manning and Moleko et al.;
    D_A/D_B = w_A/w_B); G. E. Murch and I. V. Belova, Diffusion Fundamentals 2 (2005),
    doi:10.62721/diffusion-fundamentals.2.194 (review: Darken, Manning, Moleko–Allnatt–
    Allnatt, sum rules of randomly mixed systems);
    A. R. Allnatt and A. B. Lidiard, Atomic Transport in Solids (Cambridge, 1993);
    B. Efron, The Jackknife, the Bootstrap and Other Resampling Plans (SIAM, 1982).
    """
    started = time.perf_counter()
    plan = _alloy_plan(lattice, N_A, w_A, w_B, n_jumps, size, n_boxes, progress)
    reporter = _Progress(plan["n_boxes"] * plan["n_steps"], progress, "random alloy")
    result = _random_alloy_run(plan, np.random.default_rng(seed), reporter, seed, started)
    reporter.close()
    return result


def _alloy_plan(lattice, N_A, w_A, w_B, n_jumps, size, n_boxes, progress):
    """Check the inputs of ``random_alloy`` and fix the run's layout."""
    key = _lattice_key(lattice, ALLOY_LATTICES)
    N_A = float(_validate.mole_fraction(N_A, "N_A"))
    w_A = _validate.positive(w_A, "w_A", "(an exchange frequency)")
    w_B = _validate.positive(w_B, "w_B", "(an exchange frequency)")
    if not (isinstance(progress, (bool, np.bool_)) or (isinstance(progress, str) and progress == "auto")
            or _is_progress_widget(progress)):
        raise ValueError(f"progress must be 'auto', True or False (or an ipywidgets.IntProgress); got {progress!r}")
    size = ALLOY_DEFAULT_SIZE[key] if size is None else _integer(size, "size", 4)
    n_jumps = ALLOY_DEFAULT_JUMPS if n_jumps is None else _integer(n_jumps, "n_jumps", 1)
    box = _periodic_box(key, size)
    M = box.n_sites
    n_A = int(round(N_A * (M - 1)))
    if not 1 <= n_A <= M - 2:
        raise ValueError(f"N_A must leave at least one A and one B atom among the {M - 1} atoms of a box "
                         f"(round(N_A * {M - 1}) in [1, {M - 2}], i.e. N_A in about "
                         f"[{0.5 / (M - 1):.4g}, {1 - 0.5 / (M - 1):.4g}]); got {N_A!r}")
    n_B = M - 1 - n_A
    tau = max(M - 1, math.ceil((n_A * w_A + n_B * w_B) / min(w_A, w_B) - 1e-9))
    shortest = ALLOY_MIN_RUN * tau
    if n_boxes is None:
        if n_jumps < 2 * shortest:
            raise ValueError(f"n_jumps must be >= {2 * shortest} (two boxes of {ALLOY_MIN_RUN} τ = {shortest} jumps; "
                             f"M = {M} sites, τ = {tau}); got {n_jumps!r}")
        n_boxes = max(2, min(n_jumps // shortest, max(n_jumps // (4 * shortest), _ALLOY_CHUNK)))
    else:
        n_boxes = _integer(n_boxes, "n_boxes", 2)
        if n_jumps // n_boxes < shortest:
            raise ValueError(f"n_jumps must be >= n_boxes * {shortest} = {n_boxes * shortest} "
                             f"({ALLOY_MIN_RUN} τ jumps per box; M = {M} sites, τ = {tau}); got {n_jumps!r}")
    n_steps = n_jumps // n_boxes
    if n_steps > 10**9:
        raise ValueError(f"n_jumps / n_boxes must be <= 1e9 jumps per box; got {n_steps} (use more boxes)")
    return dict(lattice=key, N_A=N_A, w_A=w_A, w_B=w_B, size=size, box=box, n_A=n_A, n_B=n_B, tau=tau,
                n_boxes=n_boxes, n_steps=n_steps)


def _random_alloy_run(plan, rng, reporter, seed, started, pairs=((_ALLOY_LAG, 2 * _ALLOY_LAG),)):
    """Run the boxes of ``plan`` in chunks and turn the per-box sums into a result.

    ``pairs``: (short, long) collective windows, in strides of τ // 2 jumps. The
    collective estimates come from the difference of the mean square displacements over
    the two windows (a single window when short == long). One result per pair; a list
    when more than one pair is given (used to check the effect of the windows)."""
    box = plan["box"]
    M, d = box.n_sites, box.dimension
    n_boxes, n_steps = plan["n_boxes"], plan["n_steps"]
    stride = max(1, plan["tau"] // 2)
    lags = tuple(sorted({lag for pair in pairs for lag in pair}))
    chunks = []
    for start in range(0, n_boxes, _ALLOY_CHUNK):
        n = min(_ALLOY_CHUNK, n_boxes - start)
        chunks.append(_alloy_chunk(box, plan["n_A"], plan["w_A"], plan["w_B"], n, n_steps, stride, lags, rng,
                                   reporter, start * n_steps))
    per_box = {name: np.concatenate([chunk[name] for chunk in chunks], axis=-1) for name in chunks[0]}
    elapsed = time.perf_counter() - started

    results = []
    for short, long in pairs:
        rows = [per_box[name] for name in _ALLOY_TRACER_SUMS]
        for lag in (short, long):
            rows += [per_box[name][lags.index(lag)] for name in _ALLOY_WINDOW_SUMS]
        windows = (short * stride, long * stride)
        values, errors = _jackknife(np.array(rows), lambda sums: _alloy_estimates(
            sums, M, plan["n_A"], plan["n_B"], d, windows, (plan["w_A"], plan["w_B"], box.neighbours.shape[1])))
        estimates = {name: Estimate(float(v), float(e)) for name, v, e in zip(_ALLOY_ESTIMATES, values, errors)}
        results.append(RandomAlloyResult(
            lattice=plan["lattice"], N_A=plan["N_A"], w_A=plan["w_A"], w_B=plan["w_B"], size=plan["size"],
            n_sites=M, n_A=plan["n_A"], n_B=plan["n_B"], n_boxes=n_boxes, n_steps=n_steps,
            n_jumps=n_boxes * n_steps, tau=plan["tau"], windows=windows, elapsed=elapsed, seed=seed,
            box_R_A=per_box["R_A"].T, box_R_B=per_box["R_B"].T, box_R_V=per_box["R_V"].T, box_time=per_box["time"],
            **estimates))
    return results[0] if len(pairs) == 1 else results


_ALLOY_TRACER_SUMS = ("q_A", "q_B", "j_A", "j_B", "t_tracer")
_ALLOY_WINDOW_SUMS = ("s_AA", "s_AB", "s_BB", "s_VV", "t_windows", "n_windows")
_ALLOY_ESTIMATES = ("D_A_tracer", "D_B_tracer", "f_A", "f_B", "f_V", "L_AA", "L_AB", "L_BB", "D_A", "D_B",
                    "r_A", "r_B", "S", "tracer_ratio", "D_ratio", "sum_rule_A", "sum_rule_B")


def _alloy_estimates(sums, M, n_A, n_B, d, windows, rates):
    """Every estimate of ``random_alloy`` from the sums over boxes.

    ``sums``: the tracer sums (``_ALLOY_TRACER_SUMS``), then the window sums
    (``_ALLOY_WINDOW_SUMS``) for the short and for the long window, whose lengths in
    jumps are ``windows``. With equal windows the plain mean square displacement per
    unit time is used; otherwise its increase from the short to the long window.
    ``rates`` = (w_A, w_B, z), for the sum rules.
    """
    w_A, w_B, z = rates
    uncorrelated = z / (2 * d * (M - 1))  # Σ_j L_ij/w_j per i atom: n_i z a²/(2d (M − 1))
    q_A, q_B, j_A, j_B, t_tracer = sums[:5]
    short, long = sums[5:11], sums[11:17]
    with np.errstate(divide="ignore", invalid="ignore"):
        DA_t = M * q_A / (2 * d * n_A * t_tracer)
        DB_t = M * q_B / (2 * d * n_B * t_tracer)
        mean_short = short[:5] / short[5]  # per window: |ΔR_A|², ΔR_A·ΔR_B, |ΔR_B|², |ΔR_V|², duration
        mean_long = long[:5] / long[5]
        if windows[0] == windows[1]:
            rise, jumps = mean_long, windows[1]
        else:
            rise, jumps = mean_long - mean_short, windows[1] - windows[0]
        L_AA, L_AB, L_BB = rise[:3] / (2 * d * rise[4])
        f_V = rise[3] / jumps
        D_A = M * (L_AA / n_A - L_AB / n_B)
        D_B = M * (L_BB / n_B - L_AB / n_A)
        x_A = n_A / (n_A + n_B)
        S = ((1 - x_A) * D_A + x_A * D_B) / ((1 - x_A) * DA_t + x_A * DB_t)
        return np.array([DA_t, DB_t, q_A / j_A, q_B / j_B, f_V, L_AA, L_AB, L_BB,
                         D_A, D_B, D_A / DA_t, D_B / DB_t, S, DA_t / DB_t, D_A / D_B,
                         (L_AA / w_A + L_AB / w_B) / (n_A * uncorrelated),
                         (L_AB / w_A + L_BB / w_B) / (n_B * uncorrelated)])


def _jackknife(sums, estimate, groups=_ALLOY_GROUPS):
    """Estimates from per-box sums and their delete-one-group jackknife standard errors.

    ``sums`` has one row per summed quantity and one column per box; the boxes are split
    into ``groups`` contiguous groups (at most one per box). Returns (estimates at the
    full sums, standard errors).
    """
    n_boxes = sums.shape[1]
    groups = min(groups, n_boxes)
    label = np.arange(n_boxes) * groups // n_boxes
    by_group = np.stack([np.bincount(label, weights=row, minlength=groups) for row in sums], axis=1)
    total = by_group.sum(axis=0)
    full = estimate(total)
    leave_one_out = np.array([estimate(total - g) for g in by_group])
    mean = leave_one_out.mean(axis=0)
    with np.errstate(invalid="ignore"):
        stderr = np.sqrt((groups - 1) / groups * ((leave_one_out - mean) ** 2).sum(axis=0))
    return full, stderr


@lru_cache(maxsize=32)
def _alias_tables(z, w_A, w_B):
    """Walker's alias tables for the vacancy's next exchange, one per arrangement of A and B
    on its z neighbours (bit k of the arrangement set when neighbour k is an A atom).

    Returns (prob, alias, inverse_rate), flat: with j uniform in 0..z−1 and u uniform in
    [0, 1), the exchange is with neighbour j if u < prob[a z + j], else alias[a z + j];
    inverse_rate[a] = 1/Σ_k w_k is the mean residence time. Vose's construction.
    """
    arrangements = 1 << z
    is_a = (np.arange(arrangements)[:, None] >> np.arange(z)) & 1
    rates = np.where(is_a == 1, w_A, w_B)
    total = rates.sum(axis=1)
    scaled = rates / total[:, None] * z
    prob = np.ones((arrangements, z))
    alias = np.tile(np.arange(z, dtype=np.int32), (arrangements, 1))
    for a in range(arrangements):
        q = scaled[a].tolist()
        small = [k for k in range(z) if q[k] < 1.0]
        large = [k for k in range(z) if q[k] >= 1.0]
        while small and large:
            s, g = small.pop(), large.pop()
            prob[a, s], alias[a, s] = q[s], g
            q[g] -= 1.0 - q[s]
            (small if q[g] < 1.0 else large).append(g)
        # what is left has probability 1 up to round-off
    for array in (prob, alias, total):
        array.flags.writeable = False
    inverse_rate = 1.0 / total
    inverse_rate.flags.writeable = False
    return prob.ravel(), alias.ravel(), inverse_rate


def _pack_codes(offsets, bits, dtype):
    """Each bond's offset in primitive cells packed into one integer, ``bits`` per coordinate."""
    return (offsets.astype(np.int64) << (bits * np.arange(offsets.shape[1]))).sum(axis=1).astype(dtype)


def _unpack(codes, d, bits):
    """Inverse of ``_pack_codes`` for sums of codes: integer offsets, shape codes.shape + (d,)."""
    half = 1 << (bits - 1)
    mask = (1 << bits) - 1
    biased = codes.astype(np.int64) + sum(half << (bits * c) for c in range(d))
    return np.stack([((biased >> (bits * c)) & mask) - half for c in range(d)], axis=-1)


def _arrangements(occupied, z, powers):
    """Bit pattern of the A neighbours, from the (n, z) array of 0/1 bytes."""
    if z % 4 == 0:  # four bytes at a time: b0 + b1 2^8 + b2 2^16 + b3 2^24 -> b0 + 2 b1 + 4 b2 + 8 b3
        nibbles = occupied.view("<u4") * _MAGIC
        nibbles >>= 24
        pattern = nibbles[:, 0].astype(np.int32)
        for g in range(1, z // 4):
            pattern |= nibbles[:, g].astype(np.int32) << (4 * g)
        return pattern
    return (occupied.astype(np.float32) @ powers).astype(np.int32)


def _alloy_chunk(box, n_A, w_A, w_B, n_boxes, n_steps, stride, lags, rng, reporter, done_before):
    """Advance ``n_boxes`` boxes by ``n_steps`` vacancy jumps; per-box sums for the estimates.

    State per box: the species on each site (uint8, 1 = A), the displacement of the atom
    on each site since the start (moved with the atom, packed into one integer), the
    vacancy's site and packed displacement, the packed total displacement of the A atoms,
    the number of A jumps and the clock.
    """
    M, d = box.n_sites, box.dimension
    z = box.neighbours.shape[1]
    neighbours = box.neighbours.astype(np.int32)
    offsets = np.array([offset for _, offset in _GEOMETRY[box.lattice].bonds[0]])
    primitive = _GEOMETRY[box.lattice].primitive
    metric = primitive @ primitive.T
    prob, alias, inverse_rate = _alias_tables(z, w_A, w_B)
    # an atom makes at most about n_steps z/(M − 1) w_max/(w_max + (z − 1) w_min) jumps; each moves a
    # primitive coordinate by at most 1, so 32-bit codes are safe when 12 standard deviations fit
    w_max, w_min = max(w_A, w_B), min(w_A, w_B)
    jumps_per_atom = n_steps * z / (M - 1) * w_max / (w_max + (z - 1) * w_min)
    narrow = 12.0 * math.sqrt(jumps_per_atom) + 2.0 < (1 << (_NARROW_BITS[d] - 1)) - 2
    bits = _NARROW_BITS[d] if narrow else _WIDE_BITS
    site_codes = _pack_codes(offsets, bits, np.int32 if narrow else np.int64)
    codes = _pack_codes(offsets, _WIDE_BITS, np.int64)
    powers = (2.0 ** np.arange(z)).astype(np.float32)

    order = rng.permuted(np.tile(np.arange(M, dtype=np.int32), (n_boxes, 1)), axis=1)
    base = np.arange(n_boxes, dtype=np.int32) * np.int32(M)
    row_z = np.arange(n_boxes, dtype=np.int32) * np.int32(z)
    vacancy = (np.argmax(order == M - 1, axis=1).astype(np.int32) + base)
    species = (order < n_A).astype(np.uint8).ravel()
    del order
    displacement = np.zeros(n_boxes * M, dtype=site_codes.dtype)
    vacancy_code = np.zeros(n_boxes, dtype=np.int64)
    a_code = np.zeros(n_boxes, dtype=np.int64)
    a_jumps = np.zeros(n_boxes, dtype=np.int64)
    clock = np.zeros(n_boxes)

    def tracer_sums():
        """Σ |Δr|² over the A atoms and over the B atoms of each box, and their Σ Δr."""
        q = np.zeros((2, n_boxes))
        total = np.zeros((2, n_boxes, d))
        for lo in range(0, n_boxes, 256):
            hi = min(lo + 256, n_boxes)
            steps = _unpack(displacement[lo * M:hi * M], d, bits).reshape(hi - lo, M, d)
            if np.abs(steps).max(initial=0) >= (1 << (bits - 1)) - 2:
                raise RuntimeError("an atom's displacement overflowed its packed field; use more boxes")
            is_a = species[lo * M:hi * M].reshape(hi - lo, M).astype(bool)
            is_b = ~is_a
            empty = vacancy[lo:hi] - base[lo:hi]
            is_a[np.arange(hi - lo), empty] = is_b[np.arange(hi - lo), empty] = False
            r2 = np.einsum("bmi,ij,bmj->bm", steps, metric, steps)
            for s, mask in enumerate((is_a, is_b)):
                q[s, lo:hi] = (r2 * mask).sum(axis=1)
                total[s, lo:hi] = np.einsum("bm,bmi->bi", mask, steps) @ primitive
        return q, total

    def collective():
        """Cartesian total displacement of the A atoms and of the vacancy, shape (n, d) each."""
        return _unpack(a_code, d, _WIDE_BITS) @ primitive, _unpack(vacancy_code, d, _WIDE_BITS) @ primitive

    first_tracer = n_steps // 4
    history = [(np.zeros((n_boxes, d)), np.zeros((n_boxes, d)), clock.copy())]  # the last max(lags) snapshots
    sums = {name: np.zeros((len(lags), n_boxes)) for name in _ALLOY_WINDOW_SUMS}
    tracer_start = None
    z_float = float(z)
    for step in range(1, n_steps + 1):
        nearby = np.take(neighbours, vacancy - base, axis=0)
        nearby += base[:, None]
        pattern = _arrangements(species.take(nearby), z, powers)
        u = rng.random(n_boxes)
        u *= z_float
        j = u.astype(np.int32)
        u -= j
        cell = pattern * z + j
        k = np.where(u < prob.take(cell), j, alias.take(cell))
        target = nearby.ravel().take(row_z + k)
        moved_a = (pattern >> k) & 1
        code = codes.take(k)
        displacement[vacancy] = displacement.take(target) - site_codes.take(k)
        species[vacancy] = moved_a
        vacancy_code += code
        a_code -= code * moved_a
        a_jumps += moved_a
        clock += inverse_rate.take(pattern)
        vacancy = target

        if step == first_tracer:
            tracer_start = (tracer_sums()[0], a_jumps.copy(), clock.copy(), step)
        if step % stride == 0:
            r_a, r_v = collective()
            snapshot = step // stride
            for i, lag in enumerate(lags):
                # windows from snapshot − lag to snapshot, once the first _ALLOY_LAG strides (burn-in) are past
                if snapshot - lag >= _ALLOY_LAG:
                    old_a, old_v, old_clock = history[-lag]
                    da, dv = r_a - old_a, r_v - old_v
                    db = -dv - da
                    sums["s_AA"][i] += np.einsum("bi,bi->b", da, da)
                    sums["s_AB"][i] += np.einsum("bi,bi->b", da, db)
                    sums["s_BB"][i] += np.einsum("bi,bi->b", db, db)
                    sums["s_VV"][i] += np.einsum("bi,bi->b", dv, dv)
                    sums["t_windows"][i] += clock - old_clock
                    sums["n_windows"][i] += 1.0
            history.append((r_a, r_v, clock.copy()))
            if len(history) > max(lags):
                history.pop(0)
            reporter.update(done_before + step * n_boxes)

    (q_end, totals), (q_start, a_start, clock_start, step_start) = tracer_sums(), tracer_start
    a_window = a_jumps - a_start
    r_v = collective()[1]
    return dict(
        q_A=q_end[0] - q_start[0], q_B=q_end[1] - q_start[1], j_A=a_window.astype(float),
        j_B=(n_steps - step_start - a_window).astype(float), t_tracer=clock - clock_start,
        R_A=totals[0].T, R_B=totals[1].T, R_V=r_v.T, time=clock, **sums)


# --- progress bar ------------------------------------------------------------------------

def _in_kernel():
    """True inside a Jupyter (ipykernel) kernel, where widgets can be displayed."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _is_progress_widget(obj):
    """True for an ipywidgets progress bar (anything with an integer value, a max and a bar style)."""
    return all(hasattr(obj, name) for name in ("value", "max", "bar_style")) and not isinstance(obj, (str, bool))


class _Progress:
    """An ipywidgets progress bar for long Monte Carlo runs, shown only in a Jupyter kernel.

    mode "auto": the bar appears once the run has gone 0.3 s and is then expected to take
    more than 2 s in all; True: it appears at the first update; False: never. Updates are
    drawn at most five times a second. Any failure to build or draw the widget switches
    the bar off and never stops the computation.
    """

    AUTO_AFTER = 0.3   # s before "auto" estimates the run time
    AUTO_LONGER = 2.0  # s: "auto" shows the bar for runs expected to take longer than this
    REFRESH = 0.2      # s between redraws

    def __init__(self, total, mode="auto", description="Monte Carlo"):
        self.total = max(int(total), 1)
        self.mode = mode
        self.description = description
        self.started = time.perf_counter()
        self.bar = self.label = None
        self.drawn_at = -math.inf
        self.done = 0
        if _is_progress_widget(mode):  # a bar that is already on the page: drive it
            self.bar, self.enabled, self.decided = mode, True, True
            try:
                self.bar.max, self.bar.value, self.bar.bar_style = self.total, 0, "info"
            except Exception:
                self.enabled = False
            return
        self.enabled = mode is not False and _in_kernel()
        self.decided = mode is True

    def update(self, done):
        self.done = done
        if not self.enabled:
            return
        now = time.perf_counter()
        elapsed = now - self.started
        if not self.decided:
            if elapsed < self.AUTO_AFTER or done <= 0:
                return
            self.decided = True
            if elapsed * self.total / done <= self.AUTO_LONGER:
                self.enabled = False
                return
        if self.bar is None and not self._build():
            return
        if now - self.drawn_at >= self.REFRESH:
            self._draw(elapsed)
            self.drawn_at = now

    def close(self):
        """Show the final state (when a bar is displayed)."""
        if self.bar is not None:
            self.done = self.total
            self._draw(time.perf_counter() - self.started, finished=True)

    def _build(self):
        try:
            import ipywidgets
            from IPython.display import display

            self.bar = ipywidgets.IntProgress(value=0, min=0, max=self.total, description=self.description,
                                              bar_style="info")
            self.label = ipywidgets.Label(value="")
            display(ipywidgets.HBox([self.bar, self.label]))
        except Exception:  # no widgets here: run without a bar
            self.enabled = False
            self.bar = self.label = None
            return False
        return True

    def _draw(self, elapsed, finished=False):
        try:
            self.bar.value = min(int(self.done), self.total)
            rate = self.done / elapsed if elapsed > 0 else 0.0
            if self.label is None:  # a bar driven for its owner, who writes its own label
                if finished:
                    self.bar.bar_style = "success"
                return
            if finished:
                self.bar.bar_style = "success"
                self.label.value = f"{self.total:.3g} jumps in {elapsed:.1f} s ({rate:.3g} jumps/s)"
            else:
                left = (self.total - self.done) / rate if rate > 0 else math.inf
                self.label.value = f"{self.done:.3g} of {self.total:.3g} jumps, about {left:.0f} s left"
        except Exception:
            self.enabled = False


# --- the finite box: extrapolation in 1/M ------------------------------------------------

@dataclass(frozen=True)
class Extrapolation:
    """A weighted least-squares straight line y = y_inf + slope / M (see ``box_size_study``).

    Attributes
    ----------
    value : Estimate
        y_inf, the value extrapolated to an infinite box (1/M → 0).
    slope : Estimate
        The coefficient of 1/M.
    chi2 : float
        Σ ((y − fit)/stderr)², with ``dof`` = points − 2 degrees of freedom. When
        chi2/dof > 1 the standard errors are scaled up by sqrt(chi2/dof) (Birge ratio).
    dof : int
    """

    value: Estimate
    slope: Estimate
    chi2: float
    dof: int

    def at(self, n_sites):
        """The fitted value for a box of ``n_sites`` sites."""
        return self.value.value + self.slope.value / n_sites

    def __repr__(self):
        return f"{self.value!r} (1/M slope {self.slope!r}, chi2 {self.chi2:.2f} / {self.dof})"


def extrapolate_in_inverse_size(n_sites, estimates):
    """Fit y = y_inf + slope / M to estimates at several box sizes (weighted least squares).

    Parameters
    ----------
    n_sites : sequence of int
        Sites per box, M, at least two different values.
    estimates : sequence of Estimate
        One per box size, with stderr > 0.

    Returns
    -------
    Extrapolation
        y_inf and the slope with standard errors from (Xᵀ W X)⁻¹, W = diag(1/stderr²),
        scaled by sqrt(chi2/dof) when that exceeds 1.
    """
    x = 1.0 / np.asarray(n_sites, dtype=float)
    y = np.array([e.value for e in estimates])
    s = np.array([e.stderr for e in estimates])
    if len(x) < 2 or len(np.unique(x)) < 2:
        raise ValueError(f"n_sites must hold at least two different box sizes; got {list(n_sites)!r}")
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(s)) and np.all(s > 0)):
        raise ValueError("estimates must have finite values and standard errors > 0")
    design = np.column_stack([np.ones_like(x), x]) / s[:, None]
    covariance = np.linalg.inv(design.T @ design)
    coefficients = covariance @ design.T @ (y / s)
    chi2 = float(np.sum(((y - coefficients[0] - coefficients[1] * x) / s) ** 2))
    dof = len(x) - 2
    if dof > 0 and chi2 > dof:
        covariance = covariance * (chi2 / dof)
    errors = np.sqrt(np.diag(covariance))
    return Extrapolation(Estimate(float(coefficients[0]), float(errors[0])),
                         Estimate(float(coefficients[1]), float(errors[1])), chi2, dof)


@dataclass(frozen=True, eq=False)
class BoxSizeStudy:
    """``random_alloy`` at several box sizes and the extrapolation to an infinite box.

    Attributes
    ----------
    lattice : str
    N_A, w_A, w_B : float
        The alloy (N_A as requested; each box size realises round(N_A (M − 1)) A atoms).
    results : tuple of RandomAlloyResult
        One per box size, smallest first.
    r_A, r_B, S, D_ratio, tracer_ratio, f_A, f_B, D_A_tracer, D_B_tracer : Extrapolation
        Each quantity fitted as y_inf + slope/M.
    elapsed : float
        Wall-clock time of the whole study, s.
    """

    lattice: str
    N_A: float
    w_A: float
    w_B: float
    results: tuple
    r_A: Extrapolation
    r_B: Extrapolation
    S: Extrapolation
    D_ratio: Extrapolation
    tracer_ratio: Extrapolation
    f_A: Extrapolation
    f_B: Extrapolation
    D_A_tracer: Extrapolation
    D_B_tracer: Extrapolation
    elapsed: float

    @property
    def n_sites(self):
        return tuple(result.n_sites for result in self.results)

    @property
    def manning(self):
        """Manning's (r_A, r_B, S) for the infinite box, each an Estimate.

        Evaluated at N_A and the extrapolated tracer ratio D_A*/D_B* (Manning's factors
        depend only on that ratio); the standard errors carry the ratio's uncertainty.
        """
        ratio = self.tracer_ratio.value
        centre = np.array(manning_factors(self.N_A, ratio.value, 1.0, self.lattice), dtype=float)
        step = max(1e-6, 1e-4 * abs(ratio.value))
        slope = (np.array(manning_factors(self.N_A, ratio.value + step, 1.0, self.lattice), dtype=float)
                 - np.array(manning_factors(self.N_A, ratio.value - step, 1.0, self.lattice), dtype=float)) / (2 * step)
        return tuple(Estimate(float(c), float(abs(g) * ratio.stderr)) for c, g in zip(centre, slope))

    @property
    def deviation_from_manning(self):
        """(r_A − r_A^Manning, r_B − r_B^Manning, S − S^Manning) in the infinite box, as Estimates
        (errors added in quadrature, treating the two as independent)."""
        out = []
        for measured, model in zip((self.r_A.value, self.r_B.value, self.S.value), self.manning):
            out.append(Estimate(measured.value - model.value, math.hypot(measured.stderr, model.stderr)))
        return tuple(out)

    def table(self):
        """The study as a printable table: one row per box size, then the extrapolation and Manning."""
        head = (f"{'size':>4} {'M':>6} {'boxes':>6} {'jumps':>8} {'D_A*/D_B*':>16} {'f_A':>16} {'f_B':>16} "
                f"{'r_A':>16} {'r_B':>16} {'D_A/D_B':>15} {'Manning r_A, r_B':>17}")
        lines = [f"random {self.lattice} alloy, N_A = {self.N_A:.4g}, w_A/w_B = {self.w_A / self.w_B:.4g}: "
                 f"vacancy-wind factors against box size M (one vacancy per box)", head]
        for r in self.results:
            m_rA, m_rB, _ = r.manning
            lines.append(f"{r.size:>4} {r.n_sites:>6} {r.n_boxes:>6} {r.n_jumps:>8.2g} {r.tracer_ratio!r:>16} "
                         f"{r.f_A!r:>16} {r.f_B!r:>16} {r.r_A!r:>16} {r.r_B!r:>16} {r.D_ratio!r:>15} "
                         f"{m_rA:>8.4f} {m_rB:.4f}")
        m_rA, m_rB, m_S = self.manning
        d_rA, d_rB, d_S = self.deviation_from_manning
        lines.append(f"{'1/M → 0':>11} {'':>6} {'':>8} {self.tracer_ratio.value!r:>16} {self.f_A.value!r:>16} "
                     f"{self.f_B.value!r:>16} {self.r_A.value!r:>16} {self.r_B.value!r:>16} "
                     f"{self.D_ratio.value!r:>15} {m_rA.value:>8.4f} {m_rB.value:.4f}")
        lines.append(f"  fits y_inf + slope/M: slope of r_A {self.r_A.slope!r} (chi2 {self.r_A.chi2:.2f}/{self.r_A.dof}), "
                     f"r_B {self.r_B.slope!r} (chi2 {self.r_B.chi2:.2f}/{self.r_B.dof}), "
                     f"D_A*/D_B* {self.tracer_ratio.slope!r}, D_A/D_B {self.D_ratio.slope!r} "
                     f"(chi2 {self.D_ratio.chi2:.2f}/{self.D_ratio.dof})")
        lines.append(f"  infinite box: r_A = {self.r_A.value!r}, r_B = {self.r_B.value!r}, S = {self.S.value!r}; "
                     f"Manning at D_A*/D_B* = {self.tracer_ratio.value!r}: r_A = {m_rA!r}, r_B = {m_rB!r}, "
                     f"S = {m_S!r}")
        lines.append(f"  measured − Manning: r_A {d_rA!r} ({d_rA.sigmas_from(0):+.1f} sigma), "
                     f"r_B {d_rB!r} ({d_rB.sigmas_from(0):+.1f} sigma), S {d_S!r} ({d_S.sigmas_from(0):+.1f} sigma)")
        lines.append(f"  D_A/D_B = {self.D_ratio.value!r} against w_A/w_B = {self.w_A / self.w_B:.6g} "
                     f"({self.D_ratio.value.sigmas_from(self.w_A / self.w_B):+.1f} sigma); "
                     f"elapsed {self.elapsed:.1f} s")
        return "\n".join(lines)

    def __repr__(self):
        return (f"BoxSizeStudy({self.lattice}, N_A={self.N_A:.4g}, w_A/w_B={self.w_A / self.w_B:.4g}, "
                f"M={list(self.n_sites)}: r_A(inf) = {self.r_A.value!r}, r_B(inf) = {self.r_B.value!r})")


def box_size_study(lattice, N_A, w_A, w_B, sizes=None, n_jumps=None, seed=0, *, progress="auto"):
    """The random alloy at several box sizes, extrapolated to an infinite box in 1/M.

    With one vacancy in a periodic box of M sites, the vacancy keeps coming back, through
    the periodic images, to atoms it has already moved; this correlates the collective
    displacements and shifts every estimate by O(1/M) (for the tracer f, by about
    1.4 f0/M in 3D: ``finite_box_correlation_factor``). It is a property of the model
    box, not of the alloy: a real crystal with c_v = 1/M has its vacancies far apart and
    uncorrelated. Each quantity y is therefore fitted as y(M) = y_inf + slope/M by
    weighted least squares (``extrapolate_in_inverse_size``), and y_inf is compared with
    Manning's theory at the extrapolated tracer ratio.

    Parameters
    ----------
    lattice, N_A, w_A, w_B
        As for ``random_alloy``.
    sizes : sequence of int, optional
        Box edges in primitive cells, at least two different ones, each >= 4 (default
        ``ALLOY_STUDY_SIZES``: fcc 5, 6, 7, 8, 10, i.e. M = 125 to 1000).
    n_jumps : int or sequence of int, optional
        Vacancy jumps for each box size (one number for all, or one per size in the order
        of ``sizes``; default
        ``ALLOY_DEFAULT_JUMPS`` each). The standard error of r_i at a fixed number of jumps
        grows about as sqrt(M), so giving large boxes more jumps pays.
    seed : int or None
        Seeds the sizes' independent streams (``numpy.random.SeedSequence(seed).spawn``).
    progress : "auto", True, False or ipywidgets.IntProgress
        One progress bar for the whole study, as in ``random_alloy``.

    Returns
    -------
    BoxSizeStudy
        The runs, the extrapolations, ``.manning`` and ``.deviation_from_manning`` in the
        infinite box, and ``.table()``.
    """
    started = time.perf_counter()
    key = _lattice_key(lattice, ALLOY_LATTICES)
    dimension = len(_GEOMETRY[key].primitive)
    sizes = ALLOY_STUDY_SIZES[dimension] if sizes is None else [_integer(s, "sizes", 4) for s in np.ravel(sizes)]
    if len(set(sizes)) < 2:
        raise ValueError(f"sizes must hold at least two different box edges; got {list(sizes)!r}")
    if n_jumps is None:
        n_jumps = [ALLOY_DEFAULT_JUMPS] * len(sizes)
    elif np.ndim(n_jumps) == 0:
        n_jumps = [n_jumps] * len(sizes)
    else:
        n_jumps = list(n_jumps)
        if len(n_jumps) != len(sizes):
            raise ValueError(f"n_jumps must be one number or one per box size ({len(sizes)}); got {n_jumps!r}")
    sizes, n_jumps = zip(*sorted(zip(sizes, n_jumps), key=lambda pair: pair[0]))  # smallest box first
    plans = [_alloy_plan(key, N_A, w_A, w_B, n, size, None, progress) for size, n in zip(sizes, n_jumps)]
    reporter = _Progress(sum(p["n_boxes"] * p["n_steps"] for p in plans), progress, "box sizes")
    streams = np.random.SeedSequence(seed).spawn(len(plans))
    results, done = [], 0
    for plan, stream in zip(plans, streams):
        offset = done
        results.append(_random_alloy_run(plan, np.random.default_rng(stream), _Offset(reporter, offset), stream,
                                         time.perf_counter()))
        done += plan["n_boxes"] * plan["n_steps"]
    reporter.close()
    M = [r.n_sites for r in results]
    fits = {name: extrapolate_in_inverse_size(M, [getattr(r, name) for r in results])
            for name in ("r_A", "r_B", "S", "D_ratio", "tracer_ratio", "f_A", "f_B", "D_A_tracer", "D_B_tracer")}
    return BoxSizeStudy(lattice=key, N_A=plans[0]["N_A"], w_A=plans[0]["w_A"], w_B=plans[0]["w_B"],
                        results=tuple(results), elapsed=time.perf_counter() - started, **fits)


class _Offset:
    """Forwards progress of one run of a study to the study's bar, shifted by the jumps before it."""

    def __init__(self, reporter, offset):
        self.reporter, self.offset = reporter, offset

    def update(self, done):
        self.reporter.update(self.offset + done)
