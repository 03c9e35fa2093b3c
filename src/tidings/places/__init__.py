"""Places: the gazetteer and its disambiguation policy (`gazetteer`), and finding an article's places
and where its events happened (`locate`)."""
