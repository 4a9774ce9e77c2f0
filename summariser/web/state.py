"""What the release list and the release page show, computed from the result files alone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..export import title_of
from ..records import Aligned, FaqItem, Flag, Result, Status

# The release-list filters: name -> label (`ReleaseState.shown_by` applies them).
FILTERS = {
    "all": "All releases",
    "todo": "Items to review",
    "needs_input": "Needs input",
    "flagged": "Flagged",
    "done": "Fully reviewed",
}


@dataclass(frozen=True, slots=True)
class ReleaseState:
    """One row of the release list."""

    key: str
    title: str
    to_review: int
    approved: int
    rejected: int
    needs_input: int
    flagged: int

    @classmethod
    def of(cls, key: str, result: Result) -> ReleaseState:
        faq = result.faq
        return cls(
            key=key,
            title=title_of(result),
            to_review=sum(not x.decided for x in faq),
            approved=sum(x.publishable for x in faq),
            rejected=sum(x.status == Status.REJECTED for x in faq),
            needs_input=sum(x.needs_input and not x.decided for x in faq),
            # A rejected item is never published, so its flags no longer matter.
            flagged=sum(bool(x.flags) and x.status != Status.REJECTED for x in faq),
        )

    def shown_by(self, name: str, query: str) -> bool:
        wanted = {
            "all": True,
            "todo": self.to_review > 0,
            "needs_input": self.needs_input > 0,
            "flagged": self.flagged > 0,
            "done": self.to_review == 0,
        }.get(name, True)
        text = query.strip().lower()
        return wanted and (not text or text in self.title.lower() or text in self.key.lower())


@dataclass(frozen=True, slots=True)
class Draft:
    """Text a reviewer typed that is not saved yet: kept on the page after a check, an error
    or a conflict, so nothing typed is lost. `item_id` is None for a new question."""

    item_id: str | None
    question: str
    answer: str
    flags: tuple[Flag, ...] = ()
    checked: bool = False


@dataclass(frozen=True, slots=True)
class ItemView:
    item: FaqItem
    evidence: tuple[tuple[str, Aligned | None], ...]


def item_views(result: Result) -> tuple[ItemView, ...]:
    return tuple(
        ItemView(item, tuple((sid, result.sentence(sid)) for sid in item.evidence)) for item in result.faq
    )


def relative_key(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
