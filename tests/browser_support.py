"""Shared by the browser tests (test_browser.py) and benchmarks/bench_browser.py.

The course as the tests find it (lecture notebooks, widget apps, dashboards), servers that a test
starts on 127.0.0.1 and stops, Debian's Chromium driven through Playwright, a guard that lets no
request leave 127.0.0.1, and driving a widget app as a student would (press a key on a slider,
wait for the figure's pixels to change).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"  # gitignored: screenshots and timings of the last run
DOCS_IMG = REPO / "docs" / "img"  # committed: one picture of each lecture's main app, for the README

CHROMIUM = Path(os.environ.get("DIFFKIT_CHROMIUM", "/usr/bin/chromium"))
# Playwright adds its own flags, including a fresh --user-data-dir for every launch
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REQUIRE_BROWSER = "DIFFKIT_REQUIRE_BROWSER"  # set (CI): missing Chromium fails the tests instead of skipping
VIEWPORT = {"width": 1600, "height": 1200}  # tall enough for the tallest app below JupyterLab's bars

CANVAS = ".jupyter-matplotlib-canvas-div canvas"  # an ipympl figure: the first of its two canvases
APP = ".widget-vbox:has(> .jupyter-matplotlib)"  # an App's widget: a VBox holding the figure
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")
MOVE_TIMEOUT_S = 2.0  # a moved control must change the figure's pixels within this


# ------------------------------------------------------------------ the course, as found on disk


def lectures(course: Path = REPO) -> list[Path]:
    return sorted((course / "notebooks").glob("*.ipynb"))


def app_names() -> list[str]:
    from diffkit import apps

    return [name for name in apps.__all__ if name != "App"]


def dashboard_for(app: str) -> Path:
    return REPO / "dashboards" / f"{app.removesuffix('_app')}.ipynb"


def apps_called(notebook: Path) -> list[str]:
    """The apps a notebook's code cells call, in order (each call shows one app)."""
    names = app_names()
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\s*\(")
    nb = nbformat.read(notebook, as_version=4)
    return [m.group(1) for cell in nb.cells if cell.cell_type == "code"
            for m in pattern.finditer(cell.source) if not _in_import(cell.source, m.start())]


def _in_import(source: str, position: int) -> bool:
    line = source[source.rfind("\n", 0, position) + 1: position]
    return line.lstrip().startswith(("from ", "import "))


def slide_count(notebook: Path) -> int:
    """How many horizontal slides reveal.js makes of a notebook (nbconvert's rule)."""
    types = [cell.metadata.get("slideshow", {}).get("slide_type", "-")
             for cell in nbformat.read(notebook, as_version=4).cells]
    first = next(i for i, t in enumerate(types) if t not in {"notes", "skip"})
    return 1 + sum(t == "slide" for t in types[first + 1:])


def copy_course(dest: Path) -> Path:
    """A copy of the course folders for a server to run in: the tests never write into the repo."""
    skip = {"diffkit", "test-artifacts", "docs", "benchmarks", "tests"}  # kernels import the installed diffkit
    for entry in REPO.iterdir():
        if entry.name in skip or entry.name.startswith(".") or entry.name.endswith(".egg-info"):
            continue
        if entry.is_dir():
            shutil.copytree(entry, dest / entry.name,
                            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(entry, dest / entry.name)
    return dest


# ------------------------------------------------------------------ the browser


def missing_browser() -> str | None:
    """Why the browser tests cannot run here (one line), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests need playwright: run `pip install -r requirements.txt`"
    if not os.access(CHROMIUM, os.X_OK):
        return f"browser tests need Chromium at {CHROMIUM}: install it with `apt-get install chromium`"
    return None


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def guard_offline(context) -> list[str]:
    """Abort every request that would leave 127.0.0.1; returns the (growing) list of those URLs."""
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    return blocked


# ------------------------------------------------------------------ servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isolated_env(root: Path) -> dict[str, str]:
    """This process's environment with Jupyter's and matplotlib's state kept under ``root``."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # the tests' Agg must not reach the kernels
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "matplotlib")]:
        (root / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(root / sub)
    return env


def lab_settings(folder: Path) -> Path:
    """JupyterLab user settings for a test: no news pop-up, no autosave."""
    settings = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                             "checkForUpdates": False},
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    }
    for name, value in settings.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(value), encoding="utf-8")
    return folder


class Server:
    """A server process started by a test, ready when ``ready_url`` answers 200, stopped by the test."""

    def __init__(self, name, command, *, cwd, env, ready_url, log_dir, timeout=90.0):
        self.name, self.command, self.ready_url = name, command, ready_url
        self.log_path = Path(log_dir) / f"{name}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")
        # its own process group: stop() ends the server and anything it started, and nothing else
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        self._wait_ready(timeout)

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log_tail()
                self.stop()
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}):\n{tail}")
            try:
                with urllib.request.urlopen(self.ready_url, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.25)
        tail = self.log_tail()
        self.stop()
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s:\n{tail}")

    def log_tail(self, lines=30) -> str:
        if not self._log.closed:
            self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)  # the group this Popen created
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass
        self._log.close()


def lab_command(port, token, root, settings, workspaces) -> list[str]:
    return [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={workspaces}",
            "--LabApp.expose_app_in_browser=True"]


def voila_command(port, token, target) -> list[str]:
    return [sys.executable, "-m", "voila", str(target), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
            f"--Voila.token={token}", "--show_tracebacks=True"]


# ------------------------------------------------------------------ pages

