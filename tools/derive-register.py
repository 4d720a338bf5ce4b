#!/usr/bin/env python3
"""Derive Leerpunt's register of Dutch public bodies.

Writes ``crates/leerpunt-store/seed/organisations.csv`` with the columns
``code,kind,name,name_en,province,website,aliases`` (UTF-8, RFC 4180
quoting, ``|`` between aliases).

Usage::

    python3 tools/derive-register.py [DATA_DIR] [--out FILE] [--report FILE]

``DATA_DIR`` is the shared data directory (default ``../shared/data``
relative to the repository root).  ``--report`` additionally writes counts
and the Algorithm Register ``organisatie`` strings that match no name or
alias of the register (case-insensitive).

Rows come from:

* ``organisations/gemeenten.csv``: municipalities (one name corrected, see
  ``MUNICIPALITY_NAME_FIX``); the province of each is
  derived from geometry: a representative interior point of the municipality
  (the centroid of the outer ring of its largest polygon; if that falls
  outside the municipality, the first midpoint of two ring vertices that lies
  inside it) is located by ray casting in ``geo/provinciegrenzen.geojson``.
  Every municipality must land in exactly one province.
* ``organisations/provincies.csv``, ``waterschappen.csv``,
  ``omgevingsdiensten.csv``, ``veiligheidsregios.csv``: the regional bodies;
  the province of their seat is a table in this script.
* ``tools/register-extra.csv`` (hand-written, same columns): ministries and
  central-government agencies, independent administrative bodies (ZBOs)
  and inspectorates.

Only the Python standard library is used.

Sources and licences:

* Organisation lists (``organisations/*.csv``): MinBZK/Algoritmeregister,
  ``backend/etl/figures/csv/`` at 4885a053, EUPL-1.2.
* Boundaries (``geo/gemeentegrenzen-2024.geojson``,
  ``geo/provinciegrenzen.geojson``): MinBZK/Algoritmeregister
  ``frontend/static/geojson/``, EUPL-1.2; the geometry originates from
  CBS/Kadaster open data, CC BY 4.0 -- attribute "CBS, Kadaster" where shown.
* Algorithm Register (used for the match report only, not shipped):
  algoritmes.overheid.nl via GitHub schellevis/algoritmeregister at
  e9fde948, CC0 1.0.
* Names and codes of public bodies are facts.
"""

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["code", "kind", "name", "name_en", "province", "website", "aliases"]
KINDS = [
    "ministry",
    "province",
    "municipality",
    "water_board",
    "agency",
    "environmental_service",
    "safety_region",
]

# --- regional facts ---------------------------------------------------------

PROVINCE_EN = {
    "PV20": "Province of Groningen",
    "PV21": "Province of Fryslân",
    "PV22": "Province of Drenthe",
    "PV23": "Province of Overijssel",
    "PV24": "Province of Flevoland",
    "PV25": "Province of Gelderland",
    "PV26": "Province of Utrecht",
    "PV27": "Province of North Holland",
    "PV28": "Province of South Holland",
    "PV29": "Province of Zeeland",
    "PV30": "Province of North Brabant",
    "PV31": "Province of Limburg",
}
PROVINCE_WEB = {
    "PV20": "https://www.provinciegroningen.nl",
    "PV21": "https://www.fryslan.frl",
    "PV22": "https://www.provincie.drenthe.nl",
    "PV23": "https://www.overijssel.nl",
    "PV24": "https://www.flevoland.nl",
    "PV25": "https://www.gelderland.nl",
    "PV26": "https://www.provincie-utrecht.nl",
    "PV27": "https://www.noord-holland.nl",
    "PV28": "https://www.zuid-holland.nl",
    "PV29": "https://www.zeeland.nl",
    "PV30": "https://www.brabant.nl",
    "PV31": "https://www.limburg.nl",
}
PROVINCE_ALIASES = {"PV21": ["Provincie Friesland"]}

