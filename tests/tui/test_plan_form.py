"""The plan editor (p on the medicines screen): steps added as written with clear messages
for bad input, removed with x, today's planned dose shown beside what was logged, and a
▼ on the trends for each step day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.widgets import Button, Input, OptionList, Static

from ebbtide.core.journal.store import Journal
from ebbtide.tui.screens.journal.medications import OFFER_KEY, MedicationsScreen
from ebbtide.tui.screens.journal.plan_form import PlanFormScreen
from ebbtide.tui.screens.read.links import follow_link
from ebbtide.tui.widgets.journal_trends import STEP_MARK, StepMarkers
from tests.conftest import FIXED_NOW

MakeApp = Callable[..., Any]
TODAY = FIXED_NOW.date()


def _journal(app: Any) -> Journal:
    return Journal.open(app.paths, clock=lambda: FIXED_NOW)


def _app(make_app: MakeApp) -> Any:
    app = make_app()
    app.state.set(OFFER_KEY, "skipped")
    with _journal(app) as j:
        med = j.add_medication("baclofen", times=["08:00", "20:00"])
        j.add_dose(med.id, amount_mg=15, at=FIXED_NOW - timedelta(hours=1))
    return app


def _options(screen: Any, selector: str) -> list[str]:
    options = screen.query_one(selector, OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def _add(pilot: Any, form: PlanFormScreen, **values: str) -> str:
    for field in ("date", "mg", "per_dose", "note"):
        form.query_one(f"#step-{field}", Input).value = values.get(field, "")
    # press(), not a click: Textual ignores a click while the button still shows the last
    # press (0.2 s), and a fast test adds steps quicker than that.
    form.query_one("#add-step", Button).press()
    await pilot.pause()
    error = form.query_one("#step-error", Static)
    return str(error.render()) if error.display else ""


async def test_plan_form_adds_checks_and_removes_steps(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(100, 40)) as pilot:
        follow_link(app, "action:journal/medications")
        await pilot.pause()
        meds = app.screen
        assert isinstance(meds, MedicationsScreen)
        assert "plan:" not in _options(meds, "#medication-list")[0]
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PlanFormScreen)
        assert "No steps yet" in str(form.query_one("#plan-status", Static).render())
        assert "YYYY-MM-DD" in await _add(pilot, form, date="21/11/2026", mg="30")
        assert "Write the date" in await _add(pilot, form, mg="30")
        assert "Write the amount in mg" in await _add(pilot, form, date=str(TODAY), mg="5 ml")
        assert "Write the daily total in mg" in await _add(pilot, form, date=str(TODAY))
        with _journal(app) as j:
            assert j.plans() == []  # nothing written by the refused steps
        form.query_one("#title", Input).value = "Dr Lee's letter"
        assert await _add(pilot, form, date=str(TODAY), mg="30 mg", per_dose="15 mg twice") \
            == ""
        assert form.query_one("#step-date", Input).value == ""  # ready for the next one
        later = TODAY + timedelta(days=7)
        assert await _add(pilot, form, date=str(later), mg="20", note="then review") == ""
        assert await _add(pilot, form, date=str(later + timedelta(days=7)), mg="0") == ""
        steps = _options(form, "#plan-steps")
        assert len(steps) == 3 and "30 mg a day" in steps[0] and "“15 mg twice”" in steps[0]
        assert "(stop, as planned)" in steps[2]
        form.query_one("#plan-steps", OptionList).focus()
        form.query_one("#plan-steps", OptionList).highlighted = 2
        await pilot.press("x")
        await pilot.pause()
        assert len(_options(form, "#plan-steps")) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is meds
        assert "plan: 30 mg a day today · logged today: 15 mg" in \
            _options(meds, "#medication-list")[0]
    with _journal(app) as j:
        plan = j.plan_for(j.medications()[0].id)
    assert plan is not None and plan.title == "Dr Lee's letter"
    assert [(s.start_date, s.daily_total_mg, s.per_dose, s.note) for s in plan.steps] == [
        (TODAY, 30.0, "15 mg twice", ""), (later, 20.0, "", "then review")]


async def test_trends_mark_each_plan_step(make_app: MakeApp) -> None:
    app = _app(make_app)
    with _journal(app) as j:
        med = j.medications()[0]
        plan = j.add_plan(med.id)
        j.add_plan_step(plan.id, TODAY - timedelta(days=10), 30)
        j.add_plan_step(plan.id, TODAY, 20)
        j.add_plan_step(plan.id, TODAY + timedelta(days=5), 10)  # after the range
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        journal = app.screen
        await pilot.press("t")
        await pilot.pause()
        line = journal.query_one("#plan-steps-line", StepMarkers)
        assert line.display
        marked = [i for i, v in enumerate(line.values) if v is not None]
        assert marked == [19, 29]  # 30 days ending today
        label = str(journal.query_one("#plan-steps-label", Static).render())
        assert f"{STEP_MARK} 11 Nov, 21 Nov" in label
        assert str(line.render()).count(STEP_MARK) == 2
