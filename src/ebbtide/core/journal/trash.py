"""The journal's trash: deletes are soft (`deleted_utc`), can be undone, and are removed
for good by `empty_trash`. `JournalTrash` is one of the parts `Journal` is made of."""

from __future__ import annotations

from ebbtide.core.journal.base import JournalConnection
from ebbtide.core.journal.models import Record, RecordKind
from ebbtide.core.journal.rows import ALIAS, CONVERT, KIND_ORDER, SELECT, TABLES


class JournalTrash(JournalConnection):
    """Move records to the trash and back, list it, empty it."""

    def delete(self, kind: RecordKind, record_id: int) -> int:
        """Move a record to the trash (a check-in takes its linked doses and side effects
        with it). Returns how many records moved; 0 if it was gone already."""
        now = self._now_utc()
        table = TABLES[kind]
        with self.transaction():
            moved = self._exec(f"UPDATE {table} SET deleted_utc = ? WHERE id = ? AND "
                               "deleted_utc IS NULL", (now, record_id)).rowcount
            if moved and kind == "checkin":
                for child in ("doses", "side_effects"):
                    moved += self._exec(f"UPDATE {child} SET deleted_utc = ? WHERE "
                                        "checkin_id = ? AND deleted_utc IS NULL",
                                        (now, record_id)).rowcount
        return moved

    def undo_delete(self, kind: RecordKind, record_id: int) -> int:
        """Bring a record back from the trash (with the linked records that went with it)."""
        table = TABLES[kind]
        with self.transaction():
            row = self._exec(f"SELECT deleted_utc FROM {table} WHERE id = ?",
                             (record_id,)).fetchone()
            if row is None or row[0] is None:
                return 0
            restored = self._exec(f"UPDATE {table} SET deleted_utc = NULL WHERE id = ?",
                                  (record_id,)).rowcount
            if kind == "checkin":
                for child in ("doses", "side_effects"):
                    restored += self._exec(f"UPDATE {child} SET deleted_utc = NULL WHERE "
                                           "checkin_id = ? AND deleted_utc = ?",
                                           (record_id, row[0])).rowcount
        return restored

    def empty_trash(self) -> int:
        """Delete everything in the trash for good. A medication still used by a dose that
        is not in the trash stays in the trash; plans go with their medication. Returns how
        many records were removed."""
        removed = 0
        with self.transaction():
            for table in ("doses", "side_effects", "practices", "selfchecks"):
                removed += self._exec(f"DELETE FROM {table} WHERE deleted_utc IS NOT NULL"
                                      ).rowcount
            removed += self._exec("DELETE FROM checkins WHERE deleted_utc IS NOT NULL"
                                  ).rowcount
            gone = ("SELECT id FROM medications WHERE deleted_utc IS NOT NULL AND NOT EXISTS "
                    "(SELECT 1 FROM doses d WHERE d.medication_id = medications.id)")
            dead_plans = ("SELECT id FROM plans WHERE deleted_utc IS NOT NULL OR "
                          f"medication_id IN ({gone})")
            removed += self._exec("DELETE FROM plan_steps WHERE deleted_utc IS NOT NULL OR "
                                  f"plan_id IN ({dead_plans})").rowcount
            removed += self._exec(f"DELETE FROM plans WHERE id IN ({dead_plans})").rowcount
            removed += self._exec(f"DELETE FROM medications WHERE id IN ({gone})").rowcount
        return removed

    def list_trash(self) -> list[Record]:
        """Everything in the trash, most recently deleted first."""
        found: list[Record] = []
        for kind in TABLES:
            alias = ALIAS[kind]
            rows = self._fetch(f"{SELECT[kind]} WHERE {alias}.deleted_utc IS NOT NULL")
            found.extend(CONVERT[kind](r) for r in rows)
        found.sort(key=lambda r: (r.deleted_at, -KIND_ORDER[r.kind], r.id), reverse=True)
        return found

    def delete_selfcheck(self, check_id: int) -> int:
        """Move a self-check to the trash (`empty_trash` removes it for good)."""
        with self.transaction():
            return self._exec("UPDATE selfchecks SET deleted_utc = ? WHERE id = ? AND "
                              "deleted_utc IS NULL", (self._now_utc(), check_id)).rowcount

    def undo_delete_selfcheck(self, check_id: int) -> int:
        with self.transaction():
            return self._exec("UPDATE selfchecks SET deleted_utc = NULL WHERE id = ? AND "
                              "deleted_utc IS NOT NULL", (check_id,)).rowcount
