"""One transcript's turn drafts made into turns: speakers' keys (spellings merged within the
transcript and across the corpus), roles (see :mod:`analysis.parsers.speakers`), overrides
given by the user, and the question each answer answers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from ..model import Turn
from . import roles as rl
from . import speakers as sp
from .text import ParsedPage, TurnDraft, clean_speech

__all__ = ["CorpusSpellings", "PendingSpellings", "PageLabels", "page_labels", "corpus_spellings", "resolve_speakers",
           "finalize_turns"]


# speakers and roles
class CorpusSpellings(dict):
    """What the whole corpus says about its speakers' labels: ``{form: (right form, reason,
    shown as)}`` for misspelt labels, and ``presiding``: ``{name key: label}`` for people
    some transcript labels with a presiding title ("Chairman INOUYE")."""

    presiding: dict[str, str]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.presiding = {}


class PendingSpellings(CorpusSpellings):
    """The corpus's spellings while they are not yet known (a transcript built as its file is
    parsed): no label misspelt, no one presiding, and in ``asked`` every form and name key
    :func:`resolve_speakers` looked up in them. The transcript built is the one the corpus's
    spellings give unless :meth:`differs` says otherwise."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()
        self.presiding = _AskedKeys(self.asked)

    def __bool__(self) -> bool:  # consulted as a corpus's spellings are, though it holds none
        return True

    def __contains__(self, form: object) -> bool:
        self.asked.add(form)
        return False

    def differs(self, spellings: CorpusSpellings) -> bool:
        """Whether ``spellings`` hold a form or a presiding name key that was looked up."""
        return any(form in spellings or form in spellings.presiding for form in self.asked)


class _AskedKeys(dict):
    """The ``presiding`` of :class:`PendingSpellings`: empty, recording each key asked for."""

    def __init__(self, asked: set[str]) -> None:
        super().__init__()
        self.asked = asked

    def __bool__(self) -> bool:
        return True

    def __contains__(self, key: object) -> bool:
        self.asked.add(key)
        return False


#: What one page tells :func:`corpus_spellings` (:func:`page_labels`): the ``(form, label as
#: written)`` of each turn whose speaker it names, and the ``(name key, label)`` of each label
#: holding a presiding title beside a name.
PageLabels = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]


def page_labels(page: ParsedPage) -> PageLabels:
    """The labels of one page that :func:`corpus_spellings` reads, in the order of its turns
    (a parsing worker sends these instead of the page)."""
    written: list[tuple[str, str]] = []
    presiding: list[tuple[str, str]] = []
    for d in page.turns:
        if d.role is None and d.speaker and not d.speaker_id:  # a source's ids are its own word
            written.append((rl.speaker_key(d.speaker), d.speaker))
        label = d.label or d.speaker or ""
        title = sp.presiding_title(label) if d.role is None and label else None
        if title and sp.name_key(label) not in title.split():  # a name beside the title: "Chairman INOUYE"
            presiding.append((sp.name_key(label), label))
    return tuple(written), tuple(presiding)


