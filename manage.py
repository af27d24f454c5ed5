#!/usr/bin/env python
"""Django's manage.py for contributors; operators use the `crowdservice` command (same thing)."""

from crowdservice.cli import main

if __name__ == "__main__":
    main()
