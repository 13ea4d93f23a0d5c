"""Letters to the individual: drafted from a case's facts, checked against what the Code requires
them to contain, and sent as email (HTML and text) with a tagged PDF, kept in the case record."""
