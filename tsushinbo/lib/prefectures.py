"""The 47 prefectures by JIS X 0401 code."""

from __future__ import annotations

PREFECTURES: dict[int, str] = {
    1: "北海道", 2: "青森県", 3: "岩手県", 4: "宮城県", 5: "秋田県", 6: "山形県", 7: "福島県",
    8: "茨城県", 9: "栃木県", 10: "群馬県", 11: "埼玉県", 12: "千葉県", 13: "東京都",
    14: "神奈川県", 15: "新潟県", 16: "富山県", 17: "石川県", 18: "福井県", 19: "山梨県",
    20: "長野県", 21: "岐阜県", 22: "静岡県", 23: "愛知県", 24: "三重県", 25: "滋賀県",
    26: "京都府", 27: "大阪府", 28: "兵庫県", 29: "奈良県", 30: "和歌山県", 31: "鳥取県",
    32: "島根県", 33: "岡山県", 34: "広島県", 35: "山口県", 36: "徳島県", 37: "香川県",
    38: "愛媛県", 39: "高知県", 40: "福岡県", 41: "佐賀県", 42: "長崎県", 43: "熊本県",
    44: "大分県", 45: "宮崎県", 46: "鹿児島県", 47: "沖縄県",
}  # fmt: skip

PREFECTURE_CHOICES: list[tuple[int, str]] = list(PREFECTURES.items())


def prefecture_name(code: int | None) -> str:
    return PREFECTURES.get(code, "") if code else ""


def parse_prefecture(value: str | None) -> int | None:
    """Return the JIS code for "13", "東京都" or "東京"; None when it names no prefecture."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        code = int(value)
        return code if code in PREFECTURES else None
    for code, name in PREFECTURES.items():
        if value in (name, name.rstrip("都府県")) and value != "":
            return code
    return None


# The customary eight regions, as JIS code ranges (codes run north to south).
REGIONS: list[tuple[str, range]] = [
    ("北海道", range(1, 2)),
    ("東北", range(2, 8)),
    ("関東", range(8, 15)),
    ("中部", range(15, 24)),
    ("近畿", range(24, 31)),
    ("中国", range(31, 36)),
    ("四国", range(36, 40)),
    ("九州・沖縄", range(40, 48)),
]

PREFECTURES_BY_REGION: list[tuple[str, list[tuple[int, str]]]] = [
    (region, [(code, PREFECTURES[code]) for code in codes]) for region, codes in REGIONS
]
