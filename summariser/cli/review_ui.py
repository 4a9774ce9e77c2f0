"""What `review` shows and asks: the item panels, evidence tables, prompts and the loop.

Kept apart from the command definitions (`cli/review.py`) so that `summariser --help` does not
import rich's widgets or the review core it never uses.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import review as core
from ..errors import ReviewStateError
from ..records import FaqItem, Flag, Result
from ..store import load_result

MENU = "[a]pprove [e]dit [r]eject [s]kip [n]ew question [q]uit"
CHOICES = ("a", "e", "E", "r", "s", "n", "q")


class _Quit(Exception):
    """The reviewer chose quit (or closed the input) in the interactive loop."""


def run(path: Path, reviewer: str | None, list_items: bool, sets: list[str] | None,
        answer: tuple[str, str] | None) -> None:
    console = Console(highlight=False)
    if sets or answer:
        _decide_from_options(console, path, core.default_reviewer(reviewer), sets or [], answer)
    if list_items:
        _list(console, path)
    if sets or answer or list_items:
        return
    _interactive(console, path, core.default_reviewer(reviewer))


# Non-interactive ------------------------------------------------------------------------------


def _decide_from_options(
    console: Console, path: Path, reviewer: str, sets: list[str], answer: tuple[str, str] | None
) -> None:
    if path.is_dir():
        raise ReviewStateError(
            f"{path}: is a folder; --set and --answer need one result JSON",
            hint="item ids belong to one release: pass its JSON file",
        )
    decisions: list[tuple[str, str]] = []
    for entry in sets:
        item_id, sep, action = entry.partition("=")
        if not sep or action.strip() not in (core.Action.APPROVE, core.Action.REJECT) or not item_id.strip():
            raise ReviewStateError(f"--set {entry!r}: expected ITEM=approve or ITEM=reject")
        decisions.append((item_id.strip(), action.strip()))
    answers = {answer[0].strip(): answer[1]} if answer else {}
    before = {x.id: x.flags for x in load_result(path).faq}  # a broken file fails before any decision
    # All decisions are checked and saved together: one bad item id saves none of them.
    todo: list[core.Decision] = [(i, action, answers.get(i), None) for i, action in decisions]
    todo += [(i, core.Action.EDIT, text, None) for i, text in answers.items() if i not in dict(decisions)]
    result = core.decide_many(path, todo, reviewer)
    for decided_id, *_ in todo:
        item = next(x for x in result.faq if x.id == decided_id)
        console.print(Text(f"{item.id}: {item.status} by {item.reviewer} at {item.decided_at}"))
        if item.id in answers:
            _print_flags(console, item.flags, "The new answer", before=before.get(item.id, ()))


def _list(console: Console, path: Path) -> None:
    found = core.scan(path)
    for result_path in found.paths:
        result = load_result(result_path)
        table = Table(title=str(result_path), title_justify="left")
        for column in ("id", "status", "flags", "question", "reviewer", "decided at"):
            table.add_column(column, overflow="fold")
        for item in result.faq:
            table.add_row(
                item.id, item.status, _flag_summary(item), item.question,
                item.reviewer or "", item.decided_at or "",
            )
        console.print(table)
    _report_problems(console, found)
    if not found.paths:
        console.print(Text(f"No summariser results under {path}."))
    if found.problems:
        raise ReviewStateError(f"{len(found.problems)} file(s) under {path} could not be read", hint="see the messages above")


def _flag_summary(item: FaqItem) -> str:
    parts = ["needs input"] if item.needs_input else []
    parts += [f"{f.kind}: {f.value}" for f in item.flags]
    return ", ".join(parts)


# Interactive ----------------------------------------------------------------------------------


def _interactive(console: Console, path: Path, reviewer: str) -> None:
    found = core.scan(path, pending_only=True)
    _report_problems(console, found)
    counts = [len(core.pending(load_result(p))) for p in found.paths]
    if path.is_dir():
        console.print(Text(f"{len(found.paths)} releases with {sum(counts)} items left", style="bold"))
    try:
        for result_path in found.paths:
            _review_file(console, result_path, reviewer)
    except _Quit:
        left = sum(len(core.pending(load_result(p))) for p in found.paths)
        console.print(Text(f"Stopped. {left} items left; run the same command again to resume."))
    else:
        if not found.paths:
            console.print(Text(f"Nothing left to review in {path}."))
        elif not any(core.pending(load_result(p)) for p in found.paths):
            console.print(Text("All items decided. Export with: summariser export PATH --format md|html|jsonld"))
        else:
            left = sum(len(core.pending(load_result(p))) for p in found.paths)
            console.print(Text(f"{left} skipped items left; run the same command again to review them."))
    if found.problems:
        raise ReviewStateError(f"{len(found.problems)} file(s) under {path} could not be read", hint="see the messages above")


def _review_file(console: Console, path: Path, reviewer: str) -> None:
    result = load_result(path)
    todo = [item.id for item in core.pending(result)]
    console.rule(Text(path.name))
    console.print(Text(f"{path}: {len(todo)} items left"))
    for position, item_id in enumerate(todo, 1):
        while True:
            result = load_result(path)
            item = next((x for x in result.faq if x.id == item_id), None)
            if item is None or item.decided:  # decided elsewhere meanwhile
                break
            console.print(_item_panel(result, item, f"{position}/{len(todo)}"))
            if _act(console, path, result, item, reviewer):
                break


def _act(console: Console, path: Path, result: Result, item: FaqItem, reviewer: str) -> bool:
    """Ask for one choice and carry it out; True when the item is done (decided or skipped)."""
    choice = _prompt_choice()
    try:
        if choice == "q":
            raise _Quit
        if choice == "s":
            return True
        if choice in ("a", "r"):
            core.decide(path, item.id, core.Action.APPROVE if choice == "a" else core.Action.REJECT, reviewer, seen=item)
            console.print(Text(f"{item.id}: {'approved' if choice == 'a' else 'rejected'}", style="green"))
            return True
        if choice in ("e", "E"):
            return _edit(console, path, result, item, reviewer, editor=choice == "E")
        if choice == "n":
            _add(console, path, result, reviewer)
            return False
    except ReviewStateError as exc:
        console.print(Text(f"Not saved: {exc.message}", style="red"))
        if exc.hint:
            console.print(Text(f"Hint: {exc.hint}", style="yellow"))
    return False


def _prompt_choice() -> str:
    try:
        return click.prompt(
            MENU, type=click.Choice(CHOICES, case_sensitive=True), show_choices=False, prompt_suffix="\n> "
        )
    except click.Abort:  # end of input or Ctrl-C: same as quit, nothing unsaved is lost
        raise _Quit from None


def _ask(text: str, default: str = "") -> str:
    try:
        return click.prompt(text, default=default, show_default=False)
    except click.Abort:
        raise _Quit from None


def _confirm(text: str) -> bool:
    try:
        return click.confirm(text, default=True)
    except click.Abort:
        raise _Quit from None


def _edit(console: Console, path: Path, result: Result, item: FaqItem, reviewer: str, editor: bool) -> bool:
    if editor:
        question = item.question
        answer = _from_editor(item.answer)
    else:
        question = _ask("Question (Enter keeps it)", default="").strip() or item.question
        answer = _ask("Answer (Enter opens $EDITOR for a long text)", default="").strip()
        if not answer:
            answer = _from_editor(item.answer)
    if question == item.question and answer == item.answer:
        console.print(Text("Nothing changed.", style="yellow"))
        return False
    flags = core.recheck(result, item, question, answer)
    _print_flags(console, flags, "The edited text", before=item.flags)
    if not _confirm("Save this edit?"):
        console.print(Text("Not saved.", style="yellow"))
        return False
    core.decide(path, item.id, core.Action.EDIT, reviewer, answer=answer, question=question, seen=item)
    console.print(Text(f"{item.id}: edited", style="green"))
    return True


def _add(console: Console, path: Path, result: Result, reviewer: str) -> None:
    question = _ask("New question", default="").strip()
    answer = _ask("Answer (Enter opens $EDITOR)", default="").strip() if question else ""
    if question and not answer:
        answer = _from_editor("")
    if not question or not answer:
        console.print(Text("No new question added (it needs a question and an answer).", style="yellow"))
        return
    flags = core.recheck(result, None, question, answer)
    _print_flags(console, flags, "The new item")
    if not _confirm("Add this question?"):
        console.print(Text("Not added.", style="yellow"))
        return
    updated = core.decide(path, None, core.Action.ADD, reviewer, answer=answer, question=question)
    console.print(Text(f"{updated.faq[-1].id}: added", style="green"))


def _from_editor(text: str) -> str:
    try:
        edited = click.edit(text, extension=".txt", require_save=True)
    except click.ClickException as exc:
        raise ReviewStateError(
            f"cannot open the editor: {exc.message}", hint="set $EDITOR, or type the answer inline"
        ) from None
    return text if edited is None else edited.strip()


# Rendering ------------------------------------------------------------------------------------


def _item_panel(result: Result, item: FaqItem, position: str) -> Panel:
    body: list = [
        Text(item.question, style="bold"),
        Text(item.answer),
    ]
    flags = Text()
    if item.needs_input:
        flags.append("needs input: the release does not answer this; write an answer or reject\n", style="yellow")
    for flag in item.flags:
        flags.append(f"{flag.kind}: {flag.message}\n", style="red")
    if flags:
        body.append(flags)
    body.append(_evidence_table(result, item))
    title = Text(f"{item.id} · {item.origin} · {item.status} · {position}")
    return Panel(Group(*body), title=title, title_align="left")


def _evidence_table(result: Result, item: FaqItem) -> Table | Text:
    if not item.evidence:
        return Text("No evidence in the release.", style="dim")
    table = Table(show_header=True, expand=True)
    table.add_column("id", no_wrap=True)
    # An English release has no German side: its sentences are shown once, as written.
    source_column = "German" if result.lang == "de" else "Release"
    table.add_column(source_column, ratio=1)
    table.add_column("English", ratio=1)
    for sentence_id in item.evidence:
        sentence = result.sentence(sentence_id)
        if sentence is None:
            table.add_row(sentence_id, Text("(not in this result)", style="red"), "")
        else:
            table.add_row(sentence_id, Text(sentence.de), Text(sentence.en))
    return table


def _print_flags(console: Console, flags: tuple[Flag, ...], what: str, before: tuple[Flag, ...] = ()) -> None:
    if not flags:
        console.print(Text(f"{what} passes the faithfulness check.", style="green"))
        return
    console.print(Text(f"{what} has {len(flags)} faithfulness flag(s):", style="red bold"))
    for flag in flags:
        new = "" if flag in before else " (new)"
        console.print(Text(f"  {flag.kind}: {flag.message}{new}", style="red"))


def _report_problems(console: Console, found: core.Found) -> None:
    for problem in found.problems:
        console.print(Text(f"Skipped {problem.message}", style="red"))
