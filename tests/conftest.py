"""Test-wide settings: a non-interactive matplotlib backend, so apps build in a plain process."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Each app keeps its figure open (pyplot owns it, as in a notebook); close them between tests."""
    yield
    plt.close("all")
