import pytest

from crosswire.settings import SettingsError, load_settings


def test_layers_in_order(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[ingest]\nmax_bytes = 100\n[extract]\nworkers = 3\n")
    s = load_settings(
        cfg, env={"CROSSWIRE_EXTRACT_WORKERS": "2"}, overrides={"ingest.max_bytes": 50}
    )
    assert s.ingest.max_bytes == 50
    assert s.extract.workers == 2
    origins = {k: o for k, _v, o in s.items()}
    assert origins["ingest.max_bytes"] == "flag"
    assert origins["extract.workers"] == "$CROSSWIRE_EXTRACT_WORKERS"
    assert origins["extract.model"] == "defaults.toml"


def test_unknown_and_mistyped_settings_are_rejected(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[ingest]\nmax_byte = 100\n")
    with pytest.raises(SettingsError, match="unknown setting ingest.max_byte"):
        load_settings(cfg, env={})
    with pytest.raises(SettingsError, match="expected an integer"):
        load_settings(None, env={"CROSSWIRE_INGEST_MAX_BYTES": "lots"})
