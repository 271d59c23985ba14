"""Hostile and broken input: the corpus, its payload catalogue, and the tests that feed them in."""
