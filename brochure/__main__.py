"""`python -m brochure`: the command line."""

from .cli import main

if __name__ == "__main__":  # a dask LocalCluster's workers import this module again
    raise SystemExit(main(prog="python -m brochure"))
