"""The PHQ-9 / GAD-7 self-check form: answering with 0–3, back and review, the score and
band saved in the journal, the item-9 crisis dialog at once, the exit-after route, and a
failed save that keeps every answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.widgets import OptionList, Static

from ebbtide.core.health.safety import current_notes
from ebbtide.core.journal.store import Journal, JournalUnavailable
from ebbtide.launch import StartRoute
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.screens.common.crisis import CrisisScreen
from ebbtide.tui.screens.tools.selfcheck import SelfCheckScreen
from tests.conftest import FIXED_NOW

MakeApp = Callable[..., Any]
SIZE = (80, 24)


def _text(widget: Static) -> str:
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


def _stage(screen: SelfCheckScreen) -> str:
    return screen.state.stage


def _top(app: Any) -> Any:
    return app.screen


def _saved(app: Any) -> list[Any]:
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        return journal.selfchecks_between()


async def _open(app: Any, pilot: Any) -> SelfCheckScreen:
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SelfCheckScreen)
    return screen


async def test_phq9_all_zeros_is_saved_as_minimal(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "phq9"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        assert app.current_mode == "journal"
        assert "Over the last 2 weeks" in _text(screen.query_one("#check-stem", Static))
        assert "Little interest" in _text(screen.query_one("#check-item", Static))
        attribution = _text(screen.query_one("#check-attribution", Static))
        assert "Pfizer" in attribution
        await pilot.press(*"0" * 9)
        assert _stage(screen) == "review"
        await pilot.press("s")
        await pilot.pause()
        assert _stage(screen) == "result"
        result = _text(screen.query_one("#check-result", Static))
        assert "score: 0 of 27 (minimal)" in result
        assert "not a diagnosis" in result
        assert "Sat 21 Nov 2026" in _text(screen.query_one("#check-history", Static))
    (check,) = _saved(app)
    assert check.kind == "phq9" and check.score == 0 and check.band.label == "minimal"


async def test_item_9_above_zero_opens_crisis_resources_at_once(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "phq9"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press(*"0" * 8)
        assert screen.state.index == 8
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)  # before the review, before saving
        assert "116 123" in _text(app.screen.query_one("#crisis-text", Static))
        await pilot.press("escape")
        assert _top(app) is screen and _stage(screen) == "difficulty"
        await pilot.press("n")  # PHQ-9's closing question, skipped
        assert _stage(screen) == "review"
        await pilot.press("s")
        await pilot.pause()
        result = _text(screen.query_one("#check-result", Static))
        assert "contact a clinician today" in result
        await pilot.press("h")  # the crisis lines again, on request
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        await pilot.press("escape")
        (check,) = _saved(app)
        assert check.crisis and check.score == 1
        # Fixed: the crisis note is marked shown but not dismissed; it stays until the
        # person dismisses it.
        (still_open,) = current_notes(app.journal(), FIXED_NOW)
        assert still_open.crisis and still_open.key == check.uid
        state = app.journal().note_states()[still_open.id]
        assert state.shown_at is not None and state.dismissed_at is None


async def test_gad7_score_15_is_severe(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "gad7"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        assert len(screen.state.answers) == 7
        await pilot.press("3", "3", "3", "3", "3", "0", "0", "s")
        await pilot.pause()
        assert "score: 15 of 21 (severe)" in _text(screen.query_one("#check-result", Static))
    (check,) = _saved(app)
    assert (check.kind, check.score, check.band.label) == ("gad7", 15, "severe")


async def test_exit_after_route_quits_when_finished(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "gad7"}, exit_after=True))
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        await pilot.press(*"1" * 7, "s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0
    (check,) = _saved(app)
    assert check.score == 7 and check.band.label == "mild"


async def test_back_next_and_changing_an_answer_from_the_review(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "gad7"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("2")
        assert screen.state.index == 1
        await pilot.press("n")  # unanswered: stays, says why
        assert screen.state.index == 1
        await pilot.press("b")
        assert screen.state.index == 0
        options = screen.query_one("#check-options", OptionList)
        assert options.highlighted == 2  # the answer given is highlighted
        await pilot.press("right", *"0" * 6)
        assert _stage(screen) == "review"
        # Change question 3 from the review: Enter on it, answer, back to the review.
        await pilot.press("down", "down", "enter")
        assert _stage(screen) == "question" and screen.state.index == 2
        await pilot.press("3")
        assert _stage(screen) == "review"
        assert screen.state.answers == [2, 0, 3, 0, 0, 0, 0]
        await pilot.press("s")
        await pilot.pause()
    assert _saved(app)[0].score == 5


async def test_a_failed_save_keeps_the_answers_with_a_clear_message(
    make_app: MakeApp, monkeypatch: Any
) -> None:
    app = make_app(route=StartRoute("check", {"kind": "gad7"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press(*"1" * 7)
        real = app.journal

        def broken() -> Journal:
            raise JournalUnavailable("The disk is full.")

        monkeypatch.setattr(app, "journal", broken)
        await pilot.press("s")
        await pilot.pause()
        assert _stage(screen) == "review"
        assert screen.state.answers == [1] * 7
        error = _text(screen.query_one("#check-error", Static))
        assert "Not saved" in error and "disk is full" in error and "press s" in error
        monkeypatch.setattr(app, "journal", real)
        await pilot.press("s")
        await pilot.pause()
        assert _stage(screen) == "result"
        assert not screen.query_one("#check-error").display
    assert _saved(app)[0].score == 7


async def test_leaving_with_answers_asks_first(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "phq9"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("1", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert _top(app) is screen and screen.state.answers[0] == 1
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, SelfCheckScreen)
        assert app.current_mode == "journal"
    assert _saved(app) == []


async def test_link_route_and_palette_open_the_form(make_app: MakeApp) -> None:
    from ebbtide.tui.screens.read.links import follow_link

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        follow_link(app, "action:check/gad7")
        await pilot.pause()
        assert isinstance(app.screen, SelfCheckScreen) and app.screen.form.kind == "gad7"


# -- PHQ-9's closing "how difficult" question ---------------------------------------------


async def test_phq9_asks_how_difficult_and_stores_the_answer(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "phq9"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("1", "2", *"0" * 7)
        assert _stage(screen) == "difficulty"
        assert "how difficult have these problems made it for you" in _text(
            screen.query_one("#check-item", Static))
        options = screen.query_one("#check-options", OptionList)
        assert "Extremely difficult" in str(options.get_option_at_index(3).prompt)
        await pilot.press("2")
        assert _stage(screen) == "review"
        review = [str(options.get_option_at_index(i).prompt)
                  for i in range(options.option_count)]
        assert len(review) == 10 and "Very difficult" in review[9]
        await pilot.press("s")
        await pilot.pause()
        result = _text(screen.query_one("#check-result", Static))
        assert "score: 3 of 27 (minimal)" in result
        assert "How difficult these problems have made things: Very difficult" in result
        assert "very difficult" in _text(screen.query_one("#check-history", Static))
    (check,) = _saved(app)
    assert (check.score, check.difficulty) == (3, 2)


async def test_skipping_how_difficult_stores_nothing(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "phq9"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press(*"1" * 8, "0")
        assert _stage(screen) == "difficulty"
        await pilot.press("b")  # back to question 9, and forward again
        assert _stage(screen) == "question" and screen.state.index == 8
        await pilot.press("n")
        assert _stage(screen) == "difficulty"
        await pilot.press("n")  # skipped
        assert _stage(screen) == "review"
        await pilot.press("s")
        await pilot.pause()
        result = _text(screen.query_one("#check-result", Static))
        assert "score: 8 of 27 (mild)" in result and "How difficult" not in result
    (check,) = _saved(app)
    assert check.score == 8 and check.difficulty is None


async def test_s_on_how_difficult_saves_without_it(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "phq9"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press(*"2" * 5, *"0" * 4)
        assert _stage(screen) == "difficulty"
        await pilot.press("s")  # as before the question existed: the answers, saved
        await pilot.pause()
        assert _stage(screen) == "result"
    (check,) = _saved(app)
    assert check.score == 10 and check.difficulty is None


async def test_all_zeros_is_not_asked_how_difficult(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "phq9"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press(*"0" * 9)
        assert _stage(screen) == "review"
        assert screen.query_one("#check-options", OptionList).option_count == 9
        await pilot.press("b")  # back goes to question 9, not to the closing question
        assert _stage(screen) == "question" and screen.state.index == 8
        await pilot.press("n")
        assert _stage(screen) == "review"
        await pilot.press("s")
        await pilot.pause()
    (check,) = _saved(app)
    assert check.score == 0 and check.difficulty is None


async def test_gad7_never_asks_how_difficult(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "gad7"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press(*"3" * 7)
        assert _stage(screen) == "review"
        assert screen.query_one("#check-options", OptionList).option_count == 7
        await pilot.press("s")
        await pilot.pause()
    (check,) = _saved(app)
    assert check.score == 21 and check.difficulty is None


async def test_changes_from_the_review_ask_or_drop_how_difficult(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "phq9"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await pilot.press(*"0" * 9)
        assert _stage(screen) == "review"
        # A first problem checked off from the review: the closing question is asked once.
        await pilot.press("down", "enter", "1")
        assert _stage(screen) == "difficulty"
        await pilot.press("3")
        assert _stage(screen) == "review" and screen.state.difficulty == 3
        options = screen.query_one("#check-options", OptionList)
        assert options.highlighted == 1  # back on the line that was changed
        # Changing the closing answer from its own review line.
        await pilot.press("end", "enter")
        assert _stage(screen) == "difficulty"
        await pilot.press("1")
        assert _stage(screen) == "review" and options.highlighted == 9
        # Back to all zeros: the question no longer applies and is not saved.
        await pilot.press("home", "down", "enter", "0")
        assert _stage(screen) == "review" and options.option_count == 9
        await pilot.press("s")
        await pilot.pause()
    (check,) = _saved(app)
    assert check.score == 0 and check.difficulty is None
