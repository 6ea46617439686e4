"""One question's markup on an answer page: its heading, guidance, the
levels to choose from with their descriptions, and the evidence box, built
with the design-system widgets (``selfassess.widgets``)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from selfassess import widgets
from selfassess.answering.forms import EVIDENCE_MAX, evidence_name, field_name
from selfassess.questionnaire import Indicator


def level_hints(indicator: Indicator) -> dict[str, str]:
    """Each level's description for this question, keyed by the option's value."""
    return {str(value): text for value, text in indicator.levels.items()}


def indicator_html(form: Any, domain_number: int, indicator: Indicator, number: int) -> Markup:
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
        f"{choice}{evidence}</section>"
    )
