"""The scoring rules, question type by question type, and the bands. No
database: progress.scoring and progress.questions are pure."""

import pytest

from progress import errors, scoring
from progress.errors import ProgressError
from progress.questions import (
    SHORT_ANSWER_MAX_LENGTH,
    clean_answers,
    max_points,
    read_prompts,
    read_question,
    read_questions,
    split_keywords,
)
from progress.tests.factories import (
    choice_id,
    multiple_choice,
    sample_questions,
    short_answer,
    single_choice,
)


def question(raw):
    return read_question(raw, 1)


# --- Reading the copied questions --------------------------------------------------


def test_questions_are_read_numbered_with_their_keys():
    q1, q2, q3 = read_questions(sample_questions())
    assert [q.number for q in (q1, q2, q3)] == [1, 2, 3]
    assert q1.correct == {choice_id("q1", 0)}
    assert q2.correct == {choice_id("q2", 0), choice_id("q2", 1)}
    assert q3.keywords == ("inner join", "left join")
    assert max_points([q1, q2, q3]) == 4


def test_prompts_carry_no_answer_key():
    prompts = read_prompts(sample_questions())
    for prompt in prompts:
        for name in ("correct", "keywords", "explanation"):
            assert not hasattr(prompt, name)
    assert [choice.text for choice in prompts[0].choices] == [
        "WHERE",
        "ORDER BY",
        "GROUP BY",
    ]


def test_choices_saved_before_wagtails_item_format_get_their_position_as_id():
    raw = single_choice("old")
    raw["value"]["choices"] = [
        {"text": "Yes", "correct": True},
        {"text": "No", "correct": False},
    ]
    read = question(raw)
    assert [c.id for c in read.choices] == ["0", "1"]
    assert read.correct == {"0"}


def test_keywords_are_split_trimmed_and_deduplicated():
    assert split_keywords(" Inner  JOIN, ,left join,inner join ,") == (
        "Inner JOIN",
        "left join",
    )
    assert split_keywords("") == ()


# --- Single choice ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "points"),
    [(choice_id("q", 0), 3), (choice_id("q", 1), 0), (None, 0), ("nonsense", 0)],
)
def test_single_choice_scores_only_the_right_choice(answer, points):
    q = question(single_choice("q", points=3))
    assert scoring.score_question(q, answer) == points


# --- Multiple choice (all or nothing) ---------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "points"),
    [
        ([0, 1], 2),  # exactly the right set
        ([1, 0], 2),  # in any order
        ([0], 0),  # one right choice missing
        ([0, 1, 2], 0),  # a wrong one ticked too
        ([0, 1, 2, 3], 0),  # ticking every box never pays
        ([2], 0),
        ([], 0),
    ],
)
def test_multiple_choice_scores_only_the_exact_set(chosen, points):
    q = question(multiple_choice("q", points=2))
    answer = [choice_id("q", position) for position in chosen]
    assert scoring.score_question(q, answer) == points


def test_multiple_choice_with_every_choice_right_needs_every_box():
    q = question(multiple_choice("q", right=("A", "B"), wrong=()))
    assert scoring.score_question(q, [choice_id("q", 0), choice_id("q", 1)]) == 2
    assert scoring.score_question(q, [choice_id("q", 0)]) == 0


# --- Short answer with keywords -----------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        ("An INNER JOIN", 2),  # case does not matter
        ("  left join  ", 2),  # trimmed
        ("a left\n   join keeps every row", 2),  # any spacing inside a phrase
        ("inner join.", 2),  # punctuation is not part of a word
        ("I prefer joins", 0),  # whole words only: "join" is not "joins"
        ("the inner joined table", 0),
        ("winner join", 0),  # nor inside another word
        ("", 0),
        ("   ", 0),
        (None, 0),
    ],
)
def test_short_answer_scores_if_it_holds_any_keyword(answer, points):
    q = question(short_answer("q", keywords="inner join, left join", points=2))
    assert scoring.score_question(q, answer) == points


def test_keywords_with_symbols_match_as_typed():
    q = question(short_answer("q", keywords="C++, .NET, node.js"))
    assert scoring.score_question(q, "mostly c++ these days") == 1
    assert scoring.score_question(q, "I use .net") == 1
    assert scoring.score_question(q, "node.js!") == 1
    assert scoring.score_question(q, "nodexjs") == 0


def test_keywords_match_beyond_ascii():
    q = question(short_answer("q", keywords="Straße"))
    assert scoring.score_question(q, "in der STRASSE") == 1
    assert scoring.score_question(q, "Straßenbahn") == 0


# --- Short answer marked by hand ----------------------------------------------------


def test_short_answer_without_keywords_waits_for_a_mark():
    q = question(short_answer("q", keywords=""))
    assert q.is_hand_marked
    assert scoring.score_question(q, "A join combines rows of two tables.") is None


