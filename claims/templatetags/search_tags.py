from django import template

from claims.search import snippet_html

register = template.Library()


@register.filter
def snippet(value):
    """A search snippet, escaped, with its matched words in <mark>."""
    return snippet_html(value)
