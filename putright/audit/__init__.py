"""The append-only record of what happened, written by every service."""
