"""Property: search() returns exactly the documents that contain the query (recall 1.0).

The oracle is a plain substring test on normalised text; it runs on whichever
database the suite uses (`make test-postgres` for PostgreSQL), so both backends
are held to the same set.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tsushinbo.lib.bigrams import normalise
from tsushinbo.pledges.models import Pledge
from tsushinbo.search.indexing import pledge_document, write_documents
from tsushinbo.search.queries import search
from tsushinbo.testing import make_politician

# Few distinct characters, so that queries often hit several documents.
KANJI = "防衛費減税年金東京都京増額子育支援"
KANA = "のをにはがあいうアイウカタガーヴ"
ALPHABET = KANJI + KANA
SEPARATORS = " 、。・\n"
text = st.text(alphabet=ALPHABET + SEPARATORS, max_size=40)
word = st.text(alphabet=ALPHABET, min_size=1, max_size=5)


def oracle(documents: list[tuple[int, str, str]], query: str) -> set[int]:
    parts = normalise(query).split()
    return {
        pk
        for pk, title, body in documents
        if all(part in normalise(title) + "\n" + normalise(body) for part in parts)
    }


def search_ids(query: str) -> set[int]:
    results = search(query, kinds=["pledge"])
    assert results.total <= 20, "the documents fit on one page"
    return {result.id for result in results.results}


class RecallTests(TestCase):
    @settings(
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        texts=st.lists(st.tuples(text, text), min_size=1, max_size=12),
        queries=st.lists(st.lists(word, min_size=1, max_size=2), min_size=1, max_size=4),
        data=st.data(),
    )
    def test_it_finds_exactly_the_documents_containing_the_query(
        self, texts: list[tuple[str, str]], queries: list[list[str]], data: st.DataObject
    ) -> None:
        politician = make_politician()
        pledges = Pledge.objects.bulk_create(
            Pledge(politician=politician, title=title, body=body, source_url="https://e.jp/")
            for title, body in texts
        )
        for pledge in pledges:
            pledge.politician = politician
        write_documents(pledge_document(pledge) for pledge in pledges)
        documents = [(p.pk, p.title, p.body) for p in pledges]
        # Substrings of the documents themselves, as well as random words.
        haystack = "".join(title + body for title, body in texts)
        cuts = [c for c in haystack.split() if c.strip(SEPARATORS)]
        if cuts:
            piece = data.draw(st.sampled_from(cuts))
            start = data.draw(st.integers(0, len(piece) - 1))
            length = data.draw(st.integers(1, 4))
            chunk = piece[start : start + length].strip(SEPARATORS)
            if chunk and not any(ch in SEPARATORS for ch in chunk):
                queries.append([chunk])
        for parts in queries:
            query = " ".join(parts)
            self.assertEqual(search_ids(query), oracle(documents, query), query)
