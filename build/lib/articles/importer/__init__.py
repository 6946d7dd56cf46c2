"""Importing articles written in the common web format.

`parse_article` (text → structure) is pure and needs no database, so this package imports nothing
from Django; `articles.importer.saver.save_article` (structure → rows) is imported where it is used.
"""

from articles.importer.parser import ParsedArticle, ParsedSection, ProConItem, parse_article
from articles.importer.text import ArticleImportError, decode_article_bytes, read_article_file

__all__ = [
    "ArticleImportError",
    "ParsedArticle",
    "ParsedSection",
    "ProConItem",
    "decode_article_bytes",
    "parse_article",
    "read_article_file",
]
