"""Event dates: when did each event happen, and how precisely do we know it?

The dater reads an article's date expressions once (`EventDater.read`: tidings.annotate.date_expressions
finds them, the parse says which verb each belongs to) and then dates a verb, in this order:
1. **sentence**: a date attached to the verb's own clause, or to the clause it continues ("attacked ...
   on Monday, killing two": both Monday); a weekday right before the verb counts ("Pompeo Thursday
   condemned"); an event noun's own date counts ("talks on Thursday"). Dates of other clauses do not
   ("who came to the throne in 1952, died on Thursday"), nor dates that modify a noun ("the 2015 deal")
   or bound a stretch ("within two weeks"). A wire dateline ("KABUL, April 17 (Reuters) -") dates the
   lead sentence and anchors the article's relative dates.
2. **carried**: a past-tense verb without a date of its own takes the last date stated earlier in its
   paragraph, when the narrative goes on ("Gunmen attacked a police station on Monday. They killed
   three officers ...").
3. **article**: the publication date, the last resort.
A relative date is read in the tense of the verb it belongs to (`Grammar.is_future`, the event coder's
test too): "on Tuesday" is the Tuesday before publication in "met on Tuesday" and the one after in "will
meet on Tuesday", "is scheduled to visit on ...", "has invited ... to talks on ...", "must leave by ...".
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..ingest.text import PARAGRAPH_BREAK
from ..lang import Language
from ..nlp.syntax import (
    ADVCL,
    COMPLEMENT_DEPS,
    CONJ,
    ENT_PERSON,
    MARK,
    NOUN_MODIFIER_DEPS,
    NOUN_POS,
    POS_ADV,
    POS_DET,
    POSS,
    PREP_DEPS,
    SUBJECT_DEPS,
    TAG_GERUND,
    VERB_POS,
    XCOMP,
    Grammar,
    children_with,
    governing_verb,
    is_past,
    is_present_simple,
    is_progressive,
    lemma,
)
from ..records import Article, DateSource, Event
from .date_expressions import (
    DateExpression,
    DateFinder,
    ResolvedDate,
    follow_narrative,
    resolve_expression,
    resolve_parts,
    truncate,
)

# A wire dateline: a place in capitals, maybe a region or country, maybe a date, maybe the agency, then a
# dash: "KABUL, April 17 (Reuters) -", "NAIROBI, Kenya (AP) —", "TRIPOLI, Libya, Aug. 28 (AP) —".
# How far back in its paragraph a date still dates the narrative: the sentence before, or two more.
CARRY_SENTENCES = 3
DATELINE = re.compile(
    r"\A\s*[A-Z][A-Z.'’ -]{1,40}[A-Z](?:,[^\n]{0,60}?)?\s*(?:\([^()\n]{1,30}\)\s*)?[-—–]{1,2}\s"
)


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, where that came from, and the date expression it was read from."""

    when: ResolvedDate
    source: DateSource
    expression: DateExpression | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression of the article and what it is attached to in the parse."""

    expression: DateExpression
    verb: Token | None  # the verb it dates; None in a sentence the parser did not read
    noun: Token | None  # the noun it hangs on through a preposition ("talks on Thursday"), if any
    # It dates its noun only: a modifier ("the 2015 deal", "Tuesday's attack") or a phrase deep in a
    # noun phrase ("survivors of the attack in 2013 testified": 2013 is the attack's, not the testimony's).
    noun_only: bool = False

    @property
    def start(self) -> int:
        return self.expression.start


@dataclass(frozen=True)
class ArticleDates:
    """What the dater read in one article: the dates relative expressions are read against, the
    dateline, the paragraphs and every date mention."""

    published: dt.date | None
    anchor: dt.date | None  # the dateline's date, else the publication date
    dateline: EventDate | None  # the dateline's day, dating the lead sentence
    lead_start: int  # where the lead sentence starts (after the dateline)
    paragraph_starts: tuple[int, ...]
    sentence_starts: tuple[int, ...]
    mentions: tuple[DateMention, ...]

    def paragraph(self, offset: int) -> int:
        return bisect_right(self.paragraph_starts, offset)

    def sentence(self, offset: int) -> int:
        return bisect_right(self.sentence_starts, offset)


class EventDater:
    """The dates stage, with one language's date words and the one test of tense (`Grammar.is_future`)."""

    def __init__(self, language: Language) -> None:
        self.table = language.dates
        self.finder = DateFinder(language.dates)
        self.grammar = Grammar(language.words)
        self.speech_verbs = language.speech_verbs

    # -- the stage ----------------------------------------------------------------------------------

    def date(self, events: list[Event], doc: Doc, article: Article) -> list[Event]:
        """Each event with its date: from its own sentence, its paragraph, or the article."""
        if not events:
            return events
        dates = self.read(doc, article)
        return [self._dated(event, doc, dates) for event in events]

    def _dated(self, event: Event, doc: Doc, dates: ArticleDates) -> Event:
        span = doc.char_span(event.verb_start, event.verb_end, alignment_mode="expand")
        found = self.date_token(span.root, dates) if span is not None and len(span) else None
        if found is None:
            found = self._published(dates)
        if found is None:
            return event
        when, expression = found.when, found.expression
        return replace(
            event,
            date=when.iso,
            date_end=when.end_iso,
            date_precision=when.precision,
            date_source=found.source,
            date_text_start=expression.start if expression else None,
            date_text_end=expression.end if expression else None,
        )

    # -- reading an article -------------------------------------------------------------------------

    def read(self, doc: Doc, article: Article) -> ArticleDates:
        """The article's dateline and date mentions. `doc` parses `article.text` (sentences the
        prefilter masked are blank in it; their dates still count for carrying forward)."""
        text = article.text
        dateline_end, dateline = self._dateline(text, article.published)
        anchor = dateline.when.date if dateline is not None else article.published
        mentions = [
            mention
            for expression in self.finder.find(text)
            if expression.start >= dateline_end and (mention := self._mention(expression, doc)) is not None
        ]
        lead = re.compile(r"\S").search(text, dateline_end)
        return ArticleDates(
            published=article.published,
            anchor=anchor,
            dateline=dateline,
            lead_start=lead.start() if lead else dateline_end,
            paragraph_starts=tuple(match.end() for match in PARAGRAPH_BREAK.finditer(text)),
            sentence_starts=tuple(sentence.start_char for sentence in doc.sents),
            mentions=tuple(mentions),
        )

    def _dateline(self, text: str, published: dt.date | None) -> tuple[int, EventDate | None]:
        """Where a wire dateline ends and the day it states (None without a date or a publication year)."""
        match = DATELINE.match(text)
        if match is None:
            return 0, None
        stated = [
            e for e in self.finder.find(match.group()) if e.first.month and e.first.day and not e.is_range
        ]
        day = resolve_parts(stated[0].first, published) if stated and published is not None else None
        return match.end(), EventDate(day, "sentence", stated[0]) if day is not None else None

    def _mention(self, expression: DateExpression, doc: Doc) -> DateMention | None:
        """The expression with the verb (and noun) it belongs to; None when it is no time of an event:
        part of a name ("Theresa May"), or a noun's modifier ("the March 2021 agreement")."""
        span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
        if span is None or all(token.is_space for token in span):
            return DateMention(expression, None, None)
        if any(token.ent_type_ == ENT_PERSON for token in span):
            return None
        verb = self._verb_after(span, expression)
        if verb is not None:
            return DateMention(expression, verb, None)
        verb = self._speaking(span, governing_verb(span.root))
        modified = _modified_noun(span)
        if modified is not None:
            dates_verb = _dates_subject(span, modified, verb) or self._time_of(modified, verb)
            return DateMention(expression, verb, modified, noun_only=not dates_verb)
        noun = _noun_between(span, verb)
        return DateMention(expression, verb, noun, noun_only=noun is not None and not _in_clause(noun, verb))

    def _time_of(self, noun: Token, verb: Token | None) -> bool:
        """ "Trump refused, during a 2018 trip, to ...": a noun after a time preposition of the verb
        gives the verb its time ("the 2018 deal" as an object does not)."""
        preposition = noun.head
        return (
            verb is not None
            and preposition.dep_ in PREP_DEPS
            and preposition.head == verb
            and lemma(preposition) in self.table.time_prepositions
        )

    def _speaking(self, span: Span, verb: Token | None) -> Token | None:
        """ "The army said on Tuesday it had killed 30 militants": a date between a speech verb and the
        clause it reports is the speaking's, wherever the parser hung it."""
        if verb is None or verb.dep_ not in COMPLEMENT_DEPS or lemma(verb.head) not in self.speech_verbs:
            return verb
        opening = [child.left_edge.i for child in children_with(verb, (*SUBJECT_DEPS, MARK))]
        clause_start = min([verb.i, *opening])
        return verb.head if verb.head.i < span.start and span.end <= clause_start else verb

    def _verb_after(self, span: Span, expression: DateExpression) -> Token | None:
        """ "Clinton Thursday condemned", "agents Monday night fired": a weekday standing before the verb,
        without a preposition, dates that verb."""
        if expression.first.weekday is None or expression.is_range or expression.lead in self.table.leads:
            return None
        following = span.doc[span.end :]
        for token in following[:3]:
            if token.pos_ in VERB_POS:
                return token
            if token.pos_ != POS_ADV:
                return None
        return None

    # -- dating one verb ----------------------------------------------------------------------------

    def date_token(self, token: Token, dates: ArticleDates) -> EventDate | None:
        """The date of the event a token (a verb or an event noun) reports, with where it came from;
        None only when nothing dates it and the article has no publication date."""
        verb = token if token.pos_ in VERB_POS else governing_verb(token)
        own = self._own_date(token, verb, dates)
        if own is not None:
            return own
        if dates.dateline is not None and token.sent.start_char <= dates.lead_start < token.sent.end_char:
            return dates.dateline
        return self._carried(token, verb, dates) or self._published(dates)

    @staticmethod
    def _published(dates: ArticleDates) -> EventDate | None:
        if dates.published is None:
            return None
        return EventDate(ResolvedDate(dates.published, "day"), "article")

    def _own_date(self, token: Token, verb: Token | None, dates: ArticleDates) -> EventDate | None:
        """A date of the token's own clause, or of the clause it continues (a conjunct, a complement, a
        participle); an event noun's own date first."""
        sentence = token.sent
        mentions = [
            m
            for m in dates.mentions
            if m.verb is not None and sentence.start_char <= m.start < sentence.end_char
        ]
        if not mentions:
            return None
        if token.pos_ in NOUN_POS:
            own = next((m for m in mentions if m.noun == token), None)
            found = self._dated_by(own, dates) if own is not None else None
            if found is not None:
                return found
        clause, seen = verb, set()
        while clause is not None and clause.i not in seen:
            seen.add(clause.i)
            found = self._attached_date(clause, mentions, dates)
            if found is not None:
                return found
            clause = self._continued(clause)
        if verb is None:
            return None
        # "began counting ballots today": an aspect verb takes the date of the activity it begins
        for gerund in (g for g in children_with(verb, (XCOMP,)) if g.tag_ == TAG_GERUND):
            found = self._attached_date(gerund, mentions, dates)
            if found is not None:
                return found
        return self._since_clause(verb, mentions, dates)

    def _since_clause(
        self, verb: Token, mentions: list[DateMention], dates: ArticleDates
    ) -> EventDate | None:
        """ "enhanced ties since the deal came into force in January 2016": from that clause's date on,
        as "since January 2016" would say."""
        for clause in children_with(verb, (ADVCL,)):
            if not any(lemma(mark) in self.table.since for mark in children_with(clause, (MARK,))):
                continue
            found = self._attached_date(clause, mentions, dates)
            if found is not None:
                start = found.when
                until = truncate(dates.anchor, start.precision) if dates.anchor else start.date
                since = ResolvedDate(start.date, start.precision, until if until > start.date else None)
                return replace(found, when=since)
        return None

    def _attached_date(
        self, verb: Token, mentions: list[DateMention], dates: ArticleDates
    ) -> EventDate | None:
        """The first date attached to the verb itself, else to a noun of its clause ("The rally on 3 April
        drew ..."), leaving out "since" on a noun ("its first census since 1992")."""
        attached = [m for m in mentions if m.verb == verb and not m.noun_only]
        direct = [m for m in attached if m.noun is None]
        through = [m for m in attached if m.noun is not None and not m.expression.since]
        for mention in direct or through:
            found = self._dated_by(mention, dates)
            if found is not None:
                return found
        return None

    def _dated_by(
        self, mention: DateMention, dates: ArticleDates, source: DateSource = "sentence"
    ) -> EventDate | None:
        resolved = self.resolve_mention(mention, dates)
        return EventDate(resolved, source, mention.expression) if resolved is not None else None

    def _continued(self, verb: Token) -> Token | None:
        """The clause a verb continues, whose date it shares: "met and signed", "is scheduled to visit",
        "attacked ..., killing two"; not a time clause ("after rockets were fired") or what was reported
        to have happened ("confiscated computers, his lawyer said on Monday"). Reported speech that holds
        at the time of speaking is dated by it: a stated intention ("Russia said on Tuesday it would send
        aid"), an ongoing act or state ("announced yesterday she was endorsing Biden")."""
        head = verb.head
        if head.i == verb.i or head.pos_ not in VERB_POS:
            return None
        if verb.dep_ in (CONJ, XCOMP):
            return head
        if verb.dep_ == ADVCL and not self.grammar.is_marked_circumstance(verb):
            return head
        if verb.dep_ in COMPLEMENT_DEPS and lemma(head) in self.speech_verbs:
            at_speaking = self.grammar.is_future(verb) or is_progressive(verb) or is_present_simple(verb)
            return head if at_speaking else None
        return None

    def resolve_mention(self, mention: DateMention, dates: ArticleDates) -> ResolvedDate | None:
        """The mention's date, in the tense of what it is attached to; "the next day", "two days later"
        from the date the narrative has reached."""
        if mention.expression.first.sequel is not None:
            return follow_narrative(mention.expression.first, self._narrative(mention, dates))
        return resolve_expression(mention.expression, dates.anchor, future=self._forward(mention))

    def _narrative(self, mention: DateMention, dates: ArticleDates) -> ResolvedDate | None:
        """The last date stated before the mention in its paragraph (the dateline's in the lead)."""
        paragraph = dates.paragraph(mention.start)
        for earlier in reversed(dates.mentions):
            if earlier.start >= mention.start or earlier.noun_only:
                continue
            if dates.paragraph(earlier.start) != paragraph:
                break
            resolved = self.resolve_mention(earlier, dates)
            if resolved is not None:
                return resolved
        lead = dates.dateline is not None and paragraph == dates.paragraph(dates.lead_start)
        return dates.dateline.when if lead and dates.dateline is not None else None

    def _forward(self, mention: DateMention) -> bool:
        """Does the mention speak of a time after the anchor: future, planned, obligated ("must leave by
        Wednesday"), scheduled in the present tense ("the measures take effect on Monday"), the time
        something is planned for ("called a rally for Sunday"), or the event someone is invited to?
        Never a "since" date, which starts in the past."""
        if mention.expression.since:
            return False
        if mention.expression.lead in self.table.plan_leads:
            return True
        if mention.noun is not None and self.grammar.is_future(mention.noun):
            return True
        verb = mention.verb
        if verb is None:
            return False
        return self.grammar.is_future(verb) or self.grammar.is_obligation(verb) or is_present_simple(verb)

    def _carried(self, token: Token, verb: Token | None, dates: ArticleDates) -> EventDate | None:
        """The last date stated earlier in the token's paragraph, a few sentences back at most, for a
        past-tense verb that goes on with the narrative (no sentence in between turns to the present); a
        date after the anchor cannot date a past event, and a "since" date says how long a state has
        lasted, not when the narrative is."""
        if verb is None or not is_past(verb) or self.grammar.is_future(verb):
            return None
        start = token.sent.start_char
        paragraph, sentence = dates.paragraph(start), dates.sentence(start)
        earlier = [
            m
            for m in dates.mentions
            if m.expression.end <= start
            and dates.paragraph(m.start) == paragraph
            and sentence - dates.sentence(m.start) <= CARRY_SENTENCES
            and not m.noun_only
        ]
        for mention in reversed(earlier):
            found = self._dated_by(mention, dates, "carried")
            if found is not None:
                after = dates.anchor is not None and found.when.date > dates.anchor
                broken = not _narrative_goes_on(token.doc, mention.expression.end, start)
                return None if after or broken or mention.expression.since else found
        return None

    # -- one expression -----------------------------------------------------------------------------

    def resolve(self, text: str, anchor: dt.date | None, *, future: bool = False) -> ResolvedDate | None:
        """The date of the first date expression in `text` ("on 12 March 2019", "last week", "Tuesday"),
        read against `anchor` in the past tense, or the future with `future`."""
        found = self.finder.find(text)
        return resolve_expression(found[0], anchor, future=future) if found else None


