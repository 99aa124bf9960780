"""The practice engine: pacer, breathing and guided sessions, bell timer, session flow."""
