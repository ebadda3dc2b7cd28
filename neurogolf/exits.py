"""Exit codes of the `neurogolf` command, beside 0 (success) and 2 (bad usage): scripts and CI branch on them."""

EXIT_UNSOLVED = 3      # the task was read but no candidate passes every example
EXIT_BAD_INPUT = 4     # unknown id, missing folder, malformed task file, unreadable model or zip
EXIT_CHECK_FAILED = 5  # `check` found a model the competition would reject
