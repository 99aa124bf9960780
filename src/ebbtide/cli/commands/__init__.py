"""Sub-commands. Each module has `register(subparsers)`; its parser sets `handler` to a
function `(args, ctx) -> exit code`. Heavy imports stay inside handlers so `--help`,
`--version` and `log` start fast."""

COMMAND_MODULES = (
    "ebbtide.cli.commands.read",
    "ebbtide.cli.commands.paths",
    "ebbtide.cli.commands.breathe",
    "ebbtide.cli.commands.doctor",
    "ebbtide.cli.commands.meditate",
    "ebbtide.cli.commands.timer",
    "ebbtide.cli.commands.log",
    "ebbtide.cli.commands.history",
    "ebbtide.cli.commands.search",
    "ebbtide.cli.commands.export",
    "ebbtide.cli.commands.import_cmd",
    "ebbtide.cli.commands.report",
    "ebbtide.cli.commands.check",
    "ebbtide.cli.commands.insights",
    "ebbtide.cli.commands.notes",
    "ebbtide.cli.commands.serve",
    "ebbtide.cli.commands.status",
    "ebbtide.cli.commands.remind",
    "ebbtide.cli.commands.notify",
    "ebbtide.cli.commands.meds",
    "ebbtide.cli.commands.restore",
    "ebbtide.cli.commands.sos",
    "ebbtide.cli.commands.sleep",
)