def corpus_spellings(labels: Sequence[PageLabels]) -> CorpusSpellings:
    """Labels misspelt somewhere in the corpus: ``{form: (right form, reason, shown as)}``.

    ``labels`` are the :func:`page_labels` of every page of the corpus, in reading order.
    A label seen in one transcript only ("BERNAKE") is compared with the spellings of the
    whole corpus, where the right one is common (at least five times as common for keys
    without titles). Speakers a structured source identifies by id are left as they are.
    The result's ``presiding`` names who presides somewhere in the corpus (see
    :func:`resolve_speakers`).
    """
    written: Counter = Counter()
    shown: dict[str, Counter] = defaultdict(Counter)
    presiding: dict[str, str] = {}
    for forms, chairs in labels:
        for form, speaker in forms:
            written[form] += 1
            shown[form][speaker] += 1
        for key, label in chairs:
            presiding.setdefault(key, label)
    out = CorpusSpellings()
    out.presiding = presiding
    for form, (target, reason) in sp.merge_keys(written, max_edits=1).items():
        if reason.startswith("spelling") and shown.get(target):
            out[form] = (target, reason + " in the corpus", shown[target].most_common(1)[0][0])
    # the same on keys without titles ("CHAIRMAN BERNAKE" beside "CHAIR BERNANKE")
    keys: Counter = Counter()
    forms_of: dict[str, Counter] = defaultdict(Counter)
    for form, n in written.items():
        if form not in out:
            k = sp.name_key(form)
            keys[k] += n
            forms_of[k][form] += n
    for key, (target, reason) in sp.merge_keys(keys).items():
        # across transcripts, a near name may be another person ("David Davis", "David Davies"):
        # only a rare spelling of a name at least five times as common
        if reason.startswith("spelling") and forms_of.get(target) and keys[target] >= 5 * keys[key]:
            best = forms_of[target].most_common(1)[0][0]
            for form in forms_of[key]:
                out[form] = (best, reason + " in the corpus", shown[best].most_common(1)[0][0])
    return out


