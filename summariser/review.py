"""Review decisions on drafted FAQ items, saved into the result JSON one at a time.

The result JSON of a release is the record of truth for its review: every decision is loaded,
applied and written back atomically (`store.save_result`) before the next one is asked for, so
quitting or a kill at any moment loses at most the item being typed, and running the review
again resumes at the first item that is still a draft.

Rules (enforced here, not in the CLI, so scripts and the interactive loop behave the same):

- `approve` keeps the drafted text. An item the release does not answer (`needs_input`) cannot
  be approved unchanged: the reviewer must write an answer (`edit`) or `reject` it.
  `approve` with a new answer or question is an `edit`. Approving an item whose text was edited
  before keeps the status `edited`: the status says whether the published text is the draft.
- `edit` sets the status `edited`, keeps the machine draft in `draft_answer` (on the first
  edit only, so later edits never overwrite it), clears `needs_input` and replaces the item's
  flags with a fresh faithfulness check of the new text (question and answer) by the same
  policy the pipeline drafts with (`faithfulness.check_faq_item`): against the release's German
  and English text and its dateline, a glossary answer also against the glossary's explanation.
- `reject` keeps the text and marks the item as not to be published.
- `add` appends a reviewer-written item: id `q<N+1>` (one above the highest `q<N>` id),
  origin `reviewer`, no evidence, status `edited` (a person wrote the text, so it is
  publishable without a further approval, like any other edit; `draft_answer` stays empty
  because there never was a machine draft), flags from the same faithfulness check.

Every decision records the reviewer and a UTC timestamp (`2025-01-31T09:15:00Z`).
"""

from __future__ import annotations

import getpass
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum
from pathlib import Path

from .errors import ConflictError, ReviewStateError, SettingsError
from .faithfulness import check_faq_item, reference_for
from .records import FaqItem, Flag, Origin, Result, Status
from .store import conflict, load_result, load_result_revision, save_result


class Action(StrEnum):
    """What a reviewer does with an item (see the rules above)."""

    APPROVE = "approve"
    EDIT = "edit"
    REJECT = "reject"
    ADD = "add"


ACTIONS = tuple(Action)
REVIEWER_ENV = "SUMMARISER_REVIEWER"
# Files in an output folder that are never release results.
_NOT_RESULTS = ("report.json",)
# Where batch kept its state (`state.json`) before it planned from the model's files; older
# output folders still have it, and a copy of a result in there is not a release of its own.
_STATE_DIR = ".summariser"
_ITEM_ID = re.compile(r"q(\d+)")


@dataclass(frozen=True, slots=True)
class Found:
    """Result files under a path, oldest first, and the files that look broken.

    `problems` holds one error per `*.json` file that is not JSON or is a summariser result
    that cannot be used (other format version, invalid state): a folder walk reports them and
    goes on with the others.
    """

    paths: tuple[Path, ...]
    problems: tuple[ReviewStateError, ...] = ()


def default_reviewer(explicit: str | None = None) -> str:
    """The reviewer's name: `explicit` (the --reviewer option), else $SUMMARISER_REVIEWER,
    else the login name."""
    for candidate in (explicit, os.environ.get(REVIEWER_ENV)):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        raise SettingsError(
            "cannot tell who is reviewing",
            hint=f"pass --reviewer NAME or set {REVIEWER_ENV}",
        ) from None


