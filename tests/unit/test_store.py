from crosswire.model import Document, Extraction, Figure
from crosswire.store import Store


def _doc(i: int) -> Document:
    return Document(f"id{i}", f"sha{i}", f"p{i}.txt", f"text {i}")


def test_documents_are_stored_once_and_extractions_replace(tmp_path):
    db = tmp_path / "x.db"
    with Store(db) as s:
        assert s.add_document(_doc(1)) is True
        assert s.add_document(_doc(1)) is False
        fig = Figure(0, 4, "text", "killed", "civilians", 4, None, "exact")
        s.save_extraction(Extraction("id1", figures=[fig, fig]), "v1")
        s.save_extraction(Extraction("id1", figures=[fig]), "v1")
        assert s.counts()["figures"] == 1
        assert list(s.pending("v1")) == []
        assert [d.id for d in s.pending("v2")] == ["id1"]


def test_failed_transaction_leaves_nothing_half_written(tmp_path):
    with Store(tmp_path / "x.db") as s:
        s.add_document(_doc(1))
        try:
            with s.transaction():
                s.conn.execute("DELETE FROM documents")
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        assert s.counts()["documents"] == 1
