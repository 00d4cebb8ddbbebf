"""Japanese-aware tokens for full-text search (SPEC §8): pure functions, no ORM.

Text is normalised (NFKC, lower case, katakana → hiragana) and cut into runs:

- a CJK run (kanji, kana, ー, 々 …) becomes its overlapping character bigrams
  followed by its last character alone: 「防衛費」 → 防衛 衛費 費;
- a word run (Latin letters, digits, other alphabets) becomes one token.

Anything else (spaces, punctuation, symbols) separates runs.

Every token is written in plain ASCII ``[a-z0-9]``: ``c`` (CJK) or ``w`` (word)
followed by 4 base-36 digits per character. Both SQLite FTS5 (``unicode61``) and
PostgreSQL's ``simple`` parser then see exactly the same words in the same
positions whatever the database locale or Unicode version, so the two engines
return the same set, and no user text can ever reach either engine's query
syntax.

A query is turned into one phrase of adjacent tokens per space-separated part
(parts are ANDed). Substring semantics of a part ``p`` within a CJK run:

- ``len(p) ≥ 2``: the phrase of its bigrams (``防衛`` → 防衛; ``防衛費`` → 防衛 衛費);
- ``len(p) == 1``: a prefix query on the CJK token: it matches a bigram that
  starts with the character and the trailing single character of a run, which
  together cover every position of every run.

Documented edge cases:

- A query part that spans runs (「防衛2025」, 「防衛・予算」) must match run
  boundaries: a CJK run that is not the last one ends with its single character
  token, so it must end the document's run too. Separators inside a part are
  not compared (「防衛・予算」 also finds 「防衛、予算」).
- Word runs match whole words; the last word of a part also matches as a
  prefix (``tax`` finds ``taxes``), a word that is not last must be whole.
  A word at the start of a part cannot match the end of a longer word
  (``25年`` does not find ``2025年``).
- Words longer than MAX_WORD characters are cut to MAX_WORD on both sides.
- 「京都」 finds 「東京都」: that is what substring search means.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby, pairwise

from tsushinbo.lib.kana import katakana_to_hiragana

MAX_WORD = 40
_WIDTH = 4  # base-36 digits per code point: 36**4 > 0x10FFFF
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_CJK_RANGES = (
    (0x2E80, 0x9FFF),  # radicals, CJK symbols' letters, kana, kanbun, ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended-A
    (0xAC00, 0xD7FF),  # Hangul syllables and Jamo extended-B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x1B000, 0x1B16F),  # kana supplement and extended
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)


@dataclass(frozen=True)
class Run:
    text: str
    cjk: bool


@dataclass(frozen=True)
class QueryToken:
    token: str
    prefix: bool = False


Phrase = tuple[QueryToken, ...]


def normalise(text: str) -> str:
    """NFKC, lower case, katakana folded to hiragana."""
    return katakana_to_hiragana(unicodedata.normalize("NFKC", text).lower())


_SEPARATOR, _WORD, _CJK = 0, 1, 2


@lru_cache(maxsize=65536)
def _char_class(ch: str) -> int:
    # Letters, numbers and combining marks (which belong to the letter before them).
    if unicodedata.category(ch)[0] not in "LNM":
        return _SEPARATOR
    code = ord(ch)
    return _CJK if any(low <= code <= high for low, high in _CJK_RANGES) else _WORD


def runs(normalised: str) -> list[Run]:
    """Split already normalised text into CJK runs and word runs."""
    return [
        Run("".join(chars), kind == _CJK)
        for kind, chars in groupby(normalised, key=_char_class)
        if kind != _SEPARATOR
    ]


@lru_cache(maxsize=65536)
def _code(ch: str) -> str:
    value = ord(ch)
    digits = []
    for _ in range(_WIDTH):
        value, rest = divmod(value, 36)
        digits.append(_DIGITS[rest])
    return "".join(reversed(digits))


def cjk_token(chars: str) -> str:
    return "c" + "".join(_code(ch) for ch in chars)


def word_token(word: str) -> str:
    # Encoded like CJK tokens (fixed width) so that a prefix of the word is a prefix
    # of its token whatever the alphabet.
    return "w" + "".join(_code(ch) for ch in word[:MAX_WORD])


def run_tokens(run: Run) -> list[str]:
    """Index tokens of one run: bigrams plus the last character, or the word."""
    if not run.cjk:
        return [word_token(run.text)]
    codes = [_code(ch) for ch in run.text]
    tokens = ["c" + first + second for first, second in pairwise(codes)]
    tokens.append("c" + codes[-1])
    return tokens


def index_tokens(*texts: str) -> str:
    """Space-separated tokens of the texts, each normalised; texts never join into one run."""
    tokens: list[str] = []
    for text in texts:
        for run in runs(normalise(text)):
            tokens.extend(run_tokens(run))
    return " ".join(tokens)


def query_phrases(query: str) -> list[Phrase]:
    """One phrase per space-separated part of the query (the parts are ANDed).

    Parts without any letter or digit are dropped; an empty list means there is
    nothing to search for.
    """
    phrases = []
    for part in normalise(query).split():
        phrase = part_phrase(runs(part))
        if phrase:
            phrases.append(phrase)
    return phrases


def part_phrase(part_runs: list[Run]) -> Phrase:
    tokens: list[QueryToken] = []
    for position, run in enumerate(part_runs):
        last = position == len(part_runs) - 1
        if not run.cjk:
            tokens.append(QueryToken(word_token(run.text), prefix=last))
            continue
        text = run.text
        tokens.extend(QueryToken(cjk_token(text[i : i + 2])) for i in range(len(text) - 1))
        if not last:
            tokens.append(QueryToken(cjk_token(text[-1])))
        elif len(text) == 1:
            tokens.append(QueryToken(cjk_token(text), prefix=True))
    return tuple(tokens)


def query_terms(query: str) -> list[str]:
    """The normalised runs of the query, for highlighting matches in a snippet."""
    return [run.text for part in normalise(query).split() for run in runs(part)]


def fts5_match(phrases: list[Phrase]) -> str:
    """An SQLite FTS5 MATCH expression (tokens are [a-z0-9], so nothing needs escaping)."""
    return " AND ".join(_fts5_phrase(phrase) for phrase in phrases)


def _fts5_phrase(phrase: Phrase) -> str:
    # FTS5 allows a prefix marker only on the phrase's last token, which is the only
    # place part_phrase() puts one.
    body = '"' + " ".join(token.token for token in phrase) + '"'
    return body + ("*" if phrase[-1].prefix else "")


def tsquery(phrases: list[Phrase]) -> str:
    """A PostgreSQL to_tsquery() expression: phrases with <->, ANDed with &."""
    return " & ".join(
        "(" + " <-> ".join(t.token + (":*" if t.prefix else "") for t in phrase) + ")"
        for phrase in phrases
    )
