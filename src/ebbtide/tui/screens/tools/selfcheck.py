"""A PHQ-9 (mood) or GAD-7 (anxiety) self-check: one question at a time with the standard
stem and answers (keys 0–3), back and next, a review, then the score with its band, a
plain "this is not a diagnosis" line and the history of past scores.

PHQ-9 then asks its closing "how difficult" question (not scored, skippable), as the form
does: only when some problem was checked off, that is, an item answered above 0.

Any answer above 0 on PHQ-9 question 9 opens the crisis resources at once, before
anything else, and the result says to contact a clinician today."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from ebbtide.core.content.questionnaires import (
    ATTRIBUTION,
    DIFFICULTY_OPTIONS,
    DIFFICULTY_QUESTION,
    NOT_A_DIAGNOSIS,
    CheckKind,
    Questionnaire,
    SelfCheck,
    difficulty_label,
    needs_crisis_resources,
    parse_kind,
    questionnaire,
)
from ebbtide.core.content.talk_prompts import talk_text
from ebbtide.core.errors import EbbtideError
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.screens.tools.selfcheck_form import DIFFICULTY_ROW, SelfCheckForm
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.key_bar import KeyBar

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

HISTORY_SHOWN = 6  # past scores listed under the result
REVIEW_ITEM_CHARS = 38  # each question is shortened to this in the review list
DIFFICULTY_SHORT = "How difficult: work, home, people"  # its line in the review
CLINICIAN_TODAY = ("You answered question 9 above 0. Please contact a clinician today (your "
                   "prescriber, GP or another clinician) and tell them how you feel.")


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def answer_label(value: int) -> str:
    for label, number in questionnaire("phq9").options:
        if number == value:
            return label
    return str(value)


def band_scale(form: Questionnaire) -> str:
    """'Bands: 0–4 minimal · 5–9 mild · …' as published with the questionnaire."""
    return "Bands: " + " · ".join(f"{b.low}–{b.high} {b.label}" for b in form.bands)


def history_line(check: SelfCheck) -> Text:
    """'Sat 07 Nov 2026   5/27  mild               █████' (one block a point), then
    PHQ-9's "how difficult" answer in words when given."""
    t = Text(no_wrap=True, overflow="ellipsis")
    t.append(f"{check.local_date:%a %d %b %Y}", style="bold")
    t.append(f"  {check.score:>2}/{check.questionnaire.max_score}  ")
    t.append(f"{check.band.label:<18}")
    t.append("█" * check.score if check.score else "·")
    if check.crisis:
        t.append("  question 9 above 0", style="italic")
    difficulty = difficulty_label(check.difficulty)
    if difficulty is not None:
        t.append(f"  {difficulty.lower()}", style="dim")
    return t


