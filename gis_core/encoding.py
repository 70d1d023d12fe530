"""Repair legacy Vietnamese text in imported attributes: CP1258, TCVN3 (ABC) and VNI, to NFC Unicode."""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from viparse.normalize.detector import detect_encoding_by_content
from viparse.normalize.encodings import AUTO_DETECT_CHARMAPS
from viparse.normalize.frequency import vietnamese_score
from viparse.normalize.tables import Charmap, build_charmap, convert

from core.errors import InvalidInput

CP1258 = "cp1258"
TCVN3 = "tcvn3"
VNI = "vni"

# Byte codecs a caller may name for a file (Python codec names); the reader returns each byte as one
# Latin-1 character and Python decodes, because GDAL's own CP1258 recoding drops the last letter of
# every value (glibc iconv holds it back waiting for a tone mark that never comes).
BYTE_CODECS: dict[str, str] = {
    "utf-8": "utf-8",
    "cp1258": CP1258,
    "cp1252": "cp1252",
    "latin-1": "latin-1",
}
# Legacy font encodings: the letters a Western code page shows for their bytes are mapped back to Vietnamese.
FONT_ENCODINGS = (TCVN3, VNI)
AUTO = "auto"
ENCODING_CHOICES = (AUTO, *BYTE_CODECS, *FONT_ENCODINGS)

_CPG_NAMES = {
    "1258": CP1258,
    "cp1258": CP1258,
    "windows-1258": CP1258,
    "windows1258": CP1258,
    "ansi 1258": CP1258,
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "65001": "utf-8",
    "1252": "cp1252",
    "cp1252": "cp1252",
    "windows-1252": "cp1252",
    "ansi 1252": "cp1252",
    "88591": "latin-1",
    "iso-8859-1": "latin-1",
    "iso88591": "latin-1",
}
_MAPINFO_CHARSETS = {
    "windowsvietnamese": CP1258,
    "windowslatin1": "cp1252",
    "iso8859_1": "latin-1",
    "utf-8": "utf-8",
    "utf8": "utf-8",
}
# "!charset X" in a .tab header, 'Charset "X"' in a .mif header.
_MAPINFO_CHARSET_LINE = re.compile(rb'^\s*!?charset\s+"?([A-Za-z0-9_-]{1,40})"?\s*$', re.IGNORECASE | re.MULTILINE)


def _cp1258_surface_charmap() -> Charmap:
    """Map CP1258 bytes that a reader decoded as Latin-1 or CP1252 back to the letters CP1258 meant."""
    pairs: dict[str, str] = {}
    for byte in range(0x80, 0x100):
        raw = bytes([byte])
        try:
            meant = raw.decode(CP1258)
        except UnicodeDecodeError:
            continue
        for surface in {raw.decode("latin-1"), raw.decode("cp1252", errors="replace")}:
            if surface != meant and surface != "\ufffd":
                pairs[surface] = meant
    return build_charmap(CP1258, pairs.items())


# Candidates for detection by content: TCVN3 and VNI (viparse's tables) and CP1258 read with a Western code
# page. VISCII is left out: it shares TCVN3's surface letters and wins wrongly on short columns of names,
# and Vietnamese GIS data comes in the three encodings above.
LEGACY_CHARMAPS: dict[str, Charmap] = {
    TCVN3: AUTO_DETECT_CHARMAPS[TCVN3],
    VNI: AUTO_DETECT_CHARMAPS[VNI],
    CP1258: _cp1258_surface_charmap(),
}
_MIN_SYLLABLE_RATE = 0.95

# Vietnamese syllable structure, on lower-case letters without tone marks.
_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0303": "tilde", "\u0309": "hook", "\u0323": "dot"}


