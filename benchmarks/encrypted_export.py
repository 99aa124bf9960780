"""Encrypted export (issue 18 part 4): `ebbtide export --encrypt` of the 100 000 check-ins
and doses of the journal benchmark, to an age key (-r) and with a passphrase file (scrypt,
which rage tunes to about a second), against the plain `ebbtide export` of the same journal
in the same run, end to end in fresh processes. The runs are interleaved so that load on
the machine hits each alike."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.journal import _time, big_journal


def run(rounds: int = 5) -> dict[str, float]:
    import pyrage

    paths = big_journal()
    env = {**os.environ, "EBBTIDE_HOME": str(paths.data_dir.parent)}
    out = Path(tempfile.mkdtemp(prefix="ebbtide-bench-age-"))
    pass_file = out / "pass"
    pass_file.write_text("a long benchmark passphrase\n")
    pass_file.chmod(0o600)
    key = str(pyrage.x25519.Identity.generate().to_public())
    export = [sys.executable, "-m", "ebbtide", "export", "--format", "csv", "-o"]
    kinds = {"plain": [], "key": ["--encrypt", "-r", key],
             "passphrase": ["--encrypt", "--export-passphrase-file", str(pass_file)]}
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    sizes: dict[str, int] = {}
    try:
        for index in range(rounds):
            for kind, extra in kinds.items():
                target = out / f"{kind}{index}.csv"
                times[kind].append(_time([*export, str(target), *extra], env))
                sizes[kind] = target.stat().st_size
    finally:
        shutil.rmtree(out, ignore_errors=True)
    result = {f"{kind}_ms": statistics.median(values) * 1000 for kind, values in times.items()}
    plain = result["plain_ms"]
    print(f"export csv, 100k check-ins + doses ({sizes['plain'] / 1e6:.1f} MB): plain "
          f"{plain:.0f} ms")
    for kind, label in (("key", "age-encrypted to a key"),
                        ("passphrase", "age-encrypted with a passphrase (scrypt)")):
        ratio = result[f"{kind}_ms"] / plain
        result[f"{kind}_ratio"] = ratio
        print(f"  {label}: {result[f'{kind}_ms']:.0f} ms -> ratio {ratio:.2f} "
              f"({sizes[kind] / 1e6:.1f} MB)")
    return result


if __name__ == "__main__":
    run()
