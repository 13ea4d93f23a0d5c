"""putright: complaint handling for councils and social landlords, under the Ombudsmen's Codes."""