def _narrative_goes_on(doc: Doc, after: int, before: int) -> bool:
    """No sentence wholly between the two offsets is told in the present ("In Iowa, caucuses were held on
    February 3. Trump's victory brings his total to 86. Weld received the other delegate": the
    narrative broke off); a sentence the parser did not read says nothing."""
    for sentence in doc.sents:
        if after <= sentence.start_char and sentence.end_char <= before:
            root = sentence.root
            if root.pos_ in VERB_POS and not is_past(root):
                return False
    return True


def _modified_noun(span: Span) -> Token | None:
    """The noun a date modifies: "the 2015 nuclear deal", "the September 11 memorial", "Tuesday's attack"."""
    root = span.root
    if root.dep_ in NOUN_MODIFIER_DEPS and root.head.pos_ in NOUN_POS and root.head not in span:
        return root.head if root.i < root.head.i else None
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and after is not None and before.pos_ == POS_DET and after.pos_ in NOUN_POS:
        return after
    return None


def _dates_subject(span: Span, noun: Token, verb: Token | None) -> bool:
    """ "Tuesday's bombing killed 20", "Last year's election was marred ...": a possessive time on the
    verb's subject is the time of what the verb says of it (a year naming a thing is not: "the 2015
    deal collapsed")."""
    return span.root.dep_ == POSS and noun.dep_ in SUBJECT_DEPS and noun.head == verb


def _in_clause(noun: Token, verb: Token | None) -> bool:
    """The noun is an argument of the verb, or the object of one of its prepositions."""
    return verb is not None and (
        noun.head == verb or (noun.head.dep_ in PREP_DEPS and noun.head.head == verb)
    )


def _noun_between(span: Span, verb: Token | None) -> Token | None:
    """The nearest noun on the way from the date up to its verb: "talks" in "invited X to talks on
    Thursday", "rally" in "The rally on 3 April drew ...", "drought" in "The drought last summer ..."."""
    current = span.root
    while current.head.i != current.i and current.head != verb:
        current = current.head
        if current.pos_ in NOUN_POS and current not in span:
            return current
    return None