# water boards by org_id: (province of seat, aliases); seat in comment
WATER_BOARDS = {
    "ws0636": ("PV26", ["HDSR", "HDSR Hoogheemraadschap De Stichtse Rijnlanden"]),  # Houten
    "ws0651": ("PV27", ["HHNK"]),  # Heerhugowaard (Dijk en Waard)
    "ws0372": ("PV28", ["Hoogheemraadschap Delfland"]),  # Delft
    "ws0616": ("PV28", ["Hoogheemraadschap Rijnland"]),  # Leiden
    "ws0656": ("PV28", ["HHSK"]),  # Rotterdam
    "ws0654": ("PV30", []),  # 's-Hertogenbosch
    "ws0155": ("PV27", ["AGV"]),  # Amsterdam
    "ws0652": ("PV30", []),  # Breda
    "ws0539": ("PV30", []),  # Boxtel
    "ws0664": ("PV23", ["WDODelta"]),  # Zwolle
    "ws0655": ("PV28", []),  # Ridderkerk
    "ws0646": ("PV20", []),  # Veendam
    "ws0665": ("PV31", []),  # Roermond
    "ws0647": ("PV20", []),  # Groningen
    "ws0152": ("PV25", []),  # Doetinchem
    "ws0621": ("PV25", []),  # Tiel
    "ws0661": ("PV29", []),  # Middelburg
    "ws0662": ("PV25", []),  # Apeldoorn
    "ws0663": ("PV23", []),  # Almelo
    "ws0650": ("PV24", []),  # Lelystad
    "ws0653": ("PV21", ["Waterschap Fryslân"]),  # Leeuwarden
}

# environmental services: identifier -> (province of seat, English name, aliases)
ENV_SERVICES = {
    "OD01": ("PV20", "Groningen Environmental Service", ["ODG"]),
    "OD02": ("PV21", "Frisian Environmental Service", [
        "FUMO", "Fryske Utfieringstsjinst Miljeu en Omjouwing (FUMO)"]),
    "OD03": ("PV22", "Drenthe Environmental Service", ["RUD Drenthe"]),
    "OD04": ("PV23", "IJsselland Environmental Service", []),
    "OD05": ("PV23", "Twente Environmental Service", []),
    "OD06": ("PV25", "Veluwe Environmental Service", []),
    "OD08": ("PV25", "Achterhoek Environmental Service", []),
    "OD09": ("PV25", "De Vallei Environmental Service", []),
    "OD10": ("PV25", "Arnhem Region Environmental Service", ["ODRA"]),
    "OD11": ("PV25", "Nijmegen Region Environmental Service", ["ODRN"]),
    "OD12": ("PV25", "Rivierenland Environmental Service", []),
    "OD13": ("PV26", "Utrecht Regional Implementation Service", [
        "Regionale Uitvoeringsdienst Utrecht", "Regionale uitvoeringsdienst Utrecht 2.0"]),
    "OD14": ("PV26", "Utrecht Region Environmental Service", ["ODRU"]),
    "OD15": ("PV24", "Flevoland & Gooi en Vechtstreek Environmental Service", ["OFGV"]),
    "OD16": ("PV27", "Noord-Holland Noord Environmental Service", ["ODNHN"]),
    "OD17": ("PV27", "IJmond Environmental Service", []),
    "OD18": ("PV27", "Noordzeekanaalgebied Environmental Service", ["ODNZKG"]),
    "OD19": ("PV28", "Haaglanden Environmental Service", ["ODH"]),
    "OD20": ("PV28", "West-Holland Environmental Service", ["ODWH"]),
    "OD21": ("PV28", "Midden-Holland Environmental Service", ["ODMH"]),
    "OD22": ("PV28", "DCMR Rijnmond Environmental Protection Agency", ["DCMR"]),
    "OD23": ("PV28", "Zuid-Holland Zuid Environmental Service", ["OZHZ"]),
    "OD24": ("PV29", "Zeeland Regional Implementation Service", ["Regionale Uitvoeringsdienst Zeeland"]),
    "OD25": ("PV30", "Midden- en West-Brabant Environmental Service", ["OMWB"]),
    "OD26": ("PV30", "Zuidoost-Brabant Environmental Service", ["ODZOB"]),
    "OD27": ("PV31", "Limburg-Noord Regional Implementation Service", ["Regionale Uitvoeringsdienst Limburg Noord"]),
    "OD28": ("PV31", "Zuid-Limburg Regional Implementation Service", ["Regionale Uitvoeringsdienst Zuid-Limburg"]),
    "OD29": ("PV30", "Brabant Noord Environmental Service", ["ODBN"]),
}

