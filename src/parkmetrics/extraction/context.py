"""What the rules read about one article besides its figures, computed once before any figure is read.

Passed to every rule that needs it, so that no rule depends on another having run first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .article import Article
from .dates import ArticleDates
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class ArticleContext:
    """One article, its vocabulary and publication date, and what is read from them before the figures."""

    article: Article
    vocabulary: Vocabulary
    published: date | None
    rules: dict  # the word lists of extract_rules.toml
    # The park the article's title is about (示例工业园区举行…), and the dataset's park names with it, longest first.
    title_names: list[str]
    park_names: list[str]
    dates: ArticleDates
    # Enterprise names the article itself lists, longest first.
    company_names: list[str]
    # The scope of each clause, by its start: the chain, sector or sub-zone it is about.
    scopes: dict[int, str]

    @property
    def text(self) -> str:
        """The normalised text, as every rule matches it."""
        return self.article.text
