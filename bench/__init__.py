"""Benchmarks that print figures beside their targets; ``make bench`` runs them all."""
