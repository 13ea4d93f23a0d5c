"""Writes for data protection: the retention schedule, disposal, erasure, the Ombudsman's file
and subject access (each audited)."""
