"""WTForms fields as Scottish Government Design System markup, in one
Python place (as GOV.UK Notify's field mixin renders GOV.UK fields).

Templates call these as Jinja globals: ``{{ text_input(form.email,
hint="...") }}``. Every field gets its label, hint, error messages and
``aria-describedby`` the same way; a radio group or a set of checkboxes is
linked from the error summary by its first option's id, which can take the
focus. Markup is built here rather than in Jinja macros because the answer
pages render dozens of radio groups per request, and Python does that in a
fraction of the time; every piece of text is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from selfassess import cache

GROUPED = ("RadioField", "MultiCheckboxField", "AnswerField")


def _attributes(**values: Any) -> str:
    """name="value" pairs; None and False leave an attribute out, True writes it bare."""
    parts = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(f" {name}" if value is True else f' {name}="{_text(value)}"')
    return "".join(parts)


def field_target(field: Any) -> str:
    """The id an error summary links to: the first option of a group."""
    return f"{field.id}-0" if field.type in GROUPED else field.id


def _described(field: Any, hint: str | None) -> str | None:
    ids = [f"{field.id}-hint"] if hint else []
    if field.errors:
        ids.append(f"{field.id}-error")
    return " ".join(ids) or None


def _errors(field: Any) -> str:
    # One element (and so one id, which aria-describedby names) for all of a field's errors.
    if not field.errors:
        return ""
    messages = "<br>".join(str(_text(error)) for error in field.errors)
    return f'<p class="ds_question__error-message" id="{_text(field.id)}-error">{messages}</p>'


def _hint(field_id: str, hint: str | None) -> str:
    return f'<p class="ds_hint-text" id="{_text(field_id)}-hint">{_text(hint)}</p>' if hint else ""


def _question(field: Any, inner: str) -> Markup:
    error_class = " ds_question--error" if field.errors else ""
    return Markup(f'<div class="ds_question{error_class}">{inner}</div>')  # noqa: S704 - every value is escaped


def error_summary(form: Any, extra_errors: Iterable[tuple[str, str]] = ()) -> Markup:
    items = [(field_target(field), error) for field in form if field.errors for error in field.errors]
    items += list(extra_errors)
    if not items:
        return Markup("")
    links = "".join(f'<li><a href="#{_text(target)}">{_text(error)}</a></li>' for target, error in items)
    return Markup(  # noqa: S704 - every value is escaped
        '<div class="ds_error-summary" aria-labelledby="error-summary-title" role="alert">'
        '<h2 class="ds_error-summary__title" id="error-summary-title">There is a problem</h2>'
        f'<ul class="ds_error-summary__list">{links}</ul></div>'
    )


def text_input(
    field: Any,
    hint: str | None = None,
    width: str | None = None,
    type: str = "text",
    autocomplete: str | None = None,
    spellcheck: bool | None = None,
) -> Markup:
    classes = "ds_input" + (f" ds_input--{width}" if width else "") + (" ds_input--error" if field.errors else "")
    # What someone typed is escaped afresh, never remembered (see _text).
    value = escape(field._value()) if type != "password" and field.data is not None else None
    attributes = _attributes(
        class_=classes,
        id=field.id,
        name=field.name,
        type=type,
        value=value,
        aria_describedby=_described(field, hint),
        aria_invalid="true" if field.errors else None,
        autocomplete=autocomplete,
        spellcheck=None if spellcheck is None else ("true" if spellcheck else "false"),
    )
    label = f'<label class="ds_label" for="{_text(field.id)}">{_text(field.label.text)}</label>'
    return _question(field, f"{label}{_hint(field.id, hint)}{_errors(field)}<input{attributes}>")


def textarea(
    field: Any, hint: str | None = None, maxlength: int | None = None, rows: int = 4, label_class: str = "ds_label"
) -> Markup:
    attributes = _attributes(
        class_="ds_input" + (" ds_input--error" if field.errors else ""),
        id=field.id,
        name=field.name,
        rows=rows,
        maxlength=maxlength,
        data_maxlength=maxlength,
        aria_describedby=_described(field, hint),
        aria_invalid="true" if field.errors else None,
    )
    count = (
        f'<p class="ds_hint-text sa_count" id="{_text(field.id)}-count">Up to {maxlength} characters.</p>'
        if maxlength
        else ""
    )
    module = ' data-module="ds-character-count"' if maxlength else ""
    label = f'<label class="{_text(label_class)}" for="{_text(field.id)}">{_text(field.label.text)}</label>'
    box = f"<textarea{attributes}>{escape(field._value())}</textarea>"  # typed text: not remembered
    inner = f'<div class="ds_character-count"{module}>{label}{_hint(field.id, hint)}{_errors(field)}{box}{count}</div>'
    return _question(field, inner)


@cache.memo("escaped text", 8192)
def _escaped(text: str) -> str:
    return str(escape(text))


def _text(value: Any) -> str:
    """Text made safe for HTML. Plain strings are remembered: a page shows
    the same labels and level descriptions to everyone, dozens of times."""
    return _escaped(value) if type(value) is str else str(escape(value))


def _options(field: Any, kind: str, wrapper: str, option_hints: Mapping[str, str]) -> str:
    """Each choice of a group as a radio button or a checkbox, with its label and hint."""
    options = []
    name = _text(field.name)
    for index, choice in enumerate(field.iter_choices()):
        option_id = f"{_text(field.id)}-{index}"
        option_hint = option_hints.get(choice.value)
        described = f' aria-describedby="{option_id}-hint"' if option_hint else ""
        checked = " checked" if choice.selected else ""
        hint = f'<p class="ds_hint-text" id="{option_id}-hint">{_text(option_hint)}</p>' if option_hint else ""
        options.append(
            f'<div class="{wrapper}"><input class="ds_{kind}__input" id="{option_id}" name="{name}" type="{kind}" '
            f'value="{_text(choice.value)}"{checked}{described}>'
            f'<label class="ds_{kind}__label" for="{option_id}">{_text(choice.label)}</label>{hint}</div>'
        )
    return "".join(options)


def _fieldset(field: Any, legend: Markup, legend_class: str, hint: str | None, group: str) -> Markup:
    fieldset = (
        f"<fieldset{_attributes(aria_describedby=_described(field, hint))}>"
        f"<legend{_attributes(class_=legend_class or None)}>{legend}</legend>{_hint(field.id, hint)}{_errors(field)}"
        f"{group}</fieldset>"
    )
    return _question(field, fieldset)


def radios(
    field: Any,
    legend: str | None = None,
    hint: str | None = None,
    option_hints: Mapping[str, str] | None = None,
    legend_class: str = "",
    heading_level: int | None = None,
    inline: bool = False,
) -> Markup:
    """A radio group; ``option_hints`` (value -> text) are shown under their options."""
    text = _text(legend or field.label.text)
    if heading_level:
        text = Markup(f'<h{heading_level} class="sa_legend-heading">{text}</h{heading_level}>')  # noqa: S704
    group = "ds_field-group" + (" ds_field-group--inline" if inline else "")
    options = _options(field, "radio", "ds_radio", option_hints or {})
    return _fieldset(field, text, legend_class, hint, f'<div class="{group}">{options}</div>')


def checkboxes(field: Any, legend: str | None = None, hint: str | None = None) -> Markup:
    options = _options(field, "checkbox", "ds_checkbox ds_checkbox--small", {})
    group = f'<div class="ds_checkboxes ds_field-group" data-module="ds-checkboxes">{options}</div>'
    return _fieldset(field, _text(legend or field.label.text), "", hint, group)


def checkbox(field: Any, hint: str | None = None) -> Markup:
    attributes = _attributes(
        class_="ds_checkbox__input",
        id=field.id,
        name=field.name,
        type="checkbox",
        value="y",
        checked=bool(field.data),
        aria_describedby=f"{field.id}-hint" if hint else None,
    )
    label = f'<label class="ds_checkbox__label" for="{_text(field.id)}">{_text(field.label.text)}</label>'
    box = f'<div class="ds_checkbox ds_checkbox--small"><input{attributes}>{label}{_hint(field.id, hint)}</div>'
    return _question(field, f"{_errors(field)}{box}")


DATE_PARTS = (("day", "Day", "fixed-2"), ("month", "Month", "fixed-2"), ("year", "Year", "fixed-4"))


def date_input(field: Any, hint: str | None = None, legend: str | None = None) -> Markup:
    """The design system's date input: day, month and year boxes in a
    fieldset, for a ``DatePartsField`` (the error summary links to the day)."""
    error_class = " ds_input--error" if field.errors else ""
    invalid = ' aria-invalid="true"' if field.errors else ""
    boxes = "".join(
        f'<div><label class="ds_label" for="{_text(field.part_id(part))}">{label}</label>'
        f'<input class="ds_input ds_input--{width}{error_class}" id="{_text(field.part_id(part))}" '
        f'name="{_text(field.part_name(part))}" type="text" inputmode="numeric" '
        f'value="{_text(field.parts[part])}"{invalid}></div>'
        for part, label, width in DATE_PARTS
    )
    fieldset = (
        f'<fieldset class="ds_datepicker"{_attributes(aria_describedby=_described(field, hint))}>'
        f"<legend>{_text(legend or field.label.text)}</legend>{_hint(field.id, hint)}{_errors(field)}"
        f'<div class="ds_datepicker__input-wrapper">{boxes}</div></fieldset>'
    )
    return _question(field, fieldset)


def select(field: Any, hint: str | None = None) -> Markup:
    options = "".join(
        f"<option{_attributes(value=choice.value, selected=bool(choice.selected))}>{_text(choice.label)}</option>"
        for choice in field.iter_choices()
    )
    attributes = _attributes(
        class_="ds_select" + (" ds_select--error" if field.errors else ""),
        id=field.id,
        name=field.name,
        aria_describedby=_described(field, hint),
    )
    label = f'<label class="ds_label" for="{_text(field.id)}">{_text(field.label.text)}</label>'
    wrapper = (
        f'<div class="ds_select-wrapper"><select{attributes}>{options}</select>'
        '<span class="ds_select-arrow" aria-hidden="true"></span></div>'
    )
    return _question(field, f"{label}{_hint(field.id, hint)}{_errors(field)}{wrapper}")


def submit(
    text: str = "Continue", secondary: bool = False, name: str | None = None, value: str | None = None
) -> Markup:
    classes = "ds_button" + (" ds_button--secondary" if secondary else "")
    attributes = _attributes(type="submit", class_=classes, name=name, value=value if name else None)
    return Markup(f"<button{attributes}>{_text(text)}</button>")  # noqa: S704 - every value is escaped


FUNCTIONS = {
    "error_summary": error_summary,
    "text_input": text_input,
    "textarea": textarea,
    "radios": radios,
    "checkboxes": checkboxes,
    "checkbox": checkbox,
    "date_input": date_input,
    "select": select,
    "submit": submit,
}
