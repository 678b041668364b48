"""Quotation marks found without mistaking apostrophes for them."""

from crosswire.extract.quote_marks import find_marked


def _quoted(text):
    return [text[m.start : m.end] for m in find_marked(text)]


def test_curly_straight_and_nested_marks():
    text = '“He said ‘wait here,’ and left,” she said. Then "we ran".'
    assert _quoted(text) == ["He said ‘wait here,’ and left,", "wait here,", "we ran"]


def test_straight_single_quotes_are_marks_but_apostrophes_are_not():
    text = "Leaders called it a 'campaign of terror'. The soldiers' homes weren't hit in the '90s."
    assert _quoted(text) == ["campaign of terror"]
    assert _quoted("Syria’s coast and Shi’ite towns, the ’80s.") == []


def test_a_quote_left_open_runs_to_the_end_of_its_paragraph():
    text = "She said:\n\n“They came at night.\n\n“We ran,” she said."
    [first, second] = find_marked(text)
    assert not first.closed and text[first.start : first.end] == "They came at night."
    assert second.closed and text[second.start : second.end] == "We ran,"
