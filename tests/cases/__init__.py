"""Tests of the cases app."""
