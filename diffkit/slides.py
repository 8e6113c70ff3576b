"""Lecture mode: a lecture notebook shown as slides whose widget apps stay live, with no internet.

The instructor types one command, from the course folder::

    python -m diffkit.slides notebooks/02_kirkendall_effect.ipynb

Voila runs the notebook in a fresh kernel and shows it as reveal.js slides, following the
notebook's slide metadata. Code is hidden, and the widget apps answer as they do in JupyterLab.
Options: ``--port N`` and ``--no-browser``. Any other option goes to Voila unchanged. Stop with
Ctrl-C.

Why a launcher, and not ``voila --template=reveal``? Voila 0.5.13's reveal template loads
reveal.js's style sheets from unpkg, jQuery from cdnjs and Font Awesome from jsdelivr. Offline,
it shows every slide at once, stacked and unstyled. Everything else it needs is installed already:

* reveal.js's JavaScript is bundled into Voila's own ``reveal.js``. Font Awesome, for the widget
  icons, comes with Voila's widget manager. jQuery is used only by the ``scroll`` option, which
  is not used here.
* reveal.js's two style sheets, ``dist/reveal.css`` and the ``white`` theme (reveal.js 4.4.0),
  ship in the pinned ``jupyterlab_rise`` package. They are stored as the original files inside the
  source maps of its JupyterLab extension. :func:`reveal_styles` reads them from there.

:func:`write_template` writes a small Voila template, ``diffkit-reveal``, into a temporary
folder. It extends Voila's ``reveal`` template, drops the CDN links and points reveal.js at
the local copies of its style sheets. It also adds two things for slides that hold an app:

* a slide taller than the screen scrolls instead of being cut off (an app's figure is added
  after reveal.js has laid the slide out, so the layout is redone when a slide's height changes);
* the keys a widget uses (a slider's arrow keys) move the widget, not the slides, while a
  presentation remote's keys (Page Down, Page Up) always turn the slide.

RISE (jupyterlab_rise 0.43.1) is not used: it does not render ipywidgets 8 in its slides.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["TEMPLATE", "reveal_styles", "write_template", "voila_command", "voila_env", "main"]

TEMPLATE = "diffkit-reveal"
# reveal.js lays a slide out at this size, then scales it to the screen. An app's figure is
# 12-14 in wide at 100 dpi, so it fits across with room to spare.
SLIDE_SIZE = (1440, 1000)

# reveal.js's style sheets inside jupyterlab_rise: our file name -> the end of the source's path
_STYLES = {
    "dist/reveal.css": "node_modules/reveal.js/dist/reveal.css",
    "dist/theme/white.css": "node_modules/reveal.js/dist/theme/white.css",
}

_INDEX = r"""{%- extends 'voila/templates/reveal/index.html.j2' -%}
{#- diffkit's slide view: Voila's reveal template with every asset served from this machine. -#}

{#- jQuery (from cdnjs) is used only by reveal's "scroll" option, which this view does not use -#}
{%- block html_head_js_jquery -%}{%- endblock html_head_js_jquery -%}

{#- Voila's block without its two Font Awesome links (jsdelivr): the widget manager brings the icons -#}
{%- block notebook_css -%}
  {{ resources.include_css("static/materialcolors.css") }}
  {{ resources.include_css("static/labvariables.css") }}
  {% if frontend == "voila" %}
    {{ resources.include_js("static/voila-style.js") }}
  {% endif %}
  {{ spinner.css() }}
  <style>
    .jp-mod-noOutputs.jp-mod-noInput { display: none; }
    #rendered_cells { padding: 0px!important }
    /* headings keep their case: upper-casing would also change the symbols in their maths */
    .reveal { --r-heading-text-transform: none; }
    /* a slide taller than the screen (a lecture's text and its app) scrolls instead of being cut off */
    .reveal .slides section.present:not(.stack) { max-height: 100%; overflow-y: auto; overflow-x: hidden; }
  </style>
  {{ super.super() }}
{%- endblock notebook_css -%}

{%- block footer_js -%}
  {{ super() }}
  <script>
    (function () {
      var reveal = document.querySelector('.reveal');
      var WIDGET_KEYS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];
      var CLICKER_KEYS = {PageDown: 34, PageUp: 33};  // what a presentation remote sends
      function inWidget(event) {
        return event.target.closest ? event.target.closest('.jupyter-widgets') : null;
      }
      // a remote's keys turn the slide even when a widget has the focus, and leave the widget alone
      reveal.addEventListener('keydown', function (event) {
        if (!event.isTrusted || !inWidget(event) || !(event.key in CLICKER_KEYS)) return;
        event.stopImmediatePropagation();
        event.preventDefault();
        if (event.target.blur) event.target.blur();
        var copy = new KeyboardEvent('keydown', {key: event.key, code: event.code, bubbles: true});
        Object.defineProperty(copy, 'keyCode', {get: function () { return CLICKER_KEYS[event.key]; }});
        document.dispatchEvent(copy);
      }, true);
      // the keys a widget uses (a slider's arrows, a drop-down's) move the widget, not the slides
      reveal.addEventListener('keydown', function (event) {
        if (inWidget(event) && (WIDGET_KEYS.indexOf(event.key) >= 0 || event.target.tagName === 'SELECT')) {
          event.stopPropagation();
        }
      });
      // widgets appear after reveal has laid the slides out: lay them out again when a slide's
      // height changes, so that a tall slide starts at its top and scrolls
      var pending = null;
      var observer = new ResizeObserver(function () {
        clearTimeout(pending);
        pending = setTimeout(function () { window.dispatchEvent(new Event('resize')); }, 100);
      });
      document.querySelectorAll('.reveal .slides section').forEach(function (section) {
        observer.observe(section);
      });
    })();
  </script>
{%- endblock footer_js -%}
"""


def _rise_static() -> Path:
    """jupyterlab_rise's static folder, found without importing the package (that takes seconds)."""
    import importlib.util

    spec = importlib.util.find_spec("jupyterlab_rise")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the slide view needs jupyterlab_rise (it ships reveal.js's style sheets): "
                           "run `pip install -r requirements.txt` in the course folder")
    return Path(list(spec.submodule_search_locations)[0]) / "static"


def _original_css(module_code: str, suffix: str) -> str | None:
    """The CSS file a css-loader module was built from, taken from the source map embedded in it."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r'\{"version":3,', module_code):
        try:
            inner, _ = decoder.raw_decode(module_code, match.start())
        except ValueError:
            continue
        sources, contents = inner.get("sources", []), inner.get("sourcesContent") or []
        if len(sources) == 1 and len(contents) == 1 and sources[0].endswith(suffix) and contents[0]:
            return contents[0]
    return None


def reveal_styles() -> dict[str, str]:
    """reveal.js's style sheets as shipped by the installed jupyterlab_rise: {"dist/reveal.css": css, ...}.

    The white theme's ``@import`` of its web font (not shipped as a file) is removed; the theme
    then uses its fallback fonts (Helvetica, sans-serif). Raises RuntimeError if they are not found.
    """
    static = _rise_static()
    found: dict[str, str] = {}
    for source_map in sorted(static.glob("*.js.map")):
        try:
            raw = source_map.read_bytes()
            if not any(suffix.encode() in raw for name, suffix in _STYLES.items() if name not in found):
                continue  # most of the ~300 maps: skip the JSON parsing
            data = json.loads(raw)
        except (OSError, ValueError):
            continue
        for source, content in zip(data.get("sources", []), data.get("sourcesContent") or []):
            for name, suffix in _STYLES.items():
                if name not in found and content and source.split("?")[0].endswith(suffix):
                    css = _original_css(content, suffix.removeprefix("node_modules/"))
                    if css:
                        found[name] = css
        if len(found) == len(_STYLES):
            break
    missing = sorted(set(_STYLES) - set(found))
    if missing:
        raise RuntimeError(f"reveal.js style sheets {missing} not found in {static}; the slide view reads "
                           "them from jupyterlab_rise 0.43.1 (run `pip install -r requirements.txt`)")
    found["dist/theme/white.css"] = re.sub(r"@import url\([^)]*\);\s*", "", found["dist/theme/white.css"])
    return found


def write_template(root: Path) -> Path:
    """Write the ``diffkit-reveal`` Voila template under ``root`` (put ``root`` on JUPYTER_PATH); returns its folder."""
    folder = Path(root) / "voila" / "templates" / TEMPLATE
    (folder / "static" / "reveal").mkdir(parents=True, exist_ok=True)
    (folder / "conf.json").write_text(json.dumps({"base_template": "reveal"}) + "\n", encoding="utf-8")
    (folder / "index.html.j2").write_text(_INDEX, encoding="utf-8")
    for name, css in reveal_styles().items():
        path = folder / "static" / "reveal" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(css, encoding="utf-8")
    return folder


def voila_command(notebook, *, port=None, open_browser=True, extra=()) -> list[str]:
    """The Voila command line that shows ``notebook`` with the ``diffkit-reveal`` template."""
    width, height = SLIDE_SIZE
    # relative to the page, so a --base_url given to Voila still works
    resources = {"reveal": {"url_prefix": f"voila/templates/{TEMPLATE}/static/reveal", "theme": "white",
                            "width": width, "height": height}}
    command = [sys.executable, "-m", "voila", str(notebook), f"--template={TEMPLATE}", "--theme=light",
               f"--VoilaConfiguration.resources={json.dumps(resources)}"]
    if port is not None:
        command.append(f"--port={int(port)}")
    if not open_browser:
        command.append("--no-browser")
    return command + list(extra)


def voila_env(root, base=None) -> dict[str, str]:
    """The environment for Voila: ``base`` (default: this process's) with ``root`` first on JUPYTER_PATH."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(root), env.get("JUPYTER_PATH", "")) if p)
    return env


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m diffkit.slides",
        description="Show a lecture notebook as slides whose widget apps stay live (Voila + reveal.js, offline).",
        epilog="Other options are passed to Voila. Stop with Ctrl-C.")
    parser.add_argument("notebook", type=Path, help="a lecture notebook, e.g. notebooks/02_kirkendall_effect.ipynb")
    parser.add_argument("--port", type=int, default=None, help="port to serve on (Voila's default: 8866)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    args, extra = parser.parse_known_args(argv)
    if not args.notebook.is_file():
        parser.error(f"no such notebook: {args.notebook}")
    try:
        import voila  # noqa: F401
    except ImportError:
        parser.error("the slide view needs voila: run `pip install -r requirements.txt` in the course folder")
    with tempfile.TemporaryDirectory(prefix="diffkit-slides-") as root:
        try:
            write_template(Path(root))
        except RuntimeError as err:
            parser.error(str(err))
        command = voila_command(args.notebook, port=args.port, open_browser=not args.no_browser, extra=extra)
        voila = subprocess.Popen(command, env=voila_env(root))
        # Ctrl-C reaches Voila as well (same terminal): let it stop its kernels, then leave.
        # SIGTERM to this launcher is passed on to Voila, which does the same.
        signal.signal(signal.SIGTERM, lambda *_: voila.terminate())
        while True:
            try:
                return voila.wait()
            except KeyboardInterrupt:
                continue


if __name__ == "__main__":
    sys.exit(main())
