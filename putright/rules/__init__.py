"""The Complaint Handling Codes' logic, pure: no Django, no I/O, no clock.

Callers pass today's date, the case's facts and its Code profile in; the functions here say what is
due when, and whether a step is allowed, each answer citing the clause it comes from.
"""
