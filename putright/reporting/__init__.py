"""Reporting: the complaint-handling figures an organisation publishes and reports to its
governing body, computed from the stored facts and deadlines of its cases."""