# safety regions: identifier -> (province of seat, English name)
SAFETY_REGIONS = {
    "VR01": ("PV20", "Groningen Safety Region"),
    "VR02": ("PV21", "Fryslân Safety Region"),
    "VR03": ("PV22", "Drenthe Safety Region"),
    "VR04": ("PV23", "IJsselland Safety Region"),
    "VR05": ("PV23", "Twente Safety Region"),
    "VR06": ("PV25", "Noord- en Oost-Gelderland Safety Region"),
    "VR07": ("PV25", "Gelderland-Midden Safety and Health Region"),
    "VR08": ("PV25", "Gelderland-Zuid Safety Region"),
    "VR09": ("PV26", "Utrecht Safety Region"),
    "VR10": ("PV27", "Noord-Holland Noord Safety Region"),
    "VR11": ("PV27", "Zaanstreek-Waterland Safety Region"),
    "VR12": ("PV27", "Kennemerland Safety Region"),
    "VR13": ("PV27", "Amsterdam-Amstelland Safety Region"),
    "VR14": ("PV27", "Gooi en Vechtstreek Safety Region"),
    "VR15": ("PV28", "Haaglanden Safety Region"),
    "VR16": ("PV28", "Hollands Midden Safety Region"),
    "VR17": ("PV28", "Rotterdam-Rijnmond Safety Region"),
    "VR18": ("PV28", "Zuid-Holland Zuid Safety Region"),
    "VR19": ("PV29", "Zeeland Safety Region"),
    "VR20": ("PV30", "Midden- en West-Brabant Safety Region"),
    "VR21": ("PV30", "Brabant-Noord Safety Region"),
    "VR22": ("PV30", "Brabant-Zuidoost Safety Region"),
    "VR23": ("PV31", "Limburg-Noord Safety Region and Municipal Health Service"),
    "VR24": ("PV31", "Zuid-Limburg Safety Region"),
    "VR25": ("PV24", "Flevoland Safety Region"),
}

# municipalities: extra aliases (spellings used by the Algorithm Register
# and in daily use) and established English names
MUNICIPALITY_ALIASES = {
    "GM0518": ["Gemeente 's-Gravenhage"],
    "GM0893": ["Gemeente Bergen (L)", "Gemeente Bergen (Limburg)"],
    "GM0373": ["Gemeente Bergen (NH)", "Gemeente Bergen (Noord-Holland)"],
    "GM1970": ["Gemeente Noardeast Fryslân"],
    "GM0820": ["Gemeente Nuenen, Gerwen en Nederwetten"],
    "GM1982": ["Gemeente Cuijk"],
}
# corrections to names in gemeenten.csv (checked against the boundary file's
# statnaam): GM1982 is Land van Cuijk (since 2022), not Cuijk
MUNICIPALITY_NAME_FIX = {"GM1982": "Gemeente Land van Cuijk"}
MUNICIPALITY_EN = {"GM0518": "Municipality of The Hague"}


FOLD = str.maketrans("àáâäãåèéêëìíîïòóôöõùúûüýÿçñ", "aaaaaaeeeeiiiiooooouuuuyycn")


def name_key(name):
    """Mirror of leerpunt_core::text::name_key, the product's matching key:
    lowercase, common diacritics folded, whitespace, '-' and '/' as single
    spaces, other punctuation dropped."""
    out = []
    for c in name.lower().translate(FOLD):
        if c.isalnum():
            out.append(c)
        elif (c.isspace() or c in "-/") and out and out[-1] != " ":
            out.append(" ")
    return "".join(out).rstrip()


