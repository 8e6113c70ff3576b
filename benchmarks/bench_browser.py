"""Key press to new pixels, in a real browser: one app's slider in a Voila dashboard.

Run: python benchmarks/bench_browser.py [APP] [CONTROL] [--presses N]
     e.g. python benchmarks/bench_browser.py kirkendall_app "time (h)"   (the default)

Needs Debian's Chromium (/usr/bin/chromium, or DIFFKIT_CHROMIUM) and playwright. It starts Voila on
127.0.0.1 with the app's dashboard (dashboards/), opens it in headless Chromium and presses an
arrow key on the slider N times (alternating right and left). For each press it measures the time
from the key event in the page to the first animation frame in which the figure's pixels differ.
That covers the whole round trip: the browser sends the new value, the kernel recomputes and
redraws, ipympl sends a PNG diff, and the browser decodes and paints it. The time is measured in
the page, polled each animation frame (about 16 ms), including the pixel comparison. It prints
the median, the 10th and 90th percentiles, and the versions used. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import platform
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser_support import (APP, CANVAS, CHROMIUM, VIEWPORT, Server, dashboard_for, free_port,  # noqa: E402
                             isolated_env, launch, missing_browser, press_key, voila_command, wait_figures,
                             wait_still)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", nargs="?", default="kirkendall_app")
    parser.add_argument("control", nargs="?", default="time (h)", help="the slider's label")
    parser.add_argument("--presses", type=int, default=30)
    args = parser.parse_args(argv)
    reason = missing_browser()
    if reason:
        print(reason)
        return 1
    dashboard = dashboard_for(args.app)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        port, token = free_port(), secrets.token_hex(8)
        server = Server("voila-bench", voila_command(port, token, dashboard.parent), cwd=dashboard.parent,
                        env=isolated_env(Path(tmp)), log_dir=tmp, ready_url=f"http://127.0.0.1:{port}/?token={token}")
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                page = browser.new_page(viewport=VIEWPORT)
                page.goto(f"http://127.0.0.1:{port}/voila/render/{dashboard.name}?token={token}", timeout=120_000)
                wait_figures(page, 1)
                app = page.locator(APP).first
                canvas = app.locator(CANVAS).first
                slider = app.locator(".widget-slider").filter(has_text=args.control).first
                wait_still(canvas)
                times = []
                for i in range(args.presses):  # back and forth: every press is a new value
                    latency = press_key(page, slider, canvas, "ArrowLeft" if i % 2 else "ArrowRight", timeout_s=5.0)
                    if latency is not None:
                        times.append(latency)
                    wait_still(canvas, quiet_s=0.3)
                chromium = browser.version
                browser.close()
        finally:
            server.stop()
    if not times:
        print("the figure never changed")
        return 1
    q = statistics.quantiles(times, n=10) if len(times) > 1 else [times[0]] * 9
    print(f"{args.app}, slider {args.control!r} in Voila, headless Chromium: key press to new pixels")
    print(f"  median {statistics.median(times):.0f} ms   (10th percentile {q[0]:.0f} ms, "
          f"90th {q[-1]:.0f} ms, {len(times)} presses)")
    versions = {name: importlib.metadata.version(name) for name in ["voila", "ipympl", "ipywidgets", "playwright"]}
    print(f"  Python {platform.python_version()}, Chromium {chromium} ({CHROMIUM}), "
          + ", ".join(f"{k} {v}" for k, v in versions.items()) + f", {time.strftime('%Y-%m-%d')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
