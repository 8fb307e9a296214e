"""Safeguards for people in the data."""
