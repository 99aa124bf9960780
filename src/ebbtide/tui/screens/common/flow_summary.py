"""What a practice session's summary says (the screen in flow.py draws it): the heading,
the practice's own lines, the anxiety ratings before and after, and a failed save."""

from __future__ import annotations

from collections.abc import Sequence

from ebbtide.core.practice.records import PracticeRecord

NOTHING_SAVED = "Stopped before it began. Nothing was saved."


def summary_text(record: PracticeRecord | None, practice_lines: Sequence[str], *,
                 saved: bool, save_error: str | None) -> str:
    """The summary for `record` (None: stopped before it began)."""
    if record is None:
        return NOTHING_SAVED
    lines = [summary_heading(record, saved), "", *practice_lines]
    ratings = rating_line(record)
    if ratings:
        lines.append(ratings)
    if save_error:
        lines.append(f"Not saved: {save_error}. The session is kept here "
                     "and saved again when you leave this screen.")
    return "\n".join(lines)


def summary_heading(record: PracticeRecord, saved: bool) -> str:
    """Says "Saved" only once the log holds the record."""
    heading = "Well done." if record.completed else "Stopped early."
    if not saved:
        return heading
    return f"{heading} Saved." if record.completed else \
        f"{heading} Saved as a partial session."


def rating_line(record: PracticeRecord) -> str | None:
    before, after = record.anxiety_before, record.anxiety_after
    if before is None and after is None:
        return None
    line = (f"Anxiety before {'–' if before is None else before}, "
            f"after {'–' if after is None else after}")
    if before is not None and after is not None:
        change = after - before
        line += (f" (down {-change})" if change < 0 else
                 f" (up {change})" if change > 0 else " (no change)")
    return line
