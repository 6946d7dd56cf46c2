"""Feed generators every feed of the site uses (articles, comments): what is plain text goes out
as text, what is HTML goes out sanitised, whatever a feed reader does with it.

RSS never says whether `<title>` (or `<dc:creator>`) is text or HTML, and feed readers render it
as HTML (feedparser reports `text/html`), so plain text goes out HTML-escaped there; Atom says
`type="text"`, and readers show it as text. An item description (RSS
`<description>`, Atom `<summary type="html">`) is HTML by definition: feeds pass HTML there
(`escape()` a plain-text summary), and it is cleaned with nh3 once more here. Bidi controls in
titles and author names are balanced (articles.plaintext); a feed isolates a name it embeds in
other words."""

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.plaintext import balance_bidi
from articles.rendering import sanitise_html


class _SafeItems:
    titles_are_html = False

    def text(self, value):
        if value is None:
            return None
        value = balance_bidi(str(value))  # no control spills out of its element
        return escape(value) if self.titles_are_html else value

    def __init__(self, title, link, description, **kwargs):
        super().__init__(self.text(title), link, self.text(description), **kwargs)

    def add_item(self, title, link, description, *, author_name=None, **kwargs):
        html = sanitise_html(description) if description is not None else None
        author = self.text(author_name) if author_name else author_name
        super().add_item(self.text(title), link, html, author_name=author, **kwargs)


class SafeRssFeed(_SafeItems, Rss201rev2Feed):
    titles_are_html = True


class SafeAtomFeed(_SafeItems, Atom1Feed):
    """Atom titles and subtitles are `type="text"`: readers show them as text."""
