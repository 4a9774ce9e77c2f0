"""The shared save contract: a result's revision is the sha256 of its bytes, and a save or a
review decision against a revision that is no longer on disk is refused, leaving the file as the
other writer left it."""

from __future__ import annotations

import hashlib

import pytest

from review_builders import make_result, write_result
from summariser import review
from summariser.errors import ConflictError, ReviewStateError
from summariser.store import load_result_revision, save_result


def test_revision_is_the_hash_of_the_file_and_changes_with_it(tmp_path):
    path = write_result(tmp_path / "r.json")
    _, revision = load_result_revision(path)
    assert revision == hashlib.sha256(path.read_bytes()).hexdigest()
    new_revision = save_result(path, make_result(name="other.txt"), expected_revision=revision)
    assert new_revision == hashlib.sha256(path.read_bytes()).hexdigest() != revision


def test_a_save_against_an_old_revision_is_refused(tmp_path):
    path = write_result(tmp_path / "r.json")
    _, seen = load_result_revision(path)
    review.decide(path, "q1", "approve", "someone else")
    after_other = path.read_bytes()
    with pytest.raises(ConflictError, match="changed on disk") as caught:
        save_result(path, make_result(), expected_revision=seen)
    assert isinstance(caught.value, ReviewStateError) and caught.value.exit_code == 6
    assert path.read_bytes() == after_other


def test_a_decision_against_an_old_revision_is_refused_and_a_current_one_saved(tmp_path):
    path = write_result(tmp_path / "r.json")
    _, seen = load_result_revision(path)
    review.decide(path, "q1", "approve", "terminal")
    with pytest.raises(ConflictError):
        review.decide(path, "q3", "reject", "browser", expected_revision=seen)
    result, current = load_result_revision(path)
    assert {x.id: x.status for x in result.faq}["q3"] == "draft"
    updated = review.decide(path, "q3", "reject", "browser", expected_revision=current)
    assert {x.id: (x.status, x.reviewer) for x in updated.faq if x.decided} == {
        "q1": ("approved", "terminal"), "q3": ("rejected", "browser"),
    }
