"""Undoing article spinners: restoration layers, their rankers, and sentence spin scores."""
