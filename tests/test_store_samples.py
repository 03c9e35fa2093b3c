"""Hand-made coded articles for the store tests (imported by the other test_store*/query/export files),
and checks that the samples are what those tests assume."""

from __future__ import annotations

import datetime as dt

from tidings.records import Actor, Article, CodedArticle, Event, Location, Quote, Sentence

INJECTION = "x'; DROP TABLE events; --"

# (code, root, quad class, Goldstein, PLOVER) for the few event codes the samples use.
CODES = {
    "036": ("03", 1, 4.0, "CONSULT"),
    "0311": ("03", 1, 5.2, "COOPERATE"),
    "112": ("11", 3, -2.0, "ACCUSE"),
    "173": ("17", 4, -5.0, "COERCE"),
}

RUS_IRN_TEXT = (
    "Russian Ambassador Levan Jagarian said Moscow will meet Tehran. "
    "Iran accused the United States of bad faith."
)


def actor(text: str, start: int, country: str | None = None, *, igo: str | None = None,
          sectors: tuple[str, ...] = (), name: str | None = None) -> Actor:
    return Actor(text=text, start=start, end=start + len(text), country=country, igo=igo, sectors=sectors,
                 name=name)


def event(article_id: str, source: Actor, target: Actor | None, code: str, *, date: str | None = None,
          sentence: str = "", sentence_index: int = 0, verb: str = "said", location: Location | None = None,
          tone: float | None = None) -> Event:
    root, quad, goldstein, plover = CODES[code]
    return Event(
        article_id=article_id, sentence_index=sentence_index, sentence=sentence, start=0, end=len(sentence),
        source=source, target=target, code=code, root_code=root, quad_class=quad, goldstein=goldstein,
        plover=plover, plover_mode=None, verb=verb, verb_start=0, verb_end=len(verb), rule="test",
        date=date, date_precision=None if date is None else ("day" if len(date) == 10 else "month"),
        date_source=None if date is None else "sentence", location=location, tone=tone,
    )


def coded(article_id: str, *, text: str = RUS_IRN_TEXT, title: str = "Envoy", events: tuple[Event, ...] = (),
          quotes: tuple[Quote, ...] = (), published: dt.date | None = dt.date(2017, 1, 5),
          url: str | None = None, actors: tuple[Actor, ...] = (), tone: float | None = -1.5) -> CodedArticle:
    article = Article(id=article_id, title=title, text=text, published=published, source=f"{article_id}.txt",
                      url=url)
    split = text.find(". ") + 1 or len(text)
    sentences = (Sentence(0, 0, split, text[:split]), Sentence(1, split + 1, len(text), text[split + 1:]))
    places = (Location("Tehran", "IRN", 35.69, 51.42, None, None),)
    return CodedArticle(article, sentences, events, quotes, places, tone, actors)


def rus_irn_article(article_id: str, url: str | None, *, date: str = "2017-01-05") -> CodedArticle:
    """An envoy says Russia will meet Iran; Iran accuses the US."""
    def at(phrase: str) -> int:
        return RUS_IRN_TEXT.index(phrase)

    envoy = actor("Russian Ambassador Levan Jagarian", 0, "RUS", sectors=("GOV",), name="Levan Jagarian")
    moscow, tehran = actor("Moscow", at("Moscow"), "RUS"), actor("Tehran", at("Tehran"), "IRN")
    iran, usa = actor("Iran", at("Iran"), "IRN"), actor("the United States", at("the United States"), "USA")
    tehran_place = Location("Tehran", "IRN", 35.69, 51.42, tehran.start, tehran.end)
    events = (
        event(article_id, moscow, tehran, "036", date=date, sentence=RUS_IRN_TEXT[:63], verb="meet",
              location=tehran_place, tone=2.0),
        event(article_id, iran, usa, "112", date=date, sentence=RUS_IRN_TEXT[64:], sentence_index=1,
              verb="accused", tone=-4.0),
    )
    said = "Moscow will meet Tehran"
    quotes = (Quote(article_id, "Levan Jagarian", "RUSGOV", said, "indirect", at(said), at(said) + len(said),
                    0),)
    return coded(article_id, events=events, quotes=quotes, url=url, actors=(envoy, moscow, tehran, iran, usa))


def sample_corpus() -> list[CodedArticle]:
    """Three articles: two outlets report the same RUS->IRN meeting pledge; a third, a month later,
    has IRN accusing RUS and a quote whose speaker is an SQL injection attempt."""
    third_text = "Iran's government accused Russia of delays."
    irn = actor("Iran", 0, "IRN", sectors=("GOV",))
    rus = actor("Russia", third_text.index("Russia"), "RUS")
    third = coded(
        "c3", text=third_text, title="Delays", published=dt.date(2017, 2, 10), url="https://example.org/c3",
        events=(event("c3", irn, rus, "112", sentence=third_text, verb="accused"),),
        quotes=(Quote("c3", INJECTION, "IRNGOV", "delays", "direct", 0, 10, 0),),
        actors=(irn, rus),
    )
    return [
        rus_irn_article("a1", "https://www.tasnimnews.com/en/news/1"),
        rus_irn_article("b2", "https://tass.com/politics/2"),
        third,
    ]


def test_samples_have_consistent_offsets():
    for item in sample_corpus():
        for mention in item.actors:
            assert item.article.text[mention.start:mention.end] == mention.text


def test_sample_corpus_reports_one_event_twice():
    keys = [(e.source.code, e.target.code, e.code, e.date) for c in sample_corpus() for e in c.events]
    assert keys.count(("RUS", "IRN", "036", "2017-01-05")) == 2
