"""One question's markup on an answer page: its heading, guidance, the
levels to choose from with their descriptions, and the evidence box, built
with the design-system widgets (``selfassess.widgets``)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from selfassess import widgets
from selfassess.answering.forms import EVIDENCE_MAX, evidence_name, field_name, keep_name
from selfassess.answering.stale import Conflict, Stored
from selfassess.questionnaire import Indicator


def level_hints(indicator: Indicator) -> dict[str, str]:
    """Each level's description for this question, keyed by the option's value."""
    return {str(value): text for value, text in indicator.levels.items()}


# The page's hidden fields: which response and questionnaire text it was
# made for, the versions of its answers, and which it asks about.
HIDDEN_FIELDS = ("csrf_token", "response_id", "questionnaire", "versions", "choose")


def hidden_fields(form: Any) -> Markup:
    """The hidden fields as WTForms writes them, without its widget machinery
    (rendered on every answer page)."""
    inputs = []
    for name in HIDDEN_FIELDS:
        field = form[name]
        value = escape(field._value())
        inputs.append(f'<input id="{escape(field.id)}" name="{escape(field.name)}" type="hidden" value="{value}">')
    return Markup("\n".join(inputs))  # noqa: S704 - every value is escaped here


def indicator_html(
    form: Any, domain_number: int, indicator: Indicator, number: int, conflict: Conflict | None = None
) -> Markup:
    name = field_name(indicator.id)
    title = escape(indicator.title)
    choice = widgets.radios(
        form[name], legend=indicator.question, option_hints=level_hints(indicator), legend_class="sa_question-legend"
    )
    evidence = widgets.textarea(
        form[evidence_name(indicator.id)], hint=indicator.evidence_prompt, maxlength=EVIDENCE_MAX, rows=3
    )
    return Markup(  # noqa: S704 - every value is escaped here or by the widgets
        f'<section class="sa_indicator" id="indicator-{name}" aria-labelledby="heading-{name}">'
        f'<h2 class="ds_h3" id="heading-{name}">{domain_number}.{number} {title}</h2>'
        '<details class="ds_details" data-module="ds-details">'
        f'<summary class="ds_details__summary">What to think about<span class="visually-hidden"> for {title}</span>'
        f'</summary><div class="ds_details__text">{escape(indicator.guidance)}</div></details>'
        f"{_asking(form, indicator, conflict) if conflict else ''}{choice}{evidence}</section>"
    )


def _asking(form: Any, indicator: Indicator, conflict: Conflict) -> Markup:
    """Both versions of an answer changed in another tab or window and on this page, and which to keep."""
    labels = {choice.value: choice.label for choice in form[field_name(indicator.id)].iter_choices()}

    def described(answer: Stored) -> str:
        value, evidence = answer
        level = labels.get(value, value) if value else "No level chosen"
        return f"{level}. " + (f"Evidence: {evidence}" if evidence else "No evidence written.")

    hints = {
        "saved": f"Saved in another tab or window: {described(conflict.saved)}",
        "mine": f"From this page: {described(conflict.mine)}",
    }
    return widgets.radios(form[keep_name(indicator.id)], option_hints=hints)
