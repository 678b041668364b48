from crosswire.ingest.cleaning import clean_text
from crosswire.ingest.metadata import strip_date_header, text_metadata
from crosswire.model import Document


def test_noise_lines_and_repeated_captions_are_dropped_and_offsets_map_back():
    source = (
        "Headline about the floods\n\n"
        "By Jane Roe\n\n"
        "First paragraph with 12 people.\n"
        "Read more: Another story entirely\n"
        " A boat carries residents across the river near the old bridge (photo credit: X / AP)\n"
        "A boat carries residents across the river near the old bridge\n"
        "Subscribe to The Daily Newsletter\n\n"
        "Second paragraph.\n"
    )
    cleaned = clean_text(source)
    assert "Read more" not in cleaned.text
    assert "boat carries" not in cleaned.text
    assert "Subscribe" not in cleaned.text
    assert cleaned.dropped == 4
    doc = Document("x", "y", "p", cleaned.text, segments=cleaned.segments)
    for needle in ("First paragraph", "Second paragraph.", "12 people"):
        at = cleaned.text.index(needle)
        src = doc.source_offset(at)
        assert source[src : src + len(needle)] == needle


def test_date_header_is_blanked_without_moving_offsets():
    text, date = strip_date_header(" date 2025-03-10 Leaders appealed for help.")
    assert date == "2025-03-10"
    assert text.strip() == "Leaders appealed for help."
    assert len(text) == len(" date 2025-03-10 Leaders appealed for help.")


def test_text_metadata_takes_title_and_byline_never_guesses():
    meta = text_metadata("A short headline\n\nBy Mira Okonjo\n\nBody text.")
    assert meta.title == "A short headline"
    assert meta.byline == "Mira Okonjo"
    assert text_metadata("x" * 400).title is None
