"""Writing one finished result: the Markdown, then the JSON, never over a reviewer's work."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReviewStateError
from ..pipeline import failure_reason
from ..records import Result
from ..render import markdown
from ..store import current_revision, load_result_revision, save_result, write_atomic


def write_result(out: Path, result: Result, force: bool) -> tuple[str, str]:
    """Write `result` as `out`.md and `out`.json; the (status, reason) of its row."""
    json_path = out.with_name(out.name + ".json")
    try:
        kept, revision = _reviewed_meanwhile(json_path, force)
        if kept is not None:
            return kept
        write_atomic(out.with_name(out.name + ".md"), markdown(result))
        # Last: a result JSON on disk means "done". A review saved since the file was read
        # above makes this a ConflictError, so the review is never overwritten.
        save_result(json_path, result, expected_revision=revision)
    except OSError as exc:
        return "failed", f"cannot write the result: {exc.strerror or exc}"
    except Exception as exc:  # noqa: BLE001 - one odd release must not stop the batch
        return "failed", failure_reason(exc)
    return "ok", ""


def _reviewed_meanwhile(json_path: Path, force: bool) -> tuple[tuple[str, str] | None, str | None]:
    """(status, reason) when the result must not be written — a reviewer decided items while
    it was being made, or the file on disk was damaged meanwhile — and the revision of the
    file as read, so that the save refuses any change made after this one read."""
    if force:
        return None, current_revision(json_path)
    try:
        existing, revision = load_result_revision(json_path)
    except ReviewStateError as exc:
        if not json_path.exists():
            return None, None
        return ("failed", f"the existing result cannot be used ({exc.message}); move it away or use --force"), None
    decided = sum(1 for item in existing.faq if item.decided)
    if not decided:
        return None, revision
    return ("skipped", (f"reviewed during this run: {decided} decision{'s' * (decided != 1)} kept; "
                        "use --force to overwrite")), revision
