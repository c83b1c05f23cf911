# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The matcher's hot path, compiled: no Python object per automaton hit.

One pass over the text's code points runs an Aho-Corasick automaton over every surface
form, counts sentence ends, and lists the candidates of each hit as C records; the
records are sorted by the overlap policy (see :mod:`phrasebook.match.matcher`) and the
matches chosen among them. Python is called back only where the lexicon asks for it:
an entry's context rules, the word-boundary check of a short place name that would be
chosen, and the slot templates whose anchor the scan saw. The automaton is built here
from the surface list; its transitions live in one open-addressing hash table keyed by
(state, character), so a step costs a hash probe whatever the lexicon's size.
"""

from cpython.unicode cimport PyUnicode_Find, PyUnicode_Tailmatch
from libc.stdint cimport int32_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, qsort, realloc
from libc.string cimport memset

from collections import deque


cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    Py_ssize_t PyUnicode_GET_LENGTH(object text)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index) nogil


ctypedef struct Candidate:
    # The sort key, in the policy's order: earliest start, longest span, higher priority,
    # literal before template, lexicon order, then the order found.
    int32_t begin
    int32_t negative_length
    int32_t negative_priority
    int32_t via_rank
    int32_t lexicon_index
    int32_t order
    # What follows the key.
    int32_t end
    int32_t via
    int32_t layer
    int32_t check


ctypedef struct Claim:
    int32_t lead
    int32_t lexicon_index
    int32_t negative_priority
    int32_t via_rank
    int32_t via
    int32_t layer
    int32_t check
    int32_t rules


cdef int _compare(const void* a, const void* b) noexcept nogil:
    cdef const Candidate* x = <const Candidate*> a
    cdef const Candidate* y = <const Candidate*> b
    if x.begin != y.begin:
        return -1 if x.begin < y.begin else 1
    if x.negative_length != y.negative_length:
        return -1 if x.negative_length < y.negative_length else 1
    if x.negative_priority != y.negative_priority:
        return -1 if x.negative_priority < y.negative_priority else 1
    if x.via_rank != y.via_rank:
        return -1 if x.via_rank < y.via_rank else 1
    if x.lexicon_index != y.lexicon_index:
        return -1 if x.lexicon_index < y.lexicon_index else 1
    return -1 if x.order < y.order else (1 if x.order > y.order else 0)


cdef inline uint64_t _slot(int32_t state, uint32_t character, uint64_t mask) noexcept nogil:
    return ((<uint64_t> state * 0x9E3779B97F4A7C15ULL) ^ (<uint64_t> character * 0xC2B2AE3D27D4EB4FULL)) >> 17 & mask


cpdef bint vetoed(tuple not_inside, tuple not_before, tuple not_after, str text, Py_ssize_t start, Py_ssize_t end) except -1:
    """True when the text around [start, end) rules a match out: it is followed by one of
    ``not_before``, preceded by one of ``not_after``, or lies inside one of ``not_inside``."""
    cdef str word
    for word in not_before:
        if PyUnicode_Tailmatch(text, word, end, len(text), -1):
            return True
    for word in not_after:
        if PyUnicode_Tailmatch(text, word, 0, start, 1):
            return True
    for word in not_inside:
        if _inside(text, start, end, word):
            return True
    return False


cdef bint _inside(str text, Py_ssize_t start, Py_ssize_t end, str container) except -1:
    """True when [start, end) lies inside an occurrence of ``container``."""
    cdef Py_ssize_t size = len(container), position
    if size < end - start:
        return False
    position = PyUnicode_Find(text, container, max(0, end - size), start + size, 1)
    while 0 <= position <= start:
        if position + size >= end:
            return True
        position = PyUnicode_Find(text, container, position + 1, start + size, 1)
    if position == -2:
        raise RuntimeError("substring search failed")
    return False


cdef inline uint64_t _pair_key(uint32_t a, uint32_t b) noexcept nogil:
    return (<uint64_t> 1 << 63) | (<uint64_t> a << 21) | b


cdef inline uint64_t _triple_key(uint32_t a, uint32_t b, uint32_t c) noexcept nogil:
    return (<uint64_t> a << 42) | (<uint64_t> b << 21) | c


cdef inline bint _ascii_alphanumeric(uint32_t c) noexcept nogil:
    return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122)


cdef class CrossingSet:
    """The two- and three-character sequences a segmentation word can put across an edge,
    as a hash set of code points (see :func:`phrasebook.match.boundaries.crossing_sequences`)."""

    cdef uint64_t* keys
    cdef uint64_t mask

    def __cinit__(self):
        self.keys = NULL

    def __dealloc__(self):
        free(self.keys)

    def __init__(self, str lines):
        """From ``lines``: one sequence of two or three characters per line."""
        cdef int kind = PyUnicode_KIND(lines)
        cdef void* data = PyUnicode_DATA(lines)
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(lines), size = 16, i, length = 0, line = 1
        cdef uint32_t code, held[3]
        cdef uint64_t key
        while size < 2 * (lines.count("\n") + 1):
            size *= 2
        self.mask = size - 1
        self.keys = <uint64_t*> calloc(size, sizeof(uint64_t))
        if self.keys == NULL:
            raise MemoryError()
        for i in range(n + 1):
            code = PyUnicode_READ(kind, data, i) if i < n else 10
            if code != 10:
                if length < 3:
                    held[length] = code
                length += 1
                continue
            if length == 2:
                self._add(_pair_key(held[0], held[1]))
            elif length == 3:
                self._add(_triple_key(held[0], held[1], held[2]))
            elif length or i < n:
                raise ValueError(f"line {line} of the crossing sequences has {length} characters, not two or three")
            length = 0
            line += 1

    cdef void _add(self, uint64_t key) noexcept:
        cdef uint64_t slot = _slot(<int32_t> (key >> 32), <uint32_t> key, self.mask)
        while self.keys[slot] != 0 and self.keys[slot] != key:
            slot = (slot + 1) & self.mask
        self.keys[slot] = key

    cdef inline bint _has(self, uint64_t key) noexcept nogil:
        cdef uint64_t slot = _slot(<int32_t> (key >> 32), <uint32_t> key, self.mask)
        while self.keys[slot] != 0:
            if self.keys[slot] == key:
                return True
            slot = (slot + 1) & self.mask
        return False

    cdef bint _crossed(self, int kind, void* data, Py_ssize_t n, Py_ssize_t edge) noexcept:
        """Whether a word can lie across the edge between characters edge-1 and edge."""
        if edge <= 0 or edge >= n:
            return False
        cdef uint32_t a = PyUnicode_READ(kind, data, edge - 1), b = PyUnicode_READ(kind, data, edge)
        if self._has(_pair_key(a, b)) or (_ascii_alphanumeric(a) and _ascii_alphanumeric(b)):
            return True
        if edge + 1 < n and self._has(_triple_key(a, b, PyUnicode_READ(kind, data, edge + 1))):
            return True
        return edge >= 2 and self._has(_triple_key(PyUnicode_READ(kind, data, edge - 2), a, b))

    cpdef bint may_straddle(self, str text, Py_ssize_t start, Py_ssize_t end):
        """False when no word can cross either edge of [start, end)."""
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
        return self._crossed(kind, data, n, start) or self._crossed(kind, data, n, end)


cdef class Candidates:
    """A growing array of candidate records for one text."""

    cdef Candidate* items
    cdef Py_ssize_t size
    cdef Py_ssize_t capacity

    def __cinit__(self):
        self.capacity = 256
        self.size = 0
        self.items = <Candidate*> malloc(self.capacity * sizeof(Candidate))
        if self.items == NULL:
            raise MemoryError()

    def __dealloc__(self):
        free(self.items)

    cdef int push(self, int32_t begin, int32_t end, int32_t negative_priority, int32_t via_rank, int32_t lexicon_index,
                  int32_t via, int32_t layer, int32_t check) except -1:
        cdef Candidate* grown
        if self.size == self.capacity:
            grown = <Candidate*> realloc(self.items, 2 * self.capacity * sizeof(Candidate))
            if grown == NULL:
                raise MemoryError()
            self.items = grown
            self.capacity *= 2
        cdef Candidate* c = &self.items[self.size]
        c.begin = begin
        c.negative_length = begin - end
        c.negative_priority = negative_priority
        c.via_rank = via_rank
        c.lexicon_index = lexicon_index
        c.order = <int32_t> self.size
        c.end = end
        c.via = via
        c.layer = layer
        c.check = check
        self.size += 1
        return 0

    def add(self, int begin, int end, int negative_priority, int via_rank, int lexicon_index, int via, int layer, int check):
        """One candidate found outside the scan (a template's match)."""
        self.push(begin, end, negative_priority, via_rank, lexicon_index, via, layer, check)


cdef class Scanner:
    """An automaton over ``surfaces`` with, for each surface, the candidates a hit of it may become.

    ``claims[i]`` lists the candidates of surface ``i`` as tuples (lead, lexicon index,
    negative priority, via rank, via code, layer, boundary check, rules index or -1);
    ``rules[k]`` is the (not_inside, not_before, not_after) of rules index k, for
    :func:`vetoed`; ``stops`` are the characters that end a sentence (so does a line break).
    """

    cdef int32_t n_states
    cdef int32_t* fail
    cdef int32_t* output
    cdef int32_t* output_link
    cdef int32_t* surface_length
    cdef int32_t* table_state
    cdef uint32_t* table_character
    cdef int32_t* table_next
    cdef uint64_t table_mask
    cdef Claim* claims
    cdef int32_t* claims_first
    cdef int32_t* claims_count
    cdef int32_t n_surfaces
    cdef char* is_stop
    cdef list rules

    def __cinit__(self):
        self.fail = self.output = self.output_link = self.surface_length = NULL
        self.table_state = self.table_next = self.claims_first = self.claims_count = NULL
        self.table_character = NULL
        self.claims = NULL
        self.is_stop = NULL

    def __dealloc__(self):
        free(self.fail)
        free(self.output)
        free(self.output_link)
        free(self.surface_length)
        free(self.table_state)
        free(self.table_character)
        free(self.table_next)
        free(self.claims)
        free(self.claims_first)
        free(self.claims_count)
        free(self.is_stop)

    def __init__(self, list surfaces, list claims, list rules, str stops):
        self.rules = rules
        self.n_surfaces = len(surfaces)
        self._build_automaton(surfaces)
        self._build_claims(claims)
        self.is_stop = <char*> calloc(0x110000 >> 3, 1)
        if self.is_stop == NULL:
            raise MemoryError()
        for character in stops + "\n":
            self.is_stop[ord(character) >> 3] |= 1 << (ord(character) & 7)

    cdef void _allocate(self, Py_ssize_t n_states, Py_ssize_t n_edges) except *:
        cdef Py_ssize_t size = 16
        while size < 2 * n_edges:
            size *= 2
        self.table_mask = size - 1
        self.fail = <int32_t*> calloc(n_states, sizeof(int32_t))
        self.output = <int32_t*> malloc(n_states * sizeof(int32_t))
        self.output_link = <int32_t*> calloc(n_states, sizeof(int32_t))
        self.surface_length = <int32_t*> calloc(max(self.n_surfaces, 1), sizeof(int32_t))
        self.table_state = <int32_t*> malloc(size * sizeof(int32_t))
        self.table_character = <uint32_t*> malloc(size * sizeof(uint32_t))
        self.table_next = <int32_t*> malloc(size * sizeof(int32_t))
        if not (self.fail and self.output and self.output_link and self.surface_length and self.table_state
                and self.table_character and self.table_next):
            raise MemoryError()
        memset(self.table_state, 0xFF, size * sizeof(int32_t))

    def _build_automaton(self, list surfaces):
        # The trie as Python dicts first (built once per lexicon), then flattened.
        cdef list children = [{}]
        cdef list owns = [-1]
        cdef int32_t state, n_edges = 0
        for index, surface in enumerate(surfaces):
            state = 0
            for character in surface:
                following = children[state].get(character)
                if following is None:
                    following = len(children)
                    children[state][character] = following
                    children.append({})
                    owns.append(-1)
                    n_edges += 1
                state = following
            owns[state] = index
        self.n_states = len(children)
        self._allocate(self.n_states, n_edges)
        for index, surface in enumerate(surfaces):
            self.surface_length[index] = len(surface)
        for state in range(self.n_states):
            self.output[state] = owns[state]
            for character, following in children[state].items():
                self._put(state, ord(character), following)
        # Breadth first: a state's failure link is the longest proper suffix in the trie;
        # its output link the nearest state along the failure links that ends a surface.
        queue = deque()
        for following in children[0].values():
            queue.append(following)
        cdef int32_t parent, target, link
        while queue:
            parent = queue.popleft()
            for character, following in children[parent].items():
                queue.append(following)
                if parent == 0:
                    target = 0
                else:
                    link = self.fail[parent]
                    target = self._next(link, ord(character))
                    while target < 0 and link != 0:
                        link = self.fail[link]
                        target = self._next(link, ord(character))
                self.fail[following] = max(target, 0)
                target = self.fail[following]
                self.output_link[following] = target if self.output[target] >= 0 else self.output_link[target]

    cdef void _put(self, int32_t state, uint32_t character, int32_t following) noexcept:
        cdef uint64_t slot = _slot(state, character, self.table_mask)
        while self.table_state[slot] >= 0:
            slot = (slot + 1) & self.table_mask
        self.table_state[slot] = state
        self.table_character[slot] = character
        self.table_next[slot] = following

    cdef inline int32_t _next(self, int32_t state, uint32_t character) noexcept nogil:
        cdef uint64_t slot = _slot(state, character, self.table_mask)
        while self.table_state[slot] >= 0:
            if self.table_state[slot] == state and self.table_character[slot] == character:
                return self.table_next[slot]
            slot = (slot + 1) & self.table_mask
        return -1

    def _build_claims(self, list claims):
        cdef Py_ssize_t total = sum(len(c) for c in claims), k = 0
        self.claims = <Claim*> malloc(max(total, 1) * sizeof(Claim))
        self.claims_first = <int32_t*> malloc(max(self.n_surfaces, 1) * sizeof(int32_t))
        self.claims_count = <int32_t*> malloc(max(self.n_surfaces, 1) * sizeof(int32_t))
        if not (self.claims and self.claims_first and self.claims_count):
            raise MemoryError()
        for index, of_surface in enumerate(claims):
            self.claims_first[index] = k
            self.claims_count[index] = len(of_surface)
            for lead, lexicon_index, negative_priority, via_rank, via, layer, check, rules in of_surface:
                self.claims[k] = Claim(lead, lexicon_index, negative_priority, via_rank, via, layer, check, rules)
                k += 1

    def scan(self, str text, Candidates found, bytearray seen):
        """Candidates of every hit in ``text`` into ``found``; ``seen[i]`` set to 1 when
        surface ``i`` occurs; the starts of the sentence-end runs, as a list."""
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i
        cdef int32_t state = 0, following, hit, surface, begin, end, k
        cdef uint32_t character
        cdef Py_ssize_t stop_end = -1, break_end = -1
        cdef Claim* claim
        cdef unsigned char[:] seen_view = seen
        cdef tuple rules
        run_starts = []
        for i in range(n):
            character = PyUnicode_READ(kind, data, i)
            if self.is_stop[character >> 3] & (1 << (character & 7)):
                if character == 10:
                    if i != break_end:
                        run_starts.append(i)
                    break_end = i + 1
                else:
                    if i != stop_end:
                        run_starts.append(i)
                    stop_end = i + 1
            while True:
                following = self._next(state, character)
                if following >= 0:
                    state = following
                    break
                if state == 0:
                    break
                state = self.fail[state]
            hit = state if self.output[state] >= 0 else self.output_link[state]
            while hit > 0:
                surface = self.output[hit]
                seen_view[surface] = 1
                end = <int32_t> (i + 1)
                for k in range(self.claims_first[surface], self.claims_first[surface] + self.claims_count[surface]):
                    claim = &self.claims[k]
                    begin = end - self.surface_length[surface] + claim.lead
                    if claim.rules >= 0:
                        rules = self.rules[claim.rules]
                        if vetoed(rules[0], rules[1], rules[2], text, begin, end):
                            continue
                    found.push(begin, end, claim.negative_priority, claim.via_rank, claim.lexicon_index, claim.via, claim.layer,
                               claim.check)
                hit = self.output_link[hit]
        return run_starts


def choose(str text, Candidates found, list run_starts, bint overlapping, CrossingSet crossing, segmentation_straddles):
    """The chosen matches as (start, end, lexicon index, via code, sentence) tuples, in text order.

    Leftmost-longest within each layer, or every candidate once per entry and span with
    ``overlapping``. A candidate with the boundary check that would otherwise be kept is
    dropped when ``segmentation_straddles(text, start, end)``; with a ``crossing`` set,
    only after the set says a word may cross one of its edges at all.
    """
    qsort(found.items, found.size, sizeof(Candidate), _compare)
    cdef Py_ssize_t i, j, group_start = 0, n_runs = len(run_starts), low, high, middle
    cdef int32_t reached[2]
    cdef Candidate* c
    cdef Candidate* kept
    cdef list chosen = []
    cdef list kept_indices = []
    reached[0] = reached[1] = 0
    for i in range(found.size):
        c = &found.items[i]
        if overlapping:
            if c.check and _straddles(text, c.begin, c.end, crossing, segmentation_straddles):
                continue
            # One row per entry and span (a form and a template may both find it).
            while group_start < len(kept_indices):
                kept = &found.items[<Py_ssize_t> kept_indices[group_start]]
                if kept.begin == c.begin and kept.end == c.end:
                    break
                group_start += 1
            for j in range(group_start, len(kept_indices)):
                if found.items[<Py_ssize_t> kept_indices[j]].lexicon_index == c.lexicon_index:
                    break
            else:
                kept_indices.append(i)
            continue
        if c.begin < reached[c.layer]:
            continue
        if c.check and _straddles(text, c.begin, c.end, crossing, segmentation_straddles):
            continue
        kept_indices.append(i)
        reached[c.layer] = c.end
    for index in kept_indices:
        c = &found.items[<Py_ssize_t> index]
        # The sentence: how many runs of sentence ends start before the match.
        low, high = 0, n_runs
        while low < high:
            middle = (low + high) // 2
            if <int32_t> run_starts[middle] < c.begin:
                low = middle + 1
            else:
                high = middle
        chosen.append((c.begin, c.end, c.lexicon_index, c.via, low))
    return chosen


cdef bint _straddles(str text, int32_t start, int32_t end, CrossingSet crossing, segmentation_straddles) except -1:
    if crossing is not None and not crossing.may_straddle(text, start, end):
        return False
    return segmentation_straddles(text, start, end)
