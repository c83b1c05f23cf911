"""``phrasebook lexicon check``: everything that can be wrong with a lexicon, with path:line;
and :func:`load_lexicon`, which every user of a lexicon goes through, so that no lexicon is
used unchecked.

Schema errors come from loading; the rest is checked here: the files' layout, ids,
competing and shadowed forms, typographic slips in forms, required examples, and every
example run through the real matcher (a positive must be found at its span, a negative
must not be found).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from phrasebook.errors import LexiconError, Problem
from phrasebook.lexicon.layout import lay_out
from phrasebook.lexicon.load import default_lexicon_dir, read_lexicon
from phrasebook.lexicon.model import Entry, Lexicon, Origin
from phrasebook.lexicon.schema import Examples
from phrasebook.match.matcher import SHORT_TERM, Match, Matcher, is_formulation
from phrasebook.normalize import normalize, to_simplified

RETIRED_IDS = "retired_ids.txt"
_FULL_WIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_ASCII_PUNCT_IN_CJK = re.compile(r"[,;:!?()]")
_NEEDS_NEGATIVE = {"formulation", "province", "region", "compound"}


def load_lexicon(root: Path | str | None = None) -> Lexicon:
    """Load, validate and check the lexicon; raise :class:`LexiconError` listing every
    error, with the same ``path:line`` messages as ``phrasebook lexicon check``.

    Lexicon files come from pull requests, so every user of a lexicon gets the checks
    (ids, forms, templates, examples), not only the editor who runs ``lexicon check``. A
    lexicon that passed is kept in the user's cache (see :mod:`phrasebook.lexicon.compiled`),
    so the files are parsed and the examples run once per version.
    """
    from phrasebook.cache import read_cached, write_cached
    from phrasebook.lexicon.compiled import CACHE_KIND, from_json, source_key, to_json

    root = Path(root) if root else default_lexicon_dir()
    key = source_key(root) if root.is_dir() else None
    if key and key in _LOADED:
        return _LOADED[key]
    cached = read_cached(CACHE_KIND, key) if key else None
    if cached is not None and (lexicon := from_json(cached)) is not None:
        return _remember(key, lexicon)
    lexicon, problems = read_lexicon(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors or lexicon is None:
        raise LexiconError(errors or problems)
    errors = [p for p in check_loaded(lexicon) if p.severity == "error"]
    if errors:
        raise LexiconError(errors)
    if key:
        write_cached(CACHE_KIND, key, to_json(lexicon))
        _remember(key, lexicon)
    return lexicon


_LOADED: dict[str, Lexicon] = {}
"""Lexicons this process loaded, by the key of what they depend on: a notebook's every
``pb.tag`` would otherwise decode the same cached lexicon again."""


def _remember(key: str, lexicon: Lexicon) -> Lexicon:
    if len(_LOADED) >= 4:
        _LOADED.pop(next(iter(_LOADED)))
    _LOADED[key] = lexicon
    return lexicon


def check_lexicon(root: Path) -> list[Problem]:
    """Every problem of the lexicon at ``root``: errors first by file and line, then warnings.

    A file out of the canonical layout is an error here (``lexicon fmt`` fixes it), though
    not for loading: a lexicon that is checked but not formatted still tags texts."""
    lexicon, problems = read_lexicon(root)
    if root.is_dir():
        problems += lay_out([root], write=False).unformatted
    if lexicon is None:
        return sorted(problems, key=_order)
    return sorted(problems + check_loaded(lexicon), key=_order)


def check_loaded(lexicon: Lexicon) -> list[Problem]:
    """The problems of a lexicon that loaded: ids, forms, templates and examples."""
    problems = _id_problems(lexicon)
    problems += _form_problems(lexicon)
    problems += _shadow_problems(lexicon)
    problems += _example_requirements(lexicon)
    try:
        matcher = Matcher(lexicon, overlapping=True)
    except LexiconError as exc:
        return problems + exc.problems
    return problems + _example_problems(lexicon, matcher)


def _order(problem: Problem) -> tuple[int, str, int]:
    return (problem.severity != "error", str(problem.path), problem.line)


def _at(origin: Origin, message: str, severity: str = "error") -> Problem:
    return Problem(origin.path, origin.line, message, severity)


def _id_problems(lexicon: Lexicon) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, Entry] = {}
    for entry in lexicon.entries:
        if entry.id in first:
            other = first[entry.id].origin
            problems.append(_at(entry.origin, f"duplicate id {entry.id!r} (first at {other.path}:{other.line})"))
        first.setdefault(entry.id, entry)
    designation_ids: set[str] = set()
    for designation in lexicon.designations:
        if designation.id in designation_ids:
            problems.append(Problem(lexicon.root / "designations.yaml", 1, f"duplicate designation id {designation.id!r}"))
        designation_ids.add(designation.id)
    retired_path = lexicon.root / RETIRED_IDS
    if retired_path.exists():
        for number, line in enumerate(retired_path.read_text(encoding="utf-8").splitlines(), 1):
            retired = line.split("#")[0].strip()
            if retired in first:
                problems.append(_at(first[retired].origin, f"id {retired!r} is retired ({retired_path}:{number}) and may not be reused"))
    return problems


def _form_problems(lexicon: Lexicon) -> list[Problem]:
    problems: list[Problem] = []
    claims: dict[str, list[Entry]] = defaultdict(list)
    for entry in lexicon.entries:
        for form in (*entry.surfaces, *entry.patterns):
            problems += _typography(entry, form)
        for form in entry.surfaces:
            claims[form].append(entry)
    for form, entries in claims.items():
        by_priority: dict[tuple[bool, int], list[Entry]] = defaultdict(list)
        for entry in entries:
            by_priority[(is_formulation(entry), entry.priority)].append(entry)
        for tied in by_priority.values():
            distinct = list(dict.fromkeys(e.id for e in tied))
            if len(distinct) > 1:
                problems.append(
                    _at(tied[-1].origin, f"form {form!r} is claimed by {', '.join(distinct)} with equal priority; set priority on one (or remove one)")
                )
    return problems


def _typography(entry: Entry, form: str) -> list[Problem]:
    problems = []
    if form != form.strip() or re.search(r"\s", form):
        problems.append(_at(entry.origin, f"{entry.id}: form {form!r} contains whitespace"))
    if _FULL_WIDTH_ALNUM.search(form):
        problems.append(_at(entry.origin, f"{entry.id}: form {form!r} has full-width letters or digits"))
    if entry.kind != "country" and _ASCII_PUNCT_IN_CJK.search(re.sub(r"\{[^}]*\}|\([^)]*\|[^)]*\)|\?", "", form)):
        problems.append(_at(entry.origin, f"{entry.id}: form {form!r} has half-width punctuation; use full-width"))
    simplified = to_simplified(form)
    if simplified != form:
        problems.append(_at(entry.origin, f"{entry.id}: form {form!r} has traditional characters (simplified: {simplified})"))
    return problems


def shadowing(lexicon: Lexicon) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(hidden id, hiding id) -> [(form, longer form), ...]: each form of a formulation
    that lies inside a longer form of another formulation, where leftmost-longest matching
    reports the longer one. Places are chosen in a layer of their own (see the matcher),
    so they hide no formulation and no formulation hides them."""
    import ahocorasick_rs

    claims: dict[str, list[Entry]] = defaultdict(list)
    for entry in lexicon.of_kind("formulation"):
        for form in entry.surfaces:
            claims[form].append(entry)
    forms = list(claims)
    automaton = ahocorasick_rs.AhoCorasick(forms)
    found: dict[tuple[str, str], dict[tuple[str, str], None]] = defaultdict(dict)
    for longer in forms:
        for index, _, _ in automaton.find_matches_as_indexes(longer, overlapping=True):
            shorter = forms[index]
            if shorter == longer:
                continue
            for hidden in claims[shorter]:
                for hiding in claims[longer]:
                    if hiding.id != hidden.id:
                        found[(hidden.id, hiding.id)][(shorter, longer)] = None
    return {pair: list(forms) for pair, forms in found.items()}


