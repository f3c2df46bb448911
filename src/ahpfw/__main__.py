"""``python -m ahpfw`` runs the command-line interface."""

from .cli import main

main(prog_name="ahpfw")
