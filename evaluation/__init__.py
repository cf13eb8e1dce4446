"""Scoring govreport output against hand-labelled gold, and the reviewer's precision report."""
