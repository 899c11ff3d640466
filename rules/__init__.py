"""Rule families."""