def _shadow_problems(lexicon: Lexicon) -> list[Problem]:
    """A warning for each shadowing not acknowledged under ``shadows`` (news for the
    reviewer), and for each acknowledgement that no longer holds; an unknown id is an error."""
    found = shadowing(lexicon)
    problems = []
    for (hidden, hiding_id), pairs in found.items():
        hiding = lexicon.get(hiding_id)
        if hidden in hiding.shadows:
            continue
        shown = ", ".join(f"{form} in {longer}" for form, longer in pairs[:3]) + (f" and {len(pairs) - 3} more" if len(pairs) > 3 else "")
        problems.append(
            _at(hiding.origin, f"{hiding.id} shadows {hidden} ({shown}); if intended, list {hidden} under its `shadows`", "warning")
        )
    ids = {entry.id for entry in lexicon.entries}
    for entry in lexicon.of_kind("formulation"):
        for other in entry.shadows:
            if other == entry.id:
                problems.append(_at(entry.origin, f"{entry.id}: `shadows` lists the entry itself"))
            elif other not in ids:
                problems.append(_at(entry.origin, f"{entry.id}: `shadows` names {other!r}, which is no entry of the lexicon"))
            elif (other, entry.id) not in found:
                if (entry.id, other) in found:
                    hint = f"it is {other} that shadows {entry.id}: the acknowledgement belongs under the `shadows` of {other}"
                elif lexicon.get(other).kind != "formulation":
                    hint = f"{other} is a place, matched in a layer of its own: remove it"
                else:
                    hint = "remove it"
                problems.append(
                    _at(entry.origin, f"{entry.id}: the acknowledgement `shadows: {other}` is stale: no form of {other} lies inside a form of {entry.id}; {hint}", "warning")
                )
    return problems


