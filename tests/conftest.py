"""Test-wide settings: a non-interactive matplotlib backend, so apps build in a plain process."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
