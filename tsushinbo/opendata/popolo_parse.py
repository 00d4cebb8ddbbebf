"""Read Popolo records (EveryPolitician's and our own export) into model field values.

Nothing here touches the database. Japanese names come from ``other_names`` in
``ja`` (the Diet roll's 「姓 名君」 form loses its honorific 「君」), readings from
``ja-Hira`` / ``ja-hira`` / ``kana`` / ``ja-Kana``; the top-level family and given
names are used when they are Japanese (our own export).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from tsushinbo.lib.kana import is_hiragana_reading, normalise_reading
from tsushinbo.lib.prefectures import PREFECTURES, parse_prefecture
from tsushinbo.lib.weburl import is_web_url
from tsushinbo.politicians.models import Gender, OfficeKind

READING_LANGS = ("ja-hira", "ja-kana", "kana", "ja-hrkt")
SPACES = re.compile(r"[\s\u3000]+")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")
# The House of Representatives' proportional blocs, which EveryPolitician names in English only.
BLOCS = {
    "hokkaido": "北海道",
    "tohoku": "東北",
    "kita kanto": "北関東",
    "minami kanto": "南関東",
    "tokyo": "東京",
    "hokuriku-shinetsu": "北陸信越",
    "tokai": "東海",
    "kinki": "近畿",
    "chugoku": "中国",
    "shikoku": "四国",
    "kyushu": "九州",
}
LEGISLATURES = {
    OfficeKind.REPRESENTATIVE: {
        "q659587",
        "shūgiin",
        "shugiin",
        "衆議院",
        "house of representatives",
    },
    OfficeKind.COUNCILLOR: {"q1189918", "sangiin", "参議院", "house of councillors"},
}
GENDERS = {"male": Gender.MALE, "female": Gender.FEMALE, "other": Gender.OTHER}
INDEPENDENT_NAMES = {"無所属", "ind", "independent", "q327591"}


class RecordError(Exception):
    """What is wrong with one record; the message is shown to the person importing."""


def text(value: Any) -> str:
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else ""


def names_in(record: dict[str, Any], *langs: str) -> list[str]:
    found = []
    for other in record.get("other_names") or []:
        if isinstance(other, dict) and str(other.get("lang", "")).lower() in langs:
            name = text(other.get("name"))
            if name and name not in found:
                found.append(name)
    return found


def identifiers(record: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = []
    for item in record.get("identifiers") or []:
        if isinstance(item, dict):
            scheme, value = text(item.get("scheme")), text(item.get("identifier"))
            if scheme and value:
                pairs.append((scheme[:60], value[:200]))
    return pairs


def wikidata_id(record: dict[str, Any]) -> str:
    for scheme, value in identifiers(record):
        if scheme == "wikidata" and WIKIDATA_ID.match(value):
            return value
    return ""


def _is_latin(value: str) -> bool:
    return all(ord(ch) < 0x2E80 for ch in value)


def person_names(person: dict[str, Any]) -> dict[str, str]:
    """family_name, given_name and their readings, from the best Japanese source."""
    family, given = text(person.get("family_name")), text(person.get("given_name"))
    if not (family and not _is_latin(family)):
        family, given = _ja_name(person)
    if not family:
        raise RecordError("氏名がありません（name、または other_names の lang=ja）。")
    readings = names_in(person, *READING_LANGS) or [text(person.get("sort_name"))]
    family_kana, given_kana = _split_reading(readings[0] if readings else "")
    return {
        "family_name": family[:40],
        "given_name": given[:40],
        "family_name_kana": family_kana,
        "given_name_kana": given_kana,
    }


def _ja_name(person: dict[str, Any]) -> tuple[str, str]:
    names = names_in(person, "ja")
    spaced = [n for n in names if SPACES.search(n)]
    if spaced:
        family, given = SPACES.split(spaced[0], maxsplit=1)
        # The Diet's member roll writes 「河村 建夫君」: the trailing 君 is an honorific.
        return family, given.removesuffix("君")
    if names:
        return names[0], ""
    name = text(person.get("name"))
    return (name, "") if name else ("", "")


def _split_reading(reading: str) -> tuple[str, str]:
    reading = normalise_reading(reading)
    if not reading or not is_hiragana_reading(reading):
        return "", ""
    parts = SPACES.split(reading, maxsplit=1)
    family = parts[0]
    given = SPACES.sub("", parts[1]) if len(parts) > 1 else ""
    return family[:60], given[:60]


def full_date(value: Any) -> datetime.date | None:
    if isinstance(value, str) and FULL_DATE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def person_fields(person: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = person_names(person)
    fields["gender"] = GENDERS.get(text(person.get("gender")).lower(), "")
    fields["birth_date"] = full_date(person.get("birth_date"))
    image = text(person.get("image"))
    fields["photo_url"] = image if is_web_url(image) else ""
    fields["wikidata_id"] = wikidata_id(person)
    fields["bio"] = text(person.get("biography"))
    fields |= _links(person.get("links") or [])
    return fields


def _links(links: list[Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for link in links:
        if not isinstance(link, dict) or not is_web_url(text(link.get("url"))):
            continue
        url, note = text(link.get("url")), text(link.get("note")).lower()
        if note == "website":
            found.setdefault("website_url", url)
        elif note in ("twitter", "x"):
            found.setdefault("x_url", url)
        elif note == "youtube":
            found.setdefault("youtube_url", url)
        elif note == "facebook":
            found.setdefault("facebook_url", url)
        elif note in ("wikipedia", "wikipedia (ja)"):
            found.setdefault("wikipedia_url", url)
    return {name: value[:500] for name, value in found.items()}


def organization_name(organization: dict[str, Any]) -> str:
    ja = [
        text(o.get("name"))
        for o in organization.get("other_names") or []
        if isinstance(o, dict)
        and str(o.get("lang", "")).lower() == "ja"
        and o.get("note") != "略称"
    ]
    return (ja[0] if ja else text(organization.get("name")))[:100]


def short_name(organization: dict[str, Any]) -> str:
    for other in organization.get("other_names") or []:
        if isinstance(other, dict) and other.get("note") == "略称":
            return text(other.get("name"))[:20]
    return ""


def is_independent(organization: dict[str, Any]) -> bool:
    keys = {organization_name(organization).lower(), text(organization.get("name")).lower()}
    keys.add(wikidata_id(organization).lower())
    return bool(keys & INDEPENDENT_NAMES)


def office_of(organization: dict[str, Any]) -> str | None:
    """The office an organization stands for: our office ids, or a known legislature."""
    for scheme, value in identifiers(organization):
        if scheme == "tsushinbo_office" and value in OfficeKind.values:
            return value
    keys = {text(organization.get("name")).lower(), wikidata_id(organization).lower()}
    keys |= {name.lower() for name in names_in(organization, "ja", "en")}
    for office, names in LEGISLATURES.items():
        if keys & names:
            return office
    return None


def area_place(area_id: str, areas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """prefecture, municipality and district from an area and its parents."""
    place: dict[str, Any] = {}
    seen: set[str] = set()
    while area_id in areas and area_id not in seen:
        seen.add(area_id)
        area = areas[area_id]
        name = (names_in(area, "ja") or [_bloc_name(area) or text(area.get("name"))])[0]
        kind = text(area.get("type")).lower()
        if kind == "prefecture":
            code = dict(identifiers(area)).get("jis_x0401")
            place.setdefault("prefecture", parse_prefecture(code) or parse_prefecture(name))
        elif kind == "municipality":
            place.setdefault("municipality", name[:60])
        else:
            place.setdefault("district", name[:100])
        area_id = text(area.get("parent_id"))
    if place.get("district") and not place.get("prefecture"):
        place["prefecture"] = _prefecture_prefix(place["district"])
    return place


def _bloc_name(area: dict[str, Any]) -> str:
    name = text(area.get("name")).lower()
    if name.endswith(" bloc") and name[:-5] in BLOCS:
        return f"比例{BLOCS[name[:-5]]}ブロック"
    return ""


def _prefecture_prefix(name: str) -> int | None:
    for code, prefecture in PREFECTURES.items():
        if name.startswith(prefecture):
            return code
    return None
