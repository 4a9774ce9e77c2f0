"""`summariser check`: what a draft written elsewhere claims that the release does not say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summariser.check import read_draft
from summariser.cli import app
from summariser.faithfulness import Reference, check

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ENGLISH_SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "en_finding_institute.txt"

RELEASE_EN = """\
Lichen survive a winter without light

Researchers at the Alpine Ecology Station in Sonnfeld kept 240 lichen samples in darkness for five months.

Sonnfeld, 3 February 2027 – Three out of four samples grew again within twelve days of returning to light. \
The team, led by Dr. Mara Quist, measured growth in the seventh week of the trial. The study appears in the journal Polar Botany.

Contact: press office, phone +49 123 4567
"""

GERMAN_RELEASE = """\
Flechten überstehen einen Winter ohne Licht

Sonnfeld, 3. Februar 2027 – Forschende der Alpinen Ökologiestation haben 1.250 Proben fünf Monate lang im Dunkeln gehalten.

Nach drei Wochen wuchsen 3,5 Prozent der Proben wieder. Die Studie leitete Prof. Mara Quist, die Ergebnisse erscheinen in der Zeitschrift Polar Botany.

Kontakt: Pressestelle der Ökologiestation, Telefon 0123 456789
"""


def claims(text: str, *release: str) -> set[tuple[str, str]]:
    return {(f.kind, f.value) for f in check(text, Reference.of(release))}


def numbers(text: str, *release: str) -> list[str]:
    return [f.value for f in check(text, Reference.of(release)) if f.kind == "number"]


def test_english_number_words_are_compared_by_value():
    release = "The trial ran for 25 days in 7 clinics with three hundred patients."
    assert claims("Twenty-five days, seven clinics and 300 patients.", release) == set()
    found = claims("Twenty-six days in eight clinics.", release)
    assert ("number", "Twenty-six") in found and ("number", "eight") in found


def test_ordinals_in_words_and_digits_match():
    assert claims("It was the seventh trial.", "Der 7. Versuch gelang.") == set()
    assert ("number", "ninth") in claims("It was the ninth trial.", "Der 7. Versuch gelang.")


def test_german_number_words_in_the_release_support_english_digits_and_words():
    release = "Drei Kliniken und fünfundzwanzig Teilnehmende, 3,5 Prozent davon erkrankten."
    assert numbers("Three clinics, 25 participants, 3.5 percent.", release) == []
    assert numbers("About 4.5 percent of twenty-six fell ill.", release) == ["4.5", "twenty-six"]


def test_multipliers_after_digits_and_hyphenated_ordinals_are_read_as_the_release_writes_them():
    release = "A £7.5million fee and a second-degree felony."
    assert numbers("A £ 7.5 million fee and a second - degree felony.", release) == []
    assert numbers("A £ 8 million fee.", release) == ["8"]


def test_one_and_first_are_not_taken_as_claims():
    assert claims("For the first time, one of the teams saw it.", "The teams saw it.") == set()


def test_a_short_name_is_not_found_inside_a_longer_word():
    release = "The results also held in Leipzig and Hallstadt."
    assert ("name", "Al") in claims("Dr. Al Smith confirmed it in Leipzig.", release)
    assert ("name", "Hall") in claims("It was presented in Hall.", release)
    assert claims("It was confirmed in Leipzig.", release) == set()


def test_digit_groups_keep_their_zeros():
    release = "More than 50,000 people took part."
    assert ("number", "500") in claims("About 500 people took part.", release)
    assert claims("Some 50,000 people took part.", "Mehr als 50.000 people took part.") == set()


def test_several_words_the_release_never_uses_flag_a_drifting_sentence():
    release = "The new vaccine protected mice against the virus."
    found = claims("The vaccine boosts antibody titres in leukemia and lymphoma patients.", release)
    assert {("word", "leukemia"), ("word", "lymphoma")} <= found
    # A single new word is how people paraphrase; it alone is no finding.
    assert claims("The vaccine shielded mice against the virus.", release) == set()


def test_everyday_words_are_paraphrase_not_invention():
    release = "The new vaccine protected mice against the virus."
    # "went", "home", "based", "old", "form": words any writer uses, however many of them.
    assert claims("The vaccine went home based on old form.", release) == set()


def test_a_name_written_out_is_supported_by_its_abbreviation_in_the_release():
    release = "The IMF cut its growth forecast on Monday."
    assert claims("The International Monetary Fund cut its growth forecast.", release) == set()
    found = claims("The Indian Monetary Board cut its growth forecast.", release)
    assert {("name", "Indian"), ("name", "Board")} <= found


def test_a_weekday_with_a_possessive_is_a_date():
    release = "The team met on Monday."
    assert ("date", "Thursday's") in claims("The team met at Thursday's meeting.", release)


def test_markdown_faq_with_bold_and_heading_questions():
    draft = (
        "### Background\n"
        "**1. What did the team find?**\n"
        "Lichen grew again. They need light.\n"
        "### Who led the work?\n"
        "- Dr. Mara Quist led it.\n"
        "---\n"
    )
    parts = [(s.part, s.text) for s in read_draft(draft, "faq.md")]
    assert parts == [
        ("question 1", "What did the team find?"),
        ("answer 1", "Lichen grew again."),
        ("answer 1", "They need light."),
        ("question 2", "Who led the work?"),
        ("answer 2", "Dr. Mara Quist led it."),
    ]


def test_plain_text_is_split_into_sentences():
    parts = [(s.part, s.text) for s in read_draft("Lichen grew. Dr. Quist led it.\n\nIt took 12 days.", "a.txt")]
    assert parts == [("text", "Lichen grew."), ("text", "Dr. Quist led it."), ("text", "It took 12 days.")]


def test_our_json_record_is_read_as_summary_lines_and_faq(runner, tmp_path):
    release = tmp_path / "release.txt"
    release.write_text(RELEASE_EN, encoding="utf-8")
    made = runner.invoke(app, ["summarise", str(release), "--format", "json"])
    assert made.exit_code == 0, made.output
    record = json.loads(made.stdout)
    parts = {s.part.split()[0] for s in read_draft(made.stdout, "r.json")}
    assert "summary" in parts and ("question" in parts) == bool(record["faq"])
    # A record checked against its own release passes.
    (tmp_path / "r.json").write_text(made.stdout, encoding="utf-8")
    result = runner.invoke(app, ["check", str(release), str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output


def test_not_a_record_is_an_input_error(runner, tmp_path):
    (tmp_path / "r.txt").write_text(RELEASE_EN, encoding="utf-8")
    (tmp_path / "d.json").write_text('{"summary": 3}', encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path / "r.txt"), str(tmp_path / "d.json")])
    assert result.exit_code == 2
    assert "not a summariser record" in result.output


def test_faithful_draft_exits_0_and_says_so(runner, tmp_path):
    (tmp_path / "r.txt").write_text(RELEASE_EN, encoding="utf-8")
    (tmp_path / "d.md").write_text(
        "**What happened?**\nThree out of four lichen samples grew again within twelve days.\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["check", str(tmp_path / "r.txt"), str(tmp_path / "d.md")])
    assert result.exit_code == 0, result.output
    assert "d.md: 2 sentence(s) checked, 0 flagged" in result.output


def test_invented_details_exit_1_with_the_nearest_release_sentence(runner, tmp_path):
    (tmp_path / "r.txt").write_text(RELEASE_EN, encoding="utf-8")
    (tmp_path / "d.txt").write_text(
        "Lichen samples grew again. Nine out of ten samples grew within 14 days, Dr. Mara Quist told Nature.",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(tmp_path / "r.txt"), str(tmp_path / "d.txt")])
    assert result.exit_code == 1
    assert "Nine, ten, 14" in result.output and "Nature" in result.output
    assert "Three out of four samples grew again within twelve days" in result.output
    assert "d.txt: 2 sentence(s) checked, 1 flagged" in result.output


def test_json_output_lists_claims_with_nearest_sentence_per_draft(runner, tmp_path):
    (tmp_path / "r.txt").write_text(RELEASE_EN, encoding="utf-8")
    (tmp_path / "a.txt").write_text("The study appears in the journal Polar Botany.", encoding="utf-8")
    result = runner.invoke(
        app, ["check", str(tmp_path / "r.txt"), str(tmp_path / "a.txt"), "-", "--format", "json"],
        input="The study appears in the Lancet.",
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["flagged"] is True
    first, second = data["drafts"]
    assert (first["draft"], first["checked"], first["flagged"]) == ("a.txt", 1, 0)
    (claim,) = second["sentences"][0]["claims"]
    assert (claim["kind"], claim["value"]) == ("name", "Lancet")
    assert "Polar Botany" in claim["nearest"]["en"]


def test_unknown_format_two_stdin_inputs_and_an_empty_draft_are_refused(runner, tmp_path):
    (tmp_path / "r.txt").write_text(RELEASE_EN, encoding="utf-8")
    empty = runner.invoke(app, ["check", str(tmp_path / "r.txt"), "-"], input="### Heading\n---\n")
    assert empty.exit_code == 2 and "no sentences to check" in empty.output
    xml = runner.invoke(app, ["check", str(tmp_path / "r.txt"), "-", "--format", "xml"], input="Lichen grew.")
    assert xml.exit_code == 2 and "'xml' is not one of" in xml.output
    assert runner.invoke(app, ["check", "-", "-"]).exit_code == 2


def test_a_bad_draft_is_reported_before_any_model_is_opened(runner, tmp_path):
    (tmp_path / "de.txt").write_text(GERMAN_RELEASE, encoding="utf-8")
    (tmp_path / "d.json").write_text('{"summary": 3}', encoding="utf-8")
    # The model folder does not exist: reaching the translator would report that instead.
    missing_model = str(tmp_path / "no-model")
    bad = runner.invoke(app, ["check", str(tmp_path / "de.txt"), str(tmp_path / "d.json"), "--model", missing_model])
    assert bad.exit_code == 2 and "not a summariser record" in bad.output
    empty = runner.invoke(app, ["check", str(tmp_path / "de.txt"), "-", "--model", missing_model], input="---\n")
    assert empty.exit_code == 2 and "no sentences to check" in empty.output


def test_our_own_markdown_and_json_output_pass_check_against_their_release(runner, tmp_path):
    """Evidence ids, quotes, metadata and notes are not claims; glossary answers are the team's words."""
    for fmt in ("md", "json"):
        made = runner.invoke(app, ["summarise", str(ENGLISH_SAMPLE), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")])
        assert made.exit_code == 0, made.output
        result = runner.invoke(app, ["check", str(ENGLISH_SAMPLE), str(tmp_path / f"out.{fmt}")])
        assert result.exit_code == 0, result.output
        assert f"out.{fmt}: " in result.output and ", 0 flagged" in result.output
    record = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert any(item["origin"] == "glossary" for item in record["faq"]), "the sample should get a glossary answer"
    markdown = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "[p" in markdown and "> [p" in markdown and "*Signature:*" in markdown
    read = [s.text for s in read_draft(markdown, "out.md")]
    assert not [t for t in read if "[p" in t or t.startswith(">") or "from the team glossary" in t], read


def test_a_rejected_item_is_not_checked_but_a_kept_one_is(runner, tmp_path):
    made = runner.invoke(app, ["summarise", str(ENGLISH_SAMPLE), "--format", "json"])
    record = json.loads(made.stdout)
    record["faq"][0]["answer"] = "Nine out of ten bees got lost, Dr. Hanna Borg told Nature."
    for status, exit_code in (("rejected", 0), ("draft", 1)):
        record["faq"][0]["status"] = status
        (tmp_path / "r.json").write_text(json.dumps(record), encoding="utf-8")
        result = runner.invoke(app, ["check", str(ENGLISH_SAMPLE), str(tmp_path / "r.json")])
        assert result.exit_code == exit_code, result.output


def test_german_release_supports_claims_in_its_own_words(runner, tiny_model, tmp_path):
    """The tiny model translates into noise, so support here can only come from the German text."""
    (tmp_path / "de.txt").write_text(GERMAN_RELEASE, encoding="utf-8")
    (tmp_path / "d.txt").write_text(
        "After three weeks, 3.5 percent of the 1,250 samples grew again, Prof. Mara Quist reports in Polar Botany. "
        "Another 40 samples died in Sonnfeld.",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(tmp_path / "de.txt"), str(tmp_path / "d.txt"), "--model", str(tiny_model), "-f", "json"])
    assert result.exit_code == 1, result.output
    sentences = json.loads(result.stdout)["drafts"][0]["sentences"]
    numbers = [(c["kind"], c["value"]) for s in sentences for c in s["claims"] if c["kind"] == "number"]
    assert numbers == [("number", "40")]
    nearest = next(c["nearest"] for s in sentences for c in s["claims"])
    assert nearest["de"] and nearest["en"]


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_seed_article_and_faq_against_the_german_original(runner, tiny_model, tmp_path):
    seed = next((SHARED / "seeds").glob("000_*.txt")).read_text(encoding="utf-8")
    draft, _, original = seed.partition("Originamitteilung:")
    assert original.strip(), "the seed should end with the German original"
    (tmp_path / "draft.md").write_text(draft, encoding="utf-8")
    (tmp_path / "original.txt").write_text(original, encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path / "original.txt"), str(tmp_path / "draft.md"), "--model", str(tiny_model), "-f", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)["drafts"][0]
    values = {c["value"].lower() for s in report["sentences"] for c in s["claims"]}
    # Treatments and cancers the release never names are invented ...
    assert {"leukemia", "lymphoma", "chemotherapy"} <= values
    # ... while the institutions and journal it does name are supported by the German text.
    assert not {"universitätsmedizin", "leipzig", "nature", "köln"} & values
    assert report["flagged"] >= report["checked"] // 2
