"""Journal: history and trends, a day, the check-in form, medications, trash, recovery."""
