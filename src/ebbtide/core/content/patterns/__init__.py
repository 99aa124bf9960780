"""Breathing patterns: the shipped library (`content/breathing/*.toml`) and the user's own
(`Paths.patterns_dir/*.toml`), with one schema for both.

Schema (TOML)::

    name = "Box breathing"                  # required, one line
    purpose = "Steady and even ..."          # required, one line
    default_minutes = 4                      # required, 1–120 (int or float)
    max_cycles_beginner = 4                  # optional: cap for the default session
    beginner_note = "..."                    # optional: shown when a session goes past it
    evidence = "..."                         # optional: one honest line about the evidence
    safety = ["...", "..."]                  # optional for user patterns
    [source]                                 # optional for user patterns
    name = "..."
    url = "https://..."
    [[phases]]                               # required, 1–12 phases
    kind = "inhale"                          # inhale | top-up | hold | exhale | hold-out
    seconds = 4.0                            # 0 < seconds <= 60

Rules for a cycle: it starts with "inhale", ends with "exhale" or "hold-out", contains an
"exhale", a "top-up" follows an inhale (or another top-up), and it lasts at least 2 s.

Ids are file stems in kebab-case. A user file whose id equals a shipped id is NOT loaded
(it cannot silently shadow a shipped pattern); its problem message asks for a rename.
Any problem in a user file (bad TOML, unknown key, bad value) skips that file only, with a
message naming the file, the line where it can be found, the key and the problem.

Modules: `model` (Phase, Pattern, PatternSet, limits), `loading` (shipped and user
folders), `validation` (the schema above, as (key, message) problems), `saving` (the
user's own patterns: new id, atomic 0600 write, delete).
"""

# What the rest of the app imports; the modules hold more.
from ebbtide.core.content.patterns.loading import (
    load_patterns,
    load_shipped_patterns,
    load_user_patterns,
    shipped_ids,
)
from ebbtide.core.content.patterns.model import (
    PHASE_WORDS,
    SHIPPED_ORDER,
    Pattern,
    PatternSet,
    Phase,
    PhaseKind,
    format_bpm,
)
from ebbtide.core.content.patterns.saving import (
    delete_user_pattern,
    new_pattern_id,
    save_user_pattern,
)
from ebbtide.core.content.patterns.validation import describe_problems, pattern_from_mapping
from ebbtide.core.toml_schema import Source

__all__ = [
    "PHASE_WORDS", "SHIPPED_ORDER", "Pattern", "PatternSet", "Phase", "PhaseKind", "Source",
    "delete_user_pattern", "describe_problems", "format_bpm", "load_patterns",
    "load_shipped_patterns", "load_user_patterns", "new_pattern_id", "pattern_from_mapping",
    "save_user_pattern", "shipped_ids",
]
