"""Input checks shared by every diffkit function.

Each check raises ``ValueError`` whose message names the parameter and the allowed
range, so a student who passes a mole fraction of 1.2 reads what went wrong.
"""

from __future__ import annotations

import numpy as np


def mole_fraction(value, name="N_A"):
    """Return ``value`` as a float array after checking 0 <= value <= 1."""
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0.0) or np.any(arr > 1.0):
        raise ValueError(f"{name} is a mole fraction and must lie in [0, 1]; got {_show(value)}")
    return arr


def diffusivity(value, name="D"):
    """Return ``value`` as a float array after checking it is finite and >= 0 (m^2/s)."""
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0.0):
        raise ValueError(f"{name} is a diffusivity and must be finite and >= 0 m^2/s; got {_show(value)}")
    return arr


def temperature(value, name="T"):
    """Return ``value`` as a float array after checking T > 0 K."""
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0.0):
        raise ValueError(f"{name} is an absolute temperature and must be > 0 K; got {_show(value)}")
    return arr


def positive(value, name, unit=""):
    """Return ``value`` as a float after checking it is finite and > 0."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim != 0 or not np.isfinite(arr) or arr <= 0.0:
        raise ValueError(f"{name} must be a finite number > 0{(' ' + unit) if unit else ''}; got {_show(value)}")
    return float(arr)


def finite(value, name, unit=""):
    """Return ``value`` as a float array after checking every entry is finite."""
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite{(' (' + unit + ')') if unit else ''}; got {_show(value)}")
    return arr


def _show(value):
    arr = np.asarray(value)
    if arr.size <= 4:
        return repr(value)
    finite = arr[np.isfinite(arr)] if np.issubdtype(arr.dtype, np.number) else arr
    if finite.size == 0:
        return "an array with no finite values"
    return f"an array with finite values from {finite.min():.4g} to {finite.max():.4g}"
