"""Driving the admin's change forms as a browser would: read the rendered form back as POST data."""

from django.forms import MultiWidget
from django.urls import reverse


def change_url(obj):
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def _field_values(form):
    """What the browser would send for an untouched form: its initial values, as POST data."""
    values = {}
    for name, field in form.fields.items():
        key, value = form.add_prefix(name), form[name].value()
        if value is None or value is False or value == "" or hasattr(value, "storage"):
            continue  # left empty, unchecked, or a stored file the form keeps on its own
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                values[f"{key}_{index}"] = str(part)
        elif isinstance(value, list | tuple):
            values[key] = [str(item) for item in value]
        else:
            values[key] = "on" if value is True else str(value)
    return values


def change_form_data(response):
    """The POST data of the rendered change form, inlines and management forms included."""
    data = _field_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_field_values(formset.management_form))
        for form in formset.forms:
            data.update(_field_values(form))
    return data


def add_inline_row(data, prefix, **values):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in values.items()})


def post_change(client, article, **changes):
    data = change_form_data(client.get(change_url(article)))
    data.update(changes)
    return client.post(change_url(article), data)