# --- geometry ---------------------------------------------------------------

def ring_area_centroid(ring):
    """Signed area and centroid of a closed or open ring (shoelace)."""
    a = cx = cy = 0.0
    n = len(ring)
    for i in range(n):
        x0, y0 = ring[i][0], ring[i][1]
        x1, y1 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2.0
    if a == 0:
        return 0.0, (ring[0][0], ring[0][1])
    return a, (cx / (6 * a), cy / (6 * a))


def in_ring(pt, ring):
    """Ray casting: is pt strictly inside ring (a list of [x, y])?"""
    x, y = pt
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y):
            xcross = (xj - xi) * (y - yi) / (yj - yi) + xi
            if x < xcross:
                inside = not inside
        j = i
    return inside


def polygons(geom):
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return geom["coordinates"]
    raise ValueError("unsupported geometry " + geom["type"])


def in_geometry(pt, polys):
    for rings in polys:
        if in_ring(pt, rings[0]) and not any(in_ring(pt, h) for h in rings[1:]):
            return True
    return False


def representative_point(polys):
    largest = max(polys, key=lambda rings: abs(ring_area_centroid(rings[0])[0]))
    outer = largest[0]
    _, c = ring_area_centroid(outer)
    if in_geometry(c, polys):
        return c, "centroid"
    n = len(outer)
    step = max(1, n // 64)
    for i in range(0, n, step):
        for j in range(i + 2, n, step):
            m = ((outer[i][0] + outer[j][0]) / 2, (outer[i][1] + outer[j][1]) / 2)
            if in_geometry(m, polys):
                return m, "midpoint"
    raise ValueError("no interior point found")


# --- io -----------------------------------------------------------------------

def read_semicolon(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f, delimiter=";") if (r.get("name") or "").strip()]


def aliases(items):
    seen, out = set(), []
    for a in items:
        if a and a.lower() not in seen:
            seen.add(a.lower())
            out.append(a)
    return "|".join(out)


