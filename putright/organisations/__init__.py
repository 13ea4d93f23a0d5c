"""Organisations (the councils and landlords the system serves) and their staff."""
