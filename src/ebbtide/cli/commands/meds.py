"""`ebbtide meds`: your medicines and the taper or titration plan your prescriber gave you.

list, add, stop, resume, and plan (show it, add steps as written, or clear it). Names are
matched ignoring case, and a brand name finds the baclofen entry (Lioresal, Ozobax, ...).
Ebbtide records what the person was told; it never fills in or suggests a dose."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ebbtide.cli.context import CommandContext
from ebbtide.core.errors import EbbtideError

if TYPE_CHECKING:
    from datetime import date

    from ebbtide.core.journal.models import Medication, Plan
    from ebbtide.core.journal.store import Journal

NO_ADVICE = "Ebbtide records what your prescriber told you; it never suggests a dose."


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("meds", help="your medicines and your prescriber's plan",
                            description="List, add, stop and resume your medicines, and "
                                        "enter the taper or titration plan your prescriber "
                                        "gave you. " + NO_ADVICE)
    parser.set_defaults(handler=run, meds_command="list")
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    listing = actions.add_parser("list", help="your medicines, with today's planned dose")
    listing.set_defaults(meds_command="list")
    add = actions.add_parser("add", help="add a medicine as your prescriber told you")
    add.add_argument("name")
    add.add_argument("--strength", default="", help="e.g. '10 mg tablets'")
    add.add_argument("--schedule", default="", help="your prescriber's words")
    add.add_argument("--times", default="", metavar="HH:MM,...", help="e.g. 08:00,20:00")
    add.add_argument("--dose-mg", metavar="MG", help="mg in one dose, as prescribed")
    add.set_defaults(meds_command="add")
    for word, text in (("stop", "mark a medicine as not taken now"),
                       ("resume", "mark a medicine as taken again")):
        action = actions.add_parser(word, help=text)
        action.add_argument("name")
        action.set_defaults(meds_command=word)
    plan = actions.add_parser(
        "plan", help="show or enter your prescriber's plan",
        description="With no option, show the plan. --step DATE=MG (repeatable) adds a step "
                    "as your prescriber wrote it: from DATE on, MG in total a day (0 = stop, "
                    "as planned). " + NO_ADVICE)
    plan.add_argument("name")
    plan.add_argument("--step", action="append", default=[], metavar="DATE=MG",
                      help="e.g. 2026-12-01=30 (repeat for each step)")
    plan.add_argument("--note", default="", help="a note kept with the steps added now")
    plan.add_argument("--title", help="the plan's title, e.g. 'Dr Lee, letter of 3 Nov'")
    plan.add_argument("--clear", action="store_true", help="move the plan to the trash")
    plan.set_defaults(meds_command="plan")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.core.journal.store import Journal

    with Journal.open(ctx.paths, verify=False) as journal:
        command = args.meds_command
        if command == "list":
            return _list(journal, ctx)
        if command == "add":
            return _add(journal, ctx, args)
        med = find(journal, args.name)
        if command in ("stop", "resume"):
            return _set_active(journal, ctx, med, command == "resume")
        return _plan(journal, ctx, med, args)


# ---------------------------------------------------------------- finding a medicine


def find(journal: Journal, name: str) -> Medication:
    """The medicine called `name` (case ignored), else the only baclofen entry when `name`
    is baclofen by another name. EbbtideError, listing the medicines, when none fits."""
    from ebbtide.core.health.medicines import is_baclofen
    from ebbtide.core.text import inert

    exact = journal.find_medication(name)
    if exact is not None:
        return exact
    meds = journal.medications()
    if is_baclofen(name):
        same = [m for m in meds if is_baclofen(m.name)]
        active = [m for m in same if m.active]
        if len(same) == 1 or len(active) == 1:
            return (active or same)[0]
    known = ", ".join(inert(m.name, 40) for m in meds) or "none yet"
    raise EbbtideError(f"no medicine called '{inert(name.strip(), 40)}' (your medicines: "
                       f"{known}). Add it with: ebbtide meds add NAME")


# ---------------------------------------------------------------- list, add, stop, resume


def _list(journal: Journal, ctx: CommandContext) -> int:
    from ebbtide.core.text import inert

    meds = journal.medications()
    if not meds:
        print("No medicines yet. Add one with: ebbtide meds add NAME", file=ctx.out)
        return 0
    today = journal.now().date()
    for med in meds:
        parts = [inert(med.name, 60)]
        if med.strength:
            parts.append(inert(med.strength, 40))
        if med.dose_mg is not None:
            parts.append(f"{med.dose_mg:g} mg a dose")
        if med.times:
            parts.append("at " + ", ".join(med.times))
        if not med.active:
            parts.append("not taking now")
        print(" · ".join(parts), file=ctx.out)
        plan = journal.plan_for(med.id)
        if plan is not None:
            print(f"  {_today_line(journal, med, plan, today)}", file=ctx.out)
    return 0


def _today_line(journal: Journal, med: Medication, plan: Plan, today: date) -> str:
    """'plan: 30 mg a day today (step from 2026-12-01); logged today: 15 mg'."""
    from ebbtide.core.health.insights import load_snapshot
    from ebbtide.core.health.plan_rules import logged_total

    step = plan.step_on(today)
    if step is None:
        first = plan.steps[0].start_date.isoformat() if plan.steps else None
        planned = f"plan: starts {first}" if first else "plan: no steps yet"
    else:
        planned = (f"plan: {step.daily_total_mg:g} mg a day today (step from "
                   f"{step.start_date.isoformat()})")
    total = logged_total(load_snapshot(journal, today, today), med, today)
    logged = "nothing logged" if total is None else f"{total:g} mg"
    return f"{planned}; logged today: {logged}"


def _add(journal: Journal, ctx: CommandContext, args: argparse.Namespace) -> int:
    from ebbtide.core.health.medicines import parse_amount_mg
    from ebbtide.core.text import inert

    if journal.find_medication(args.name) is not None:
        raise EbbtideError(f"you already have a medicine called '{inert(args.name, 40)}' "
                           "(see: ebbtide meds list)")
    dose_mg = None
    if args.dose_mg is not None:
        try:
            dose_mg = parse_amount_mg(args.dose_mg)
        except ValueError as exc:
            raise EbbtideError(f"--dose-mg: {exc}") from None
    times = [t.strip() for t in args.times.replace(";", ",").split(",") if t.strip()]
    med = journal.add_medication(args.name, strength=args.strength, schedule=args.schedule,
                                 times=times, dose_mg=dose_mg)
    print(f"Added {inert(med.name, 60)}. {NO_ADVICE}", file=ctx.out)
    return 0


def _set_active(journal: Journal, ctx: CommandContext, med: Medication, active: bool) -> int:
    from dataclasses import replace

    from ebbtide.core.health.medicines import is_baclofen
    from ebbtide.core.text import inert

    name = inert(med.name, 60)
    if med.active == active:
        state = "taken now" if active else "not taken now"
        print(f"{name} is already marked as {state}.", file=ctx.out)
        return 0
    journal.update_medication(replace(med, active=active))
    if active:
        print(f"Marked {name} as taken now.", file=ctx.out)
        return 0
    print(f"Marked {name} as not taken now.", file=ctx.out)
    if is_baclofen(med.name):
        print("Stopping baclofen suddenly can cause withdrawal; stopping or lowering it "
              "should be planned with your prescriber. Ebbtide keeps watching your log for "
              "a sudden stop.", file=ctx.out)
    return 0


# ---------------------------------------------------------------- plan


def _parse_step(text: str) -> tuple[date, float]:
    from ebbtide.core.health.medicines import parse_amount_mg
    from ebbtide.core.journal.models import parse_day

    day_text, sep, mg_text = text.partition("=")
    if not sep or not day_text.strip() or not mg_text.strip():
        raise EbbtideError(f"--step '{text}': write it as DATE=MG, e.g. 2026-12-01=30")
    day = parse_day(day_text, "--step date")
    if mg_text.strip().lower().removesuffix("mg").strip() in ("0", "0.0"):
        return day, 0.0  # a planned stop
    try:
        return day, parse_amount_mg(mg_text)
    except ValueError as exc:
        raise EbbtideError(f"--step '{text}': {exc}") from None


def _plan(journal: Journal, ctx: CommandContext, med: Medication,
          args: argparse.Namespace) -> int:
    from dataclasses import replace

    from ebbtide.core.text import inert

    name = inert(med.name, 60)
    plan = journal.plan_for(med.id)
    if args.clear:
        if args.step or args.title is not None:
            raise EbbtideError("--clear cannot be combined with --step or --title")
        if plan is None:
            print(f"{name} has no plan to clear.", file=ctx.out)
            return 0
        journal.delete_plan(plan.id)
        print(f"Moved the plan for {name} to the trash.", file=ctx.out)
        return 0
    if args.note and not args.step:
        raise EbbtideError("--note is kept with the steps added at the same time: give "
                           "--step DATE=MG too")
    steps = [_parse_step(text) for text in args.step]  # all checked before writing
    if steps or args.title is not None:
        with journal.transaction():
            if plan is None:
                plan = journal.add_plan(med.id, title=args.title or "")
            elif args.title is not None:
                plan = journal.update_plan(replace(plan, title=args.title))
            for day, mg in steps:
                journal.add_plan_step(plan.id, day, mg, note=args.note)
        plan = journal.plan_for(med.id)
        count = len(steps)
        print(f"Saved {count} step{'s' if count != 1 else ''} for {name}, as your "
              f"prescriber wrote them.", file=ctx.out)
    if plan is None:
        print(f"{name} has no plan. Add the steps your prescriber gave you with: "
              f"ebbtide meds plan NAME --step DATE=MG", file=ctx.out)
        return 0
    _show(journal, ctx, med, plan)
    return 0


def _show(journal: Journal, ctx: CommandContext, med: Medication, plan: Plan) -> None:
    from ebbtide.core.text import inert

    title = f" — {inert(plan.title, 80)}" if plan.title else ""
    print(f"Plan for {inert(med.name, 60)}{title} (as entered from your prescriber):",
          file=ctx.out)
    today = journal.now().date()
    current = plan.step_on(today)
    for step in plan.steps:
        mark = "→" if current is not None and step.id == current.id else " "
        line = f"{mark} from {step.start_date.isoformat()}: {step.daily_total_mg:g} mg a day"
        if step.daily_total_mg == 0:
            line += " (stop, as planned)"
        if step.per_dose:
            line += f" · {inert(step.per_dose, 80)}"
        if step.note:
            line += f" · {inert(step.note, 80)}"
        print(line, file=ctx.out)
    if not plan.steps:
        print("  no steps yet", file=ctx.out)
    print(_today_line(journal, med, plan, today), file=ctx.out)
