"""Cross-incident analytics: pure functions over pandas DataFrames and networkx graphs."""
