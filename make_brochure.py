#!/usr/bin/env python3
"""Build translated patient brochures: see README.md or `make_brochure.py --help`."""

from brochure.cli import main

raise SystemExit(main())
