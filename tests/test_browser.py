"""The course in a real browser: every lecture in JupyterLab, every app as a Voila dashboard, and
the newest lecture with an app in the slide view (``python -m diffkit.slides``).

``test_in_browser`` runs once per view. Each kind of view has its server, started by the tests
on 127.0.0.1 (a free port, a token) and stopped at the end. The test opens the page in headless
Chromium and lets no request leave 127.0.0.1. It checks that no error shows, moves a slider of
every app as a student would (one arrow key) and checks that the figure's pixels change within
2 s. Screenshots go to test-artifacts/. Each lecture's main app also goes to
docs/img/<lecture>.png, written only when the picture changed.

Without Chromium (a student's laptop) the browser test skips with one line. With
DIFFKIT_REQUIRE_BROWSER=1 (CI) it fails instead. The checks at the top need no browser.
"""

import json
import os
import re
import secrets
import sys
import time
import urllib.request
from types import SimpleNamespace

import nbformat
import pytest
from browser_support import (APP, ARTIFACTS, CANVAS, DOCS_IMG, REPO, REQUIRE_BROWSER, VIEWPORT, Server, app_names,
                             apps_called, canvas_digest, copy_course, dashboard_for, drive_app, free_port, guard_offline,
                             isolated_env, lab_command, lab_settings, launch, lectures, missing_browser,
                             page_problems, save_if_changed, slide_count, voila_command, wait_figures, wait_still)

from diffkit import slides

MOVES = {}  # test -> what moved and how fast; written to test-artifacts/browser-moves.json


def _lecture_for_slides(course):
    """The newest lecture with an app: the one shown in the slide view."""
    with_apps = [nb for nb in lectures(course) if apps_called(nb)]
    return with_apps[-1] if with_apps else None


# ---------------------------------------------------------------- no browser needed


@pytest.mark.parametrize("app", app_names())
def test_every_app_has_a_dashboard(app):
    path = dashboard_for(app)
    assert path.is_file(), f"{app} has no dashboard: add {path.relative_to(path.parents[1])} (see the others)"
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == 1 and re.search(rf"\b{app}\s*\(\s*\)\s*$", code[0].source), "one cell that shows the app"
    assert any(c.cell_type == "markdown" and c.source.strip() for c in nb.cells), "a few lines of text"
    assert len(nb.cells) <= 3 and not code[0].outputs, "a dashboard is the app and a few lines; no stored outputs"
    assert nb.metadata.kernelspec.name == "python3"


def test_every_dashboard_shows_an_app():
    names = {dashboard_for(app).name for app in app_names()}
    extra = sorted(p.name for p in (REPO / "dashboards").glob("*.ipynb") if p.name not in names)
    assert not extra, f"dashboards for no app in diffkit.apps.__all__: {extra}"


def test_slide_styles_come_from_an_installed_package():
    styles = slides.reveal_styles()
    assert set(styles) == {"dist/reveal.css", "dist/theme/white.css"}
    assert ".reveal .slides" in styles["dist/reveal.css"] and "--r-main-color" in styles["dist/theme/white.css"]
    for css in styles.values():
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css), "a style sheet that would load from outside"


def test_slide_template_and_command(tmp_path):
    folder = slides.write_template(tmp_path)
    assert json.loads((folder / "conf.json").read_text()) == {"base_template": "reveal"}
    for name in ["index.html.j2", "static/reveal/dist/reveal.css", "static/reveal/dist/theme/white.css"]:
        text = (folder / name).read_text()
        assert text and not re.search(r"(src|href)=['\"]?(https?:)?//", text), name
    command = slides.voila_command("notebooks/x.ipynb", port=9999, open_browser=False)
    assert f"--template={slides.TEMPLATE}" in command and "--port=9999" in command and "--no-browser" in command
    resources = json.loads(next(a for a in command if a.startswith("--VoilaConfiguration.resources=")).split("=", 1)[1])
    assert "://" not in resources["reveal"]["url_prefix"]
    assert slides.voila_env(tmp_path, {"JUPYTER_PATH": "/a"})["JUPYTER_PATH"] == os.pathsep.join([str(tmp_path), "/a"])


def test_slides_command_rejects_a_missing_notebook(capsys):
    with pytest.raises(SystemExit) as stop:
        slides.main(["no/such/lecture.ipynb"])
    assert stop.value.code == 2 and "no such notebook" in capsys.readouterr().err


