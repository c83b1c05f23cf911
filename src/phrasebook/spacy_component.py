"""phrasebook as a spaCy pipeline component: ``nlp.add_pipe("phrasebook")``.

The factory is registered under spaCy's ``spacy_factories`` entry point, so a Chinese
pipeline finds it once phrasebook is installed, without importing phrasebook::

    nlp = spacy.blank("zh")                    # or chinese_pipeline("jieba"), ("pkuseg")
    nlp.add_pipe("phrasebook", config={"spans_key": "phrasebook"})
    doc = nlp("云南加快建设面向南亚东南亚辐射中心。")
    [(span.text, span.label_) for span in doc.spans["phrasebook"]]
    displacy.render(doc, style="span", options={"spans_key": "phrasebook"})

The matches are phrasebook's own, found by a :class:`phrasebook.Tagger` on ``doc.text``
(the same entries at the same offsets as ``phrasebook tag``), whatever the pipeline's
tokenizer; the tokenizer only decides where the spans may start and end. A span's label
is the entry id (``yidai_yilu``, ``CN-YN``, ``VN``).

Config: ``lexicon`` (a lexicon folder; default the one in use), ``spans_key``
("phrasebook"), ``alignment_mode`` ("expand"), ``overlapping`` (false: leftmost-longest,
as ``tag``) and ``segmenter`` (the segmentation of phrasebook's word-boundary veto, jieba
or pkuseg: independent of the tokenizer's).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from phrasebook.errors import UsageError
from phrasebook.lexicon import load_lexicon
from phrasebook.tagger import Tagger, TextMatch

ALIGNMENT_MODES = ("strict", "contract", "expand")
TOKENIZER_SEGMENTERS = ("char", "jieba", "pkuseg")


class PhrasebookComponent:
    """Sets ``doc.spans[spans_key]``: one span per phrasebook match, labelled with its entry id.

    A match that does not fall on token boundaries (中美 inside jieba's one token 中美关系,
    say) is aligned by ``alignment_mode``, as in ``Doc.char_span``: "expand" (the default)
    gives the span of the tokens that hold it, so the span's text may be longer than the
    match (中美关系 labelled with the 中美 compound); "contract" gives the tokens that lie
    wholly inside it, and no span when there are none; "strict" gives no span. Spans never
    cut a token. :meth:`match` returns the exact matches, with their character offsets.
    """

    def __init__(
        self,
        *,
        name: str = "phrasebook",
        lexicon: str | Path | None = None,
        spans_key: str = "phrasebook",
        alignment_mode: str = "expand",
        overlapping: bool = False,
        segmenter: str = "jieba",
    ) -> None:
        if alignment_mode not in ALIGNMENT_MODES:
            raise UsageError(f"alignment_mode {alignment_mode!r}: choose one of {', '.join(ALIGNMENT_MODES)}")
        self.name = name
        self.spans_key = spans_key
        self.alignment_mode = alignment_mode
        self.tagger = Tagger(load_lexicon(lexicon), overlapping=overlapping, segmenter=segmenter)

    def __call__(self, doc: Doc) -> Doc:
        matches = self.match(doc)
        self.set_annotations(doc, matches)
        return doc

    def match(self, doc: Doc) -> list[TextMatch]:
        """phrasebook's matches in the text of ``doc`` (character offsets)."""
        return self.tagger.matches(doc.text)

    def set_annotations(self, doc: Doc, matches: list[TextMatch]) -> None:
        """The matches as token-aligned spans under ``spans_key``."""
        spans = (doc.char_span(m.start, m.end, label=m.entry_id, alignment_mode=self.alignment_mode) for m in matches)
        doc.spans[self.spans_key] = [span for span in spans if span is not None]


@Language.factory(
    "phrasebook",
    default_config={"lexicon": None, "spans_key": "phrasebook", "alignment_mode": "expand", "overlapping": False, "segmenter": "jieba"},
)
def make_phrasebook(
    nlp: Language, name: str, lexicon: str | None, spans_key: str, alignment_mode: str, overlapping: bool, segmenter: str
) -> PhrasebookComponent:
    """The factory spaCy calls for ``nlp.add_pipe("phrasebook", config={...})``."""
    return PhrasebookComponent(
        name=name, lexicon=lexicon, spans_key=spans_key, alignment_mode=alignment_mode, overlapping=overlapping, segmenter=segmenter
    )


def chinese_pipeline(segmenter: str = "char") -> Language:
    """spaCy's blank Chinese pipeline with the tokenizer's ``segmenter`` (char, jieba or
    pkuseg). For pkuseg the tokenizer is given phrasebook's converted model (see
    :mod:`phrasebook.pkuseg_model`) rather than initialised by spaCy, whose
    initialisation loads spacy-pkuseg's pickled dictionary."""
    import spacy

    if segmenter not in TOKENIZER_SEGMENTERS:
        raise UsageError(f"segmenter {segmenter!r}: choose one of {', '.join(TOKENIZER_SEGMENTERS)}")
    nlp: Any = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    if segmenter == "pkuseg":
        from phrasebook.pkuseg_model import load_segmenter

        nlp.tokenizer.pkuseg_seg = load_segmenter()
    return nlp
