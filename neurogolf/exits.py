"""Exit codes of the `neurogolf` command, beside 0 (success): scripts and CI branch on them."""

EXIT_USAGE = 2         # a bad flag, or a bad NEUROGOLF_* variable
EXIT_UNSOLVED = 3      # the task was read but no candidate passes every example
EXIT_BAD_INPUT = 4     # unknown id, missing folder, malformed task file / neurogolf.toml / CSV, unreadable model or zip
EXIT_CHECK_FAILED = 5  # `check` found a model the competition would reject, a misnamed file, or no model at all
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT), as shells report it


class ConfigError(Exception):
    """A setting the user must fix (malformed neurogolf.toml, a bad NEUROGOLF_* value): the command stops
    with one line and `code`."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code
