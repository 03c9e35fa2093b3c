"""Who said what: direct quotations and indirect (reported) speech, attributed to their speakers.

Direct quotations are found from the quotation marks in the text, paragraph by paragraph (a paragraph
that ends inside a quotation continues in the next one when it opens with a quotation mark). Each is
attributed, in order of preference, to the speech verb that governs it in the parse ("..., he said"),
to a speech verb next to it in the same sentence ("“A,” he said, “B.”"), or, when the quotation stands
alone, to the speaker of the neighbouring speech. Indirect speech is the complement of a speech verb
("He added that ...", "called for ...", "according to X, ..."). Speakers are the subjects of those
verbs, resolved through the article's actors (pronouns, "the minister") or else the last named speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .coding.actors import ArticleActors
from .coding.actors.coref import Referent
from .lang import Language, SpeechVerb, Words
from .nlp.parse import children_of, sentences_of, text_of
from .nlp.quotations import Segment, paragraph_bounds, paragraph_segments, quotations
from .nlp.syntax import (
    ACL,
    ADVCL,
    AGENT,
    ATTRIBUTIVE_DEPS,
    AUX,
    AUXPASS,
    CCOMP,
    COMPLEMENT_DEPS,
    CONJ,
    DOBJ,
    ENT_NORP,
    ENT_ORG,
    ENT_PERSON,
    MARK,
    NON_WORD_POS,
    NSUBJ,
    NSUBJPASS,
    OPRD,
    OWNER_DEPS,
    PARENTHETICAL_DEPS,
    PCOMP,
    PLURAL_TAGS,
    POBJ,
    POS_ADV,
    POS_NOUN,
    POS_PRON,
    POS_PROPN,
    POSS,
    PREP,
    RELCL,
    SPEAKER_SHARING_DEPS,
    SUBJECT_DEPS,
    SUBJECT_OR_EXPLETIVE_DEPS,
    TIME_ENTITIES,
    VERB_POS,
    XCOMP,
    entity_span,
)
from .records import Actor, Article, Quote, QuoteKind

# A quotation of fewer words with no speech verb governing it, or no speaker, is a scare quote or a name.
MIN_UNGOVERNED_WORDS = 4
# "“A,” he said, “B.”": a speech verb between two quotations at most this far apart speaks both.
MAX_SPLIT_GAP = 80
# "“But Pete Wilson won,” Axelrod said": at most this many words between a quotation and its verb.
MAX_SPEAKER_WORDS_AFTER = 3
# "Obama ended the speech by saying ...": how many clauses up a participle's speaker is looked for.
MAX_SPEAKER_CLIMB = 3
CLIMBING_DEPS = frozenset({ADVCL, XCOMP, CONJ, PCOMP})
# A quotation of at most this many words, every one of TITLE_WORD letters or more capitalised, is a title.
MAX_TITLE_WORDS = 8
TITLE_WORD = 4
# "Obama: We will win.": a colon this near a paragraph's start, after this many words at most.
MAX_COLON_PREFIX = 60
MAX_COLON_PREFIX_WORDS = 5
# Entities that name who speaks in a colon prefix: people, organisations, groups.
SPEAKER_ENTITIES = frozenset({ENT_PERSON, ENT_ORG, ENT_NORP})
# A dateline opens a paragraph: "WASHINGTON —", "NEW YORK (AP) -".
DATELINE = re.compile(r"\s*[A-Z][A-Z.,'’ -]*[A-Z.](?:\s*\([^)\n]*\))?\s*[—–-]")
__all__ = ["QuoteFinder", "Segment", "paragraph_bounds", "paragraph_segments", "quotations"]


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None
    code: str | None


@dataclass(frozen=True, slots=True)
class Speech:
    """A quotation or reported clause, and the speech verb that introduces it (if one was found)."""

    kind: QuoteKind
    start: int
    end: int
    text: str
    verb: Token | None
    standalone: bool = False  # a direct quotation that is a whole sentence, with no speech verb in it


# ---------------------------------------------------------------- the finder


class QuoteFinder:
    """The quotes stage: finds who said what with one language's speech verbs, quotation marks and
    words, and the person titles of the actor dictionary ("the minister said")."""

    def __init__(self, language: Language, person_titles: frozenset[str]) -> None:
        self.language = language
        self.person_titles = person_titles

    def find(self, doc: Doc, article: Article, actors: ArticleActors | None) -> list[Quote]:
        """Direct and indirect speech in an article, each with its speaker and the speaker's actor code.

        `doc` is the parse of `article.text`; `actors` is the article's ArticleActors (None: speakers
        are named from the text alone, without codes).
        A direct quotation's `text` is the quoted words; one continued over paragraphs joins its parts
        with a space, and its start/end span them all.
        """
        return _ArticleQuotes(doc, article, actors, self).find()


class _ArticleQuotes:
    """The per-article state of one `QuoteFinder.find` call."""

    def __init__(self, doc: Doc, article: Article, actors: ArticleActors | None, finder: QuoteFinder) -> None:
        self.doc = doc
        self.article = article
        self.actors = actors
        self.verbs: Mapping[str, SpeechVerb] = finder.language.speech_verbs
        self.words: Words = finder.language.words
        self.person_titles = finder.person_titles
        self.text = text_of(doc)
        self.chains = quotations(self.text, finder.language.quote_marks)
        self.quoted = self._quoted_tokens()
        self.sentences = sentences_of(doc)
        self.sentence_starts = [s.start for s in self.sentences]
        self.paragraphs = paragraph_bounds(self.text)
        self.paragraph_starts = [start for start, _ in self.paragraphs]
        self.sents = list(doc.sents)
        self.sent_starts = [sent.start_char for sent in self.sents]
        self.questions = [self._is_question(sent) for sent in self.sents]
        self.reporting_relatives: dict[int, bool] = {}  # relative clause head -> whether it reports speech
        self.people = [ent for ent in doc.ents if ent.label_ == ENT_PERSON]
        self.history: list[tuple[int, Speaker]] = []  # named speakers so far, by verb position
        self.quoting_verbs: set[int] = set()  # token indices of the verbs that govern a quotation
        self.colon_speeches: list[Speech] = []  # "Obama: We will win." lines, found by _colon_lines

    def find(self) -> list[Quote]:
        speeches = [s for chain in self.chains if (s := self._direct(chain))]
        self.quoting_verbs = {s.verb.i for s in speeches if s.verb is not None}
        speeches += list(self._indirect())
        speakers = self._resolve_verbs(speeches)
        speakers = self._attribute_by_context(speeches, speakers)
        speakers.update(self._colon_lines(speeches))
        speeches += self.colon_speeches
        quotes = [self._quote(s, speakers.get(id(s))) for s in speeches if self._keep(s, speakers)]
        return sorted(quotes, key=lambda q: (q.start, q.kind))

    @staticmethod
    def _keep(speech: Speech, speakers: dict[int, Speaker]) -> bool:
        """A few quoted words nobody can be found to have said are a name or a "so-called" term."""
        return id(speech) in speakers or len(re.findall(r"\w+", speech.text)) >= MIN_UNGOVERNED_WORDS

    def _quote(self, speech: Speech, speaker: Speaker | None) -> Quote:
        return Quote(
            article_id=self.article.id,
            speaker=speaker.name if speaker else None,
            speaker_code=speaker.code if speaker else None,
            text=speech.text,
            kind=speech.kind,
            start=speech.start,
            end=speech.end,
            sentence_index=self._sentence_index(speech.start),
        )

    def _sentence_index(self, char: int) -> int:
        return max(bisect_right(self.sentence_starts, char) - 1, 0)

    def _quoted_tokens(self) -> frozenset[int]:
        """Tokens inside a quotation, its marks included: speech verbs there are the speaker's words."""
        inside: set[int] = set()
        for chain in self.chains:
            for seg in chain:
                span = self.doc.char_span(max(seg.start - 1, 0), seg.end, alignment_mode="expand")
                inside.update(range(span.start, span.end) if span else ())
        return frozenset(inside)

    def _speech_verb(self, token: Token) -> SpeechVerb | None:
        verb = self.verbs.get(token.lemma_.lower())
        if verb is None or token.i in self.quoted:
            return None
        if verb.complement == "according_to":
            return verb if token.lower_ == "according" else None
        if verb.complement == "adverb":
            return verb if token.pos_ == POS_ADV and token.head.pos_ in VERB_POS else None
        return verb if token.pos_ in VERB_POS and token.dep_ not in ATTRIBUTIVE_DEPS else None

    # ------------------------------------------------------------ direct speech

    def _direct(self, chain: tuple[Segment, ...]) -> Speech | None:
        spans = [span for seg in chain if (span := self._tokens(seg)) is not None]
        verb = next(filter(None, (self._governing_verb(span) for span in spans)), None)
        text = " ".join(self.text[seg.start : seg.end] for seg in chain)
        if not has_words(text) or (looks_like_a_name(text) and not self._said_before(chain, verb)):
            return None  # "Meet the Press", a book, a nickname; a handle, a number, markup
        if verb is None and len(re.findall(r"\w+", text)) < MIN_UNGOVERNED_WORDS:
            return None
        if verb is None:
            verb = self._verb_nearby(chain)
        standalone = verb is None and self._stands_alone(chain)
        if verb is None and not standalone:
            return None
        return Speech(
            kind="direct",
            start=chain[0].start,
            end=chain[-1].end,
            text=text,
            verb=verb,
            standalone=standalone,
        )

    def _said_before(self, chain: tuple[Segment, ...], verb: Token | None) -> bool:
        """ "“But Pete Wilson won,” Axelrod said": capitalised words that a comma closes, followed by
        the speech verb that governs them, are a statement, not a title."""
        end = chain[-1].end
        if verb is None or verb.idx <= end or self.text[end : end + 1] != ",":
            return False
        quoted = self._tokens(chain[-1])
        if quoted is None:
            return False
        between = [t for t in self.doc[quoted.end : verb.i] if t.is_alpha]
        if len(between) > MAX_SPEAKER_WORDS_AFTER:
            return False  # "On “Fareed Zakaria GPS,” President Barack Obama said"
        # "“Absolutely not,” he said": a bare pronoun; else the quotation holds a verb of its own.
        return len(between) <= 1 or any(t.pos_ in VERB_POS for t in quoted)

    def _tokens(self, seg: Segment) -> Span | None:
        return self.doc.char_span(seg.start, seg.end, alignment_mode="expand")

    def _governing_verb(self, span: Span) -> Token | None:
        """The speech verb the quotation hangs from in the parse, unless the quotation is its subject."""
        for token in span:
            if span.start <= token.head.i < span.end:
                continue
            found = self._speech_ancestor(token)
            if found is not None:
                return found
        return None

    def _speech_ancestor(self, token: Token) -> Token | None:
        while token.head.i != token.i and token.dep_ not in SUBJECT_OR_EXPLETIVE_DEPS:
            token = token.head
            if self._speech_verb(token):
                return token
        return None

    def _verb_nearby(self, chain: tuple[Segment, ...]) -> Token | None:
        """A speech verb outside quotes in the sentences the quotation shares, or between its parts."""
        start, end = chain[0].start, chain[-1].end
        candidates = [
            t for t in self._sentence_tokens(start, end) if self._speech_verb(t) and self._speaker_token(t)
        ]
        candidates += [t for t in self._split_gap_tokens(start, end) if self._speech_verb(t)]
        if not candidates:
            return None
        return min(candidates, key=lambda t: min(abs(t.idx - start), abs(t.idx - end)))

    def _sentence_tokens(self, start: int, end: int) -> Iterator[Token]:
        first = max(bisect_right(self.sent_starts, start) - 1, 0)
        for sent in self.sents[first : bisect_right(self.sent_starts, end)]:
            yield from sent

    def _split_gap_tokens(self, start: int, end: int) -> Iterator[Token]:
        """Tokens between this quotation and the quotations just before and after it."""
        for chain in self.chains:
            before, after = chain[-1].end < start, chain[0].start > end
            gap = (chain[-1].end, start) if before else (end, chain[0].start) if after else None
            if gap and 0 < gap[1] - gap[0] <= MAX_SPLIT_GAP and "\n" not in self.text[gap[0] : gap[1]]:
                span = self.doc.char_span(gap[0], gap[1], alignment_mode="contract")
                yield from span or ()

    def _stands_alone(self, chain: tuple[Segment, ...]) -> bool:
        """Whether the quotation's sentences hold nothing but the quotation (and punctuation)."""
        start, end = chain[0].start, chain[-1].end
        return all(
            t.is_punct or t.is_space or start <= t.idx < end or t.i in self.quoted
            for t in self._sentence_tokens(start, end)
        )

    # ------------------------------------------------------------ indirect speech

    def _indirect(self) -> Iterator[Speech]:
        for token in self.doc:
            verb = self._speech_verb(token)
            if verb is None and (nominal := self._nominal_speech(token)) is not None:
                yield nominal
            if verb is None or self._in_question(token):
                continue
            if self._speaker_in_paragraph(token) is None and not self._unsaid_speaker(token, verb):
                continue
            clause = self._complement(token, verb)
            if clause is None or self._mostly_quoted(clause):
                continue
            yield Speech(
                kind="indirect", start=clause.start_char, end=clause.end_char, text=clause.text, verb=token
            )

    def _nominal_speech(self, noun: Token) -> Speech | None:
        """ "calls for a recount", "Trump's promise to build a wall", "her claim that ...": a speech
        verb's noun and what it says; the speaker is its owner, when it has one."""
        verb = self.verbs.get(noun.lemma_.lower())
        if verb is None or noun.pos_ != POS_NOUN or noun.i in self.quoted or self._in_question(noun):
            return None
        preps = verb.topics | ({"for"} if verb.complement == "for" else set())
        for child in (c for c in children_of(noun) if c.i > noun.i):
            if child.dep_ in (ACL, CCOMP) and self._infinitive_or_that(child):
                heads = [child]
            elif child.dep_ == PREP and child.lower_ in preps:
                heads = [g for g in children_of(child) if g.dep_ in (POBJ, PCOMP)]
            else:
                continue
            tokens = [t for h in heads for t in h.subtree if self._belongs_to_clause(t, noun)]
            clause = self._trim(sorted(tokens, key=lambda t: t.i))
            if clause is not None and not self._mostly_quoted(clause):
                return Speech("indirect", clause.start_char, clause.end_char, clause.text, noun)
        return None

    def _infinitive_or_that(self, clause: Token) -> bool:
        return any(
            (c.dep_ == AUX and c.lower_ in self.words.infinitive_marks)
            or (c.dep_ == MARK and c.lower_ in self.words.clause_marks)
            for c in children_of(clause)
        )

    @staticmethod
    def _unsaid_speaker(verb: Token, speech: SpeechVerb) -> bool:
        """ "It was revealed that ...", "the results will be announced", "reportedly": speech in the
        passive or by report, whose speaker the sentence does not name."""
        if speech.complement == "adverb":
            return True
        deps = {c.dep_ for c in children_of(verb)}
        return AUXPASS in deps and AGENT not in deps

    def _in_question(self, token: Token) -> bool:
        """ "What does the distance tell us?": a question reports nobody's statement."""
        return self.questions[bisect_right(self.sent_starts, token.idx) - 1]

    def _is_question(self, sent: Span) -> bool:
        return self.text[sent.start_char : sent.end_char].rstrip().rstrip('"”’)').endswith("?")

    def _same_paragraph(self, first: int, second: int) -> bool:
        low, high = sorted((first, second))
        return "\n" not in self.text[low:high]

    def _mostly_quoted(self, clause: Span) -> bool:
        """A reported clause that is mostly a quotation is the direct quote, already found; one with a
        quoted word or two ("said he was “gratified”") is indirect speech."""
        return 2 * sum(t.i in self.quoted for t in clause) >= len(clause)

    def _complement(self, token: Token, verb: SpeechVerb) -> Span | None:
        found = self._complement_form(token, verb.complement)
        if token.i in self.quoting_verbs:
            return found  # "described the plan as “illegal”": the quotation is what was said
        if found is None and verb.object:
            found = self._object_content(token)
        if found is None and verb.topics:
            found = self._topic_content(token, verb.topics)
        if found is None:
            found = self._naming_content(token)
        if found is None and verb.complement != "according_to":
            found = self._parenthetical_content(token)
        return found

    def _complement_form(self, verb: Token, form: str) -> Span | None:
        if form == "clause":
            # A clause after the verb before one ahead of it: "A; B confirmed C" reports C; else
            # "vowed to ...", "asked if ...".
            heads = sorted((c for c in children_of(verb) if c.dep_ == CCOMP), key=lambda c: c.i < verb.i)
            heads = heads or [c for c in children_of(verb) if self._infinitive_or_question(c)]
        elif form == "for":
            heads = [
                g for c in children_of(verb) if c.lower_ == "for" for g in children_of(c) if g.dep_ == POBJ
            ]
            # "called for the US to act" parses as a clause marked "for"; "called on X to act" as a
            # to-infinitive beside the one called on.
            heads = heads or [c for c in children_of(verb) if self._for_clause(c)]
            heads = heads or [c for c in children_of(verb) if self._infinitive_or_question(c)]
        elif form == "object_to":
            # "- after a ruling made it legal - he urged them to obey": the complement after the verb
            complements = (c for c in children_of(verb) if c.dep_ in COMPLEMENT_DEPS)
            heads = sorted(complements, key=lambda c: c.i < verb.i)
        elif form == "according_to":
            return self._according_clause(verb)
        elif form == "adverb":
            return self._adverb_clause(verb)
        else:
            return None
        return self._clause_span(verb, heads[0], form) if heads else None

    def _clause_span(self, verb: Token, head: Token, form: str) -> Span | None:
        """The complement's words on its side of the verb, without the leading "that" or a relative clause."""
        after = head.i > verb.i
        if not after and any(t.text == ";" for t in self.doc[head.i : verb.i]):
            return None  # "A; B confirmed C": the clause before the semicolon is no complement
        tokens = [t for t in head.subtree if (t.i > verb.i) == after]
        if form == "object_to" or not any(c.dep_ in SUBJECT_OR_EXPLETIVE_DEPS for c in children_of(head)):
            tokens += self._object_words(verb, after)
        tokens = [t for t in tokens if self._belongs_to_clause(t, verb)]
        return self._trim(sorted(tokens, key=lambda t: t.i))

    def _infinitive_or_question(self, clause: Token) -> bool:
        """ "vowed to fight on" (not "continued to say", whose own verb speaks), "asked if ..."."""
        if clause.i in self.quoted or self._speech_verb(clause) is not None:
            return False
        if clause.dep_ == XCOMP:
            return any(c.dep_ == AUX and c.lower_ in self.words.infinitive_marks for c in children_of(clause))
        return clause.dep_ == ADVCL and any(
            c.dep_ == MARK and c.lower_ in self.words.question_marks for c in children_of(clause)
        )

    @staticmethod
    def _for_clause(clause: Token) -> bool:
        """ "for the strongholds to be hit": a clause whose subordinator is "for"."""
        marks = (c.lower_ for c in children_of(clause) if c.dep_ == MARK)
        return clause.dep_ in (ADVCL, CCOMP) and "for" in marks

    def _object_content(self, verb: Token) -> Span | None:
        """ "denied the charges", "announced his candidacy": the object is what was said, unless it is
        a person or a pronoun (the one spoken to or about)."""
        objects = [c for c in children_of(verb) if c.dep_ == DOBJ and c.i > verb.i and c.i not in self.quoted]
        if not objects or objects[0].pos_ in (POS_PRON, POS_PROPN) or objects[0].ent_type_ == ENT_PERSON:
            return None
        tokens = [t for t in objects[0].subtree if self._belongs_to_clause(t, verb)]
        return self._trim(sorted(tokens, key=lambda t: t.i))

    def _topic_content(self, verb: Token, topics: frozenset[str]) -> Span | None:
        """ "warned of a shortage", "complained about the delays": what the speech was about, the
        object of one of the verb's topic prepositions (not a date: "commented on Tuesday")."""
        objects = [
            g
            for c in children_of(verb)
            if c.dep_ == PREP and c.i > verb.i and c.lower_ in topics
            for g in children_of(c)
            if g.dep_ in (POBJ, PCOMP) and g.i not in self.quoted and g.ent_type_ not in TIME_ENTITIES
        ]
        if not objects:
            return None
        tokens = [t for t in objects[0].subtree if self._belongs_to_clause(t, verb)]
        return self._trim(sorted(tokens, key=lambda t: t.i))

    def _naming_content(self, verb: Token) -> Span | None:
        """ "called him a political opportunist": whom the speaker named and what they called them."""
        named = [c for c in children_of(verb) if c.dep_ in (DOBJ, OPRD) and c.i > verb.i]
        if not any(c.dep_ == OPRD for c in named) or any(c.i in self.quoted for c in named):
            return None
        tokens = [t for c in named for t in c.subtree if self._belongs_to_clause(t, verb)]
        return self._trim(sorted(tokens, key=lambda t: t.i))

    def _parenthetical_content(self, verb: Token) -> Span | None:
        """ "The economy, he said, is strong", "..., analysts say.": a speech verb with a subject and no
        complement of its own that the parser hung from the clause it reports: that clause, less it."""
        head = verb.head
        if verb.dep_ not in PARENTHETICAL_DEPS or head.i == verb.i or head.pos_ not in VERB_POS:
            return None
        if not any(c.dep_ in SUBJECT_DEPS for c in children_of(verb)) or any(
            c.dep_ in COMPLEMENT_DEPS or c.dep_ == DOBJ for c in children_of(verb)
        ):
            return None
        if not self._set_off(verb):
            return None
        own = {t.i for t in verb.subtree}
        tokens = [t for t in head.subtree if t.i not in own and t.sent.start == verb.sent.start]
        tokens = [t for t in tokens if self._belongs_to_clause(t, verb)]
        return self._trim(tokens)

    def _set_off(self, verb: Token) -> bool:
        """Whether the speech clause is set off by punctuation, as a parenthetical is: ", he said," or
        ", analysts say." at the end."""
        words = [t.i for t in verb.subtree if not (t.is_punct or t.is_space)]
        before = self.doc[words[0] - 1] if words[0] > 0 else None
        after = self.doc[words[-1] + 1] if words[-1] + 1 < len(self.doc) else None
        return (before is not None and before.is_punct) and (
            after is None or after.is_punct or after.is_space
        )

    @staticmethod
    def _object_words(verb: Token, after: bool) -> list[Token]:
        """ "urged Iran to return", or "maintained the USPS could cope" misparsed with USPS as object."""
        return [t for c in children_of(verb) if c.dep_ == DOBJ and (c.i > verb.i) == after for t in c.subtree]

    def _belongs_to_clause(self, token: Token, verb: Token) -> bool:
        return self._same_paragraph(token.idx, verb.idx) and not self._in_relative_speech(token, verb)

    def _in_relative_speech(self, token: Token, verb: Token) -> bool:
        """Part of a ", which he said ..." clause nested inside this one: that is speech of its own."""
        for ancestor in (token, *token.ancestors):
            if ancestor.i == verb.i:
                return False
            if ancestor.dep_ == RELCL and self._reports_speech(ancestor):
                return True
        return False

    def _reports_speech(self, relative: Token) -> bool:
        """Whether a relative clause holds a speech verb with a reported clause (asked for each of its
        tokens, so remembered)."""
        found = self.reporting_relatives.get(relative.i)
        if found is None:
            found = any(self._reports_clause(t) for t in relative.subtree)
            self.reporting_relatives[relative.i] = found
        return found

    def _reports_clause(self, token: Token) -> bool:
        return self._speech_verb(token) is not None and any(c.dep_ == CCOMP for c in children_of(token))

    def _adverb_clause(self, adverb: Token) -> Span | None:
        """ "the hackers have reportedly infiltrated ...": the clause the adverb modifies, itself aside."""
        tokens = [t for t in adverb.head.subtree if t.i != adverb.i and self._belongs_to_clause(t, adverb)]
        return self._trim(tokens)

    def _according_clause(self, according: Token) -> Span | None:
        own = [t.i for t in according.subtree]
        tokens = [t for t in according.head.subtree if self._same_paragraph(t.idx, according.idx)]
        before = [t for t in tokens if t.i < min(own)]
        after = [t for t in tokens if t.i > max(own)]
        # "A, according to X, with B": the side holding the main verb is the statement.
        return self._trim(before if according.head.i < according.i else after)

    def _trim(self, tokens: list[Token]) -> Span | None:
        """The span from the first to the last token, without edge punctuation or a leading "that"."""
        while tokens and (
            tokens[0].is_punct or tokens[0].is_space or tokens[0].lower_ in self.words.clause_marks
        ):
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
            tokens = tokens[:-1]
        if not tokens:
            return None
        return self.doc[tokens[0].i : tokens[-1].i + 1]

    # ------------------------------------------------------------ "Speaker: statement" lines

    def _colon_lines(self, found: list[Speech]) -> dict[int, Speaker]:
        """Paragraphs that open with a short name and a colon, as headlines and transcripts print
        speech: "Obama: I'm optimistic", "CNN President On Trump: ‘We do not pay’", "Q: How did it
        go?". Each is kept in `colon_speeches`, with its speaker (the named prefix) when it has one."""
        speakers: dict[int, Speaker] = {}
        for start, end in self.paragraphs:
            colon = self.text.find(":", start, min(end, start + MAX_COLON_PREFIX))
            if colon < 0:
                continue
            statement = self._trim(list(self.doc.char_span(colon + 1, end, alignment_mode="contract") or ()))
            if statement is None or len(statement) < MIN_UNGOVERNED_WORDS:
                continue
            if any(s.start < statement.end_char and statement.start_char < s.end for s in found):
                continue  # already a quotation or reported speech
            prefix = self.doc.char_span(start, colon, alignment_mode="contract")
            speaker = self._colon_speaker(prefix) if prefix is not None else None
            transcript = prefix is not None and _is_transcript_tag(prefix.text)
            if speaker is None and not transcript:
                continue
            speech = Speech("indirect", statement.start_char, statement.end_char, statement.text, None)
            self.colon_speeches.append(speech)
            if speaker is not None:
                speakers[id(speech)] = speaker
        return speakers

    def _colon_speaker(self, prefix: Span) -> Speaker | None:
        """The speaker a colon prefix names: a few words with no verb, holding a name."""
        words = [t for t in prefix if not (t.is_punct or t.is_space)]
        if not words or len(words) > MAX_COLON_PREFIX_WORDS or any(t.pos_ in VERB_POS for t in words):
            return None
        if not any(t.ent_type_ in SPEAKER_ENTITIES for t in words):
            return None
        return self._speaker(prefix.root)

    # ------------------------------------------------------------ speakers

    def _speaker_token(self, verb: Token) -> Token | None:
        """The subject of a speech verb; for "adding that ..." the subject of the verb it hangs from."""
        if verb.pos_ == POS_ADV:  # "X reportedly did Y": X is no speaker
            return None
        if verb.pos_ == POS_NOUN:  # "Trump's promise to ...": the owner speaks
            return next((c for c in children_of(verb) if c.dep_ == POSS and c.i not in self.quoted), None)
        if verb.lower_ == "according":
            return next(
                (g for c in children_of(verb) if c.lower_ == "to" for g in children_of(c) if g.dep_ == POBJ),
                None,
            )
        # "“... and all that,” Day said": a quoted word is never the speaker.
        subjects = [c for c in children_of(verb) if c.dep_ == NSUBJ and c.i not in self.quoted]
        if subjects:
            # "said study co-author Karen Alley" parses with two subjects: the name is the speaker.
            return self._antecedent(max(subjects, key=lambda s: s.ent_type_ == ENT_PERSON), verb)
        if any(c.dep_ == NSUBJPASS for c in children_of(verb)):
            return next((g for c in children_of(verb) if c.dep_ == AGENT for g in children_of(c)), None)
        if verb.dep_ in SPEAKER_SHARING_DEPS and verb.head.i != verb.i:
            shared = self._speaker_token(verb.head)
            if shared is not None:
                return shared
        return self._climbed_speaker(verb) or self._person_just_before(verb)

    def _climbed_speaker(self, verb: Token) -> Token | None:
        """The speaker of a participle that has no subject of its own: the one who does the clause it
        hangs from ("Obama ended by saying ...", "Trump was heard telling Christie ...") or the
        people it describes ("voters describing themselves as ...")."""
        token = verb
        for _ in range(MAX_SPEAKER_CLIMB):
            if token.dep_ == PCOMP and token.head.dep_ == PREP and token.head.head.i != token.head.i:
                token = token.head.head
            elif token.dep_ == ACL and token.head.pos_ in (POS_NOUN, POS_PROPN):
                return token.head if token.head.i not in self.quoted else None
            elif token.dep_ in CLIMBING_DEPS and token.head.i != token.i:
                token = token.head
            else:
                return None
            # A passive speech verb's subject was spoken to ("was asked"); another's acts ("was heard").
            deps = SUBJECT_DEPS if self._speech_verb(token) is None else {NSUBJ}
            subjects = [c for c in children_of(token) if c.dep_ in deps and c.i not in self.quoted]
            if subjects:
                return self._antecedent(subjects[0], token)
        return None

    def _person_just_before(self, verb: Token) -> Token | None:
        """ "..., Jamel Msallem, said": a name right before a verb the parser left without subject."""
        before = verb.i - 1
        while before >= 0 and (self.doc[before].is_punct or self.doc[before].is_space):
            before -= 1
        token = self.doc[before] if before >= 0 else None
        if token is None or token.i in self.quoted or token.ent_type_ != ENT_PERSON:
            return None
        return token

    def _antecedent(self, subject: Token, verb: Token) -> Token | None:
        if subject.lower_ not in self.words.relative_pronouns:
            return subject
        return verb.head if verb.dep_ == RELCL else None

    def _speaker_in_paragraph(self, verb: Token) -> Token | None:
        token = self._speaker_token(verb)
        return token if token is not None and self._same_paragraph(token.idx, verb.idx) else None

    def _resolve_verbs(self, speeches: list[Speech]) -> dict[int, Speaker]:
        """Speakers of the speeches that have a verb, resolved in text order so "he" can look back."""
        resolved: dict[int, Speaker] = {}
        by_verb: dict[int, Speaker | None] = {}
        with_verbs = [(speech, speech.verb) for speech in speeches if speech.verb is not None]
        for speech, verb in sorted(with_verbs, key=lambda pair: pair[1].i):
            if verb.i not in by_verb:
                token = self._speaker_in_paragraph(verb)
                by_verb[verb.i] = self._speaker(token) if token is not None else None
            speaker = by_verb[verb.i]
            if speaker is not None:
                resolved[id(speech)] = speaker
        return resolved

    def _speaker(self, token: Token) -> Speaker | None:
        actor = next(iter(self.actors.actors_for(token)), None) if self.actors is not None else None
        referent = self._referent(token)
        speaker: Speaker | None
        if referent is not None:
            speaker = Speaker(referent.name, self._code_of(referent.name, actor))
        elif token.lower_ in self.words.thing_pronouns and actor is None:
            return None  # "it said", with nothing named before it says
        elif actor is not None and token.ent_type_ == ENT_ORG:
            speaker = Speaker(_phrase(token), _code(actor))  # an organisation's full name, not a part
        elif actor is not None and (actor.name or token.pos_ != POS_PRON):
            speaker = Speaker(_clean_name(actor.name or actor.text), _code(actor))
        elif actor is not None:
            speaker = Speaker(self._pronoun_name(token, actor), _code(actor))
        elif token.lower_ in self.words.third_person or self._is_definite_title(token):
            speaker = self._last_speaker(token) or self._last_person(token)
        else:
            speaker = self._named_speaker(token)
        if speaker is not None and token.pos_ != POS_PRON:
            self.history.append((token.i, speaker))
        return speaker

    def _referent(self, token: Token) -> Referent | None:
        """Whom a pronoun or "the senator" stands for, by coreference over every name in the article."""
        if self.actors is None or token.pos_ == POS_PROPN:
            return None
        return self.actors.referents.get(token.i)

    def _code_of(self, name: str, actor: Actor | None) -> str | None:
        """The actor code of a person named `name`: a coded mention or speaker with the same surname."""
        surname = name.split()[-1]
        if actor is not None and actor.name and actor.name.split()[-1] == surname:
            return _code(actor)
        for mention in self.actors.mentions if self.actors is not None else ():
            if mention.name and mention.name.split()[-1] == surname:
                return _code(mention)
        return next(
            (s.code for _, s in reversed(self.history) if s.name and s.name.split()[-1] == surname), None
        )

    def _pronoun_name(self, token: Token, actor: Actor) -> str | None:
        """A name for a pronoun resolved to an unnamed actor ("he" -> "the defence secretary", RUSGOV)."""
        same_code = [s for i, s in self.history if i < token.i and s.code == _code(actor)]
        if same_code:
            return same_code[-1].name
        person = self._last_person(token) if token.lower_ in self.words.third_person else None
        return person.name if person else actor.text

    def _last_speaker(self, token: Token) -> Speaker | None:
        earlier = [speaker for i, speaker in self.history if i < token.i]
        return earlier[-1] if earlier else None

    def _last_person(self, token: Token) -> Speaker | None:
        people = [ent for ent in self.people if ent.end <= token.i]
        return Speaker(_clean_name(people[-1].text), None) if people else None

    def _named_speaker(self, token: Token) -> Speaker | None:
        """A subject that is no known actor: its name, or a named speaker it repeats ("Jagarian")."""
        if token.pos_ == POS_PRON or self._in_dateline(token) or self._bare_noun(token):
            return None
        text = _phrase(token)
        if text is None:
            return None
        for _, speaker in reversed(self.history):
            if speaker.name and speaker.name.split()[-1] == token.text:
                return speaker
        actor = self.actors.actor_at(token.idx, token.idx + len(token)) if self.actors is not None else None
        return Speaker(text, _code(actor) if actor else None)

    def _in_dateline(self, token: Token) -> bool:
        """ "WASHINGTON —", "MOSCOW (Reuters) -": a place in capitals opening a paragraph, before a dash."""
        start = self.paragraphs[max(bisect_right(self.paragraph_starts, token.idx) - 1, 0)][0]
        dateline = DATELINE.match(self.text, start)
        return dateline is not None and token.idx < dateline.end()

    def _bare_noun(self, token: Token) -> bool:
        """ "daily", "shirt": one common noun in the singular, with no article or modifier, names no
        speaker ("officials", "police" and "analysts" do)."""
        return (
            token.pos_ == POS_NOUN
            and token.tag_ not in PLURAL_TAGS
            and not any(c.i < token.i for c in children_of(token))
            and token.lemma_.lower() not in self.person_titles
        )

    def _attribute_by_context(
        self, speeches: list[Speech], speakers: dict[int, Speaker]
    ) -> dict[int, Speaker]:
        """A quotation standing alone belongs to the speaker of the speech before it, or else after it."""
        ordered = sorted(speeches, key=lambda s: s.start)
        for n, speech in enumerate(ordered):
            if id(speech) in speakers or not speech.standalone:
                continue
            before = [s for s in ordered[:n] if id(s) in speakers and self._near(s, speech)]
            after = [s for s in ordered[n + 1 :] if id(s) in speakers and self._near(speech, s)]
            if before or after:
                speakers[id(speech)] = speakers[id(before[-1] if before else after[0])]
        return speakers

    def _is_definite_title(self, token: Token) -> bool:
        """ "the minister" refers back to someone named before; "a ministry spokesman" does not."""
        modifiers = [c for c in children_of(token) if c.i < token.i]
        return (
            token.lemma_.lower() in self.person_titles
            and any(c.lower_ in self.words.definite_articles for c in modifiers)
            and not any(c.dep_ in OWNER_DEPS for c in modifiers)
        )

    def _near(self, first: Speech, second: Speech) -> bool:
        """Whether `second` is in the same paragraph as `first` or the paragraph right after it."""
        starts = self.paragraph_starts
        return 0 <= bisect_right(starts, second.start) - bisect_right(starts, first.end) <= 1


