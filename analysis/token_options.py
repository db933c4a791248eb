"""How the words of a text become terms: one frozen, hashable object of token options.

The term analyses (:mod:`analysis.terms`: counts, keyness, distinctive terms, dispersion,
trends, keyword-in-context) all read the text layer (:mod:`analysis.tokens`) through the same
options. :class:`TokenOptions` holds them, as scikit-learn's ``CountVectorizer`` holds the
options behind ``build_analyzer`` and quanteda's ``tokens`` object carries its own: it is
validated once, compares and hashes by value (so it keys memos), and is passed whole::

    opts = TokenOptions(lemmas=True, ngram_range=(1, 2))
    keyness(turns, "official", tokens=opts)
    term_frequencies(turns, by="year", tokens=opts)

The fields can also be given to each analysis one by one, as keyword shorthands
(``keyness(turns, lemmas=True)``): every analysis that takes ``tokens=`` also takes
``lowercase=``, ``lemmas=``, ``stop_words=``, ``ngram_range=`` and ``phrases=`` where it uses
them. A shorthand that is given replaces that field of ``tokens`` (or of the analysis'
defaults when ``tokens`` is None), as :func:`dataclasses.replace` does; one left out keeps it.
So ``keyness(turns, tokens=opts, lowercase=False)`` is ``keyness(turns,
tokens=dataclasses.replace(opts, lowercase=False))``.

An option an analysis cannot honour (word n-grams where patterns are matched word by word) is
an error naming the analysis, never ignored; ``stop_words`` is not used where patterns are
matched (every word can be matched) and only there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

import numpy as np

from ._validation import check_type

__all__ = ["TOKEN_FIELDS", "PhrasesLike", "StopWords", "TokenOptions", "TokenShorthands", "token_options"]

#: What ``stop_words`` accepts: True (the project list, :func:`analysis.text.stop_words`),
#: False (none) or the words to drop.
StopWords = bool | Collection[str]
#: What ``phrases`` accepts: one expression, a sequence of them, or None.
PhrasesLike = str | Iterable[str] | None

#: The fields of :class:`TokenOptions`, in order: the names of the keyword shorthands.
TOKEN_FIELDS = ("lowercase", "lemmas", "stop_words", "ngram_range", "phrases")


class TokenShorthands(TypedDict, total=False):
    """The keyword shorthands an analysis takes beside ``tokens=`` (``**shorthands``): each
    one given replaces that field of :class:`TokenOptions` (see the module notes)."""

    lowercase: bool
    lemmas: bool
    stop_words: StopWords
    ngram_range: tuple[int, int]
    phrases: PhrasesLike


def _checked(caller: str, lowercase: Any, lemmas: Any, stop_words: Any, ngram_range: Any,
             phrases: Any) -> tuple[bool, bool, bool | frozenset[str], tuple[int, int], tuple[str, ...] | None]:
    """The fields in their stored form (stop words a frozenset, phrases a tuple or None), or
    a ValueError/TypeError naming ``caller`` and the field."""
    for name, value in (("lowercase", lowercase), ("lemmas", lemmas)):
        if not isinstance(value, (bool, np.bool_)):  # 1 == True, but 1 is no answer to a yes/no option
            raise ValueError(  # noqa: TRY004 -- a value outside the choices, as check_option says it
                f"{caller}(): {name} must be one of False, True; got {value!r}.")
    if not isinstance(stop_words, bool):
        check_type("stop_words", stop_words, (list, tuple, set, frozenset), caller=caller)
        for w in stop_words:
            check_type("each stop word", w, str, caller=caller)
        stop_words = frozenset(stop_words)
    ok = (isinstance(ngram_range, tuple) and len(ngram_range) == 2
          and all(isinstance(n, int) and not isinstance(n, bool) for n in ngram_range)
          and 1 <= ngram_range[0] <= ngram_range[1])
    if not ok:
        raise ValueError(f"{caller}(): ngram_range must be a tuple (min_n, max_n) of integers with "
                         f"1 <= min_n <= max_n; got {ngram_range!r}.")
    if phrases is not None:
        if isinstance(phrases, str):
            phrases = (phrases,)
        elif isinstance(phrases, Mapping) or not isinstance(phrases, Iterable):
            raise TypeError(f"{caller}(): phrases must be a str, a sequence of str (e.g. "
                            f"fixed_phrases(turns)['phrase']) or None; got {type(phrases).__name__}.")
        phrases = tuple(phrases)
        for e in phrases:
            check_type("phrases", e, str, caller=caller)
        phrases = phrases or None
    return bool(lowercase), bool(lemmas), stop_words, (int(ngram_range[0]), int(ngram_range[1])), phrases


@dataclass(frozen=True)
class TokenOptions:
    """How the words of a text become terms, validated once; frozen and hashable.

    Parameters
    ----------
    lowercase : bool, default=True
        Fold case (and curly apostrophes).
    lemmas : bool, default=False
        Terms are lemmas (lemminflect) instead of word forms; implies ``lowercase``.
    stop_words : bool or collection of str, default=True
        True drops :func:`analysis.text.stop_words` (scikit-learn's English list plus the
        project list), False keeps every word, a collection gives the words to drop (matched
        case-insensitively). Stored as given when a bool, else as a frozenset.
    ngram_range : tuple of int, default=(1, 1)
        Word n-grams from ``min_n`` to ``max_n`` (stop words are dropped before n-grams are
        formed, as scikit-learn does).
    phrases : str, sequence of str or None, default=None
        Multiword expressions counted as one term (``"hong kong"``), e.g.
        ``fixed_phrases(turns)["phrase"]``: merged into one token before anything is counted.
        Stored as a tuple (None when there are none). Each needs at least two words, which
        the analysis checks when it compiles them against its options.

    Raises
    ------
    ValueError
        ``lowercase`` or ``lemmas`` not a bool; ``ngram_range`` not ``(min_n, max_n)`` with
        ``1 <= min_n <= max_n``.
    TypeError
        ``stop_words`` neither a bool nor a collection of str; ``phrases`` neither a str nor
        a sequence of str.

    See Also
    --------
    analysis.terms.term_frequencies, analysis.terms.keyness : analyses that take ``tokens=``.

    Examples
    --------
    >>> opts = TokenOptions(lemmas=True, stop_words=["the", "of"], phrases="hong kong")
    >>> opts.stop_words == frozenset({"the", "of"}), opts.phrases
    (True, ('hong kong',))
    >>> opts == TokenOptions(lemmas=True, stop_words={"of", "the"}, phrases=["hong kong"])
    True
    >>> len({opts, TokenOptions(lemmas=True, stop_words=("the", "of"), phrases=("hong kong",))})
    1
    >>> TokenOptions(ngram_range=(2, 1))
    Traceback (most recent call last):
    ...
    ValueError: TokenOptions(): ngram_range must be a tuple (min_n, max_n) of integers with 1 <= min_n <= max_n; got (2, 1).
    """

    lowercase: bool = True
    lemmas: bool = False
    stop_words: bool | frozenset[str] = True
    ngram_range: tuple[int, int] = (1, 1)
    phrases: tuple[str, ...] | None = field(default=None)

    def __post_init__(self) -> None:
        values = _checked("TokenOptions", self.lowercase, self.lemmas, self.stop_words, self.ngram_range,
                          self.phrases)
        for name, value in zip(TOKEN_FIELDS, values):
            object.__setattr__(self, name, value)

    @property
    def folds_case(self) -> bool:
        """Whether tokens are case-folded: ``lowercase``, or ``lemmas`` (lemmas are lower case)."""
        return self.lowercase or self.lemmas


def token_options(tokens: TokenOptions | None, *, caller: str, defaults: TokenOptions | None = None,
                  uses: Collection[str] = TOKEN_FIELDS, **shorthands: Any) -> TokenOptions:
    """The options an analysis runs with: ``tokens`` (or ``defaults``, or ``TokenOptions()``)
    with every shorthand that is not None put in place of its field.

    Parameters
    ----------
    tokens : TokenOptions or None
        What the caller passed as ``tokens=``.
    caller : str
        The analysis, named in every error.
    defaults : TokenOptions, optional
        The analysis' own defaults, used when ``tokens`` is None.
    uses : collection of str, default=all fields
        The fields the analysis honours: only these are keywords of it. In ``tokens``,
        ``ngram_range`` or ``phrases`` set to anything but their defaults where they are not
        used is an error; ``stop_words`` is not used where patterns are matched and is then
        left as it is.
    **shorthands
        ``lowercase=``, ``lemmas=``, ``stop_words=``, ``ngram_range=``, ``phrases=`` as the
        caller passed them (None: not given).

    Returns
    -------
    TokenOptions

    Raises
    ------
    TypeError
        ``tokens`` is not a TokenOptions; a field of the wrong type.
    ValueError
        A bad field; a field the analysis cannot honour.

    Examples
    --------
    >>> token_options(None, caller="keyness", lemmas=True, stop_words=None)
    TokenOptions(lowercase=True, lemmas=True, stop_words=True, ngram_range=(1, 1), phrases=None)
    >>> token_options(TokenOptions(lemmas=True), caller="keyness", lowercase=False).lowercase
    False
    >>> token_options(TokenOptions(ngram_range=(1, 2)), caller="kwic", uses=("lowercase", "lemmas"))
    Traceback (most recent call last):
    ...
    ValueError: kwic(): matches words one by one, so ngram_range must be (1, 1); got (1, 2).
    """
    for name in shorthands:  # as Python says it of any keyword a function does not take
        if name not in TOKEN_FIELDS or name not in uses:
            raise TypeError(f"{caller}() got an unexpected keyword argument {name!r}")
    if tokens is None:
        base = defaults if defaults is not None else TokenOptions()
    elif not isinstance(tokens, TokenOptions):
        raise TypeError(f"{caller}(): tokens must be a TokenOptions (analysis.token_options.TokenOptions) "
                        f"or None; got {type(tokens).__name__}.")
    else:
        base = tokens
    given = {k: v for k, v in shorthands.items() if v is not None}
    if given:
        merged = {f.name: getattr(base, f.name) for f in dataclasses.fields(base)}
        merged.update(given)
        values = _checked(caller, *(merged[k] for k in TOKEN_FIELDS))
        base = TokenOptions(**dict(zip(TOKEN_FIELDS, values)))
    if "ngram_range" not in uses and base.ngram_range != (1, 1):
        raise ValueError(f"{caller}(): matches words one by one, so ngram_range must be (1, 1); "
                         f"got {base.ngram_range!r}.")
    if "phrases" not in uses and base.phrases:
        raise ValueError(f"{caller}(): does not merge multiword expressions; give phrases=None "
                         f"(got {base.phrases!r}).")
    return base
