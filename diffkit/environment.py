"""Is this computer ready for the course? A check a student can run in the first notebook.

>>> from diffkit.environment import check
>>> report = check()        # in a notebook, the last line ``check()`` shows a table
>>> report.ok               # True when nothing required is missing or too old
>>> report.problems         # short sentences saying what to do, most serious first

For each package the course needs, the report gives the version wanted, the version
installed (read with :mod:`importlib.metadata`, without importing the package) and a status:

``ok``
    installed, and at the pinned version (or, with no pin, at least the minimum).
``missing``
    not installed. An error for a required package, a note for an optional one.
``too old``
    older than the minimum the course works with (an error for a required package).
``different from pin``
    works, but is not the exact version in ``requirements.txt`` that the course was tested
    with: a warning, not an error.

The pins are read from ``requirements.txt`` next to the ``diffkit`` package (the course
folder); without that file, the built-in minimum versions below are used alone. It also
checks that matplotlib's widget backend ``module://ipympl.backend_nbagg`` loads, since the
apps need it for live figures. This is done in a separate Python process because importing
ipympl switches the running kernel's backend and would close open figures.

The check never raises: whatever goes wrong ends up as a sentence in ``problems``.
"""

from __future__ import annotations

import html
import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["check", "EnvironmentReport", "PackageCheck", "REQUIRED", "OPTIONAL"]

OK = "ok"
MISSING = "missing"
TOO_OLD = "too old"
PIN = "different from pin"
BROKEN = "does not load"

INSTALL = "run `pip install -r requirements.txt` in the course folder"
BACKEND = "module://ipympl.backend_nbagg"

# name -> (minimum version, what the course uses it for). Minimums: the oldest versions the
# code is written for (diffkit's own dependencies in pyproject.toml, and the Jupyter 4/8 APIs).
REQUIRED = {
    "python": ("3.11", "the language"),
    "numpy": ("2.0", "arrays and numerics"),
    "scipy": ("1.13", "solvers"),
    "matplotlib": ("3.9", "figures"),
    "ipywidgets": ("8.1", "sliders and the widget apps"),
    "ipympl": ("0.9", "live figures in the apps"),
    "jupyterlab": ("4.0", "the notebook interface"),
    "ipykernel": ("6.0", "runs Python for the notebooks"),
    "nbval": ("0.11", "checks that the notebooks run"),
    "pytest": ("8.0", "the test suite"),
    "hypothesis": ("6.0", "property tests"),
    "diffkit": ("0.1", "the course library"),
}
# name -> (minimum, version tested with the course, what it is for, who needs it); none of
# them is needed for self-study
OPTIONAL = {
    "nbgrader": ("0.9", "0.9.6", "graded homework", "only instructors need it, to grade the homework"),
    "voila": ("0.5", "0.5.13", "dashboard view of the apps", "it gives the dashboard view of the apps"),
    "jupyterlab-rise": ("0.43", "0.43.1", "slide view in JupyterLab", "it gives the slide view in JupyterLab"),
    "playwright": ("1.40", "1.65.2", "browser tests", "only contributors need it, for the browser tests"),
}


@dataclass(frozen=True)
class PackageCheck:
    """One line of the report.

    ``wanted`` is what the course asks for (``"== 2.4.6"`` for a pin, ``">= 2.0"`` otherwise);
    ``installed`` is the installed version or None; ``status`` one of the module's statuses;
    ``problem`` the sentence for the student, or None when there is nothing to do.
    """

    name: str
    wanted: str
    installed: str | None
    status: str
    optional: bool
    purpose: str
    problem: str | None = None

    @property
    def is_error(self) -> bool:
        """True when this line stops the course from working (required and missing, too old, broken)."""
        return not self.optional and self.status in (MISSING, TOO_OLD, BROKEN)

    @property
    def label(self) -> str:
        """The status as text with a sign, so the table does not rely on colour alone."""
        if self.status == OK:
            return "✔ ok"
        if self.is_error:
            return f"✘ {self.status}"
        return f"! {self.status}" + (" (optional)" if self.optional else "")


