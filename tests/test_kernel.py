"""Apps in a real Jupyter kernel: live ipympl canvases, and static figures that stay inline images."""

import os

import nbformat
import pytest
from nbclient import NotebookClient

CELLS = [
    "import matplotlib, matplotlib.pyplot as plt\nfrom diffkit import plotting\nplotting.use_course_style()",
    "from diffkit.apps import kirkendall_app\napp = kirkendall_app()\napp",
    "fig, ax = plt.subplots()\nax.plot([0, 1], [0, 1]);",
    "app.controls['hours'].value = 50.0\n"
    "print(type(app.fig.canvas).__module__, app.error, matplotlib.get_backend(), plt.isinteractive())",
    # every frame sent to the page is a whole frame (see App._figure_area), also after a blitted update
    "modes = []\nfor hours in (51.0, 52.0, 53.0):\n"
    "    app.controls['hours'].value = hours\n    modes.append(app.fig.canvas._current_image_mode)\n"
    "print('modes', modes)",
]


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    saved = os.environ.pop("MPLBACKEND", None)  # the tests' Agg must not leak into a student's kernel
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    finally:
        if saved is not None:
            os.environ["MPLBACKEND"] = saved
    return nb


def test_app_is_a_live_widget_with_an_ipympl_canvas(executed):
    kinds = [list(o.get("data", {})) for o in executed.cells[1].outputs]
    assert any("application/vnd.jupyter.widget-view+json" in k for k in kinds)
    printed = "".join(o.get("text", "") for o in executed.cells[3].outputs)
    assert printed.startswith("ipympl.backend_nbagg None")


def test_static_figures_after_an_app_are_still_inline_images(executed):
    """Importing ipympl switches pyplot's backend; diffkit must put the notebook's back, fully working."""
    data = [o.get("data", {}) for o in executed.cells[2].outputs]
    assert any("image/png" in d for d in data), data
    printed = "".join(o.get("text", "") for o in executed.cells[3].outputs)
    assert "matplotlib_inline.backend_inline True" in printed


def test_every_frame_sent_to_the_page_is_a_whole_frame(executed):
    printed = "".join(o.get("text", "") for o in executed.cells[4].outputs)
    assert "modes ['full', 'full', 'full']" in printed, printed
