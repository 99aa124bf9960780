"""Health rules on a person's own log: safety notes, insights, crisis resources."""
