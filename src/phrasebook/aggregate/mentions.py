"""Mentions: every occurrence of a formulation's forms, also inside a longer formulation.

Leftmost-longest matching is right for tagging (“一带一路”国际合作高峰论坛 is one match, of
the forum), but an analyst asking how often 一带一路 appears wants the forum's 一带一路
too. A formulation's **mentions** are its own matches plus each occurrence of its forms
inside the matches of the formulations that contain them. Which formulation contains
which is computed from the forms here, never typed by editors. Places have no mentions
beyond their matches: 南亚 inside 东南亚 is no mention of South Asia.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from phrasebook.lexicon import Lexicon
from phrasebook.normalize import normalize

_CONTAINMENT: dict[str, dict[str, list[tuple[str, tuple[str, ...]]]]] = {}


def _containment(lexicon: Lexicon) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """For each formulation, the other formulations whose forms occur in its forms:
    {container id: [(contained id, its forms, longest first)]}; kept per lexicon version."""
    if lexicon.version not in _CONTAINMENT:
        _CONTAINMENT[lexicon.version] = _contained_forms(lexicon)
    return _CONTAINMENT[lexicon.version]


def _contained_forms(lexicon: Lexicon) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    formulations = lexicon.of_kind("formulation")
    forms = {e.id: tuple(sorted(set(e.surfaces), key=len, reverse=True)) for e in formulations}
    inside: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for container in formulations:
        for other, other_forms in forms.items():
            if other != container.id and any(f in s for f in other_forms for s in forms[container.id] if len(s) > len(f)):
                inside[container.id].append((other, other_forms))
    return dict(inside)


def nested_occurrences(surface: str, container: str, lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """(entry id, start, end) of every formulation form inside one match of ``container``;
    ``surface`` is the match's original text, offsets are into it."""
    contained = _containment(lexicon).get(container)
    if not contained:
        return []
    normalized = normalize(surface)
    text = normalized.text
    found = []
    for entry_id, forms in contained:
        position = 0
        while position < len(text):
            hits = [(text.find(form, position), form) for form in forms]
            hits = [(at, form) for at, form in hits if at >= 0]
            if not hits:
                break
            at, form = min(hits, key=lambda hit: (hit[0], -len(hit[1])))
            start, end = normalized.to_original(at, at + len(form))
            found.append((entry_id, start, end))
            position = at + len(form)
    return found


def mention_rows(matches: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
    """The formulation matches, plus one row per form nested in another formulation's
    match (same document and sentence; ``via`` is ``nested``)."""
    formulations = matches[matches["kind"] == "formulation"]
    containers = set(_containment(lexicon))
    extra = []
    entries = {e.id: e for e in lexicon.of_kind("formulation")}
    for row in formulations[formulations["entry_id"].isin(containers)].to_dict("records"):
        for entry_id, start, end in nested_occurrences(row["text"], row["entry_id"], lexicon):
            entry = entries[entry_id]
            extra.append(
                {**row, "entry_id": entry_id, "canonical": entry.canonical, "family": entry.family, "role": entry.role,
                 "start": row["start"] + start, "end": row["start"] + end, "text": row["text"][start:end], "via": "nested"}
            )
    if not extra:
        return formulations
    return pd.concat([formulations, pd.DataFrame(extra, columns=formulations.columns)], ignore_index=True)
