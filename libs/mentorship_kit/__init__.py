"""Shared plumbing of every «Наставничество» service: one way to do each cross-cutting thing."""