def test_slide_page_loads_nothing_from_outside(tmp_path):
    """The launcher's page, fetched without a browser: every script and style sheet comes from the server."""
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# One", metadata={"slideshow": {"slide_type": "slide"}}),
                nbformat.v4.new_markdown_cell("# Two", metadata={"slideshow": {"slide_type": "slide"}})]
    nbformat.write(nb, tmp_path / "tiny.ipynb")
    port, token = free_port(), secrets.token_hex(8)
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "diffkit.slides", str(tmp_path / "tiny.ipynb"), "--no-browser", f"--port={port}",
               "--Voila.ip=127.0.0.1", f"--Voila.token={token}"]
    server = Server("slides-tiny", command, cwd=tmp_path, env=isolated_env(tmp_path / "state"),
                    ready_url=f"{base}/voila/static/voila.js?token={token}", log_dir=tmp_path)
    try:
        with urllib.request.urlopen(f"{base}/?token={token}", timeout=60) as response:
            page = response.read().decode()
        assets = re.findall(r"<(?:script|link)\b[^>]*?\b(?:src|href)=[\"']([^\"']+)", page)
        assert any("reveal.css" in a for a in assets) and any("voila/static/reveal.js" in a for a in assets), assets
        outside = [a for a in assets if re.match(r"(https?:)?//", a) and not a.startswith(base)]
        assert not outside, f"the slide page would load {outside}"
        for name in ["dist/reveal.css", "dist/theme/white.css"]:
            url = f"{base}/voila/templates/{slides.TEMPLATE}/static/reveal/{name}?token={token}"
            with urllib.request.urlopen(url, timeout=10) as response:
                assert response.status == 200 and b".reveal" in response.read()
    finally:
        server.stop()


# ---------------------------------------------------------------- browser fixtures


@pytest.fixture(scope="session")
def browser():
    reason = missing_browser()
    if reason:
        if os.environ.get(REQUIRE_BROWSER):
            pytest.fail(f"{reason} ({REQUIRE_BROWSER} is set)", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
    if MOVES:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "browser-moves.json").write_text(json.dumps(MOVES, indent=2) + "\n")


@pytest.fixture(scope="session")
def course(browser, tmp_path_factory):
    return copy_course(tmp_path_factory.mktemp("course"))


def _served(browser, server, port, token):
    context = browser.new_context(viewport=VIEWPORT)
    blocked = guard_offline(context)
    return SimpleNamespace(url=f"http://127.0.0.1:{port}", token=token, server=server, context=context,
                           blocked=blocked)


@pytest.fixture(scope="session")
def lab(browser, course, tmp_path_factory):
    state = tmp_path_factory.mktemp("lab")
    port, token = free_port(), secrets.token_hex(16)
    command = lab_command(port, token, course, lab_settings(state / "settings"), state / "workspaces")
    server = Server("jupyterlab", command, cwd=course, env=isolated_env(state), log_dir=ARTIFACTS / "logs",
                    ready_url=f"http://127.0.0.1:{port}/api/status?token={token}")
    try:
        served = _served(browser, server, port, token)
        yield served
        served.context.close()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def voila(browser, course, tmp_path_factory):
    state = tmp_path_factory.mktemp("voila")
    port, token = free_port(), secrets.token_hex(16)
    server = Server("voila-dashboards", voila_command(port, token, course / "dashboards"), cwd=course,
                    env=isolated_env(state), log_dir=ARTIFACTS / "logs",
                    ready_url=f"http://127.0.0.1:{port}/?token={token}")
    try:
        served = _served(browser, server, port, token)
        yield served
        served.context.close()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def slide_view(browser, course, tmp_path_factory):
    lecture = course / "notebooks" / _lecture_for_slides(REPO).name  # the copy the server runs
    state = tmp_path_factory.mktemp("slides")
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "diffkit.slides", str(lecture), "--no-browser",
               f"--port={port}", "--Voila.ip=127.0.0.1", f"--Voila.token={token}", "--show_tracebacks=True"]
    server = Server("slides", command, cwd=course, env=isolated_env(state), log_dir=ARTIFACTS / "logs",
                    ready_url=f"http://127.0.0.1:{port}/voila/static/voila.js?token={token}")
    try:
        served = _served(browser, server, port, token)
        served.lecture = lecture
        yield served
        served.context.close()
    finally:
        server.stop()


def _shot(page_or_element, *parts):
    path = ARTIFACTS.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return page_or_element.screenshot(path=str(path))


def _assert_moved(key, move):
    MOVES[key] = move
    assert move["latency_ms"] <= 2000


# ---------------------------------------------------------------- JupyterLab

_KERNEL_IDLE = """(name) => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.context || !w.context.path.endsWith(name) || !w.sessionContext) return false;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
}"""

