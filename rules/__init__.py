"""Rule families and the edition templates."""
