"""Places of a mention: the province's unit names found in its text, accent-insensitive, ambiguous ones by context.

A unit is named without its kind word ("Xã Cam Lâm" -> "cam lam"). The longest name at a position wins, so "Tây
Nha Trang" is not also "Nha Trang". What decides:
- the kind word right before the name ("phường Nha Trang", "xa Cam Lam"): that unit, whatever the name; a kind word
  of another kind ("xã Nha Trang" where Nha Trang is a ward) places nothing;
- a word of the former districts, towns and cities ("huyện Cam Lâm", "thành phố Nha Trang", "TP Cam Ranh") before it:
  nothing, because that area is now several units;
- FORMER_AREAS without a kind word: nothing, for the same reason (press still writes "Nha Trang" for the old city);
- COMMON_NAMES (words of everyday Vietnamese or names of places in other provinces) without a kind word: the unit
  only when the text also names the province, "Khánh Hòa";
- any other name: that unit.
"""

from dataclasses import dataclass
from functools import cache

from gis_core.models import UNIT_NAME_PARTS, AdminUnit
from sectors.listening.text import Tokens, phrase_tokens

KIND_WORDS: dict[tuple[str, ...], str] = {
    phrase_tokens(prefix): kind for kind, (prefix, _english) in UNIT_NAME_PARTS.items()
}
FORMER_AREA_WORDS = frozenset({("huyen",), ("thi", "xa"), ("thanh", "pho"), ("tp",), ("thi", "tran")})
FORMER_AREAS = frozenset({
    "nha trang", "cam ranh", "ninh hoa", "phan rang", "dien khanh", "cam lam", "van ninh", "khanh vinh",
    "khanh son", "ninh hai", "ninh phuoc", "ninh son", "thuan bac", "thuan nam", "bac ai",
})  # fmt: skip
COMMON_NAMES = frozenset({
    "anh dung", "bao an", "tan dinh", "my son", "dong hai", "hoa thang", "cong hai", "vinh hai", "xuan hai",
    "cam an", "lam son", "phuoc ha", "phuoc hau", "phuoc huu", "hoa tri", "van thang", "van hung", "dai lanh",
    "suoi dau", "suoi hiep", "do vinh", "ba ngoi", "cam linh", "cam hiep", "dien lac", "dien tho", "dien lam",
})  # fmt: skip
PROVINCE = ("khanh", "hoa")


@dataclass(frozen=True)
class UnitName:
    unit_id: int
    kind: str
    words: tuple[str, ...]


@cache
def _names(version: str) -> dict[tuple[str, ...], UnitName]:
    names = {}
    for unit_id, name, kind in AdminUnit.objects.values_list("id", "name", "kind"):
        prefix = UNIT_NAME_PARTS.get(kind, ("", ""))[0]
        bare = name.removeprefix(prefix + " ") if prefix else name
        words = phrase_tokens(bare)
        names[words] = UnitName(unit_id, kind, words)
    return names


def unit_names() -> dict[tuple[str, ...], UnitName]:
    """The units' bare names as folded words (read again when the units change)."""
    latest = AdminUnit.objects.order_by("-pk").values_list("pk", flat=True).first()
    return _names(f"{AdminUnit.objects.count()}:{latest}")


def _before(words: tuple[str, ...], start: int, table: dict[tuple[str, ...], str] | frozenset[tuple[str, ...]]
            ) -> tuple[str, ...] | None:  # fmt: skip
    for size in (2, 1):
        candidate = words[max(start - size, 0) : start]
        if len(candidate) == size and candidate in table:
            return candidate
    return None


def find_units(text: str) -> list[int]:
    """Return the ids of the units the text names, in order of first mention."""
    names = unit_names()
    longest = max((len(words) for words in names), default=0)
    words = Tokens.of(text).folded
    with_province = any(words[i : i + 2] == PROVINCE for i in range(len(words) - 1))
    found: list[int] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            name = names.get(tuple(words[i : i + size]))
            if name is not None:
                if _placed(name, words, i, with_province) and name.unit_id not in found:
                    found.append(name.unit_id)
                i += size
                break
        else:
            i += 1
    return found


def _placed(name: UnitName, words: tuple[str, ...], start: int, with_province: bool) -> bool:
    if _before(words, start, FORMER_AREA_WORDS) is not None:
        return False  # first: "thị xã" ends with the kind word "xã"
    kind_word = _before(words, start, KIND_WORDS)
    if kind_word is not None:
        return KIND_WORDS[kind_word] == name.kind
    bare = " ".join(name.words)
    if bare in FORMER_AREAS:
        return False
    if bare in COMMON_NAMES:
        return with_province
    return True
