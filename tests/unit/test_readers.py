import pytest

from crosswire.ingest.metadata import Meta
from crosswire.ingest.readers import IngestError, Source, build_document, decode, discover
from crosswire.settings import IngestSettings

S = IngestSettings()


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"%PDF-1.4 binary", "binary"),
        (b"\x89PNG\r\n\x1a\n....", "binary"),
        (b"abc\x00\x01\x02def", "binary"),
        (b"\x81\x8d\x8f\x90\x9d", "not text"),
    ],
)
def test_bad_bytes_are_rejected_with_a_reason(data, reason):
    with pytest.raises(IngestError, match=reason):
        decode(data, S.encodings)


def test_utf8_bom_and_cp1252_decode():
    assert decode("\ufeffSa’ar said".encode("utf-8"), S.encodings) == "Sa’ar said"
    assert decode("Sa’ar said".encode("cp1252"), S.encodings) == "Sa’ar said"
    assert decode(b"line one\r\nline two", S.encodings) == "line one\nline two"


def test_html_page_gives_main_text_and_metadata():
    html = (
        b"<html><head><title>Flood report</title><meta property='og:site_name' content='Daily X'>"
        b"</head><body><nav>Home | About</nav><article><h1>Flood report</h1>"
        b"<p>At least 12 people died when the river rose on Monday, officials said.</p>"
        b"<p>More than 300 families were evacuated to schools in the town.</p></article>"
        b"</body></html>"
    )
    doc = build_document(Source("page.html", html), Meta(), S)
    assert "At least 12 people died" in doc.text
    assert "Home | About" not in doc.text
    assert doc.outlet == "Daily X"


def test_manifest_wins_over_text_and_content_hash_is_the_key():
    data = b"date 2024-01-02 Headline here\n\nBody text about 5 people."
    a = build_document(Source("a.txt", data), Meta(outlet="Outlet A"), S)
    b = build_document(Source("b.txt", data), Meta(published="2024-01-05"), S)
    assert a.id == b.id
    assert a.outlet == "Outlet A" and a.published == "2024-01-02"
    assert b.published == "2024-01-05"


def test_broken_html_without_text_is_rejected():
    with pytest.raises(IngestError, match="no article text"):
        build_document(Source("x.html", b"<html><body><div></div></body></html>"), Meta(), S)


def test_discover_reads_folders_recursively_and_skips_readmes(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub" / "b.html").write_text("x")
    (tmp_path / "README.md").write_text("x")
    (tmp_path / "manifest.csv").write_text("x")
    names = [p.name for p in discover([tmp_path])]
    assert names == ["a.txt", "b.html"]
