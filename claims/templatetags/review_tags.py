"""``{% history_of item as entries %}``: an item's audit trail for templates/claims/_history.html."""

from django import template

from claims import review

register = template.Library()


@register.simple_tag
def history_of(item) -> list[dict]:
    return review.history_for(item)
