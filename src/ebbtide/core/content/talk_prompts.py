"""What a self-check result says when its score is worth a conversation with a clinician
(`questionnaires.talk_prompt`: PHQ-9 10+, 20+ soon; GAD-7 10+), whatever PHQ-9 item 9
says. Shown on the result screen and by `ebbtide check`."""

from __future__ import annotations

from ebbtide.core.content.questionnaires import questionnaire, talk_prompt

TALK = ("A {name} score of 10 or more is worth a conversation with a clinician (your "
        "prescriber, GP or another clinician).")
TALK_SOON = ("A {name} score of 20 or more is in the severe range: please talk with a "
             "clinician (your prescriber, GP or another clinician) soon, within the next "
             "few days.")


def talk_text(kind: str, score: int) -> str | None:
    """The prompt for this score, or None when the score does not call for one."""
    prompt = talk_prompt(kind, score)
    if prompt is None:
        return None
    name = questionnaire(kind).name
    return (TALK_SOON if prompt == "talk-soon" else TALK).format(name=name)
