"""`ebbtide doctor [--play-test]`: is sound going to work here, and if not, why."""

from __future__ import annotations

import argparse
import platform
import sys

from ebbtide.cli.context import CommandContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("doctor", help="check the sound setup (and play a test)")
    parser.add_argument("--play-test", action="store_true",
                        help="play the bell and both breath tones; exit 1 if playback fails")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from ebbtide.audio import doctor
    from ebbtide.core.settings import load_settings

    out = ctx.out

    def line(label: str, text: str) -> None:
        print(f"{label:<14}{text}", file=out, flush=True)

    line("python", f"{platform.python_version()} ({sys.executable})")
    imported = doctor.check_import()
    line("simpleaudio", imported.detail)
    alsa = doctor.check_alsa_default()
    line("alsa default", alsa.detail)

    loaded = load_settings(ctx.paths.settings_file)
    settings = loaded.settings
    sound = "on" if settings.sound else "off"
    line("settings", f"sound {sound}, volume {settings.volume}, breath cues "
         f"{'on' if settings.breath_cues else 'off'}, bells {'on' if settings.bells else 'off'}")
    for problem in loaded.problems:
        line("", problem)
    if ctx.overrides.no_sound:
        line("", "--no-sound: this run is silent")

    if not settings.sound or ctx.overrides.no_sound:
        line("sound", "silent (sound is off)")
    elif imported.ok and alsa.ok:
        line("sound", "simpleaudio in a helper process")
    else:
        line("sound", "terminal bell (simpleaudio cannot play here)")
    from ebbtide.audio.speech_engine import INSTALL_HINT, find_engine

    engine = find_engine()
    voice = "on" if settings.voice else "off in settings"
    line("voice", f"{engine.label}, {voice}" if engine else f"none ({INSTALL_HINT})")
    line("", f"speech cache {ctx.paths.speech_cache_dir}")

    if not args.play_test:
        return 0

    volume = settings.volume
    if volume == 0:
        volume = 50
        line("", "volume is 0 in settings; the test plays at 50")

    def show(check: doctor.CueCheck) -> None:
        line("", f"{check.name:<7} {'ok' if check.ok else 'FAILED'}  {check.detail}")

    line("play test", "bell, inhale, exhale ...")
    passed, status, checks = doctor.play_test(volume, on_line=show)
    if passed:
        worst = max(c.latency or 0.0 for c in checks)
        line("", f"passed: all cues played ({status}); slowest start {worst * 1000:.1f} ms")
        return 0
    if not checks:
        line("", f"FAILED: {status}")
    else:
        line("", "FAILED: not every cue played")
    return 1