def build(data):
    org = data / "organisations"
    rows = []

    # provinces
    prov_names = {}
    for r in read_semicolon(org / "provincies.csv"):
        code = r["identifier"]
        prov_names[code] = r["name"]
        rows.append([code, "province", r["name"], PROVINCE_EN[code], code,
                     PROVINCE_WEB.get(code, ""), aliases(PROVINCE_ALIASES.get(code, []))])

    # municipalities, province derived from geometry
    gem = json.loads((data / "geo" / "gemeentegrenzen-2024.geojson").read_text(encoding="utf-8"))
    prv = json.loads((data / "geo" / "provinciegrenzen.geojson").read_text(encoding="utf-8"))
    prov_geo = [(f["properties"]["statcode"], polygons(f["geometry"])) for f in prv["features"]]
    assert sorted(c for c, _ in prov_geo) == sorted(prov_names), "province codes differ"
    gm_geo = {f["properties"]["statcode"]: f for f in gem["features"]}
    derivation = {}
    for r in read_semicolon(org / "gemeenten.csv"):
        code = r["identifier"]
        feat = gm_geo.get(code)
        if feat is None:
            raise SystemExit(f"{code} {r['name']}: no boundary in gemeentegrenzen")
        polys = polygons(feat["geometry"])
        pt, how = representative_point(polys)
        hits = [pc for pc, pp in prov_geo if in_geometry(pt, pp)]
        if len(hits) != 1:
            raise SystemExit(f"{code} {r['name']}: point {pt} in provinces {hits}")
        derivation[code] = (pt, how)
        name = MUNICIPALITY_NAME_FIX.get(code, r["name"])
        bare = name.removeprefix("Gemeente ")
        extra = list(MUNICIPALITY_ALIASES.get(code, []))
        statnaam = feat["properties"].get("statnaam", "")
        if statnaam and statnaam != bare:
            extra.append("Gemeente " + statnaam)
        rows.append([code, "municipality", name,
                     MUNICIPALITY_EN.get(code, "Municipality of " + bare),
                     hits[0], "", aliases(extra)])
    missing = set(gm_geo) - {r[0] for r in rows}
    if missing:
        raise SystemExit(f"boundaries without municipality: {sorted(missing)}")

    # water boards
    for r in read_semicolon(org / "waterschappen.csv"):
        oid = r["org_id"]
        prov, al = WATER_BOARDS[oid]
        rows.append(["WS" + oid[2:], "water_board", r["name"], r["name"], prov, "", aliases(al)])

    # environmental services
    for r in read_semicolon(org / "omgevingsdiensten.csv"):
        prov, en, al = ENV_SERVICES[r["identifier"]]
        rows.append([r["identifier"], "environmental_service", r["name"], en, prov, "", aliases(al)])

    # safety regions
    for r in read_semicolon(org / "veiligheidsregios.csv"):
        prov, en = SAFETY_REGIONS[r["identifier"]]
        rows.append([r["identifier"], "safety_region", r["name"], en, prov, "", ""])

    # ministries and agencies (hand-written)
    with open(ROOT / "tools" / "register-extra.csv", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == HEADER, "register-extra.csv header"
        for r in reader:
            if r:
                assert len(r) == len(HEADER), r
                rows.append(r)

    # checks
    codes = Counter(r[0] for r in rows)
    dup = [c for c, n in codes.items() if n > 1]
    assert not dup, f"duplicate codes {dup}"
    owner = {}
    for r in rows:
        for key in [r[2]] + [a for a in r[6].split("|") if a]:
            other = owner.setdefault(name_key(key), r[0])
            assert other == r[0], f"{key!r} names both {other} and {r[0]}"
    for r in rows:
        assert r[1] in KINDS, r
        assert not r[4] or r[4] in prov_names, r
    rows.sort(key=lambda r: (KINDS.index(r[1]), r[0]))
    return rows, derivation, prov_names


def unmatched(rows, data):
    reg = json.loads((data / "algoritmeregister" / "algoritmes-2026-08-08.json").read_text(encoding="utf-8"))
    keys = set()
    for r in rows:
        keys.add(r[2].casefold())
        keys.update(a.casefold() for a in r[6].split("|") if a)
    orgs = Counter(a["organisatie"] for a in reg["algoritmes"])
    return orgs, sorted((o for o in orgs if o.casefold() not in keys), key=str.casefold)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", default=str(ROOT / ".." / "shared" / "data"))
    ap.add_argument("--out", default=str(ROOT / "crates" / "leerpunt-store" / "seed" / "organisations.csv"))
    ap.add_argument("--report")
    args = ap.parse_args()
    data = Path(args.data)
    rows, derivation, prov_names = build(data)

    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)

    per_kind = Counter(r[1] for r in rows)
    per_prov = Counter(r[4] for r in rows if r[1] == "municipality")
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)
    if args.report:
        orgs, miss = unmatched(rows, data)
        how = Counter(h for _, h in derivation.values())
        with open(args.report, "w", encoding="utf-8") as f:
            f.write(f"Register: {len(rows)} rows\n\nCounts per kind:\n")
            for k in KINDS:
                f.write(f"  {k:22} {per_kind[k]}\n")
            f.write(f"\nMunicipalities per province (derived from geometry; "
                    f"representative point: {how['centroid']} centroid, "
                    f"{how['midpoint']} vertex midpoint):\n")
            for pc in sorted(prov_names):
                f.write(f"  {pc} {prov_names[pc]:26} {per_prov[pc]}\n")
            f.write(f"  total {sum(per_prov.values())}\n")
            f.write(f"\nAlgorithm Register organisatie strings: {len(orgs)} distinct; "
                    f"{len(orgs) - len(miss)} match a name or alias; {len(miss)} do not:\n")
            for o in miss:
                f.write(f"  {o} ({orgs[o]})\n")


if __name__ == "__main__":
    main()
