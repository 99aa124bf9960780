"""`ebbtide encrypt`, `decrypt` and `passphrase`, and every journal command on an encrypted
journal: the passphrase comes from a prompt without echo or a file, never the command
line; a wrong, empty, missing or unreadable one gets a clear message and changes nothing."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from ebbtide.cli import main, passphrases
from ebbtide.core.journal import cipher
from ebbtide.core.paths import resolve_paths
from tests.quick_crypto import journal_keys_derived_once  # noqa: F401 (autouse)

NOTE = "a very private note about Tuesday"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def _file(tmp_path: Path, name: str, content: bytes, mode: int = 0o600) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    os.chmod(path, mode)
    return path


def _run(home: Path, capsys: pytest.CaptureFixture[str], *args: str
         ) -> tuple[int, str, str]:
    cipher.forget()  # each command line is a new process: nothing held from the last one
    code = main(["--data-dir", str(home), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _folder(home: Path) -> dict[str, bytes]:
    data = resolve_paths(home).data_dir
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def encrypted_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a journal with one note, encrypted (`home`), and its passphrase file
    (`pass`), made once for the module: each test gets a copy."""
    root = tmp_path_factory.mktemp("encrypted")
    secret = _file(root, "pass", b"tide and moon\n")
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(out), \
            redirect_stderr(io.StringIO()):
        patch.setenv("EBBTIDE_HOME", str(root / "ebbtide-home"))
        for command in (["log", "--mood", "5", "--anxiety", "3", "--note", NOTE],
                        ["encrypt", "--new-passphrase-file", str(secret), "--yes"]):
            cipher.forget()
            assert main(["--data-dir", str(root / "home"), *command]) == 0, out.getvalue()
        cipher.forget()
    assert "cannot be recovered" in out.getvalue()
    assert "The journal is encrypted" in out.getvalue()
    return root


@pytest.fixture
def encrypted(home: Path, tmp_path: Path, encrypted_once: Path) -> Path:
    """A journal with one note, encrypted; returns the passphrase file."""
    shutil.copytree(encrypted_once / "home", home)
    return Path(shutil.copy2(encrypted_once / "pass", tmp_path / "pass"))


