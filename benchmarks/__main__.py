"""python -m benchmarks [NAME ...]: run benchmarks and print ratios against baselines."""

from __future__ import annotations

import argparse
import importlib

BENCHMARKS = ("startup", "startup_instructions", "pacer", "timer", "journal", "calendar",
              "reader", "sound", "soundscape", "speech", "serve", "status", "report_pdf",
              "imports", "search", "encryption", "encrypted_export")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"which to run (default all): {', '.join(BENCHMARKS)}")
    args = parser.parse_args()
    unknown = sorted(set(args.names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    # An installed app has its bytecode compiled by pip; a checkout under
    # PYTHONDONTWRITEBYTECODE would otherwise recompile every module on every start.
    import compileall
    from pathlib import Path

    import ebbtide

    compileall.compile_dir(str(Path(ebbtide.__file__).parent), quiet=1)
    for name in args.names or BENCHMARKS:
        print(f"== {name}")
        importlib.import_module(f"benchmarks.{name}").run()


if __name__ == "__main__":
    main()
