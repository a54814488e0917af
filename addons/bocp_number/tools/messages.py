"""Translated messages for :class:`.number_rule.NumberError` (the Odoo layer).

Every message names the field, the row when there is one, the value as typed
(cut short) and the range of the kind, in the user's language.
"""

from odoo.exceptions import ValidationError
from odoo.tools.misc import formatLang

from .number_rule import NumberError, check_number, get_kind, parse_number

SHOWN_TEXT_LENGTH = 30


def separators(env):
    """(decimal point, thousands separator) of the user's language."""
    lang = env["res.lang"]._get_data(code=env.lang or "en_US")
    if not lang or not lang.decimal_point:
        return ".", ","
    return lang.decimal_point, lang.thousands_sep or ""


def format_bound(env, value):
    return formatLang(env, value, digits=0)


def shown_value(text):
    text = str(text if text is not None else "")
    if len(text) > SHOWN_TEXT_LENGTH:
        return text[:SHOWN_TEXT_LENGTH] + "…"
    return text


def range_text(env, kind):
    kind = get_kind(kind)
    return env._(
        "from %(minimum)s to %(maximum)s",
        minimum=format_bound(env, kind.minimum),
        maximum=format_bound(env, kind.maximum),
    )


def error_message(env, error, field, row=None, number_format=None):
    """The message of ``error`` for ``field`` (a label) on ``row`` (or None).

    ``number_format``: (decimal point, thousands separator) the text was read
    with, when not the user's language.
    """
    _ = env._
    where = _("%(field)s (row %(row)s)", field=field, row=row) if row else field
    params = {
        "where": where,
        "value": shown_value(error.text),
        "range": range_text(env, error.kind),
    }
    if error.reason == "empty":
        return _("%(where)s: a number is needed (%(range)s).", **params)
    if error.reason == "integer":
        return _("%(where)s: %(value)s is not a whole number.", **params)
    if error.reason == "range":
        return _(
            "%(where)s: %(value)s is outside the allowed range (%(range)s).", **params
        )
    decimal_point, thousands_sep = number_format or separators(env)
    return _(
        "%(where)s: '%(value)s' is not a number. Write digits 0-9, with "
        "'%(decimal)s' before decimals and optionally '%(thousands)s' between "
        "thousands (%(range)s).",
        **params,
        decimal=decimal_point,
        thousands=thousands_sep or " ",
    )


def raise_error(env, error, field, row=None, exception=ValidationError):
    raise exception(error_message(env, error, field, row)) from error


def parsed(env, text, kind, field, row=None):
    """``text`` read in the user's language by the rule, or a ValidationError."""
    try:
        return parse_number(text, kind, *separators(env))
    except NumberError as error:
        raise_error(env, error, field, row)


def checked(env, value, kind, field, row=None):
    """``value`` (a number) if it is within the range of ``kind``, else a
    ValidationError naming the field and the row."""
    try:
        return check_number(value, kind)
    except NumberError as error:
        raise_error(env, error, field, row)
