"""``python -m ahpfw`` runs the command-line interface."""

from .cli import run

run()