def _example_requirements(lexicon: Lexicon) -> list[Problem]:
    problems = []
    for entry in lexicon.entries:
        if entry.kind == "formulation" and not entry.examples.positive:
            problems.append(_at(entry.origin, f"{entry.id}: needs at least one positive example"))
        short = any(len(form) <= SHORT_TERM for form in entry.surfaces)
        needs_negative = entry.kind in _NEEDS_NEGATIVE and (short or entry.family == "role_designation")
        if needs_negative and not entry.examples.negative:
            reason = "role designation" if entry.family == "role_designation" else f"has a form of {SHORT_TERM} characters or fewer"
            problems.append(_at(entry.origin, f"{entry.id}: needs a negative example ({reason})"))
    return problems


def _example_problems(lexicon: Lexicon, matcher: Matcher) -> list[Problem]:
    problems = []
    for entry in lexicon.entries:
        problems += _run_examples(matcher, entry.examples, entry.origin, lambda m, e=entry: m.entry.id == e.id, entry.id)
    if lexicon.abbreviation_origin is not None:
        problems += _run_examples(
            matcher, lexicon.abbreviation_examples, lexicon.abbreviation_origin, lambda m: m.via == "abbreviation", "abbreviation_contexts"
        )
    return problems


def _run_examples(matcher: Matcher, examples: Examples, origin: Origin, ours, label: str) -> list[Problem]:
    problems = []
    for example in examples.positive:
        spans = [_original_span(example.text, m) for m in _find(matcher, example.text) if ours(m)]
        if example.span not in spans:
            found = ", ".join(example.text[s:e] for s, e in spans) or "nothing"
            problems.append(_at(origin, f"{label}: positive example {example.text!r} should match {example.match!r} but found {found}"))
    for sentence in examples.negative:
        found = [sentence[s:e] for s, e in (_original_span(sentence, m) for m in _find(matcher, sentence) if ours(m))]
        if found:
            problems.append(_at(origin, f"{label}: negative example {sentence!r} matched {', '.join(found)}"))
    return problems


def _find(matcher: Matcher, text: str) -> list[Match]:
    return matcher.find(normalize(text).text)


def _original_span(text: str, match: Match) -> tuple[int, int]:
    return normalize(text).to_original(match.start, match.end)
