"""Home (today at a glance, the doors) and the first-run welcome."""