def _alternatives(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


_INITIAL = _alternatives("ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x")
_OPEN = _alternatives("a ă â e ê i o ô ơ u ư y iê yê oa oă oe oo uâ uê uô uơ uy ươ uyê")
_CLOSED = _alternatives(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu oai oao oay oeo uây uôi ươi ươu uya uyu yêu"
)
_PALATAL = _alternatives("a ê i oa uê uy")
_SYLLABLE = re.compile(
    rf"(?:{_INITIAL})?(?:(?P<closed>{_CLOSED})|(?:{_OPEN})(?P<final>ng|[cmnpt])?|(?:{_PALATAL})(?P<palatal>nh|ch))"
)
# Words break at ASCII spaces, digits and punctuation only: a legacy byte read as Latin-1 (­ · ©) is a letter.
_WORD_BREAK = re.compile(r"[\s0-9!-/:-@\[-`{-~]+")


@dataclass(frozen=True)
class TextDecoding:
    """How to turn the strings one reader returned into Unicode."""

    codec: str | None = None  # decode each value's bytes with this codec; None: the reader decoded them
    legacy: str | None = None  # apply this legacy table to every text column; None: detect per column
    origin: str = ""  # where the choice came from, for the report
    surface: str = "latin-1"  # the encoding the reader used, which gives the bytes back

    @property
    def chosen(self) -> bool:
        """Whether the caller chose how to decode, rather than leaving it to the file and GDAL."""
        return self.codec is not None


def decoding_for_choice(choice: str) -> TextDecoding:
    """Return the decoding a caller asked for by name, or raise InvalidInput."""
    value = choice.strip().lower()
    if value == AUTO:
        return TextDecoding()
    if value in BYTE_CODECS:
        return TextDecoding(codec=BYTE_CODECS[value], origin=_("(given by the caller)"))
    if value in FONT_ENCODINGS:
        return TextDecoding(legacy=value, origin=_("(given by the caller)"))
    raise InvalidInput(
        _("Unknown text encoding %(encoding)r; use one of %(choices)s.")
        % {"encoding": choice[:40], "choices": ", ".join(ENCODING_CHOICES)}
    )


def codec_from_cpg(text: str) -> str | None:
    """Return the codec a Shapefile .cpg names, or None when it names none we handle specially."""
    return _CPG_NAMES.get(text.strip().lower())


def codec_from_mapinfo_header(header: bytes) -> str | None:
    """Return the codec named by a MapInfo .tab or .mif header's charset line, or None."""
    match = _MAPINFO_CHARSET_LINE.search(header)
    if match is None:
        return None
    return _MAPINFO_CHARSETS.get(match.group(1).decode("ascii").lower())


def decode_raw(value: str, codec: str, surface: str = "latin-1") -> str:
    """Decode the bytes of a value the reader decoded with surface; raise UnicodeError if they do not fit."""
    return value.encode(surface).decode(codec)


def detect_legacy(values: Iterable[str]) -> str | None:
    """Return the legacy encoding the non-ASCII values of one column were typed in, or None for Unicode."""
    texts = [unicodedata.normalize("NFC", value) for value in values if not value.isascii()]
    if not texts:
        return None
    base = syllable_rate(texts)
    if base == 1.0:
        return None  # already well-formed Vietnamese (or no letters): never touch good text
    converted = {name: [convert(text, charmap) for text in texts] for name, charmap in LEGACY_CHARMAPS.items()}
    rates = {name: syllable_rate(output) for name, output in converted.items()}
    opinion = detect_encoding_by_content("\n".join(texts), LEGACY_CHARMAPS).encoding
    if opinion is not None and rates[opinion] >= _MIN_SYLLABLE_RATE and rates[opinion] > base:
        return opinion
    # viparse's unigram model needs more text than one column of short names gives; the table whose
    # output spells the most valid syllables wins, its unigram score breaking a tie.
    ranked = sorted(
        ((rates[name], vietnamese_score("\n".join(output)), name) for name, output in converted.items()),
        reverse=True,
    )
    best_rate, best_score, best = ranked[0]
    if best_rate < _MIN_SYLLABLE_RATE or best_rate <= base:
        return None
    if len(ranked) > 1 and ranked[1][:2] == (best_rate, best_score):
        return None
    return best


def to_unicode(value: str, legacy: str | None) -> str:
    """Convert one value from a legacy encoding (if any) and return it in NFC."""
    value = unicodedata.normalize("NFC", value)
    return convert(value, LEGACY_CHARMAPS[legacy]) if legacy is not None else value


@dataclass
class ColumnRepair:
    """The repaired values of one text column and what was done to them."""

    values: list[object]
    legacy: str | None = None
    changed: int = 0
    undecodable: list[int] = field(default_factory=list)  # 0-based positions the codec could not decode


def repair_column(values: Sequence[object], decoding: TextDecoding, *, detect: bool = True) -> ColumnRepair:
    """Decode, convert from a legacy encoding and NFC-normalise the strings of one column.

    detect=False: take decoding.legacy as the column's encoding (None: Unicode), detected from an earlier batch.
    """
    repair = ColumnRepair(values=list(values))
    if decoding.codec is None and not any(isinstance(value, str) for value in values):
        repair.legacy = decoding.legacy  # a column of numbers (or empty) has nothing to repair
        return repair
    if decoding.codec is not None:
        for index, value in enumerate(values):
            if isinstance(value, str):
                try:
                    repair.values[index] = decode_raw(value, decoding.codec, decoding.surface)
                except UnicodeError:
                    repair.undecodable.append(index)
                    repair.values[index] = None
    # Text read as UTF-8 by us rather than GDAL is no repair; count changes from the decoded values then.
    baseline = list(repair.values) if decoding.codec == "utf-8" else list(values)
    texts = [value for value in repair.values if isinstance(value, str)]
    repair.legacy = decoding.legacy or (detect_legacy(texts) if detect else None)
    # ASCII is NFC already and every legacy table maps it to itself: only other text needs converting.
    repair.values = [
        to_unicode(v, repair.legacy) if isinstance(v, str) and not v.isascii() else v for v in repair.values
    ]
    repair.changed = sum(
        1 for before, after in zip(baseline, repair.values, strict=True) if after is not None and before != after
    )
    return repair


def syllable_rate(texts: Iterable[str]) -> float:
    """Return the share of non-ASCII words that are well-formed Vietnamese syllables (1.0 when none)."""
    words = [word for text in texts for word in _WORD_BREAK.split(text) if word and not word.isascii()]
    if not words:
        return 1.0
    return sum(1 for word in words if is_syllable(word)) / len(words)


def is_syllable(word: str) -> bool:
    """Whether a word is one Vietnamese syllable: initial, vowel nucleus, final, at most one tone mark."""
    letters: list[str] = []
    tones: list[str] = []
    tone_at = -1
    for index, char in enumerate(word.lower()):
        parts = unicodedata.normalize("NFD", char)
        marks = [part for part in parts if part in _TONES]
        if marks:
            tones += marks
            tone_at = index
        letters.append(unicodedata.normalize("NFC", "".join(part for part in parts if part not in _TONES)))
    base = "".join(letters)
    if len(tones) > 1 or len(base) != len(word):
        return False
    match = _SYLLABLE.fullmatch(base)
    if match is None:
        return False
    stopped = match.group("final") in {"c", "p", "t"} or match.group("palatal") == "ch"
    if stopped and tones and _TONES[tones[0]] not in {"acute", "dot"}:
        return False  # syllables ending in c, ch, p, t take only the sắc or nặng tone
    # A falling diphthong carries its tone before the glide (hào, tuổi), never on it (haò, tuôỉ).
    return not (match.group("closed") and tones and tone_at == match.end("closed") - 1)


def encoding_label(name: str) -> str:
    """Return a readable name of an encoding for reports."""
    return {TCVN3: "TCVN3 (ABC)", VNI: "VNI", CP1258: "CP1258 (Windows Vietnamese)"}.get(name, name.upper())
