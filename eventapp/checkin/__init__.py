"""Badges, the gate's scanner (online and offline), the walk-in desk and attendance."""
