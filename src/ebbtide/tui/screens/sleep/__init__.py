"""Sleep: choose how long the sound plays, then a wind-down on an almost dark screen."""
