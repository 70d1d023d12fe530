"""Sentiment of a mention by a small Vietnamese lexicon with negation, shipped and documented with the project.

Why a lexicon: underthesea 9.5 (PyPI) ships no sentiment model; its `sentiment()` downloads one from GitHub at the
first call, and this platform downloads nothing at run time. The word lists below were written for this project
from the vocabulary of provincial press coverage (disasters, public order, services, land, tourism); they are no
published lexicon. Phrases are matched as whole words, longest first; text written without accents is matched
against the folded phrases. A negation word ("không", "chưa", ...) up to NEGATION_REACH words before a phrase
turns its polarity round ("không an toàn" is negative, "không bị ngập" positive). The score is the sum of +1 and -1;
below zero is negative, above zero positive, zero neutral. Staff correct any mention (models.SentimentCorrection).
"""

from functools import cache

from search.text import fold
from sectors.listening.models import Sentiment
from sectors.listening.text import Tokens

NEGATIVE = (
    "sạt lở", "lở đất", "ngập", "ngập lụt", "ngập úng", "lũ quét", "ô nhiễm", "bốc mùi", "hôi thối", "kẹt xe",
    "ùn tắc", "tai nạn", "cháy", "hỏa hoạn", "bức xúc", "phản đối", "khiếu nại", "tố cáo", "sai phạm", "vi phạm",
    "tham nhũng", "lãng phí", "chậm trễ", "chậm tiến độ", "nhũng nhiễu", "xuống cấp", "hư hỏng", "tràn lan",
    "thiệt hại", "nguy hiểm", "lo ngại", "bất cập", "yếu kém", "chặt chém", "lừa đảo", "mất an toàn", "thất thoát",
    "trái phép", "sốt đất", "thổi giá", "bỏ hoang", "thất vọng", "kém", "tồi tệ", "xấu", "nguy cơ", "sự cố",
    "mất điện", "mất nước", "cúp nước", "ì ạch", "né tránh", "đình trệ", "quá tải", "ngang nhiên",
)  # fmt: skip
POSITIVE = (
    "hiệu quả", "thành công", "an toàn", "sạch đẹp", "khen ngợi", "hài lòng", "tích cực", "thuận lợi", "phát triển",
    "tăng trưởng", "hoàn thành", "khánh thành", "kịp thời", "ấn tượng", "hấp dẫn", "tốt", "vượt kế hoạch",
    "thu hút", "khắc phục", "ổn định", "minh bạch", "nhanh chóng", "đẹp", "văn minh", "thân thiện", "xanh sạch",
    "đánh giá cao", "được cải thiện", "cải thiện", "vui mừng", "an tâm", "hỗ trợ", "giải quyết dứt điểm",
)  # fmt: skip
NEGATIONS = ("không", "chưa", "chẳng", "chả", "không hề", "chưa hề", "đừng", "chưa được", "không được")
NEGATION_REACH = 3  # words between a negation and the phrase it turns round ("không [bị] [còn] ngập")


@cache
def _lexicon(accented: bool) -> tuple[dict[tuple[str, ...], int], frozenset[tuple[str, ...]], int]:
    def key(phrase: str) -> tuple[str, ...]:
        text = phrase if accented else fold(phrase)
        return tuple(text.split())

    polarity = {key(phrase): -1 for phrase in NEGATIVE} | {key(phrase): 1 for phrase in POSITIVE}
    longest = max(len(phrase) for phrase in polarity)
    return polarity, frozenset(key(word) for word in NEGATIONS), longest


def score(text: str) -> int:
    """Return the lexicon score of the text: the sum of its phrases' polarities, negations applied."""
    tokens = Tokens.of(text)
    words = tokens.marked if tokens.accented else tokens.folded
    polarity, negations, longest = _lexicon(tokens.accented)
    total, i, negated_until = 0, 0, -1
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            if phrase in negations:
                negated_until = i + size - 1 + NEGATION_REACH
                i += size
                break
            if phrase in polarity:
                total += -polarity[phrase] if i <= negated_until else polarity[phrase]
                negated_until = -1
                i += size
                break
        else:
            i += 1
    return total


def classify(text: str) -> tuple[str, int]:
    """Return the sentiment of the text and its score."""
    value = score(text)
    if value < 0:
        return Sentiment.NEGATIVE, value
    if value > 0:
        return Sentiment.POSITIVE, value
    return Sentiment.NEUTRAL, value
