"""A plan and a result in plain sentences, the same for `ebbtide import --dry-run` and the
journal's import screen. Text from the file is shown inert (no escape reaches a terminal)."""

from __future__ import annotations

from ebbtide.core.journal.imports.plan import ImportPlan, ImportResult, PlannedCheckIn
from ebbtide.core.text import inert, plural


def row_line(row: PlannedCheckIn) -> str:
    anxiety = "?" if row.anxiety is None else str(row.anxiety)
    parts = [f"line {row.line}: {row.at:%Y-%m-%d %H:%M}",
             f"mood {row.mood} ({inert(row.mood_label, 30)})", f"anxiety {anxiety}"]
    if row.sleep_hours is not None:
        parts.append(f"sleep {row.sleep_hours:g} h")
    if row.tags:
        parts.append("tags: " + inert(", ".join(row.tags), 60))
    if row.note:
        parts.append(f'note: "{inert(row.note, 50)}"')
    return " · ".join(parts)


def describe_plan(plan: ImportPlan, first_rows: int = 5, problems: int = 10) -> list[str]:
    lines = [f"{plan.fmt.title} export {plan.path}: {plural(plan.total_rows, 'row')}, read "
             f"as {plan.encoding}."]
    if plan.encoding_note:
        lines.append(f"Note: {plan.encoding_note}.")
    lines.append(f"Mapping: {plan.mapping.path}"
                 + (" (written just now with Ebbtide's guesses: check it)."
                    if plan.mapping_written else "."))
    span = plan.days
    lines.append(f"Would add {plural(len(plan.rows), 'check-in')}"
                 + (f" from {span[0]} to {span[1]}" if span else "")
                 + f"; {plan.already:,} already in the journal"
                 + (f"; {plan.repeated:,} repeated in the file" if plan.repeated else "")
                 + f"; {plural(len(plan.unreadable), 'row')} cannot be read.")
    if plan.ignored_columns:
        lines.append("Columns not imported: "
                     + inert(", ".join(plan.ignored_columns), 200) + ".")
    if plan.rows:
        lines.append("First rows:")
        lines += [f"  {row_line(row)}" for row in plan.rows[:first_rows]]
    if plan.unreadable:
        lines.append("Cannot read:")
        lines += [f"  line {u.line}: {u.reason}" for u in plan.unreadable[:problems]]
        if len(plan.unreadable) > problems:
            lines.append(f"  … and {len(plan.unreadable) - problems:,} more.")
    if plan.blocking:
        lines.append("Before importing:")
        lines += [f"  - {b}" for b in plan.blocking]
    return lines


def describe_result(plan: ImportPlan, result: ImportResult) -> str:
    span = f" ({result.days[0]} to {result.days[1]})" if result.days and result.added else ""
    text = (f"Imported {plural(result.added, 'check-in')} from {plan.fmt.title}{span}. "
            f"Skipped {result.skipped:,} already in the journal.")
    if result.unreadable:
        text += f" Left out {plural(result.unreadable, 'row')} that could not be read."
    return text
