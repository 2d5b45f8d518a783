"""OCOP statistics by province: the figures provincial offices report, from the live catalogue."""
