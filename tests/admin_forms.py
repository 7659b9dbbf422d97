"""What a browser sends back for a Wagtail admin edit form, for tests that post it."""

from __future__ import annotations


def post_data(form) -> dict:
    """The form's fields and its inline formsets (with their management forms) as
    they stand, the way the browser would submit them unchanged."""
    data: dict = {}

    def add(bound_form):
        for bound in bound_form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)

    add(form)
    for formset in getattr(form, "formsets", {}).values():
        add(formset.management_form)
        for child in formset.forms:
            add(child)
    return data