def resolve_speakers(drafts: list[TurnDraft], official: str | None, roles: Mapping[str, str],
                      aliases: Mapping[str, str], given_roles: Mapping[str, str] | None = None,
                      spellings: Mapping[str, tuple[str, str, str]] | None = None) -> list[tuple]:
    """Keys (merged spellings) and roles for one transcript's drafts; returns the merges made."""
    for d in drafts:
        # "DR.  FAUCI" is "DR. FAUCI"; control characters (a terminal escape, a bell in a JSON
        # speaker field or an XML attribute) are no part of a name
        d.speaker = " ".join(clean_speech(d.speaker).split()) or "Unknown speaker"
        if d.label and not (d.label.isascii() and d.label.isprintable()):
            d.label = " ".join(clean_speech(d.label).split())
    # misspelt labels first, on the labels as written ("HE PRESIDENT" beside "THE PRESIDENT"),
    # then on the keys without titles ("CHAIRIMAN POWELL" beside "CHAIR POWELL")
    written = Counter(rl.speaker_key(d.speaker) for d in drafts if d.role is None)
    # within one transcript, a near spelling that never takes turns with the other is also one
    together = sp.adjoining_pairs([rl.speaker_key(d.speaker) if d.role is None else None for d in drafts])
    typos = {k: v for k, v in sp.merge_keys(written, max_edits=1, adjoining=together).items()
             if v[1].startswith("spelling")}
    shown_as: dict[str, str] = {}
    for form in written:
        if form not in typos and spellings and form in spellings:
            target, reason, shown = spellings[form]
            typos[form] = (target, reason)
            shown_as[form] = shown
    for d in drafts:
        form = rl.speaker_key(d.speaker)
        d.key = sp.name_key(typos[form][0]) if form in typos and d.role is None else sp.name_key(d.speaker)
    # a structured source's speaker id joins a title-only label ("Mr. Deputy Speaker") to the
    # name the same person speaks under elsewhere
    by_id: dict[str, Counter] = defaultdict(Counter)
    for d in drafts:
        if d.speaker_id:
            by_id[d.speaker_id][d.key] += 1
    id_key = {i: c.most_common(1)[0][0] for i, c in by_id.items()}
    counts = Counter(d.key for d in drafts if d.role is None or d.label)
    merges = sp.merge_keys(counts, aliases)
    merged = []
    for d in drafts:
        if d.speaker_id:
            d.key = id_key[d.speaker_id]
        if d.key in merges:
            d.key = merges[d.key][0]
            merged.append(d)
        elif rl.speaker_key(d.speaker) in typos and d.role is None:
            merged.append(d)
    # a misspelt or aliased label is shown under the spelling its speaker is most often given
    spelling: dict[str, Counter] = defaultdict(Counter)
    for d in drafts:
        if d.role is None and not any(d is m for m in merged):
            spelling[d.key][d.speaker] += 1
    alias_shown = {sp.name_key(k): v for k, v in (aliases or {}).items()}
    for d in drafts:  # an aliased label is shown as the speaker the aliases file names
        if d.role is None and (sp.name_key(d.speaker) in alias_shown or rl.speaker_key(d.speaker) in alias_shown):
            d.speaker = alias_shown.get(sp.name_key(d.speaker)) or alias_shown[rl.speaker_key(d.speaker)]
            d.key = sp.name_key(d.speaker)
    for d in merged:
        if d.speaker in alias_shown.values():
            continue
        form = rl.speaker_key(d.speaker)
        if spelling.get(d.key):
            d.speaker = spelling[d.key].most_common(1)[0][0]
        elif form in shown_as:
            d.speaker = shown_as[form]
    merges = {**merges, **{k: (sp.name_key(v[0]), v[1]) for k, v in typos.items()}}
    official_here = official
    # a given role is "role" (metadata or sidecar) or "role|reason" (what the page says)
    given = {sp.name_key(k): v for k, v in (given_roles or {}).items()}
    keys_here = {d.key for d in drafts}
    for g in list(given):  # "Holt" in the metadata names "Lester Holt" when he is the only Holt here
        if g not in keys_here:
            match = [k for k in keys_here if set(g.split()) <= set(k.split()) or set(k.split()) <= set(g.split())]
            if len(match) == 1:
                given.setdefault(match[0], given[g])
    for d in drafts:
        if d.role is None and d.key in given:
            role, _, why = given[d.key].partition("|")
            d.role, d.role_reason = role, why or "given in the transcript's metadata"
    sp.assign_roles(drafts, official=official_here)
    presiding = getattr(spellings, "presiding", None) or {}
    keys = {d.key for d in drafts}
    if len(keys) == 1 and (only := next(iter(keys))) in presiding and only not in given:
        # the only speaker of a clip (a chairman's closing statement, "Mr. INOUYE") has no one
        # here to give the floor to: the corpus, where the same person presides ("Chairman
        # INOUYE"), says what part they play
        for d in drafts:
            if d.role != "moderator":
                d.role = "moderator"
                d.role_reason = f"the only speaker here; presides elsewhere in the corpus ({presiding[only]})"
    if drafts and all(not d.label and d.role == "unknown" for d in drafts):
        # a monologue with no label at all: its one speaker holds the floor (the announcing
        # side), though unnamed; a name pattern's {speaker} field or a roles file can name it
        for d in drafts:
            d.role, d.role_reason = "official", "the only speaker of an unlabelled text"
    override = {sp.name_key(k): v for k, v in roles.items()}
    override.update({rl.speaker_key(k): v for k, v in roles.items()})
    for d in drafts:
        r = override.get(d.key) or override.get(rl.speaker_key(d.speaker))
        if r is not None:
            d.role, d.role_reason = r, "given by roles="
        if d.role == "questioner" and d.outlet is None:
            d.outlet = rl.outlet_in_question(" ".join(p.speech for p in d.paragraphs))
    return [(k, v[0], v[1]) for k, v in merges.items()]


def finalize_turns(tid: str, drafts: list[TurnDraft]) -> list[Turn]:
    turns: list[Turn] = []
    last_q: int | None = None
    answered = False
    for i, d in enumerate(drafts):
        role = d.role or "unknown"
        answers = None
        if role == "questioner":
            last_q, answered = i, False
        elif role == "official":
            if last_q is not None:
                answers, answered = last_q, True
        elif role == "moderator" and answered:
            last_q = None
        turns.append(Turn(tid, i, d.speaker, d.key or sp.name_key(d.speaker), role, d.label, d.outlet,
                          tuple(d.paragraphs), answers, d.role_reason))
    return turns
