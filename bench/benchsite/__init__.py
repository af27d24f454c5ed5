"""Bench-only Django site: the product's settings and URLs plus a trivial baseline page."""