_CODE_CELLS = """() => {
  const model = window.jupyterapp.shell.currentWidget.content.model, cells = [];
  for (let i = 0; i < model.cells.length; i++) {
    const c = model.cells.get(i);
    if (c.type !== 'code') continue;
    cells.push({index: i, count: c.executionCount,
                errors: c.outputs.toJSON().filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue)});
  }
  return cells;
}"""


def check_lecture_in_jupyterlab(request, name):
    """Open the lecture, run all cells, no errors; move a slider of each app: the figure changes."""
    lab, course = request.getfixturevalue("lab"), request.getfixturevalue("course")
    notebook = course / "notebooks" / name  # the copy the server runs
    expected = apps_called(notebook)
    page = lab.context.new_page()
    blocked = len(lab.blocked)
    try:
        page.goto(f"{lab.url}/lab/tree/notebooks/{notebook.name}?token={lab.token}&reset")
        page.wait_for_function(_KERNEL_IDLE, arg=notebook.name, timeout=90_000)
        page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # the apps get the full width
        page.evaluate("async () => await window.jupyterapp.commands.execute('notebook:run-all-cells')")
        cells = page.evaluate(_CODE_CELLS)
        assert [c for c in cells if c["errors"]] == [], "cells with errors"
        assert [c["index"] for c in cells if c["count"] is None] == [], "code cells that did not run"
        if expected:
            wait_figures(page, len(expected))
        assert page_problems(page) == []
        apps = page.locator(APP)
        assert apps.count() == len(expected), f"{notebook.name} calls {expected}"
        for i, name in enumerate(expected):
            app = apps.nth(i)
            app.scroll_into_view_if_needed()
            wait_still(app.locator(CANVAS).first)
            picture = _shot(app, "jupyterlab", f"{notebook.stem}-{i}-{name}.png")
            if i == 0:  # the lecture's main app, for the README
                save_if_changed(picture, DOCS_IMG / f"{notebook.stem}.png")
            _assert_moved(f"jupyterlab/{notebook.stem}/{name}", drive_app(page, app))
        _shot(page, "jupyterlab", f"{notebook.stem}.png")
        assert page_problems(page) == []
        assert lab.blocked[blocked:] == [], "requests that would leave this machine"
    finally:
        try:  # one kernel at a time on a 2-core machine
            page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        except Exception:  # noqa: BLE001 - the page may already be gone
            pass
        page.close()


# ---------------------------------------------------------------- Voila dashboards

# Voila's templates link Font Awesome from jsdelivr; the widget manager bundles it as well, so the
# icons show offline. Those two requests are aborted here like any other.
VOILA_CDN = "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free"


def check_dashboard_in_voila(request, app_name):
    """Open the app's dashboard in Voila, no errors; move a slider: the figure changes."""
    voila = request.getfixturevalue("voila")
    path = dashboard_for(app_name)
    if not path.is_file():
        pytest.fail(f"no dashboard for {app_name}: see test_every_app_has_a_dashboard")
    page = voila.context.new_page()
    blocked = len(voila.blocked)
    try:
        page.goto(f"{voila.url}/voila/render/{path.name}?token={voila.token}", timeout=90_000)
        wait_figures(page, 1)
        assert page_problems(page) == []
        app = page.locator(APP).first
        wait_still(app.locator(CANVAS).first)
        _assert_moved(f"voila/{path.stem}", drive_app(page, app))
        _shot(page, "voila", f"{path.stem}.png")
        assert page_problems(page) == []
        outside = [u for u in voila.blocked[blocked:] if not u.startswith(VOILA_CDN)]
        assert outside == [], "requests that would leave this machine"
    finally:
        page.close()


# ---------------------------------------------------------------- slide view

_SLIDES = """() => Array.from(document.querySelectorAll('.reveal .slides > section')).map(s => {
  const r = s.getBoundingClientRect(), st = getComputedStyle(s);
  const shown = st.display !== 'none' && st.visibility !== 'hidden' && r.width > 0 && r.height > 0
    && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
  return {present: s.classList.contains('present'), shown: shown, position: st.position};
})"""

_FIRST_APP_SLIDE = """(canvas) => {
  const slide = document.querySelector(canvas).closest('section');
  const top = slide.parentElement.closest('section') || slide;
  const h = Array.from(top.parentElement.children).filter(e => e.tagName === 'SECTION').indexOf(top);
  const v = top === slide ? 0 : Array.from(top.children).filter(e => e.tagName === 'SECTION').indexOf(slide);
  return '#/' + h + '/' + v;
}"""


