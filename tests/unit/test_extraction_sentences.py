"""Sentence splitting on news text: offsets kept, abbreviations and quotations respected."""

from __future__ import annotations

from claimtrack.extraction.sentences import split_paragraphs, split_sentences


def texts(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text)]


def test_offsets_index_the_original_text() -> None:
    text = "Headline here\n\nFirst one. Second one!\n\nThird?"
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_titles_initials_numbers_and_decimals_do_not_end_a_sentence() -> None:
    text = (
        "Mr. Smith of the U.S. Treasury said No. 10 paid $3.5m on Jan. 5 to J. K. Rowling. "
        "Dr Jones agreed."
    )
    assert texts(text) == [
        "Mr. Smith of the U.S. Treasury said No. 10 paid $3.5m on Jan. 5 to J. K. Rowling.",
        "Dr Jones agreed.",
    ]


def test_acronym_at_the_end_of_a_sentence_splits_before_an_opener() -> None:
    assert texts("Sales rose in the U.S. The rest fell.") == [
        "Sales rose in the U.S.",
        "The rest fell.",
    ]


def test_quotation_attribution_stays_with_its_quote() -> None:
    text = '"The facts would come out," Qureshi said. "Why now?" he asked. "We won." It ended.'
    assert texts(text) == [
        '"The facts would come out," Qureshi said.',
        '"Why now?" he asked.',
        '"We won."',
        "It ended.",
    ]


def test_headline_line_without_full_stop_is_its_own_sentence() -> None:
    text = "Ad sales boost Time Warner profit\n\nQuarterly profits jumped 76%. Sales rose."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Ad sales boost Time Warner profit",
        "Quarterly profits jumped 76%.",
        "Sales rose.",
    ]
    assert sentences[0].is_headline and not sentences[1].is_headline


def test_hard_wrapped_wire_copy_joins_lines_and_indents_start_paragraphs() -> None:
    text = (
        "BANK HOLDS RATES\n\n"
        "The Bundesbank is unlikely to change\nits credit policies at its meeting on\n"
        "Thursday, dealers said.\n    Banks held 52.0 billion marks\non February 27."
    )
    sentences = split_sentences(text)
    assert [s.text.replace("\n", " ") for s in sentences] == [
        "BANK HOLDS RATES",
        "The Bundesbank is unlikely to change its credit policies at its meeting on Thursday, dealers said.",
        "Banks held 52.0 billion marks on February 27.",
    ]
    assert len({s.paragraph for s in sentences}) == 3


def test_single_newline_after_a_full_stop_separates_paragraphs() -> None:
    text = "One line ends here.\nAnother line starts here."
    assert len(split_paragraphs(text)) == 2
