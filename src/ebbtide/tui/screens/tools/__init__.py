"""Tools: self-checks, what helps me (insights) and the clinician report."""
