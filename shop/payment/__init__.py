"""Payment: Oscar's payment app forked (see apps.py)."""
