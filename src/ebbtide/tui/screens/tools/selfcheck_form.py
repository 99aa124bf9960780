"""The self-check form's answers and where the person is, with every move between
questions, PHQ-9's closing "how difficult" question and the review (pure state: the
screen in selfcheck.py draws it and saves it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ebbtide.core.content.questionnaires import Questionnaire

Stage = Literal["question", "difficulty", "review", "result"]
DIFFICULTY_ROW = "difficulty"  # the closing question's line in the review ("q0"… the items)


@dataclass
class SelfCheckForm:
    form: Questionnaire
    answers: list[int | None] = field(default_factory=list)
    index: int = 0
    stage: Stage = "question"
    return_to_review: bool = False  # changing one answer from the review
    review_row: str = "q0"  # the review line being changed ("q3", DIFFICULTY_ROW)
    difficulty: int | None = None  # PHQ-9's closing question; None when skipped
    difficulty_offered: bool = False

    def __post_init__(self) -> None:
        if not self.answers:
            self.answers = [None] * len(self.form.items)

    @property
    def complete(self) -> bool:
        return all(a is not None for a in self.answers)

    @property
    def given(self) -> int:
        return sum(1 for a in self.answers if a is not None)

    def final(self) -> list[int]:
        return [a for a in self.answers if a is not None]

    @property
    def asks_difficulty(self) -> bool:
        """PHQ-9's closing question applies "if you checked off any problems": some item
        was answered above 0."""
        return self.form.difficulty_question and any(a for a in self.answers)

    def final_difficulty(self) -> int | None:
        return self.difficulty if self.asks_difficulty else None

    # -- moves ------------------------------------------------------------------------------

    def answer(self, value: int) -> bool:
        """Answer the current question and move on; True when this answer newly flags the
        crisis item (above 0 where it was unanswered or 0)."""
        if self.stage == "difficulty":
            self.difficulty = value
            self.stage = "review"
            return False
        if self.stage != "question":
            return False
        before = self.answers[self.index]
        self.answers[self.index] = value
        flagged = self.form.crisis_item == self.index and value > 0 and not before
        if self.return_to_review and self.complete:
            self._leave_items(ask_again=False)
        else:
            self._forward()
        return flagged

    def advance(self) -> bool:
        """Forward without answering; False when the current question needs an answer
        first (the closing question does not: moving on skips it, or keeps its answer)."""
        if self.stage == "difficulty":
            self.return_to_review = False
            self.stage = "review"
            return True
        if self.answers[self.index] is None:
            return False
        self._forward()
        return True

    def back(self) -> None:
        self.return_to_review = False
        if self.stage == "review" and self.asks_difficulty:
            self.stage = "difficulty"
        elif self.stage in ("review", "difficulty"):
            self.stage = "question"
            self.index = len(self.form.items) - 1
        elif self.index > 0:
            self.index -= 1

    def change_from_review(self, row: str) -> None:
        """Enter on a review line: that question again, then back to the review."""
        self.review_row = row
        self.return_to_review = True
        if row == DIFFICULTY_ROW:
            self.stage = "difficulty"
        else:
            self.index = int(row[1:])
            self.stage = "question"

    def _forward(self) -> None:
        if self.index + 1 < len(self.form.items):
            self.index += 1
        elif self.complete:
            self._leave_items(ask_again=True)
        else:
            self.index = self.answers.index(None)

    def _leave_items(self, ask_again: bool) -> None:
        """After the items: the closing question when it applies (again when the person
        moves on from the last item; once when an answer changed from the review made it
        apply), otherwise the review."""
        if self.asks_difficulty and (ask_again or not self.difficulty_offered):
            self.stage = "difficulty"
            self.difficulty_offered = True
        else:
            self.stage = "review"
