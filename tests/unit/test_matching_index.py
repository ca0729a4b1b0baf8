"""Ranking fact-checks on words alone (claimtrack.matching.index), no model, no database."""

from __future__ import annotations

from claimtrack.matching.index import Entry, MatchIndex, ranker_weights

LIBRARY = [
    Entry(
        1,
        "fc-1",
        "The mayor closed every public library in the city last winter.",
        "Libraries shut?",
        "false",
    ),
    Entry(
        2, "fc-2", "A vaccine against seasonal flu changes your DNA.", "Flu shots and DNA", "false"
    ),
    Entry(
        3,
        "fc-3",
        "The national rail company raised ticket prices by 40 per cent.",
        None,
        "misleading",
    ),
    Entry(
        4,
        "fc-4",
        "A photograph shows a shark swimming on a flooded motorway.",
        "Shark on motorway",
        "false",
    ),
]


def test_each_query_finds_its_fact_check_first() -> None:
    index = MatchIndex(LIBRARY)
    assert index.method == "lexical"
    queries = [
        "BREAKING: the mayor has closed all the city's public libraries!! https://t.co/abc",
        "shark swimming down the flooded motorway, look at this photo",
        "Rail ticket prices went up 40 per cent says the national rail company",
    ]
    ranked = index.rank(queries, top=2)
    assert [matches[0].entry.source_id for matches in ranked] == ["fc-1", "fc-4", "fc-3"]
    for matches in ranked:
        assert 0.0 <= matches[-1].score <= matches[0].score <= 1.0
        assert len(matches) <= 2


def test_a_query_of_only_a_link_or_nothing_has_no_candidates() -> None:
    index = MatchIndex(LIBRARY)
    assert index.rank(["https://t.co/xyz", "   "], top=5) == [[], []]


def test_an_empty_library_ranks_nothing() -> None:
    assert MatchIndex([]).rank(["anything at all"], top=5) == [[]]


def test_screened_ranking_keeps_lexical_results_without_an_encoder() -> None:
    index = MatchIndex(LIBRARY)
    queries = [
        "the mayor closed the public libraries",
        "completely unrelated words about cooking pasta",
    ]
    assert index.rank_screened(queries, 3, 0.05) == index.rank(queries, 3)


def test_the_shipped_ranker_has_both_methods_with_one_weight_per_feature() -> None:
    weights = ranker_weights()
    assert len(weights["hybrid"]["coef"]) == 2 * len(weights["hybrid"]["views"]) == 6
    assert len(weights["lexical"]["coef"]) == 2 * len(weights["lexical"]["views"]) == 4


def test_the_pipeline_threshold_is_the_extractors_checkworthy_threshold() -> None:
    from claimtrack.extraction.checkworthiness import CHECKWORTHY_THRESHOLD
    from claimtrack.matching.links import PIPELINE_MIN_CHECKWORTHINESS

    assert PIPELINE_MIN_CHECKWORTHINESS == CHECKWORTHY_THRESHOLD
