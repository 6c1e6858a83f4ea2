"""Entities: discovery, name finding and role titles."""