def _is_transcript_tag(prefix: str) -> bool:
    """ "Q:" and "A:" (one capital letter) open the turns of a printed interview."""
    return len(prefix.strip()) == 1 and prefix.strip().isupper()


def _code(actor: Actor) -> str | None:
    code = actor.code
    return None if code.startswith("---") and len(code) == 3 else code


def _phrase(token: Token) -> str | None:
    """The name or noun phrase a subject token stands for, without what follows it."""
    span = entity_span(token)
    if span is None:
        span = token.doc[token.left_edge.i : token.i + 1]
    while len(span) > 1 and span[0].pos_ in NON_WORD_POS:
        span = span[1:]
    return _clean_name(span.text)


def looks_like_a_name(text: str) -> bool:
    """A title of a work or show, a slogan or a nickname: a few words, every long one capitalised
    ("Meet the Press", "Orange is the New Black", "Hannity"); a one-word one has no closing punctuation."""
    words = re.findall(r"[^\W\d_][\w’'-]*", text)
    long_words = [w for w in words if len(w) >= TITLE_WORD]
    if not long_words or len(words) > MAX_TITLE_WORDS or not all(w[0].isupper() for w in long_words):
        return False
    if len(words) > 1 and len(long_words) < 2:
        return False  # "They sue,": one capital, the sentence's first word, makes no title
    return len(words) > 1 or not text.rstrip("”’\"'").endswith((".", "!", "?"))


def has_words(text: str) -> bool:
    """Whether a quotation holds words at all, not a number, a @handle or markup."""
    return any(len(w) > 1 for w in re.findall(r"(?<![@#\w])[^\W\d_]\w*", text))


def _clean_name(text: str) -> str | None:
    """A speaker's name as printed: entities sometimes run across a paragraph break ("Troy
    Roberts\n\nAnother eyewitness"); wiki and HTML markup is no part of a name ([[target|label]],
    bold marks, <tags>, attr="value"): what remains of it disqualifies the name."""
    text = text.strip().split("\n")[-1]
    text = re.sub(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]", r"\1", text)  # [[target|label]] -> label
    text = re.sub(r"<[^>]*>|'{2,}|\{\{[^}]*\}\}", " ", text)
    text = " ".join(text.split())
    return None if not text or re.search(r"[<>=\[\]{}|\"]", text) else text
