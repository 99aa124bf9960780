"""Reminders outside the app: which are on (reminders.toml), whether one is still worth
sending (relevance, quiet hours, snooze), the system scheduler entries that run
`ebbtide notify KIND`, and how a notification reaches the person. Nothing of Ebbtide keeps
running between reminders."""
