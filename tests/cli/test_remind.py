"""`ebbtide remind` and `ebbtide notify`: settings, install/uninstall through fake
systemctl and crontab scripts first on PATH, delivery, and one clear line for bad input."""

from __future__ import annotations

import errno
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.cli import main
from ebbtide.cli.commands import notify, remind
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths
from ebbtide.core.reminders import deliver
from tests.fake_programs import FakePrograms

NOW = datetime(2026, 11, 26, 20, 5, tzinfo=timezone(timedelta(hours=1)))
UNITS = "systemd/user"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(remind, "now", lambda: NOW)
    monkeypatch.setattr(notify, "now", lambda: NOW)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "person"))
    # No test may write to this machine's real terminals.
    monkeypatch.setattr(deliver, "PTS", tmp_path / "no-pts")
    # ...nor run this machine's systemctl or crontab (tests that need them add fakes).
    (tmp_path / "empty-bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
        monkeypatch.delenv(variable, raising=False)
    return tmp_path / "home"


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakePrograms:
    programs = FakePrograms(tmp_path)
    monkeypatch.setenv("PATH", str(programs.folder))
    return programs


def run(home: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(home), *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def test_all_off_by_default_then_add_and_remove(home: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(home, capsys, "remind")
    assert code == 0 and "checkin     off" in out
    assert out.endswith("All off. Turn one on with `ebbtide remind add checkin 20:00`.\n")
    assert run(home, capsys, "remind", "add", "checkin", "7:30")[0] == 0
    assert run(home, capsys, "remind", "add", "self-check", "--day", "fri")[0] == 0
    assert run(home, capsys, "remind", "quiet", "22:30", "07:30")[0] == 0
    assert run(home, capsys, "remind", "snooze", "30m")[1] == \
        "Reminders snoozed until 20:35 (Thu 26 Nov).\n"
    code, out, _ = run(home, capsys, "remind", "list")
    assert "checkin     on, daily 07:30" in out and "self-check  on, weekly fri 18:00" in out
    assert "Quiet hours: 22:30–07:30" in out and "Snoozed until 2026-11-26 20:35" in out
    assert out.endswith("Not scheduled yet: run `ebbtide remind install`.\n")
    toml = resolve_paths(home).config_dir / "reminders.toml"
    assert toml.stat().st_mode & 0o777 == 0o600
    assert run(home, capsys, "remind", "remove", "checkin")[0] == 0
    assert run(home, capsys, "remind", "snooze", "off")[0] == 0
    assert run(home, capsys, "remind", "quiet", "off")[0] == 0
    out = run(home, capsys, "remind")[1]
    assert "checkin     off" in out and "Quiet hours: none" in out and "Snoozed" not in out


@pytest.mark.parametrize(("args", "words"), [
    (("remind", "add", "nap"), "unknown reminder 'nap'. Kinds: dose, checkin"),
    (("remind", "add", "checkin", "24:00"), "a time of day looks like 08:00"),
    (("remind", "remove", "lunch"), "unknown reminder 'lunch'"),
    (("remind", "quiet", "22:00"), "a start and an end"),
    (("remind", "snooze", "later"), "a snooze looks like 30m"),
    (("notify", "lunch"), "unknown reminder 'lunch'"),
])
def test_bad_input_is_one_line(home: Path, capsys: pytest.CaptureFixture[str],
                               args: tuple[str, ...], words: str) -> None:
    code, _, err = run(home, capsys, *args)
    assert code == 2 and words in err and err.count("\n") == 1


def test_a_broken_file_is_named_and_kept(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml = resolve_paths(home).config_dir / "reminders.toml"
    toml.parent.mkdir(parents=True)
    toml.write_text('[reminders.checkin]\ntime = "20:00"\n[quiet_hours\n')
    for args in (("remind",), ("remind", "add", "dose"), ("notify", "checkin"),
                 ("remind", "install", "--dry-run")):
        code, _, err = run(home, capsys, *args)
        assert code == 2 and f"{toml}, line 3" in err
    assert toml.read_text().endswith("[quiet_hours\n")


def test_read_only_home_changes_nothing(home: Path, capsys: pytest.CaptureFixture[str],
                                        fakes: FakePrograms,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(path: Path, data: bytes) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    assert run(home, capsys, "remind", "add", "checkin")[0] == 0
    monkeypatch.setattr("ebbtide.core.reminders.config.write_private", read_only)
    code, _, err = run(home, capsys, "remind", "add", "wind-down")
    assert code == 2 and "could not save" in err and "Read-only file system" in err
    fakes.add("systemctl")
    monkeypatch.setattr("ebbtide.core.reminders.scheduler.write_private", read_only)
    code, _, err = run(home, capsys, "remind", "install")
    assert code == 2 and "Read-only file system; no reminder was scheduled" in err
    assert fakes.calls() == ["systemctl --user show-environment"]


def test_no_systemd_and_no_crontab(home: Path, capsys: pytest.CaptureFixture[str],
                                   fakes: FakePrograms) -> None:
    run(home, capsys, "remind", "add", "checkin")
    code, _, err = run(home, capsys, "remind", "install")
    assert code == 2 and "neither systemd" in err and "nor `crontab`" in err
    assert run(home, capsys, "remind", "uninstall")[1].startswith("No Ebbtide reminders")


def test_install_dry_run_exact(home: Path, capsys: pytest.CaptureFixture[str],
                               fakes: FakePrograms, tmp_path: Path) -> None:
    with Journal.open(resolve_paths(home)) as journal:
        journal.add_medication("baclofen", times=["08:00", "20:00"])
    run(home, capsys, "remind", "add", "dose")
    run(home, capsys, "remind", "add", "checkin", "21:00")
    command = f"{sys.executable} -m ebbtide --data-dir {home}"
    units = tmp_path / "xdg" / UNITS
    head = "# Written by `ebbtide remind install`; `ebbtide remind uninstall` removes it."
    expected = []
    for kind, calendar in (("dose", "OnCalendar=*-*-* 08:00:00\nOnCalendar=*-*-* 20:00:00"),
                           ("checkin", "OnCalendar=*-*-* 21:00:00")):
        expected += [
            f"Would write {units}/ebbtide-remind-{kind}.service:", head, "[Unit]",
            f"Description=Ebbtide reminder: {kind}", "", "[Service]", "Type=oneshot",
            f"ExecStart={command} notify {kind}", "",
            f"Would write {units}/ebbtide-remind-{kind}.timer:", head, "[Unit]",
            f"Description=Ebbtide reminder timer: {kind}", "", "[Timer]", calendar,
            "Persistent=true", "", "[Install]", "WantedBy=timers.target", ""]
    expected += ["Would run: systemctl --user daemon-reload",
                 "Would run: systemctl --user enable --now ebbtide-remind-checkin.timer "
                 "ebbtide-remind-dose.timer", ""]
    code, out, _ = run(home, capsys, "remind", "install", "--dry-run", "--using", "systemd")
    assert (code, out) == (0, "\n".join(expected))
    code, out, _ = run(home, capsys, "remind", "install", "--dry-run", "--using", "cron")
    assert out.splitlines()[1:] == [
        "# >>> ebbtide reminders (written by `ebbtide remind install`; `ebbtide remind "
        "uninstall` removes them)",
        f"0 8 * * * {command} notify dose", f"0 20 * * * {command} notify dose",
        f"0 21 * * * {command} notify checkin", "# <<< ebbtide reminders"]
    assert not units.exists() and fakes.calls() == []


def test_install_and_uninstall_with_systemd(home: Path, capsys: pytest.CaptureFixture[str],
                                            fakes: FakePrograms, tmp_path: Path) -> None:
    fakes.add("systemctl")
    fakes.add("crontab")
    fakes.crontab.write_text("5 3 * * * backup\n")
    run(home, capsys, "remind", "add", "checkin")
    run(home, capsys, "remind", "add", "wind-down")
    code, out, _ = run(home, capsys, "remind", "install")
    assert code == 0 and "Reminders scheduled" in out
    units = tmp_path / "xdg" / UNITS
    assert f"Scheduled with systemd user timers in {units}" in run(home, capsys, "remind")[1]
    names = sorted(p.name for p in units.iterdir())
    assert names == ["ebbtide-remind-checkin.service", "ebbtide-remind-checkin.timer",
                     "ebbtide-remind-wind-down.service", "ebbtide-remind-wind-down.timer"]
    assert all((units / n).stat().st_mode & 0o777 == 0o600 for n in names)
    assert fakes.calls()[-2:] == [
        "systemctl --user daemon-reload",
        "systemctl --user enable --now ebbtide-remind-checkin.timer "
        "ebbtide-remind-wind-down.timer"]
    # wind-down turned off: installing again takes its timer away
    run(home, capsys, "remind", "remove", "wind-down")
    run(home, capsys, "remind", "install")
    assert "systemctl --user disable --now ebbtide-remind-wind-down.timer" in fakes.calls()
    assert sorted(p.name for p in units.iterdir()) == names[:2]
    # what `systemctl enable` leaves behind goes too
    wants = units / "timers.target.wants"
    wants.mkdir()
    (wants / "ebbtide-remind-checkin.timer").symlink_to(units / names[1])
    code, out, _ = run(home, capsys, "remind", "uninstall", "--dry-run")
    assert out.count("would remove") == 3 and (units / names[0]).exists()
    code, out, _ = run(home, capsys, "remind", "uninstall")
    assert code == 0 and sorted(p.name for p in units.iterdir()) == ["timers.target.wants"]
    assert list(wants.iterdir()) == []
    assert fakes.calls()[-4:] == [
        "systemctl --user show-environment",
        "systemctl --user disable --now ebbtide-remind-checkin.timer",
        "systemctl --user daemon-reload", "crontab -l"]
    assert fakes.crontab.read_text() == "5 3 * * * backup\n"


def test_install_and_uninstall_with_cron(home: Path, capsys: pytest.CaptureFixture[str],
                                         fakes: FakePrograms, tmp_path: Path) -> None:
    fakes.add("crontab")
    theirs = "MAILTO=me\n# nightly\n5 3 * * * backup --all\n"
    fakes.crontab.write_text(theirs)
    run(home, capsys, "remind", "add", "self-check", "09:15", "--day", "mon")
    for _ in range(2):
        code, out, _ = run(home, capsys, "remind", "install")
        assert code == 0 and "added 1 line(s) to your crontab" in out
    assert run(home, capsys, "remind")[1].endswith("Scheduled in your crontab\n")
    table = fakes.crontab.read_text()
    assert table.startswith(theirs) and table.count("notify self-check") == 1
    assert f"15 9 * * 1 {sys.executable} -m ebbtide --data-dir {home} notify self-check" \
        in table
    assert not (tmp_path / "xdg" / UNITS).exists()
    assert run(home, capsys, "remind", "uninstall")[1] == \
        "removed Ebbtide's lines from your crontab\n"
    assert fakes.crontab.read_text() == theirs
    assert fakes.calls()[-2:] == ["crontab -l", "crontab -"]


def test_no_crontab_yet(home: Path, capsys: pytest.CaptureFixture[str],
                        fakes: FakePrograms) -> None:
    fakes.add("crontab")
    run(home, capsys, "remind", "add", "checkin")
    assert run(home, capsys, "remind", "install")[0] == 0
    assert fakes.crontab.read_text().count("notify checkin") == 1


def _journal_with_dose_due(home: Path) -> int:
    with Journal.open(resolve_paths(home), clock=lambda: NOW) as journal:
        med = journal.add_medication("baclofen", times=["08:00", "20:00"])
        journal.add_dose(med.id, amount_mg=10, scheduled_time="08:00",
                         at=NOW.replace(hour=8))
        return med.id


def test_notify_sends_only_what_is_still_relevant(home: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  fakes: FakePrograms,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fakes.add("notify-send")
    monkeypatch.setenv("DISPLAY", ":0")
    med_id = _journal_with_dose_due(home)
    assert run(home, capsys, "notify", "dose", "--why")[1] == \
        "silent: the dose reminder is off\n"
    run(home, capsys, "remind", "add", "dose")
    run(home, capsys, "remind", "add", "checkin", "20:00")
    code, out, _ = run(home, capsys, "notify", "dose")
    assert (code, out) == (0, "")  # the scheduler's mail stays empty
    assert fakes.calls()[-1].endswith("Ebbtide Dose time: baclofen (20:00). Once taken, "
                                      "log it in ebbtide.")
    with Journal.open(resolve_paths(home), clock=lambda: NOW) as journal:
        journal.add_dose(med_id, amount_mg=10, scheduled_time="20:00", at=NOW)
        journal.add_checkin(mood=6, anxiety=2, at=NOW)
    calls = len(fakes.calls())
    assert run(home, capsys, "notify", "dose", "--why")[1].startswith("silent: no dose due")
    assert run(home, capsys, "notify", "checkin", "--why")[1] == \
        "silent: already checked in today\n"
    assert len(fakes.calls()) == calls


def test_notify_respects_quiet_hours_and_snooze(home: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                fakes: FakePrograms,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    fakes.add("notify-send")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    run(home, capsys, "remind", "add", "wind-down")
    run(home, capsys, "remind", "quiet", "20:00", "07:00")
    assert run(home, capsys, "notify", "wind-down", "--why")[1] == \
        "silent: quiet hours (20:00–07:00)\n"
    run(home, capsys, "remind", "quiet", "off")
    run(home, capsys, "remind", "snooze", "1h")
    assert run(home, capsys, "notify", "wind-down", "--why")[1] == \
        "silent: snoozed until 21:05\n"
    run(home, capsys, "remind", "snooze", "off")
    assert run(home, capsys, "notify", "wind-down", "--why")[1].startswith("sent (desktop)")
    assert len([c for c in fakes.calls() if c.startswith("notify-send")]) == 1


def test_notify_without_desktop_or_terminal_sends_nothing(
        home: Path, capsys: pytest.CaptureFixture[str], fakes: FakePrograms) -> None:
    fakes.add("notify-send")
    run(home, capsys, "remind", "add", "checkin")
    code, out, _ = run(home, capsys, "notify", "checkin", "--why")
    assert code == 0 and out.startswith("sent (nowhere)") and fakes.calls() == []


def test_list_notices_when_medication_times_changed(home: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   fakes: FakePrograms) -> None:
    from dataclasses import replace

    fakes.add("crontab")
    with Journal.open(resolve_paths(home)) as journal:
        med = journal.add_medication("baclofen", times=["08:00", "20:00"])
    run(home, capsys, "remind", "add", "dose")
    run(home, capsys, "remind", "install")
    assert "do not match" not in run(home, capsys, "remind")[1]
    with Journal.open(resolve_paths(home)) as journal:
        journal.update_medication(replace(med, times=("09:00", "20:00")))
    assert run(home, capsys, "remind")[1].endswith(
        "The scheduled dose reminders do not match your medication times: run `ebbtide "
        "remind install` again.\n")
