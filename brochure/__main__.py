"""`python -m brochure`: the command line."""

from .cli import main

raise SystemExit(main(prog="python -m brochure"))