def utc_timestamp(now: datetime | None = None) -> str:
    """ISO 8601 in UTC with a `Z`, to the second. A naive `now` is taken to be UTC."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def scan(path: Path, pending_only: bool = False) -> Found:
    """Summariser result files at `path`: the file itself, or every `*.json` under a folder
    that has a `format_version` (skipping `report.json` and anything inside `.summariser/`),
    oldest first by modification time. With `pending_only`, only results that still have
    undecided FAQ items.

    A file given directly is returned as it is; `load_result` reports its problems.
    """
    if path.is_file():
        return Found((path,))
    if not path.exists():
        raise ReviewStateError(f"{path}: no such result file or folder")
    if not path.is_dir():
        raise ReviewStateError(f"{path}: not a result file or folder")
    found: list[tuple[float, str, Path]] = []
    problems: list[ReviewStateError] = []
    for candidate in path.rglob("*.json"):
        relative = candidate.relative_to(path)
        if not _may_be_result(relative) or not candidate.is_file():
            continue
        try:
            looks_like_result = _has_format_version(candidate)
        except ReviewStateError as exc:
            problems.append(exc)
            continue
        if not looks_like_result:
            continue
        if pending_only:
            try:
                if not pending(load_result(candidate)):
                    continue
            except ReviewStateError as exc:
                problems.append(exc)
                continue
        found.append((candidate.stat().st_mtime, str(relative), candidate))
    found.sort(key=lambda entry: entry[:2])
    return Found(tuple(p for *_, p in found), tuple(problems))


def _may_be_result(relative: Path) -> bool:
    """Where under a folder a result may be: a `.json` that is not a run report and not inside
    the state folder of an older batch (`.summariser/`)."""
    return relative.suffix == ".json" and relative.name not in _NOT_RESULTS and _STATE_DIR not in relative.parts[:-1]


def result_at(root: Path, key: str) -> Path | None:
    """The result file at `key` (a path relative to the folder `root`) if `scan(root)` would list
    it, else None: a key cannot reach outside the folder or any file that is not a result.
    One file is looked at, so a page of a large folder does not read every result in it."""
    relative = Path(key)
    if relative.is_absolute() or ".." in relative.parts or not _may_be_result(relative):
        return None
    candidate = root / relative
    try:
        inside = candidate.resolve().is_relative_to(root.resolve())
        return candidate if inside and candidate.is_file() and _has_format_version(candidate) else None
    except (OSError, ReviewStateError):
        return None


def _has_format_version(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewStateError(f"{path}: not valid JSON ({exc})") from None
    return isinstance(data, dict) and "format_version" in data


def pending(result: Result) -> list[FaqItem]:
    """The items still waiting for a decision, in the order of the FAQ."""
    return [item for item in result.faq if not item.decided]


def recheck(result: Result, item: FaqItem | None, question: str, answer: str) -> tuple[Flag, ...]:
    """Faithfulness flags for a new question and answer (of `item`, or of a new item)."""
    origin = item.origin if item is not None else Origin.REVIEWER
    return check_faq_item(question, answer, origin, reference_for(result))


def decide(
    path: Path,
    item_id: str | None,
    action: str,
    reviewer: str,
    answer: str | None = None,
    question: str | None = None,
    now: datetime | None = None,
    expected_revision: str | None = None,
    seen: FaqItem | None = None,
) -> Result:
    """Load the result at `path`, apply one decision, save it atomically and return it.

    `item_id` is ignored for `add` (the new id is chosen here). Raises `ReviewStateError` for an
    unknown item id or action and for a decision the rules above forbid; the file is then
    left as it was.

    `expected_revision` is the revision the reviewer saw (`store.load_result_revision`): when the
    file has changed since, `ConflictError` is raised and nothing is saved. A change made
    between this function's own load and save is refused the same way.
    """
    return decide_many(path, [(item_id, action, answer, question)], reviewer, now=now, seen=seen,
                       expected_revision=expected_revision)


Decision = tuple[str | None, str, str | None, str | None]  # item id, action, answer, question


def decide_many(
    path: Path,
    decisions: list[Decision],
    reviewer: str,
    now: datetime | None = None,
    seen: FaqItem | None = None,
    expected_revision: str | None = None,
) -> Result:
    """Apply several decisions in one save: all of them, or (on any error) none.

    One item decided twice is an error, not "the last one wins". The save is refused with
    `ConflictError` if the file changed between loading and saving it; with `seen` (the item as
    the reviewer was shown it) also when that item changed since it was shown, so a decision
    taken elsewhere meanwhile is never overwritten.
    """
    for _, action, _, _ in decisions:
        if action not in ACTIONS:
            raise ReviewStateError(
                f"unknown review action {action!r}", hint=f"choose one of: {', '.join(ACTIONS)}"
            )
    if not reviewer or not reviewer.strip():
        raise ReviewStateError("a review decision needs a reviewer name", hint="pass --reviewer NAME")
    ids = [item_id for item_id, action, _, _ in decisions if action != Action.ADD]
    repeated = sorted({i for i in ids if ids.count(i) > 1}, key=str)
    if repeated:
        raise ReviewStateError(
            f"{path}: {', '.join(map(str, repeated))} decided more than once in one command; nothing was saved",
            hint="give one decision per item",
        )
    result, revision = load_result_revision(path)
    if expected_revision is not None and expected_revision != revision:
        raise conflict(path)
    if seen is not None:
        current = next((x for x in result.faq if x.id == seen.id), None)
        if current != seen:
            raise ConflictError(
                f"{path}: {seen.id} was changed by someone else since it was shown; nothing was saved",
                hint="run the review again to see the item as it is now",
            )
    stamp = {"reviewer": reviewer.strip(), "decided_at": utc_timestamp(now)}
    updated = result
    for item_id, action, answer, question in decisions:
        if action == Action.ADD:
            new = _add(path, updated, question, answer, stamp)
            updated = updated.with_faq(updated.faq + (new,))
        else:
            item = _find(path, updated, item_id)
            new = _apply(path, updated, item, action, answer, question, stamp)
            updated = updated.with_faq(tuple(new if x.id == item.id else x for x in updated.faq))
    save_result(path, updated, expected_revision=revision)
    return updated


def _find(path: Path, result: Result, item_id: str | None) -> FaqItem:
    for item in result.faq:
        if item.id == item_id:
            return item
    valid = ", ".join(item.id for item in result.faq) or "(none)"
    raise ReviewStateError(f"{path}: no FAQ item {item_id!r}", hint=f"valid item ids: {valid}")


def _apply(
    path: Path,
    result: Result,
    item: FaqItem,
    action: str,
    answer: str | None,
    question: str | None,
    stamp: dict[str, str],
) -> FaqItem:
    new_answer = _clean(answer)
    new_question = _clean(question)
    for label, given, cleaned in (("answer", answer, new_answer), ("question", question, new_question)):
        if given is not None and cleaned is None:
            raise ReviewStateError(
                f"{path}: the new {label} of {item.id} is empty",
                hint=f"write a {label}, or reject the item (--set {item.id}=reject)",
            )
    changes_text = (new_answer is not None and new_answer != item.answer) or (
        new_question is not None and new_question != item.question
    )
    if action == Action.REJECT:
        if changes_text:
            raise ReviewStateError(
                f"{path}: {item.id} cannot be rejected and edited at once",
                hint="reject it without a new text, or edit it instead",
            )
        return item.with_changes(status=Status.REJECTED, **stamp)
    if action == Action.APPROVE and not changes_text:
        if item.needs_input:
            raise ReviewStateError(
                f"{path}: {item.id} cannot be approved unchanged: the release does not answer "
                f"{item.question!r}",
                hint=f"write an answer (summariser review {path} --answer {item.id} \"...\") "
                f"or reject it (--set {item.id}=reject)",
            )
        status = Status.EDITED if item.draft_answer is not None else Status.APPROVED
        return item.with_changes(status=status, **stamp)
    # An edit (or an approval that brings a new text).
    if not changes_text:
        if item.needs_input:
            raise ReviewStateError(
                f"{path}: {item.id} needs an answer: the release does not answer "
                f"{item.question!r}",
                hint=f"write a new answer or reject it (--set {item.id}=reject)",
            )
        raise ReviewStateError(
            f"{path}: the edit of {item.id} changes nothing", hint="approve it instead"
        )
    if item.needs_input and (new_answer is None or new_answer == item.answer):
        raise ReviewStateError(
            f"{path}: {item.id} needs an answer, not only a new question: the release does not "
            f"answer {item.question!r}",
            hint=f"write a new answer or reject it (--set {item.id}=reject)",
        )
    final_question = new_question if new_question is not None else item.question
    final_answer = new_answer if new_answer is not None else item.answer
    return item.with_changes(
        question=final_question,
        answer=final_answer,
        draft_answer=item.draft_answer if item.draft_answer is not None else item.answer,
        needs_input=False,
        flags=recheck(result, item, final_question, final_answer),
        status=Status.EDITED,
        **stamp,
    )


def _add(
    path: Path,
    result: Result,
    question: str | None,
    answer: str | None,
    stamp: dict[str, str],
) -> FaqItem:
    new_question, new_answer = _clean(question), _clean(answer)
    if not new_question or not new_answer:
        raise ReviewStateError(
            f"{path}: a new FAQ item needs both a question and an answer"
        )
    return FaqItem(
        id=next_item_id(result),
        question=new_question,
        answer=new_answer,
        evidence=(),
        origin=Origin.REVIEWER,
        flags=recheck(result, None, new_question, new_answer),
        status=Status.EDITED,
        reviewer=stamp["reviewer"],
        decided_at=stamp["decided_at"],
    )


def next_item_id(result: Result) -> str:
    """`q<N+1>` where N is the highest number among ids of the form `q<N>` (or their count)."""
    numbers = [int(m.group(1)) for x in result.faq if (m := _ITEM_ID.fullmatch(x.id))]
    taken = {x.id for x in result.faq}
    number = max(numbers, default=len(result.faq)) + 1
    while f"q{number}" in taken:
        number += 1
    return f"q{number}"


def _clean(text: str | None) -> str | None:
    """Strip surrounding whitespace; an empty text means "no new text"."""
    if text is None:
        return None
    text = text.strip()
    return text or None
