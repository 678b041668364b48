import tomllib
from importlib import resources

from crosswire.data_files import read_lines


def test_manifest_names_every_data_file_with_its_row_count():
    data = resources.files("crosswire.data")
    manifest = tomllib.loads(data.joinpath("MANIFEST.toml").read_text("utf-8"))
    files = {
        f"{d.name}/{f.name}"
        for d in data.iterdir()
        if d.is_dir() and not d.name.startswith("__")
        for f in d.iterdir()
        if f.suffix in {".tsv", ".txt"}
    }
    assert files == set(manifest)
    for name, entry in manifest.items():
        assert entry["source"] and entry["licence"] and entry["date"]
        rows = len(read_lines(name)) - (1 if name.endswith(".tsv") else 0)
        assert rows == entry["rows"], name