class EnvironmentReport:
    """The result of :func:`check`: ``rows`` (a list of :class:`PackageCheck`), ``ok`` and ``problems``.

    Shows itself as a coloured table in a notebook (with text labels too) and as plain text
    with ``print``.
    """

    def __init__(self, rows, requirements_file=None):
        self.rows = list(rows)
        self.requirements_file = requirements_file

    @property
    def ok(self) -> bool:
        """True when nothing required is missing, too old or broken (warnings do not count)."""
        return not any(row.is_error for row in self.rows)

    @property
    def problems(self) -> list[str]:
        """What to do, one sentence per line of the report that needs it: errors first, then warnings."""
        return self._sentences(errors=True) + self._sentences(errors=False)

    def _sentences(self, *, errors: bool) -> list[str]:
        return [r.problem for r in self.rows if r.problem and r.is_error == errors]

    def headline(self) -> str:
        """One sentence: ready or not."""
        n_errors = sum(row.is_error for row in self.rows)
        if n_errors:
            return f"✘ Not ready: {n_errors} thing(s) to fix before the lectures will run (see below)."
        if self.problems:
            return "✔ Ready: everything the lectures need is installed (a few notes below)."
        return "✔ Ready: everything the lectures need is installed."

    def __str__(self) -> str:
        header = ("package", "wanted", "installed", "status")
        lines = [(r.name, r.wanted, r.installed or "—", r.label) for r in self.rows]
        widths = [max(len(row[i]) for row in [header, *lines]) for i in range(4)]
        text = [self.headline(), ""]
        text += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *lines]]
        for title, errors in (("To fix:", True), ("Notes:", False)):
            if self._sentences(errors=errors):
                text += ["", title] + [f"  - {p}" for p in self._sentences(errors=errors)]
        return "\n".join(text)

    def __repr__(self) -> str:
        return f"EnvironmentReport(ok={self.ok}, problems={len(self.problems)})"

    def _repr_pretty_(self, printer, cycle):  # IPython's plain-text view: the table, no memory address
        printer.text(str(self))

    def _repr_html_(self) -> str:
        colours = {"error": ("#D55E00", "white"), "warning": ("#E69F00", "black"), "ok": ("#009E73", "white")}
        body = []
        for r in self.rows:
            kind = "ok" if r.status == OK else "error" if r.is_error else "warning"
            bg, fg = colours[kind]
            badge = (f'<span style="background-color:{bg};color:{fg};padding:1px 6px;border-radius:3px;'
                     f'white-space:nowrap">{html.escape(r.label)}</span>')
            cells = [f"<code>{html.escape(r.name)}</code>", html.escape(r.wanted),
                     html.escape(r.installed or "—"), badge, html.escape(r.purpose)]
            body.append("<tr>" + "".join(f'<td style="text-align:left">{c}</td>' for c in cells) + "</tr>")
        head = "".join(f'<th style="text-align:left">{h}</th>'
                       for h in ("package", "wanted", "installed", "status", "used for"))
        parts = [f"<p><b>{html.escape(self.headline())}</b></p>"]
        for title, errors in (("To fix", True), ("Notes", False)):
            if self._sentences(errors=errors):
                items = "".join(f"<li>{_code(p)}</li>" for p in self._sentences(errors=errors))
                parts.append(f"<p>{title}:</p><ul>{items}</ul>")
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
        source = (f"pins from <code>{html.escape(str(self.requirements_file))}</code>" if self.requirements_file
                  else "no requirements.txt found: minimum versions only")
        parts.append(f"<p style='font-size:smaller'>Python at <code>{html.escape(sys.executable)}</code>; "
                     f"{source}.</p>")
        return "\n".join(parts)


def check(requirements: str | os.PathLike | None = None, *, backend: bool = True) -> EnvironmentReport:
    """Check the packages the course needs and return an :class:`EnvironmentReport`.

    Parameters
    ----------
    requirements : path, optional
        The pinned requirements file. Default: ``requirements.txt`` in the folder above the
        ``diffkit`` package, if there is one; otherwise only the built-in minimums are used.
    backend : bool
        Also check that matplotlib's ipympl widget backend loads (about half a second, in a
        separate process so the running kernel's backend is left alone).

    Never raises: anything unexpected becomes a sentence in ``report.problems``.
    """
    path = Path(requirements) if requirements is not None else Path(__file__).resolve().parent.parent / "requirements.txt"
    pins = _read_pins(path)
    rows = [_check_python()]
    for name, (minimum, purpose) in REQUIRED.items():
        if name != "python":
            rows.append(_check_package(name, minimum, pins.get(_norm(name)), purpose, optional=False))
    if backend:
        rows.append(_check_backend(rows))
    for name, (minimum, tested, purpose, why) in OPTIONAL.items():
        rows.append(_check_package(name, minimum, pins.get(_norm(name)), purpose, optional=True,
                                   tested=tested, why=why))
    return EnvironmentReport(rows, requirements_file=path if pins else None)


# --------------------------------------------------------------------------- helpers


def _check_python() -> PackageCheck:
    minimum, purpose = REQUIRED["python"]
    version = platform.python_version()
    if _older(version, minimum):
        return PackageCheck("python", f">= {minimum}", version, TOO_OLD, False, purpose,
                            f"Python {version} is too old: the course needs {minimum} or newer. Make the "
                            f"environment again with `python{minimum} -m venv .venv`, then {INSTALL}.")
    return PackageCheck("python", f">= {minimum}", version, OK, False, purpose)


