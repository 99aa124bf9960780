"""Which medicine a typed name means: baclofen (oral or intrathecal, by generic or brand
name), sedating medicine classes, alcohol in any of its usual words, a missed dose, and
amounts written with units. Lists live in content/safety/medicines.toml and drinks.toml,
matched by meaning (core.content.phrases). Facts only, never advice."""

from __future__ import annotations

import re

from ebbtide.core.content.phrases import Family, family_file

# US labels for oral baclofen (tablets, oral solution, oral suspension, granules): 80 mg a
# day (20 mg four times a day) is the maximum. Reader: approved-uses.
ORAL_BACLOFEN_MAX_MG_PER_DAY = 80.0
LABEL_MAX_SOURCE = "US prescribing information for oral baclofen (DailyMed)"
SEDATIVE_CLASSES = ("opioid", "benzodiazepine", "gabapentinoid", "z-drug",
                    "sedating-antihistamine")
ORAL_BACLOFEN = "oral-baclofen"  # the medicine group whose daily totals are summed


def _medicine_ids(name: str) -> set[str]:
    return {f.id for f in family_file("medicines").matching(name)}


def is_baclofen(name: str) -> bool:
    """The name says baclofen, generically or by a brand (oral or intrathecal)."""
    return "baclofen" in _medicine_ids(name)


def is_oral_baclofen(name: str) -> bool:
    """Baclofen and not an intrathecal (pump) product: "Baclofen (take it with food)",
    "Lioresal", "Ozobax"; not "Gablofen" or "Lioresal Intrathecal"."""
    ids = _medicine_ids(name)
    return "baclofen" in ids and "baclofen-intrathecal" not in ids


def label_max_mg(name: str) -> float | None:
    """The labelled daily maximum for a medication we have one for, else None: only oral
    baclofen (80 mg a day on US labels); never intrathecal (pump) baclofen."""
    return ORAL_BACLOFEN_MAX_MG_PER_DAY if is_oral_baclofen(name) else None


def sedative_classes(name: str) -> list[Family]:
    """The sedating medicine classes a medication's name belongs to (by meaning)."""
    return [f for f in family_file("medicines").matching(name) if f.id in SEDATIVE_CLASSES]


def mentions_alcohol(text: str) -> bool:
    """'wine', 'a few pints', 'drinks with friends', 'hungover'; not 'alcohol-free beer',
    'no alcohol' or 'drinking water'."""
    return bool(family_file("drinks").matching(text))


def is_alcohol_tag(tag: str) -> bool:
    """A tag that says alcohol was drunk (kept for callers of the old name)."""
    return mentions_alcohol(tag)


def mentions_missed_dose(text: str) -> bool:
    """'missed dose', 'forgot my baclofen', 'ran out'; not 'didn't miss a dose'."""
    return family_file("medicines").by_id("missed-dose").matches(text)


_AMOUNT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([a-zµμ]*)\.?\s*$", re.IGNORECASE)
_UNITS_TO_MG = {"": 1.0, "mg": 1.0, "mgs": 1.0, "milligram": 1.0, "milligrams": 1.0,
                "g": 1000.0, "gram": 1000.0, "grams": 1000.0, "mcg": 0.001, "µg": 0.001,
                "μg": 0.001, "ug": 0.001, "microgram": 0.001, "micrograms": 0.001}


def parse_amount_mg(text: str) -> float:
    """'10', '10 mg', '10mg', '2,5 mg', '0.01 g', '500 mcg' -> milligrams. A volume
    ('5 ml') cannot be turned into mg without the strength, so it is refused: ValueError
    with a sentence to show."""
    match = _AMOUNT.match(text)
    if match is None:
        raise ValueError(f"cannot read the amount {text.strip()[:40]!r}: write it like 10 mg")
    number, unit = float(match.group(1).replace(",", ".")), match.group(2).lower()
    if unit in ("ml", "millilitre", "milliliter", "millilitres", "milliliters"):
        raise ValueError("write the amount in mg (the strength on the bottle turns ml into "
                         "mg, e.g. 5 ml of 5 mg/5 ml is 5 mg)")
    factor = _UNITS_TO_MG.get(unit)
    if factor is None:
        raise ValueError(f"unknown unit {unit!r}: use mg, g or mcg")
    if number <= 0:
        raise ValueError("an amount must be more than 0 mg")
    return round(number * factor, 6)
