#!/usr/bin/env python3
"""Build translated patient brochures: see README.md or `make_brochure.py --help`."""

from brochure.cli import main

if __name__ == "__main__":  # a dask LocalCluster's workers import this module again
    raise SystemExit(main())
