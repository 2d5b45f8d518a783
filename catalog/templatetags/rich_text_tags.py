"""`{{ text|rich_text }}`: stored rich text rendered as HTML only after it is sanitised.

Text is sanitised when people save it (catalog.richtext); rows written by bulk imports or
before that rule existed are not, so the template sanitises again on output (idempotent,
microseconds with nh3) instead of trusting the column with `|safe`."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from catalog.richtext import clean_rich_text

register = template.Library()


@register.filter(is_safe=True)
def rich_text(value: object) -> SafeString:
    return mark_safe(clean_rich_text(str(value or "")))  # noqa: S308 (sanitised just above)
