"""Segmentation: paragraphs, sentences and line items, with offsets that lead back to the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.io.read import document_from_text, read_document
from auditor.segment import presegmented, segment, segment_text
from auditor.types import Document, Segmentation

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
SEEDS = sorted(SAMPLES.glob("0*.txt"))


def seed(prefix: str) -> tuple[Document, Segmentation]:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    doc = read_document(path)
    return doc, segment(doc)


def find(seg: Segmentation, start: str) -> int:
    """Index of the one segment that starts with ``start``."""
    hits = [s.index for s in seg.segments if s.text.startswith(start)]
    assert len(hits) == 1, (start, hits)
    return hits[0]


def file_line_col(original: str, offset: int) -> tuple[int, int]:
    line = original.count("\n", 0, offset) + 1
    return line, offset - (original.rfind("\n", 0, offset) + 1) + 1


# --------------------------------------------------------------------------- invariants


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_offsets_text_and_line_col_on_every_seed(path):
    doc = read_document(path)
    seg = segment(doc)
    assert seg.doc_id == doc.id and seg.lang == "en" and len(seg) > 5
    previous_end = 0
    for s in seg.segments:
        assert s.text and s.text == s.text.strip()
        assert doc.text[s.start : s.end] == s.text
        assert s.start >= previous_end  # in order, never overlapping
        previous_end = s.end
        para = seg.paragraphs[s.paragraph]
        assert para.start <= s.start and s.end <= para.end and s.index in para.segments
        # for these files normalisation keeps lengths, so the offset is the file's own
        assert doc.line_col(s.start) == file_line_col(doc.original, s.start)
        assert doc.original[doc.locator.to_original(s.start)] == s.text[0]
    for p in seg.paragraphs:
        assert "\n\n" not in doc.text[p.start : p.end]


# --------------------------------------------------------------------------- the seeds


def test_seed_001_breadcrumbs_are_separate_list_items():
    doc, seg = seed("001")
    first = seg.segments[:3]
    assert [s.text for s in first[:2]] == ["Home", "World"]
    assert first[2].text.startswith("President Volodymyr Zelenskyy refuses US offer")
    assert [s.kind for s in first] == ["list_item"] * 3
    assert [doc.line_col(s.start) for s in first] == [(1, 4), (2, 6), (3, 6)]
    assert doc.text[first[0].start - 3 : first[0].start] == "1. "  # the marker is left out
    assert seg.segments[3].kind == "heading"
    assert seg.segments[4].text == "By Ruchi Upadhyay" and seg.segments[4].kind == "line"
    assert seg.segments[5].text == "Updated Date"


def test_seed_001_multi_sentence_quote_keeps_its_attribution():
    doc, seg = seed("001")
    i = find(seg, "“We’re all here.")
    texts = [s.text for s in seg.segments[i : i + 4]]
    assert texts == [
        "“We’re all here.",
        "Our military is here.",
        "Citizens in society are here.",
        "We’re all here defending our independence, our country, and it will stay this way,”"
        " Zelensky said.",
    ]
    assert len({seg.segments[j].paragraph for j in range(i, i + 4)}) == 1
    assert doc.line_col(seg.segments[i + 1].start) == (19, 18)
    assert not any(s.text.startswith(("”", "’", '"')) and len(s.text) < 3 for s in seg.segments)
    assert not any(s.text[0] in "”’" for s in seg.segments)


def test_seed_001_closing_quote_stays_with_its_sentence():
    _, seg = seed("001")
    i = find(seg, "He refused American help")
    assert seg.segments[i].text == "He refused American help to evacuate, saying: “The fight is here.”"
    assert seg.segments[i + 1].text.startswith("Hundreds of casualties")
    j = find(seg, "“This night")
    assert seg.segments[j].text == "“This night we have to stand firm,” he said."


def test_seed_001_us_officials_not_split():
    _, seg = seed("001")
    i = find(seg, "There also were growing signs")
    assert "which U.S. officials have described as Russian President" in seg.segments[i].text
    assert seg.segments[i].text.endswith("ultimate objective.")
    assert seg.segments[i + 1].text.startswith("The assault represented")


def test_seed_001_labels_and_footer():
    _, seg = seed("001")
    i = find(seg, "Also Read :- Russian foreign minister")
    assert seg.segments[i].kind == "line"
    j = find(seg, "Further reading:")
    assert seg.segments[j].text == "Further reading:" and seg.segments[j].kind == "line"


def test_seed_000_takeaways_and_list_items():
    doc, seg = seed("000")
    assert seg.segments[0].kind == "heading"
    assert seg.segments[0].text == "Ukraine's president has rejected the United States' proposal to evacuate Kyiv"
    takeaways = seg.segments[1]
    assert takeaways.text == "Key Takeaways:" and takeaways.kind == "line"
    items = seg.segments[2:4]
    assert [s.kind for s in items] == ["list_item", "list_item"]
    assert items[0].text.startswith("As invading Russian forces advance Kyiv")
    assert items[1].text.startswith("The UN Security Council also failed")
    for s in items:
        assert doc.text[s.start - 2 : s.start] == "- "
        assert doc.line_col(s.start)[1] == 3
    assert len({s.paragraph for s in seg.segments[:4]}) == 4


def test_seed_000_digit_starts_a_sentence():
    _, seg = seed("000")
    i = find(seg, "11 members voted")
    assert seg.segments[i - 1].text.endswith("as Russia vetoed it as predicted.")


def test_seed_002_sight_labels_and_lowercase_continuation():
    _, seg = seed("002")
    i = find(seg, "SIGHT: These are the countries")
    assert seg.segments[i].text == "SIGHT: These are the countries that support Russia and those that are with Ukraine"
    assert seg.segments[i].paragraph not in (seg.segments[i - 1].paragraph, seg.segments[i + 1].paragraph)
    find(seg, "SIGHT: Ukraine reports the death")
    j = find(seg, "“According to our information")
    assert seg.segments[j].text.endswith("number one target.")
    assert seg.segments[j + 1].text.startswith("My family the second. they want to destroy Ukraine")
    assert seg.segments[j + 1].text.endswith("in an address to the nation.")
    k = find(seg, "RECOMMENDED VIDEO")
    assert seg.segments[k].kind == "line"


def test_seed_004_military_titles_not_split():
    _, seg = seed("004")
    i = find(seg, "Maj. Gen. Igor Konashenkov")
    assert seg.segments[i].text.endswith("two towns in central Ukraine.")
    j = find(seg, "“Despite the retreat")
    assert seg.segments[j + 1].text == "Heavy combat is expected to erupt in the city’s outskirts in the following days.”"


def test_seed_003_quote_then_new_quote():
    _, seg = seed("003")
    i = find(seg, '"But it\'s not enough')
    assert seg.segments[i].text == '"But it\'s not enough, and we need more than just that," he stated.'
    assert seg.segments[i + 1].text == '"A ceasefire without security guarantees is dangerous for Ukraine."'
    j = find(seg, "In response, Zelensky questioned")
    assert '"what kind of diplomacy?" referring to' in seg.segments[j].text
    assert [seg.segments[k].text for k in range(len(seg) - 3, len(seg))] == ["Kinyarwanda", "English", "Swahili"]


# --------------------------------------------------------------------------- sentence rules


def texts(text: str, lang: str = "en") -> list[str]:
    return segment_text(text, lang).texts


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Gen. Jones and Maj. Brown at noon.",
        "Dr. Watson and Prof. Moriarty met Sen. Warren and Rep. Pelosi.",
        "J. R. R. Tolkien wrote the books in 1937.",
        "Growth was 3.5 percent, the U.S. officials said on Friday.",
        "They met at 5 p.m. on Friday near St. Paul’s.",
        "Apples, pears, etc. are on sale.",
        "See No. 10 Downing Street for details.",
        "“The fight is here.” he said to reporters.",
        "“Where?” he asked, and nobody answered.",
        "Several firms, e.g. Acme and Bolt, declined.",
    ],
)
def test_no_split(text):
    assert texts(text) == [text]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He lives in the U.S. The president said so.", ["He lives in the U.S.", "The president said so."]),
        ("It rose. 11 members voted.", ["It rose.", "11 members voted."]),
        ("He left. “We stay,” she said.", ["He left.", "“We stay,” she said."]),
        ("Really?! Yes. (It was true.) Then more…", ["Really?!", "Yes.", "(It was true.)", "Then more…"]),
        ("He waited... Then he left.", ["He waited...", "Then he left."]),
        ("The president said no. 3 people came.", ["The president said no.", "3 people came."]),
        ("It cost $5. $500 million followed.", ["It cost $5.", "$500 million followed."]),
        ("John Smith Jr. The end came.", ["John Smith Jr.", "The end came."]),
        ("Apple Inc. The company grew.", ["Apple Inc.", "The company grew."]),
    ],
)
def test_split(text, expected):
    assert texts(text) == expected


def test_spanish_inverted_marks_and_titles():
    assert texts("¿Dónde está el presidente? ¡No lo sabemos! El Sr. Pérez y la Dra. Gómez llegaron. "
                 "Hablaron con el Gen. Ruiz.", "es") == [
        "¿Dónde está el presidente?",
        "¡No lo sabemos!",
        "El Sr. Pérez y la Dra. Gómez llegaron.",
        "Hablaron con el Gen. Ruiz.",
    ]


def test_german_ordinals_and_abbreviations():
    assert texts("Am 3. Oktober kam Dr. Müller an. Er sagte z.B. nichts. Das war 2019. Dann ging er.", "de") == [
        "Am 3. Oktober kam Dr. Müller an.",
        "Er sagte z.B. nichts.",
        "Das war 2019.",
        "Dann ging er.",
    ]
    assert texts("Das Spiel endete 3:1. Danach ging er. Sie bzw. er kam am 24. Februar.", "de-AT") == [
        "Das Spiel endete 3:1.",
        "Danach ging er.",
        "Sie bzw. er kam am 24. Februar.",
    ]


def test_french_guillemets_and_titles():
    assert texts("M. Dupont est arrivé. « Bonjour. » Il a dit : « Quoi ? » Puis Mme Roy est partie !", "fr") == [
        "M. Dupont est arrivé.",
        "« Bonjour. »",
        "Il a dit : « Quoi ? »",
        "Puis Mme Roy est partie !",
    ]


def test_cjk_needs_no_space():
    assert texts("我们到了。他说：“好的！”然后离开了。", "zh") == ["我们到了。", "他说：“好的！”", "然后离开了。"]


def test_unknown_language_uses_english_rules():
    assert texts("Mr. Smith arrived. He sat.", "xx") == ["Mr. Smith arrived.", "He sat."]
    assert segment_text("Mr. Smith arrived. He sat.", None).texts == ["Mr. Smith arrived.", "He sat."]  # type: ignore[arg-type]


# --------------------------------------------------------------------------- paragraphs and kinds


def test_hard_wrapped_paragraph_is_rejoined():
    text = (
        "This is a hard-wrapped paragraph that goes on for quite a\n"
        "while and was wrapped at about sixty columns by an email\n"
        "client. It keeps going with another sentence that also\n"
        "wraps around.\n"
        "\n"
        "HEADLINE HERE\n"
        "Another short paragraph."
    )
    seg = segment_text(text)
    assert seg.texts == [
        "This is a hard-wrapped paragraph that goes on for quite a\nwhile and was wrapped at about "
        "sixty columns by an email\nclient.",
        "It keeps going with another sentence that also\nwraps around.",
        "HEADLINE HERE",
        "Another short paragraph.",
    ]
    assert [s.paragraph for s in seg.segments] == [0, 0, 1, 2]
    assert len(seg.paragraphs) == 3


def test_wrapped_block_joins_lines_that_start_upper_case():
    text = (
        "A paragraph that was wrapped by President\n"
        "Biden's staff at some width so that the lines are\n"
        "similar in length and Uppercase starts occur\n"
        "sometimes in the wrapped text, which we join\n"
        "back."
    )
    assert texts(text) == [text]


def test_headlines_and_lines_are_not_joined():
    seg = segment_text("Zelensky refuses US offer to flee Kyiv\nBy Staff Reporter\nKyiv: Troops advanced on Saturday.")
    assert [(s.text, s.kind) for s in seg.segments] == [
        ("Zelensky refuses US offer to flee Kyiv", "heading"),
        ("By Staff Reporter", "line"),
        ("Kyiv: Troops advanced on Saturday.", "sentence"),
    ]


def test_lowercase_next_line_joins_unless_previous_line_ends_a_sentence():
    assert texts("The troops were\nseen near the city.") == ["The troops were\nseen near the city."]
    assert texts("The troops left.\nthen more came.") == ["The troops left.", "then more came."]
    assert texts("Key points:\nthe first one.") == ["Key points:", "the first one."]


def test_list_items_with_several_sentences_and_markers():
    text = "Points:\n- One thing. Another thing.\n* Star item\n• Bullet item\n2) Second\n"
    doc = document_from_text(text, lang="en")
    seg = segment(doc)
    assert [(s.text, s.kind) for s in seg.segments] == [
        ("Points:", "line"),
        ("One thing.", "list_item"),
        ("Another thing.", "list_item"),
        ("Star item", "list_item"),
        ("Bullet item", "list_item"),
        ("Second", "list_item"),
    ]
    for s in seg.segments:
        assert doc.text[s.start : s.end] == s.text


def test_markdown_and_html_documents_segment_with_file_positions(tmp_path):
    md = tmp_path / "a.md"
    md.write_text("# Zelensky refuses the offer today\n\nHe said **no**. Then he left.\n- an item\n", encoding="utf-8")
    doc = read_document(md)
    seg = segment(doc)
    assert [(s.text, s.kind) for s in seg.segments] == [
        ("Zelensky refuses the offer today", "heading"),
        ("He said no.", "sentence"),
        ("Then he left.", "sentence"),
        ("an item", "list_item"),
    ]
    assert [doc.line_col(s.start) for s in seg.segments] == [(1, 3), (3, 1), (3, 17), (4, 3)]
    page = tmp_path / "a.html"
    page.write_text("<html><body>\n<h1>A headline for the page</h1>\n<ul>\n  <li>First item</li>\n</ul>\n"
                    "<p>One sentence. Two\n sentences.</p></body></html>", encoding="utf-8")
    doc = read_document(page, lang="en")
    seg = segment(doc)
    assert [(s.text, s.kind) for s in seg.segments] == [
        ("A headline for the page", "heading"),
        ("First item", "list_item"),
        ("One sentence.", "sentence"),
        ("Two sentences.", "sentence"),
    ]
    assert [doc.line_col(s.start) for s in seg.segments] == [(2, 5), (4, 7), (6, 4), (6, 18)]


def test_segment_uses_the_document_language():
    doc = document_from_text("Am 3. Oktober kam er an. Dann ging er.", lang="de")
    assert segment(doc).lang == "de"
    assert segment(doc).texts == ["Am 3. Oktober kam er an.", "Dann ging er."]


def test_empty_text_has_no_segments():
    seg = segment_text("  \n\n ")
    assert len(seg) == 0 and seg.paragraphs == ()


# --------------------------------------------------------------------------- presegmented


def test_presegmented_one_segment_per_line():
    text = "First line. Two sentences.\n\n  second line  \nthird\r\n\n"
    seg = presegmented(text, doc_id="tb", lang="de")
    assert seg.doc_id == "tb" and seg.lang == "de"
    assert seg.texts == ["First line. Two sentences.", "second line", "third"]
    for s in seg.segments:
        assert text[s.start : s.end] == s.text
    assert [s.paragraph for s in seg.segments] == [0, 1, 1]
    assert [p.segments for p in seg.paragraphs] == [(0,), (1, 2)]
    assert seg.segments[1].start == text.index("second")