class SelfCheckScreen(EbbtideScreen[SelfCheck | None]):
    """Dismissed with the saved check (or None when left without saving)."""

    CSS_PATH = style("selfcheck.tcss")
    HELP_TEXT = (
        "Answer each question for the last two weeks: press 0, 1, 2 or 3 (or move with the "
        "arrows and press Enter). b or ← goes back a question, n or → goes forward. After "
        "the last question you can review every answer and change any of them (Enter on "
        "it), then s saves. PHQ-9 also asks how difficult the problems have made things "
        "(not scored; n skips it, s saves without it). The score and its band describe "
        "your answers only: a self-check is not a diagnosis. Nothing leaves this computer."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("0", "answer(0)", "Not at all", id="check.answer0", show=False),
        Binding("1", "answer(1)", "Several days", id="check.answer1", show=False),
        Binding("2", "answer(2)", "Over half", id="check.answer2", show=False),
        Binding("3", "answer(3)", "Nearly every day", id="check.answer3", show=False),
        Binding("b,left", "previous", "Back a question", id="check.previous"),
        Binding("n,right", "next", "Next", id="check.next"),
        Binding("s", "save", "Save", id="check.save"),
        Binding("h", "crisis", "Help now", id="check.crisis"),
        Binding("enter", "done", "Done", id="check.done"),
        Binding("escape", "back", "Leave", id="screen.back"),
    ]

    def __init__(self, kind: CheckKind | str) -> None:
        super().__init__()
        self.state = SelfCheckForm(questionnaire(kind))
        self.saved: SelfCheck | None = None
        self.history: list[SelfCheck] = []
        self.save_error: str | None = None

    @property
    def form(self) -> Questionnaire:
        return self.state.form

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        form = self.form
        with Vertical(id="check-body"):
            with Vertical(id="check-top"):
                yield Static(Text(f"{form.name} · {form.about}", style="bold"),
                             id="check-title")
                yield Static(id="check-progress")
            with VerticalScroll(id="check-main"):
                yield Static(Text(form.stem), id="check-stem")
                yield Static(id="check-item")
                yield Static(id="check-result")
                yield OptionList(id="check-options")
                yield Static(id="check-error")
                yield Static(id="check-history")
                yield Static(Text(ATTRIBUTION, style="dim"), id="check-attribution")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        stage = self.state.stage
        if action in ("answer", "next"):
            return stage in ("question", "difficulty")
        if action == "previous":
            return stage in ("question", "difficulty", "review")
        if action == "save":  # s on the optional closing question saves without it
            return stage in ("review", "difficulty")
        if action == "done":
            return stage == "result"
        if action == "crisis":
            return stage == "result" and needs_crisis_resources(self.form.kind,
                                                                self.state.final())
        return True

    # -- drawing --------------------------------------------------------------------------

    def show(self) -> None:
        state = self.state
        # Which parts show is in selfcheck.tcss, by stage (and smaller at -short).
        for stage in ("question", "difficulty", "review", "result"):
            self.set_class(state.stage == stage, f"-stage-{stage}")
        self.query_one("#check-error").display = self.save_error is not None
        if state.stage == "question":
            self._show_question()
        elif state.stage == "difficulty":
            self._show_difficulty()
        elif state.stage == "review":
            self._show_review()
        else:
            self._show_result()
        self.refresh_bindings()

    def _progress(self) -> Text:
        state = self.state
        t = Text(no_wrap=True, overflow="ellipsis")
        if state.stage == "question":
            t.append(f"Question {state.index + 1} of {len(self.form.items)}  ")
        elif state.stage == "difficulty":
            t.append("Last question (optional)  ")
        elif state.stage == "review":
            t.append("Review your answers  ")
        else:
            t.append("Saved  ")
        for i, a in enumerate(state.answers):
            mark = "●" if a is not None else "○"
            current = state.stage == "question" and i == state.index
            t.append(mark, style="bold reverse" if current else "")
        return t

    def _show_question(self) -> None:
        state = self.state
        item = self.form.items[state.index]
        self.query_one("#check-progress", Static).update(self._progress())
        self.query_one("#check-item", Static).update(
            Text(f"{state.index + 1}. {item}", style="bold"))
        self._show_options(self.form.options, state.answers[state.index], "Answer 0–3")

    def _show_difficulty(self) -> None:
        self.query_one("#check-progress", Static).update(self._progress())
        self.query_one("#check-item", Static).update(Text(DIFFICULTY_QUESTION, style="bold"))
        self._show_options(DIFFICULTY_OPTIONS, self.state.difficulty,
                           "Answer 0–3, n skips (not scored)")

    def _show_options(self, choices: tuple[tuple[str, int], ...], current: int | None,
                      title: str) -> None:
        options = self.query_one("#check-options", OptionList)
        options.display = True
        options.clear_options()
        for label, value in choices:
            mark = "✓" if current == value else " "
            options.add_option(Option(Text(f"{mark} {value}  {label}"), id=f"a{value}"))
        options.highlighted = current if current is not None else 0
        options.border_title = title
        options.focus()

    def _show_review(self) -> None:
        state = self.state
        self.query_one("#check-progress", Static).update(self._progress())
        result = Text()
        result.append("Check your answers. Enter on a question changes it; s saves.")
        self.query_one("#check-result", Static).update(result)
        options = self.query_one("#check-options", OptionList)
        options.display = True
        options.clear_options()
        for i, (item, value) in enumerate(zip(self.form.items, state.answers, strict=True)):
            t = Text()
            t.append(f"{i + 1}. ", style="bold")
            if value is None:
                t.append("–  not answered     ", style="bold")
            else:
                t.append(f"{value}  {answer_label(value):<25}", style="bold")
            t.append(short(item, REVIEW_ITEM_CHARS), style="dim")
            options.add_option(Option(t, id=f"q{i}"))
        if state.asks_difficulty:
            t = Text()
            t.append("   ")
            label = difficulty_label(state.difficulty)
            if label is None:
                t.append(f"{'–  skipped (optional)':<28}", style="bold")
            else:
                t.append(f"{state.difficulty}  {label:<25}", style="bold")
            t.append(DIFFICULTY_SHORT, style="dim")
            options.add_option(Option(t, id=DIFFICULTY_ROW))
        options.border_title = "Your answers"
        options.highlighted = 0
        if state.return_to_review:
            with suppress(OptionDoesNotExist):  # the closing question no longer applies
                options.highlighted = options.get_option_index(state.review_row)
        options.focus()
        self._show_error()

    def _show_error(self) -> None:
        error = self.query_one("#check-error", Static)
        error.display = self.save_error is not None
        if self.save_error is not None:
            error.update(Text(self.save_error))

    def _show_result(self) -> None:
        saved = self.saved
        assert saved is not None
        form = self.form
        self.query_one("#check-progress", Static).update(self._progress())
        self.query_one("#check-options", OptionList).display = False
        result = Text()
        result.append(f"Your {form.name} score: {saved.score} of {form.max_score}",
                      style="bold")
        result.append(f" ({saved.band.label}).\n")
        result.append(band_scale(form) + "\n", style="dim")
        difficulty = difficulty_label(saved.difficulty)
        if difficulty is not None:
            result.append(f"How difficult these problems have made things: {difficulty} "
                          "(not scored).\n")
        if saved.crisis:
            result.append(CLINICIAN_TODAY + " h shows crisis lines again.\n", style="bold")
        talk = talk_text(form.kind, saved.score)
        if talk is not None:
            result.append(talk + "\n", style="bold")
        result.append(NOT_A_DIAGNOSIS)
        result.append("\nEnter or Esc when you are done.", style="dim")
        self.query_one("#check-result", Static).update(result)
        self._show_history()
        self.query_one("#check-main").focus()

    def _show_history(self) -> None:
        checks = self.history
        t = Text()
        t.append(f"Your {self.form.name} scores over time", style="bold")
        if len(checks) > HISTORY_SHOWN:
            t.append(f" (the last {HISTORY_SHOWN} of {len(checks)})", style="dim")
        for check in checks[-HISTORY_SHOWN:]:
            t.append("\n")
            t.append_text(history_line(check))
        self.query_one("#check-history", Static).update(t)

    # -- answering ------------------------------------------------------------------------

    def action_answer(self, value: int) -> None:
        flagged = self.state.answer(value)
        self.show()
        if flagged:
            # At once, before anything else: the crisis resources on top of the form.
            self._open_crisis()

    def _open_crisis(self) -> None:
        from ebbtide.tui.screens.common.crisis import CrisisScreen

        self.app.push_screen(CrisisScreen())

    def action_crisis(self) -> None:
        self._open_crisis()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        state = self.state
        if state.stage in ("question", "difficulty") and option_id.startswith("a"):
            self.action_answer(int(option_id[1:]))
        elif state.stage == "review" and option_id:
            state.change_from_review(option_id)
            self.show()

    def action_previous(self) -> None:
        self.state.back()
        self.show()

    def action_next(self) -> None:
        if not self.state.advance():
            self.notify("Answer this question first: press 0, 1, 2 or 3.", markup=False)
            return
        self.show()

    # -- saving ---------------------------------------------------------------------------

    def action_save(self) -> None:
        state = self.state
        if state.stage not in ("review", "difficulty"):
            return
        if not state.complete:
            state.stage = "question"
            state.index = state.answers.index(None)
            self.show()
            return
        app: EbbtideApp = self.ebbtide
        try:
            journal = app.journal()
            saved = journal.add_selfcheck(self.form.kind, state.final(),
                                          difficulty=state.final_difficulty())
        except EbbtideError as exc:
            self._save_failed(exc)
            return
        self.saved = saved
        self.save_error = None
        if saved.crisis:
            # The crisis resources were shown when question 9 was answered: the journal's
            # crisis note for this check is marked shown, and it stays (announced at each
            # start) until the person dismisses it.
            with suppress(EbbtideError):
                journal.mark_notes_shown([f"crisis:{saved.uid}"])
        try:
            self.history = journal.selfchecks_between(kind=self.form.kind)
        except EbbtideError:
            self.history = [saved]
        state.stage = "result"
        self.show()
        self.notify(f"{self.form.name} saved: {saved.score} of {self.form.max_score} "
                    f"({saved.band.label}).", title="Self-check", markup=False)

    def _save_failed(self, exc: EbbtideError) -> None:
        reason = str(exc) or exc.__class__.__name__
        self.save_error = (f"Not saved: {reason} Your answers are still here; press s to try "
                           "again.")
        self._show_error()
        self.query_one("#check-error").scroll_visible()
        self.notify(self.save_error, title="Not saved", severity="error", timeout=12,
                    markup=False)
        from ebbtide.core.journal.store import JournalCorrupt

        if isinstance(exc, JournalCorrupt):
            self.ebbtide.forget_journal()

    # -- leaving --------------------------------------------------------------------------

    def action_done(self) -> None:
        self.finish()

    def action_back(self) -> None:
        state = self.state
        if state.stage == "result" or state.given == 0:
            self.finish()
            return
        from ebbtide.tui.screens.common.confirm import ConfirmScreen

        def answered(leave: bool | None) -> None:
            if leave:
                self.finish()

        self.app.push_screen(ConfirmScreen("Leave this self-check? Your answers are not "
                                           "saved.", yes="Leave", no="Stay"), answered)

    def finish(self) -> None:
        app = self.ebbtide
        if app.route.exit_after and app.route.screen == "check":
            app.exit(0)
            return
        self.dismiss(self.saved)


def open_route(app: EbbtideApp, args: dict[str, object]) -> None:
    """`{"kind": "phq9" | "gad7"}` (links use `{"check": ...}`): the form, inside the
    journal section."""
    raw = str(args.get("kind") or args.get("check") or "phq9")
    try:
        kind = parse_kind(raw)
    except EbbtideError as exc:
        app.notify(str(exc), severity="warning", markup=False)
        return
    if app.current_mode != "journal":
        app.go("journal")
    if isinstance(app.screen, SelfCheckScreen) and app.screen.form.kind == kind:
        return
    app.push_screen(SelfCheckScreen(kind))