def check_lecture_as_slides(request, name):
    """The slides show (styled, one at a time); on the first app's slide a slider changes the figure."""
    slide_view = request.getfixturevalue("slide_view")
    lecture = slide_view.lecture
    expected = apps_called(lecture)
    page = slide_view.context.new_page()
    try:
        page.goto(f"{slide_view.url}/?token={slide_view.token}", timeout=120_000)
        page.wait_for_selector(".reveal.ready", state="attached", timeout=120_000)
        wait_figures(page, len(expected))
        assert page_problems(page) == []
        # the slides show: reveal.js laid them out (its style sheets loaded) and only the current one is on screen
        shown = page.evaluate(_SLIDES)
        assert len(shown) == slide_count(lecture)
        assert all(s["position"] == "absolute" for s in shown), "reveal.css did not load"
        assert [s["shown"] for s in shown] == [s["present"] for s in shown] and shown[0]["present"]
        _shot(page, "slides", f"{lecture.stem}-first.png")
        # the first slide with an app: move a slider, the figure changes, the slide stays
        target = page.evaluate(_FIRST_APP_SLIDE, CANVAS)
        page.evaluate("(hash) => { location.hash = hash; }", target)
        here = "section.present:not(.stack)"
        page.wait_for_selector(f"{here} {CANVAS}", state="attached", timeout=10_000)
        target = page.evaluate("() => location.hash")  # as reveal.js writes it ('#/3', not '#/3/0')
        app = page.locator(f"{here} {APP}").first
        wait_still(app.locator(CANVAS).first)
        _shot(page, "slides", f"{lecture.stem}-app.png")
        _assert_moved(f"slides/{lecture.stem}", drive_app(page, app))
        time.sleep(0.3)
        assert page.evaluate("() => location.hash") == target, "a key on a slider turned the slide"
        _shot(page, "slides", f"{lecture.stem}-app-moved.png")
        # a presentation remote (Page Down) turns the slide even when a slider has the focus
        handle = app.locator(".widget-slider .noUi-handle").first.element_handle()  # stays on this slide
        value = handle.get_attribute("aria-valuenow")
        handle.focus()
        page.keyboard.press("PageDown")
        page.wait_for_function("(hash) => location.hash !== hash", arg=target, timeout=5_000)
        assert handle.get_attribute("aria-valuenow") == value, "Page Down moved the slider"
        assert page_problems(page) == []
        assert slide_view.blocked == [], "requests that would leave this machine"
    finally:
        page.close()


# ---------------------------------------------------------------- the browser test, one per view


def _views():
    views = [pytest.param(check_lecture_in_jupyterlab, nb.name, id=f"jupyterlab-{nb.stem}") for nb in lectures()]
    views += [pytest.param(check_dashboard_in_voila, app, id=f"voila-{dashboard_for(app).stem}") for app in app_names()]
    lecture = _lecture_for_slides(REPO)
    if lecture is not None:
        views.append(pytest.param(check_lecture_as_slides, lecture.name, id=f"slides-{lecture.stem}"))
    return views


@pytest.mark.parametrize("check, name", _views())
def test_in_browser(browser, request, check, name):
    """Every lecture in JupyterLab, every app's dashboard in Voila, the newest lecture with an app as slides."""
    check(request, name)


# ---------------------------------------------------------------- a button that runs the Monte Carlo


def test_monte_carlo_button_runs_in_the_kernel_and_shows_its_points(request):
    """The random-alloy dashboard: the button runs kmc.random_alloy in the kernel, the app's own progress bar
    fills and turns green, the readout names the measured r_A against Manning, and the figure gets its points."""
    voila = request.getfixturevalue("voila")
    page = voila.context.new_page()
    try:
        page.goto(f"{voila.url}/voila/render/{dashboard_for('random_alloy_app').name}?token={voila.token}",
                  timeout=90_000)
        wait_figures(page, 1)
        app = page.locator(APP).first
        canvas = app.locator(CANVAS).first
        wait_still(canvas)
        app.locator("select").nth(1).select_option(index=0)  # the run length: the short run, 3e6 jumps
        before = canvas_digest(canvas)
        app.get_by_role("button", name="run Monte Carlo").click()
        page.wait_for_function("(el) => el.innerText.includes('last run:')", arg=app.element_handle(),
                               timeout=60_000)
        text = app.inner_text()
        assert re.search(r"r_A = 1\.\d+ ± 0\.\d+ \(Manning 1\.2\d+\)", text), text
        assert app.locator(".progress-bar-success").count() == 1, "the progress bar did not finish"
        deadline = time.monotonic() + 10
        while canvas_digest(canvas) == before and time.monotonic() < deadline:
            time.sleep(0.1)
        assert canvas_digest(canvas) != before, "the figure did not show the run"
        assert page_problems(page) == []
    finally:
        page.close()
