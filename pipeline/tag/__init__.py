"""Issues, tone, numbers and quotes read from sentences."""
