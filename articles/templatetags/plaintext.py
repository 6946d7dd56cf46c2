"""Reader text in templates: `{{ name|bdi }}` isolates it (articles.plaintext), so a
right-to-left override in a name cannot reverse the words around it; `|balanced` for places
that cannot hold markup (attributes)."""

from django import template

from articles import plaintext

register = template.Library()

register.filter("bdi", plaintext.bdi)
register.filter("balanced", plaintext.balance_bidi)
