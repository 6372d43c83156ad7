"""``{% hx_vals name=value … %}``: an htmx ``hx-vals`` attribute value, built as JSON.

Values written into JSON by string interpolation (``'{"claim": "{{ claim.slug }}"}'``) let a
value with a quote in it add or replace keys; ``json.dumps`` quotes each value, and the tag's
output is HTML-escaped for the attribute like any other.
"""

import json

from django import template

register = template.Library()


@register.simple_tag
def hx_vals(**values) -> str:
    return json.dumps(values, default=str)
