"""Vendored front-end assets (see README.md)."""
