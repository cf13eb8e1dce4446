from hypothesis import given, strategies as st

from govreport.document import Span
from govreport.spans import resolve


def span(start, end, label="CITY"):
    return Span(start, end, label, "x" * (end - start), "test")


def test_outer_span_wins_and_nothing_inside_it_is_kept():
    kept = resolve([span(0, 3), span(0, 5, "ORG"), span(3, 5)])
    assert [(s.start, s.end, s.label) for s in kept] == [(0, 5, "ORG")]


def test_org_and_official_may_share_one_character():
    kept = resolve([span(0, 6, "ORG"), span(5, 10, "OFFICIAL")])
    assert len(kept) == 2
    assert len(resolve([span(0, 6, "ORG"), span(4, 10, "OFFICIAL")])) == 1
    # At the seam only: a one-character span inside the other is no sharing (ends rise with starts).
    assert resolve([span(0, 2, "ORG"), span(1, 2, "OFFICIAL")]) == [span(0, 2, "ORG")]


intervals = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8), st.sampled_from(["CITY", "ORG", "OFFICIAL", "DATE"])),
                     max_size=40)


@given(intervals)
def test_resolve_matches_the_quadratic_definition(items):
    candidates = [span(a, a + n, label) for a, n, label in items]
    ranked = sorted(candidates, key=lambda s: (-(s.end - s.start), 0, s.start, s.label))
    expected = []
    for s in ranked:
        if all(max(0, min(s.end, o.end) - max(s.start, o.start)) == 0
               or (min(s.end, o.end) - max(s.start, o.start) == 1 and {s.label, o.label} == {"ORG", "OFFICIAL"}
                   and (s.start < o.start) == (s.end < o.end) and s.start != o.start and s.end != o.end)
               for o in expected):
            expected.append(s)
    assert resolve(candidates) == sorted(expected, key=lambda s: (s.start, s.end, s.label))


def test_page_at_finds_the_page_holding_an_offset_and_none_between_pages():
    from govreport.document import Document, Page, Source

    doc = Document("d", Source("d.pdf", "0", "pdf", 3), text="x" * 30,
                   pages=[Page(1, 0, 10), Page(2, 12, 12), Page(3, 12, 30)])
    assert [doc.page_at(i) for i in (0, 9, 10, 11, 12, 29, 30)] == [1, 1, None, None, 3, 3, None]


@given(intervals, st.integers(0, 70), st.integers(0, 12))
def test_lookups_in_a_resolved_list_match_a_scan_of_it(items, start, length):
    from govreport.spans import ending_at, overlapping, starting_in

    spans, end = resolve(span(a, a + n, label) for a, n, label in items), start + length
    assert list(starting_in(spans, start, end)) == [s for s in spans if start <= s.start < end]
    assert list(overlapping(spans, start, end)) == [s for s in spans if s.start < end and start < s.end]
    assert list(ending_at(spans, end)) == [s for s in spans if s.end == end]
