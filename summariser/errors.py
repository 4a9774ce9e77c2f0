"""One error tree for everything a user can be told about.

The CLI catches `SummariserError` once and prints `Error:` and `Hint:` lines; each class
carries its own exit code so scripts can tell bad input from a missing model.
"""

from __future__ import annotations


class SummariserError(Exception):
    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(SummariserError):
    """The release itself cannot be used: empty, binary, undecodable, too large, no sentences."""

    exit_code = 2


class ModelLoadError(SummariserError):
    """The translation model could not be loaded from the hub id or folder given."""

    exit_code = 4


class BackendUnavailable(SummariserError):
    """A translation backend was asked for whose optional package is not installed."""

    exit_code = 4


class OutputError(SummariserError):
    """An output file or folder cannot be written."""

    exit_code = 5


class ReviewStateError(SummariserError):
    """A result JSON is missing, malformed, of another format version or in an invalid state."""

    exit_code = 6


class SettingsError(SummariserError):
    """A setting (CLI option, environment variable or config file) has an invalid value."""

    exit_code = 2


class ConflictError(ReviewStateError):
    """A result file changed on disk between loading it and saving a decision (another review,
    a batch run or another browser tab wrote it): the decision is refused, never merged blindly."""
