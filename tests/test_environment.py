"""The environment check of notebook 00: right statuses, actionable sentences, never a traceback."""

import importlib.metadata
import subprocess

import pytest

from diffkit import environment
from diffkit.environment import check

REAL_VERSION = importlib.metadata.version


def fake_versions(monkeypatch, **versions):
    """Make importlib.metadata.version answer ``versions`` (None: not installed) and the truth otherwise."""
    wanted = {environment._norm(k): v for k, v in versions.items()}

    def version(name):
        key = environment._norm(name)
        if key in wanted:
            if wanted[key] is None:
                raise importlib.metadata.PackageNotFoundError(name)
            return wanted[key]
        return REAL_VERSION(name)

    monkeypatch.setattr(importlib.metadata, "version", version)


def row(report, name):
    (found,) = [r for r in report.rows if r.name == name]
    return found


def test_this_venv_is_ready():
    report = check()
    assert report.ok, str(report)
    for name in ["python", "numpy", "scipy", "matplotlib", "ipywidgets", "ipympl", "jupyterlab", "ipykernel",
                 "nbval", "pytest", "hypothesis", "diffkit", "ipympl backend"]:
        assert row(report, name).status == "ok", name
        assert not row(report, name).optional
    for name in ["nbgrader", "voila", "jupyterlab-rise", "playwright"]:
        assert row(report, name).optional
    # no error sentences in a ready environment (optional notes may appear)
    assert not report._sentences(errors=True)


def test_pins_are_read_from_requirements():
    report = check(backend=False)
    assert report.requirements_file is not None
    pins = environment._read_pins(report.requirements_file)
    assert row(report, "numpy").wanted == f"== {pins['numpy']}"
    assert row(report, "ipympl").wanted == f"== {pins['ipympl']}"
    assert row(report, "python").wanted == ">= 3.11"


@pytest.mark.parametrize("name", ["ipympl", "numpy", "diffkit"])
def test_missing_required_package(monkeypatch, name):
    fake_versions(monkeypatch, **{name: None})
    report = check(backend=False)
    assert row(report, name).status == "missing"
    assert report.ok is False
    (sentence,) = [p for p in report.problems if p.startswith(name)]
    assert sentence == f"{name} is missing: run `pip install -r requirements.txt` in the course folder."
    assert report.problems[0] == sentence  # errors come first
    assert "✘ missing" in str(report) and "Not ready" in str(report)


def test_missing_optional_package_is_only_a_note(monkeypatch):
    fake_versions(monkeypatch, voila=None)
    report = check(backend=False)
    assert row(report, "voila").status == "missing"
    assert report.ok is True
    (sentence,) = [p for p in report.problems if p.startswith("voila")]
    # pinned in requirements.txt: the course's own install command; otherwise a pinned pip install
    assert "optional" in sentence
    assert "pip install -r requirements.txt" in sentence or "pip install voila==" in sentence


def test_too_old_is_flagged(monkeypatch):
    fake_versions(monkeypatch, numpy="1.26.4")
    report = check(backend=False)
    assert row(report, "numpy").status == "too old"
    assert report.ok is False
    assert any("numpy 1.26.4 is too old" in p and "pip install -r requirements.txt" in p for p in report.problems)


def test_too_old_python(monkeypatch):
    monkeypatch.setattr(environment.platform, "python_version", lambda: "3.10.12")
    report = check(backend=False)
    assert row(report, "python").status == "too old"
    assert not report.ok
    assert any("Python 3.10.12 is too old" in p and "python3.11 -m venv .venv" in p for p in report.problems)


def test_pin_mismatch_is_a_warning(monkeypatch):
    pinned = environment._read_pins(check(backend=False).requirements_file)["scipy"]
    newer = ".".join(str(int(part) + 1) if i == 0 else part for i, part in enumerate(pinned.split(".")))
    fake_versions(monkeypatch, scipy=newer)
    report = check(backend=False)
    assert row(report, "scipy").status == "different from pin"
    assert report.ok is True
    assert any(p.startswith(f"scipy {newer} is not the tested version {pinned}") for p in report.problems)


def test_without_requirements_file_minimums_are_used(tmp_path, monkeypatch):
    fake_versions(monkeypatch, scipy="1.13.0", matplotlib="3.8.4")
    report = check(tmp_path / "nowhere.txt", backend=False)
    assert report.requirements_file is None
    assert row(report, "scipy").wanted == ">= 1.13" and row(report, "scipy").status == "ok"
    assert row(report, "matplotlib").status == "too old"


def test_version_comparison():
    assert environment._older("1.26.4", "2.0") and not environment._older("2.0.0", "2.0")
    assert not environment._older("3.11.7", "3.11") and environment._older("3.9.18", "3.11")
    assert environment._same("2.0", "2.0.0") and not environment._same("2.4.6", "2.4.6.post1")
    assert not environment._older("unknown", "1.0")


def test_html_and_text_have_labels_not_only_colour(monkeypatch):
    fake_versions(monkeypatch, ipympl=None, numpy="1.0", scipy="99.0", voila=None)
    report = check(backend=False)
    page = report._repr_html_()
    for label in ["✔ ok", "✘ missing", "✘ too old", "! different from pin", "! missing (optional)"]:
        assert label in page and label in str(report), label
    assert "<table>" in page and "Not ready" in page
    assert "<code>pip install -r requirements.txt</code>" in page
    assert " at 0x" not in repr(report) and repr(report).startswith("EnvironmentReport(ok=False")


def test_nothing_escapes(monkeypatch, tmp_path):
    def broken(name):
        raise RuntimeError("corrupt metadata")

    def no_subprocess(*args, **kwargs):
        raise OSError("cannot start a process")

    monkeypatch.setattr(importlib.metadata, "version", broken)
    monkeypatch.setattr(subprocess, "run", no_subprocess)
    report = check(tmp_path)  # a folder, not a file
    assert report.ok is False
    assert row(report, "numpy").status == "missing"
    assert str(report) and report._repr_html_()


def test_broken_backend_is_reported(monkeypatch):
    monkeypatch.delitem(environment.sys.modules, "ipympl.backend_nbagg", raising=False)
    monkeypatch.setattr(environment, "_PROBE", "raise ImportError('no module named ipympl.backend_nbagg')")
    report = check()
    backend = row(report, "ipympl backend")
    assert backend.status == "does not load" and not report.ok
    assert any("module://ipympl.backend_nbagg" in p and "restart the kernel" in p for p in report.problems)


def test_check_leaves_the_backend_alone():
    import matplotlib

    before = matplotlib.rcParams._get_backend_or_none()
    check()
    assert matplotlib.rcParams._get_backend_or_none() == before