_PROBLEMS_JS = r"""() => {
  const found = [];
  const text = document.body ? document.body.innerText : '';
  for (const phrase of ['Traceback (most recent call last)', 'Error displaying widget', 'Error rendering output',
                        'There was an error when executing cell', 'Model not found']) {
    if (text.includes(phrase)) found.push(phrase);
  }
  document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]').forEach(e => {
    if (/Error|Exception|Traceback/.test(e.innerText)) found.push('stderr: ' + e.innerText.slice(0, 300));
  });
  return found;
}"""


def page_problems(page) -> list[str]:
    """Error outputs and broken widgets visible in the page."""
    return page.evaluate(_PROBLEMS_JS)


def wait_figures(page, count, timeout_s=20.0, scope=""):
    """Wait until ``count`` app figures have a size (ipympl sized them from the kernel's first frame)."""
    selector = f"{scope} {CANVAS}".strip()
    try:
        page.wait_for_function(
            "([sel, n]) => { const c = Array.from(document.querySelectorAll(sel)); "
            "return c.length >= n && c.slice(0, n).every(e => e.width > 0 && e.height > 0); }",
            arg=[selector, count], timeout=timeout_s * 1000, polling=100)
    except Exception as err:  # noqa: BLE001 - say what was on the page instead
        sizes = page.evaluate("sel => Array.from(document.querySelectorAll(sel)).map(e => [e.width, e.height])",
                              selector)
        raise AssertionError(
            f"expected {count} app figure(s) with a size; found canvases {sizes}. A 0x0 canvas is an ipympl "
            "figure whose first frame never reached the page (with ipympl 0.10.0: a figure drawn before the "
            "page connected, while Canvas.syncing_data_url was still on).") from err


# a cheap digest of a canvas's pixels (the whole image), computed in the page
_DIGEST_JS = r"""(c) => {
  const d = new Uint32Array(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.buffer);
  let h = 2166136261 | 0;
  for (let i = 0; i < d.length; i++) { h = Math.imul(h ^ d[i], 16777619); }
  return h;
}"""


def canvas_digest(canvas) -> int:
    return canvas.evaluate(_DIGEST_JS)


def wait_still(canvas, quiet_s=0.4, timeout_s=8.0):
    """Wait until the figure has not changed for ``quiet_s`` (the app's first frames are in)."""
    deadline = time.monotonic() + timeout_s
    last, since = canvas_digest(canvas), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = canvas_digest(canvas)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return


_WAIT_CHANGE_JS = r"""([c, before, timeout]) => new Promise(resolve => {
  const digest = """ + _DIGEST_JS + r""";
  const t0 = window.__diffkit_keydown || performance.now();
  const step = () => {
    const now = performance.now();
    if (digest(c) !== before) return resolve(now - t0);
    if (now - t0 > timeout) return resolve(null);
    requestAnimationFrame(step);
  };
  step();
})"""

_ARM_JS = r"""() => {
  window.__diffkit_keydown = null;
  document.addEventListener('keydown', () => { window.__diffkit_keydown = performance.now(); },
                            {capture: true, once: true});
}"""


def press_key(page, slider, canvas, key, timeout_s=MOVE_TIMEOUT_S):
    """Press ``key`` on a slider's handle; the time (ms) from the key event to new pixels, or None."""
    handle = slider.locator(".noUi-handle").first
    before = canvas_digest(canvas)
    handle.focus()
    page.evaluate(_ARM_JS)
    page.keyboard.press(key)
    return page.evaluate(_WAIT_CHANGE_JS, [canvas.element_handle(), before, timeout_s * 1000])


def move_slider(page, slider, canvas, timeout_s=MOVE_TIMEOUT_S):
    """One arrow key on a slider (right, or left at the maximum); the time to new pixels (ms), or None."""
    handle = slider.locator(".noUi-handle").first
    now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
    key = "ArrowLeft" if now is not None and top is not None and float(now) >= float(top) else "ArrowRight"
    return press_key(page, slider, canvas, key, timeout_s)


def drive_app(page, app, timeout_s=MOVE_TIMEOUT_S) -> dict:
    """Move the app's sliders in turn until one changes its figure; returns {"control", "latency_ms", "tried"}.

    Call it once the figure is still (:func:`wait_still`).
    A slider that changes nothing visible (an animation's speed, say) is passed over after
    ``timeout_s``. Raises AssertionError if no slider changes the figure within ``timeout_s``.
    """
    canvas = app.locator(CANVAS).first
    sliders = app.locator(".widget-slider")
    tried = []
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        label = slider.locator(".widget-label").first.inner_text().strip() if slider.locator(
            ".widget-label").count() else f"slider {i}"
        latency = move_slider(page, slider, canvas, timeout_s)
        tried.append(label)
        if latency is not None:
            return {"control": label, "latency_ms": round(latency, 1), "tried": tried}
    raise AssertionError(f"no slider changed the figure within {timeout_s} s (tried {tried})")


def same_picture(a: bytes, b: bytes) -> bool:
    """Two screenshots that differ at most by anti-aliasing: no pixel off by more than 64 of 255 in a
    channel, and fewer than 1 % of the pixels off at all (two runs of the same figure differ this much)."""
    import io

    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(a)) as first, Image.open(io.BytesIO(b)) as second:
        if first.size != second.size:
            return False
        x = np.asarray(first.convert("RGBA"), dtype=np.int16)
        y = np.asarray(second.convert("RGBA"), dtype=np.int16)
    diff = np.abs(x - y).max(axis=2)
    return int(diff.max()) <= 64 and np.count_nonzero(diff) < 0.01 * diff.size


def save_if_changed(png: bytes, path: Path) -> bool:
    """Write a picture only if it changed (:func:`same_picture`): committed pictures stay put run after run."""
    if path.exists() and same_picture(png, path.read_bytes()):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    return True
