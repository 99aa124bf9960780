"""Sub-commands. Each module has `register(subparsers)`; its parser sets `handler` to a
function `(args, ctx) -> exit code`. Heavy imports stay inside handlers so `--help`,
`--version` and `log` start fast."""

COMMAND_MODULES = (
    "ebbtide.commands.read",
    "ebbtide.commands.paths",
    "ebbtide.commands.breathe",
    "ebbtide.commands.doctor",
    "ebbtide.commands.meditate",
    "ebbtide.commands.timer",
    "ebbtide.commands.log",
    "ebbtide.commands.history",
    "ebbtide.commands.export",
    "ebbtide.commands.import_cmd",
    "ebbtide.commands.report",
    "ebbtide.commands.check",
    "ebbtide.commands.insights",
)