def _check_package(name, minimum, pin, purpose, *, optional, tested=None, why="") -> PackageCheck:
    wanted = f"== {pin}" if pin else f">= {minimum}"
    installed = _installed_version(name)
    how = INSTALL if (pin or not optional) else f"run `pip install {name}=={tested}` (the version tested with the course)"
    if installed is None:
        if optional:
            text = f"{name} is not installed. It is optional: {why}. To add it, {how}."
        else:
            text = f"{name} is missing: {how}."
        return PackageCheck(name, wanted, None, MISSING, optional, purpose, text)
    if _older(installed, minimum):
        return PackageCheck(name, wanted, installed, TOO_OLD, optional, purpose,
                            f"{name} {installed} is too old (the course needs {minimum} or newer): {how}.")
    if pin and not _same(installed, pin):
        return PackageCheck(name, wanted, installed, PIN, optional, purpose,
                            f"{name} {installed} is not the tested version {pin}; it will probably work, "
                            f"but if something looks wrong, {INSTALL}.")
    return PackageCheck(name, wanted, installed, OK, optional, purpose)


_PROBE = """
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
import matplotlib.pyplot as plt
import ipywidgets
fig = plt.figure()
assert isinstance(fig.canvas, ipywidgets.DOMWidget), "the figure canvas is not a widget"
"""


def _check_backend(rows) -> PackageCheck:
    """Does ``module://ipympl.backend_nbagg`` load and give widget figures? Checked in a subprocess."""
    name, purpose, wanted = "ipympl backend", "live figures in the apps", "loads"
    if any(r.name in ("ipympl", "matplotlib", "ipywidgets") and r.status == MISSING for r in rows):
        return PackageCheck(name, wanted, None, MISSING, False, purpose)  # the missing package says what to do
    if "ipympl.backend_nbagg" in sys.modules:  # already in use in this kernel (%matplotlib widget)
        return PackageCheck(name, wanted, "loads", OK, False, purpose)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    try:
        run = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, env=env)
        reason = None if run.returncode == 0 else (run.stderr.strip().splitlines() or ["unknown error"])[-1]
    except Exception as err:  # noqa: BLE001 - the check never raises
        reason = f"{type(err).__name__}: {err}"
    if reason is None:
        return PackageCheck(name, wanted, "loads", OK, False, purpose)
    return PackageCheck(name, wanted, "fails", BROKEN, False, purpose,
                        f"matplotlib's widget backend ({BACKEND}) does not load ({reason[:160]}), so the "
                        f"apps cannot draw live figures: {INSTALL}, then restart the kernel.")


def _installed_version(name) -> str | None:
    """The installed version of a distribution, or None if it is not installed (never raises)."""
    try:
        version = metadata.version(name)
    except Exception:  # noqa: BLE001 - PackageNotFoundError, or broken metadata
        return None
    return version if isinstance(version, str) and version.strip() else None


def _read_pins(path) -> dict[str, str]:
    """``{normalised name: version}`` for every ``name==version`` line of a requirements file ({} if unreadable)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except Exception:  # noqa: BLE001 - no file, a folder, unreadable: fall back to the minimums
        return {}
    pins = {}
    for line in text.splitlines():
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*==\s*([^\s;#,]+)", line)
        if match:
            pins[_norm(match.group(1))] = match.group(2)
    return pins


def _norm(name: str) -> str:
    """Package names compare with ``-``, ``_`` and ``.`` alike and case ignored (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(version: str):
    """``"2.4.6rc1"`` -> ((2, 4, 6), "rc1"); trailing zeros dropped so ``2.0`` equals ``2.0.0``."""
    match = re.match(r"\s*v?(\d+(?:\.\d+)*)(.*)", str(version))
    if not match:
        return None, str(version).strip().lower()
    release = [int(part) for part in match.group(1).split(".")]
    while len(release) > 1 and release[-1] == 0:
        release.pop()
    return tuple(release), match.group(2).strip().lower()


def _older(version: str, minimum: str) -> bool:
    """True when ``version`` is below ``minimum`` (pre-releases count as their release; unparseable: not older)."""
    have, want = _split(version)[0], _split(minimum)[0]
    return have is not None and want is not None and have < want


def _same(version: str, pin: str) -> bool:
    """True when two version strings name the same version (``2.0`` and ``2.0.0`` do)."""
    return _split(version) == _split(pin)


def _code(text: str) -> str:
    """Escape a sentence for HTML and show `backticked` parts as code."""
    return re.sub(r"`([^`]*)`", r"<code>\1</code>", html.escape(text))