def test_log_and_reading_commands_work_with_the_passphrase_file(
        home: Path, encrypted: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    journal = resolve_paths(home).journal_file
    assert cipher.is_encrypted(journal) and NOTE.encode() not in journal.read_bytes()
    flag = ("--passphrase-file", str(encrypted))
    for _ in range(2):  # the full path (first), then the everyday fast path
        code, out, _ = _run(home, capsys, *flag, "log", "--mood", "7", "--anxiety", "2",
                            "--note", "second")
        assert code == 0 and "Saved check-in" in out
    monkeypatch.setenv(passphrases.ENV_FILE, str(encrypted))
    code, out, _ = _run(home, capsys, "search", "private")
    assert code == 0 and "Tuesday" in out
    code, out, _ = _run(home, capsys, "history")
    assert code == 0 and "3 check-ins" in out
    code, out, _ = _run(home, capsys, "status")
    assert code == 0
    for command in (["notes"], ["meds"], ["insights"], ["check"], ["restore", "--list"]):
        code, out, err = _run(home, capsys, *command)
        assert code == 0, (command, err)
        assert "damaged" not in out + err


def test_a_wrong_passphrase_file_changes_nothing(home: Path, encrypted: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    wrong = _file(tmp_path, "wrong", b"tide and mood\n")
    before = _folder(home)
    code, _, err = _run(home, capsys, "--passphrase-file", str(wrong), "log", "--mood", "5",
                        "--anxiety", "5")
    assert code == 2 and "does not unlock" in err and "damaged" not in err
    code, _, err = _run(home, capsys, "--passphrase-file", str(wrong), "passphrase",
                        "--new-passphrase-file", str(wrong), "--yes")
    assert code == 2 and "does not unlock" in err
    assert _folder(home) == before


@pytest.mark.parametrize(("content", "mode", "message"), [
    (b"", 0o600, "is empty"),
    (b"\n", 0o600, "is empty"),
    (b"caf\xe9 au lait\n", 0o600, "not valid UTF-8"),
    (None, 0o600, "does not exist"),
])
def test_bad_passphrase_files_get_a_clear_message(
        home: Path, encrypted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        content: bytes | None, mode: int, message: str) -> None:
    bad = tmp_path / "bad" if content is None else _file(tmp_path, "bad", content, mode)
    before = _folder(home)
    for command in (["log", "--mood", "5", "--anxiety", "5"], ["history"]):
        code, _, err = _run(home, capsys, "--passphrase-file", str(bad), *command)
        assert code == 2 and message in err and "Traceback" not in err
    code, _, err = _run(home, capsys, "--passphrase-file", str(encrypted), "passphrase",
                        "--new-passphrase-file", str(bad), "--yes")
    assert code == 2 and message in err
    assert _folder(home) == before


def test_a_world_readable_passphrase_file_warns_but_works(
        home: Path, encrypted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.chmod(encrypted, 0o644)
    code, _, err = _run(home, capsys, "history", "--passphrase-file", str(encrypted))
    assert code == 0
    assert "others on this machine can read the passphrase file" in err and "chmod 600" in err


def test_no_terminal_and_no_file_says_how_to_give_it(
        home: Path, encrypted: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passphrases, "can_prompt", lambda: False)
    code, _, err = _run(home, capsys, "history")
    assert code == 2 and "--passphrase-file" in err and "EBBTIDE_PASSPHRASE_FILE" in err


def _typed(monkeypatch: pytest.MonkeyPatch, *answers: str, confirm: str = "y\n") -> list[str]:
    """The terminal: `answers` to the hidden prompts (in turn), `confirm` to y/N."""
    asked: list[str] = []
    typed: Iterator[str] = iter(answers)

    def prompt(text: str) -> str:
        asked.append(text)
        return next(typed)

    monkeypatch.setattr(passphrases, "can_prompt", lambda: True)
    monkeypatch.setattr(passphrases, "prompt", prompt)
    monkeypatch.setattr(sys, "stdin", io.StringIO(confirm))
    return asked


def test_encrypt_asks_twice_and_warns_before_starting(
        home: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(home, capsys, "log", "--mood", "5", "--anxiety", "3", "--note", NOTE)[0] == 0
    before = _folder(home)
    _typed(monkeypatch, "one passphrase", "another")
    code, out, err = _run(home, capsys, "encrypt")
    assert code == 2 and "differ" in err and "cannot be recovered" in out
    _typed(monkeypatch, "same", "same", confirm="n\n")
    code, out, err = _run(home, capsys, "encrypt")
    assert code == 2 and "nothing was changed" in err
    assert _folder(home) == before
    asked = _typed(monkeypatch, "same", "same")
    code, out, _ = _run(home, capsys, "encrypt")
    assert code == 0 and len(asked) == 2
    assert out.index("cannot be recovered") < out.index("The journal is encrypted")
    asked = _typed(monkeypatch, "wrong", "same")
    code, out, err = _run(home, capsys, "history")
    assert code == 0 and "Try again" in err and len(asked) == 2


def test_three_wrong_prompts_end_the_command(
        home: Path, encrypted: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = _folder(home)
    asked = _typed(monkeypatch, "a", "b", "c", "d")
    code, _, err = _run(home, capsys, "log", "--mood", "5", "--anxiety", "5")
    assert code == 2 and len(asked) == 3 and "does not unlock" in err
    assert _folder(home) == before


def test_passphrase_then_decrypt_keep_every_entry(
        home: Path, encrypted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    new = _file(tmp_path, "new", b"low tide\n")
    code, out, _ = _run(home, capsys, "--passphrase-file", str(encrypted), "passphrase",
                        "--new-passphrase-file", str(new), "--yes")
    assert code == 0 and "same rows as before" in out
    code, _, err = _run(home, capsys, "--passphrase-file", str(encrypted), "history")
    assert code == 2 and "does not unlock" in err
    code, out, _ = _run(home, capsys, "--passphrase-file", str(new), "decrypt", "--yes")
    assert code == 0 and "plain text" in out
    assert not cipher.is_encrypted(resolve_paths(home).journal_file)
    code, out, _ = _run(home, capsys, "search", "Tuesday")
    assert code == 0 and "private" in out
    code, _, err = _run(home, capsys, "decrypt", "--yes")
    assert code == 2 and "not encrypted" in err


def test_encrypt_needs_the_extra(home: Path, capsys: pytest.CaptureFixture[str],
                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(home, capsys, "log", "--mood", "5", "--anxiety", "3")[0] == 0
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    secret = _file(tmp_path, "pass", b"tide\n")
    code, _, err = _run(home, capsys, "encrypt", "--new-passphrase-file", str(secret),
                        "--yes")
    assert code == 2 and "ebbtide[encryption]" in err


def test_plain_log_never_imports_sqlcipher_and_encrypted_log_runs(
        home: Path, encrypted: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    probe = ("import sys; from ebbtide.cli import main; code = main(sys.argv[1:]); "
             "print(code, 'sqlcipher3' in sys.modules)")
    base = [sys.executable, "-c", probe]
    for _ in range(2):  # the first log creates the journal; the second is the fast path
        done = subprocess.run([*base, "--data-dir", str(plain), "log", "--mood", "5",
                               "--anxiety", "4"], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 False"
    done = subprocess.run([*base, "--data-dir", str(home), "--passphrase-file",
                           str(encrypted), "log", "--mood", "5", "--anxiety", "4"],
                          capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL)
    assert done.stdout.splitlines()[-1] == "0 True"


def test_status_and_notify_without_a_passphrase_stay_quiet(
        home: Path, encrypted: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A tmux status line or a cron reminder has no terminal to ask on: the line shows the
    journal as unavailable instead of an error every few seconds."""
    from ebbtide.core.journal import status_line

    monkeypatch.setattr(passphrases, "can_prompt", lambda: False)
    code, out, err = _run(home, capsys, "status")
    assert code == 0 and out.strip() == status_line.UNAVAILABLE and err == ""
