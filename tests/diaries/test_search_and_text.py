import pytest

from diaries import selectors
from diaries import text as textlib


def test_korean_particles_do_not_hide_a_word():
    stored = textlib.index_terms("아침에 명상을 했다")
    assert textlib.query_terms("명상") <= stored
    assert textlib.query_terms("명상을") <= stored
    assert textlib.query_terms("명상했다") - stored  # a different word is not a match


def test_english_words_are_lowercased_and_lightly_stemmed():
    stored = textlib.index_terms("Walking in the PARK with friends")
    assert textlib.query_terms("walk") <= stored
    assert textlib.query_terms("friend park") <= stored


def test_word_count_counts_korean_eojeol_and_english_words():
    assert textlib.word_count("오늘은 맑음. Good day!") == 4
    assert textlib.char_count("가 나\n다") == 3


@pytest.mark.django_db
def test_search_finds_own_entries_by_korean_stem_english_word_and_tag(alice, write):
    meditation = write(alice, body="아침에 명상을 하고 출근했다.", tags=["마음"]).entry
    walk = write(alice, body="Went walking by the river after work.").entry
    write(alice, body="그냥 평범한 하루.")
    ids = lambda q: {e.pk for e in selectors.entry_search(user=alice, query=q)}  # noqa: E731
    assert ids("명상") == {meditation.pk}
    assert ids("명상을") == {meditation.pk}
    assert ids("walk river") == {walk.pk}
    assert ids("walk 명상") == set()  # every term must match
    assert ids("") == set()
    assert {e.pk for e in selectors.entry_list(user=alice, tag="마음")} == {meditation.pk}


@pytest.mark.django_db
def test_search_never_returns_another_users_entries(alice, bob, write):
    write(bob, body="밥의 명상 일기")
    assert list(selectors.entry_search(user=alice, query="명상")) == []


@pytest.mark.django_db
def test_the_index_holds_no_readable_token(alice, write):
    saved = write(alice, body="명상 meditation")
    tokens = saved.entry.search_tokens
    assert tokens
    assert all(isinstance(t, int) for t in tokens)
