"""Template helpers for the large, labelled form fields of the account pages."""

from django import forms, template

register = template.Library()


@register.filter
def no_placeholder(bound_field):
    """Labels are always visible; a placeholder beside them reads like a typed value."""
    bound_field.field.widget.attrs.pop("placeholder", None)
    return bound_field


@register.filter
def field_kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if widget.is_hidden:
        return "hidden"
    return "input"


@register.simple_tag(takes_context=True)
def totp_required(context) -> bool:
    """True when the viewer must use an authenticator app and has not set one up."""
    from accounts.mfa_required import has_totp, must_use_totp

    user = getattr(context.get("request"), "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and must_use_totp(user)
        and not has_totp(user)
    )


@register.simple_tag(takes_context=True)
def totp_mandatory(context) -> bool:
    """True when the viewer's account must keep an authenticator app."""
    from accounts.mfa_required import must_use_totp

    user = getattr(context.get("request"), "user", None)
    return bool(user is not None and user.is_authenticated and must_use_totp(user))


@register.filter
def in_groups_of_four(value) -> str:
    """'ABCDEFGH' -> 'ABCD EFGH': a long key is easier to read out and type."""
    text = str(value or "")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