def test_a_blank_hand_marked_answer_scores_nothing_at_once():
    q = question(short_answer("q", keywords=" , "))
    assert scoring.score_question(q, "  ") == 0


def test_marking_automatically_sets_hand_marked_answers_aside():
    questions = read_questions(
        [
            single_choice("q1"),
            short_answer("q2", keywords=""),
            short_answer("q3", keywords=""),
        ]
    )
    marking = scoring.mark_automatically(
        questions, {"q1": choice_id("q1", 0), "q2": "Rows of two tables."}
    )
    assert marking.marks == {"q1": 1, "q3": 0}
    assert marking.awaiting == ["q2"]


# --- Percent and bands --------------------------------------------------------------

BANDS = [(0, 1), (50, 3), (90, 5)]


@pytest.mark.parametrize(
    ("points", "level"),
    [(0, 1), (4, 1), (5, 3), (8, 3), (9, 5), (10, 5)],
)
def test_the_highest_band_reached_gives_the_level(points, level):
    assert scoring.level_for(points, 10, BANDS) == level


def test_bands_are_compared_exactly_not_rounded():
    # 2 of 3 is 66.67 %: short of a 67 % band, though it would round to 67.
    assert scoring.level_for(2, 3, [(0, 1), (67, 2)]) == 1
    assert scoring.percent(2, 3) == 66
    assert scoring.level_for(2, 3, [(0, 1), (66, 2)]) == 2


def test_bands_may_come_in_any_order():
    assert scoring.level_for(6, 10, [[90, 5], [0, 1], [50, 3]]) == 3


def test_percent_rounds_down():
    assert scoring.percent(1, 3) == 33
    assert scoring.percent(3, 3) == 100
    assert scoring.percent(0, 0) == 0


def test_no_bands_is_a_programming_error():
    with pytest.raises(ValueError):
        scoring.level_for(1, 1, [])


# --- Outcomes for the result page -------------------------------------------------


def test_outcomes():
    q = question(short_answer("q", keywords="", points=4))
    assert scoring.outcome(q, "x", 4) == scoring.RIGHT
    assert scoring.outcome(q, "x", 2) == scoring.PARTLY
    assert scoring.outcome(q, "x", 0) == scoring.WRONG
    assert scoring.outcome(q, "x", None) == scoring.AWAITING
    assert scoring.outcome(q, None, 0) == scoring.UNANSWERED


# --- Checking answers against the questions ----------------------------------------


@pytest.fixture
def questions():
    return read_questions(sample_questions())


def test_answers_are_cleaned_to_their_stored_form(questions):
    cleaned = clean_answers(
        questions,
        {
            "q1": choice_id("q1", 1),
            "q2": [choice_id("q2", 2), choice_id("q2", 0), choice_id("q2", 0)],
            "q3": "  an inner join  ",
        },
    )
    assert cleaned == {
        "q1": choice_id("q1", 1),
        # Each once, in the order offered.
        "q2": [choice_id("q2", 0), choice_id("q2", 2)],
        "q3": "an inner join",
    }


def test_empty_answers_clear(questions):
    assert clean_answers(questions, {"q1": "", "q2": [], "q3": "  "}) == {
        "q1": None,
        "q2": None,
        "q3": None,
    }


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"q9": "x"}, errors.UNKNOWN_QUESTION),
        ({"q1": "q1-c99"}, errors.UNKNOWN_CHOICE),
        ({"q1": choice_id("q2", 0)}, errors.UNKNOWN_CHOICE),  # another question's
        ({"q1": [choice_id("q1", 0)]}, errors.ONE_CHOICE),
        ({"q1": 0}, errors.ONE_CHOICE),
        ({"q2": [choice_id("q2", 0), "q2-c99"]}, errors.UNKNOWN_CHOICE),
        ({"q2": choice_id("q2", 0)}, errors.CHOICE_LIST),
        ({"q2": [1, 2]}, errors.CHOICE_LIST),
        ({"q3": ["inner join"]}, errors.TEXT_ANSWER),
        ("q1", errors.UNKNOWN_QUESTION),
    ],
)
def test_bad_answers_are_refused(questions, answers, message):
    with pytest.raises(ProgressError) as refused:
        clean_answers(questions, answers)
    assert refused.value.message == message


def test_short_answers_have_a_maximum_length(questions):
    clean_answers(questions, {"q3": "x" * SHORT_ANSWER_MAX_LENGTH})
    with pytest.raises(ProgressError) as refused:
        clean_answers(questions, {"q3": "x" * (SHORT_ANSWER_MAX_LENGTH + 1)})
    assert "2,000 characters" in str(refused.value.message)
