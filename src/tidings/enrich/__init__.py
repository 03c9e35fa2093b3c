"""Enrichment stages: dates, places, tone and quotes of coded articles."""
