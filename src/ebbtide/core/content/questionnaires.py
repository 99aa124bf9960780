"""PHQ-9 (mood) and GAD-7 (anxiety) self-checks: the standard wording, answer options,
scoring, severity bands, the PHQ-9 item-9 crisis flag and the required attribution.

The questionnaires are reproduced word for word (their authors allow this without
permission); changing the wording would change what the scores mean. Items, options and
bands as published by Kroenke, Spitzer & Williams (PHQ-9, J Gen Intern Med 2001;16:606-13)
and Spitzer, Kroenke, Williams & Löwe (GAD-7, Arch Intern Med 2006;166:1092-7).

A self-check is not a diagnosis: the band names only describe the score."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from ebbtide.core.errors import InvalidEntry
from ebbtide.core.text import inert

CheckKind = Literal["phq9", "gad7"]
CHECK_KINDS: tuple[CheckKind, ...] = ("phq9", "gad7")

ATTRIBUTION = ("Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
               "colleagues, with an educational grant from Pfizer Inc. No permission "
               "required to reproduce, translate, display or distribute.")

NOT_A_DIAGNOSIS = ("A self-check is not a diagnosis. Share the score with a clinician, who "
                   "can put it in context.")

ANSWER_OPTIONS: tuple[tuple[str, int], ...] = (
    ("Not at all", 0),
    ("Several days", 1),
    ("More than half the days", 2),
    ("Nearly every day", 3),
)

DUE_EVERY_DAYS = 14  # suggested, never required


@dataclass(frozen=True)
class Band:
    low: int
    high: int  # inclusive
    label: str  # e.g. "moderately severe"

    def contains(self, score: int) -> bool:
        return self.low <= score <= self.high


@dataclass(frozen=True)
class Questionnaire:
    kind: CheckKind
    name: str  # "PHQ-9"
    title: str  # "Patient Health Questionnaire (PHQ-9)"
    about: str  # one line: what it asks about
    stem: str
    items: tuple[str, ...]
    bands: tuple[Band, ...]
    crisis_item: int | None = None  # 0-based index of an item where any answer > 0 is a flag
    difficulty_question: bool = False  # PHQ-9: the unscored closing question follows

    @property
    def max_score(self) -> int:
        return 3 * len(self.items)

    @property
    def options(self) -> tuple[tuple[str, int], ...]:
        return ANSWER_OPTIONS


PHQ9 = Questionnaire(
    kind="phq9",
    name="PHQ-9",
    title="Patient Health Questionnaire (PHQ-9)",
    about="mood over the last two weeks",
    stem=("Over the last 2 weeks, how often have you been bothered by any of the following "
          "problems?"),
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or "
        "your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching "
        "television",
        "Moving or speaking so slowly that other people could have noticed? Or the "
        "opposite — being so fidgety or restless that you have been moving around a lot "
        "more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 19, "moderately severe"),
        Band(20, 27, "severe"),
    ),
    crisis_item=8,
    difficulty_question=True,
)

GAD7 = Questionnaire(
    kind="gad7",
    name="GAD-7",
    title="Generalized Anxiety Disorder scale (GAD-7)",
    about="anxiety over the last two weeks",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 21, "severe"),
    ),
)

QUESTIONNAIRES: dict[CheckKind, Questionnaire] = {"phq9": PHQ9, "gad7": GAD7}


def parse_kind(text: str) -> CheckKind:
    """'phq9', 'PHQ-9', 'gad7', 'GAD-7' -> the kind; InvalidEntry otherwise."""
    key = text.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    for kind in CHECK_KINDS:
        if key == kind:
            return kind
    shown = inert(text, 40)
    raise InvalidEntry("kind", f"unknown self-check '{shown}': use phq9 or gad7")


def questionnaire(kind: str) -> Questionnaire:
    return QUESTIONNAIRES[parse_kind(kind)]


def check_answers(kind: str, answers: Sequence[object]) -> tuple[int, ...]:
    """Every item answered with 0–3 (whole numbers); raises InvalidEntry naming the item."""
    form = questionnaire(kind)
    if len(answers) != len(form.items):
        raise InvalidEntry("answers", f"{form.name} has {len(form.items)} questions; "
                                      f"got {len(answers)} answers")
    clean: list[int] = []
    for number, value in enumerate(answers, 1):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
            raise InvalidEntry("answers", f"{form.name} question {number}: answer with 0, 1, "
                                          f"2 or 3 (got {value!r})")
        clean.append(value)
    return tuple(clean)


def score(kind: str, answers: Sequence[object]) -> int:
    """The total: the sum of the item answers (PHQ-9 0–27, GAD-7 0–21)."""
    return sum(check_answers(kind, answers))


def band(kind: str, total: int) -> Band:
    form = questionnaire(kind)
    for b in form.bands:
        if b.contains(total):
            return b
    raise InvalidEntry("score", f"{form.name} scores run from 0 to {form.max_score} "
                                f"(got {total})")


def needs_crisis_resources(kind: str, answers: Sequence[int]) -> bool:
    """True when the form has a self-harm item (PHQ-9 item 9) and it was answered above 0.
    Show crisis resources at once (see core.crisis) and suggest contacting a clinician
    today."""
    form = questionnaire(kind)
    item = form.crisis_item
    return item is not None and len(answers) > item and answers[item] > 0


@dataclass(frozen=True)
class SelfCheck:
    """One stored self-check (a row of the journal's `selfchecks` table)."""

    id: int
    uid: str
    kind: CheckKind
    at: datetime  # aware, in the offset of entry
    local_date: date
    answers: tuple[int, ...]
    score: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    difficulty: int | None = None  # PHQ-9's closing question, 0–3 (not scored)

    @property
    def questionnaire(self) -> Questionnaire:
        return QUESTIONNAIRES[self.kind]

    @property
    def band(self) -> Band:
        return band(self.kind, self.score)

    @property
    def crisis(self) -> bool:
        return needs_crisis_resources(self.kind, self.answers)

    def describe(self) -> str:
        """'PHQ-9 12/27 (moderate)'."""
        form = self.questionnaire
        return f"{form.name} {self.score}/{form.max_score} ({self.band.label})"


def latest_by_kind(checks: Iterable[SelfCheck]) -> dict[CheckKind, SelfCheck]:
    """The newest check of each kind (by time)."""
    newest: dict[CheckKind, SelfCheck] = {}
    for check in checks:
        if check.deleted_at is not None:
            continue
        current = newest.get(check.kind)
        if current is None or (check.at, check.id) > (current.at, current.id):
            newest[check.kind] = check
    return newest


def is_due(last: SelfCheck | None, today: date, every_days: int = DUE_EVERY_DAYS) -> bool:
    """A check is suggested (never required) when none was done in the last `every_days`
    days: never done, or the newest is `every_days` or more days old."""
    return last is None or (today - last.local_date) >= timedelta(days=every_days)


def due_kinds(latest: Mapping[CheckKind, SelfCheck], today: date,
              every_days: int = DUE_EVERY_DAYS) -> list[CheckKind]:
    """Which self-checks to suggest today, in a stable order (PHQ-9 first)."""
    return [k for k in CHECK_KINDS if is_due(latest.get(k), today, every_days)]


# ---------------------------------------------------------------- scores worth a conversation

# Kroenke 2001: a PHQ-9 of 10 or more had 88% sensitivity and 88% specificity for major
# depression; 20 or more is the "severe" band. Spitzer 2006: a GAD-7 of 10 or more is the
# cut-point for generalised anxiety disorder. These prompt a conversation, not a diagnosis.
TALK_SCORE: dict[CheckKind, int] = {"phq9": 10, "gad7": 10}
TALK_SOON_SCORE: dict[CheckKind, int] = {"phq9": 20}
SCORE_SOURCES: dict[CheckKind, str] = {
    "phq9": "Kroenke, Spitzer & Williams, J Gen Intern Med 2001;16:606-13 (PHQ-9)",
    "gad7": "Spitzer, Kroenke, Williams & Löwe, Arch Intern Med 2006;166:1092-7 (GAD-7)",
}

TalkPrompt = Literal["talk", "talk-soon"]


def talk_prompt(kind: str, total: int) -> TalkPrompt | None:
    """'talk-soon' (PHQ-9 20+), 'talk' (PHQ-9 or GAD-7 10+) or None: whether the score
    should prompt a conversation with a clinician, whatever item 9 says."""
    key = parse_kind(kind)
    soon = TALK_SOON_SCORE.get(key)
    if soon is not None and total >= soon:
        return "talk-soon"
    return "talk" if total >= TALK_SCORE[key] else None


# PHQ-9's closing question, word for word: asked after the nine items, not scored.
DIFFICULTY_QUESTION = ("If you checked off any problems, how difficult have these problems "
                       "made it for you to do your work, take care of things at home, or get "
                       "along with other people?")
DIFFICULTY_OPTIONS: tuple[tuple[str, int], ...] = (
    ("Not difficult at all", 0),
    ("Somewhat difficult", 1),
    ("Very difficult", 2),
    ("Extremely difficult", 3),
)


def check_difficulty(value: object) -> int | None:
    """None (not answered) or 0–3; InvalidEntry otherwise."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
        raise InvalidEntry("difficulty", "the PHQ-9 difficulty question is answered with 0 "
                                         f"(not difficult at all) to 3 (got {value!r})")
    return value


def difficulty_label(value: int | None) -> str | None:
    return None if value is None else DIFFICULTY_OPTIONS[value][0]
