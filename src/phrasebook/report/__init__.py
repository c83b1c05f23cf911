"""Reporting: tables to pictures (and, later, documents)."""
