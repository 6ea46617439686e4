"""One question's markup on an answer page, made quickly.

Nearly all of a question's markup (its title, guidance, options with their
level descriptors, the evidence box) is the same for everyone, so it is
rendered once per process for each questionnaire and question, and each
request fills in only the person's chosen level and evidence text. A
question showing an error is rendered in full.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import current_app
from markupsafe import Markup, escape

from selfassess.answering.forms import EVIDENCE_MAX, evidence_name, field_name
from selfassess.questionnaire import Indicator, Questionnaire

# Stands in for the evidence text in the kept markup; random, so that no
# text a person types can be mistaken for it.
_EVIDENCE_PLACE = "evidence" + secrets.token_hex(12)
_kept: dict[tuple[int, str, int, int], str] = {}


def indicator_html(form: Any, questionnaire: Questionnaire, index: int, indicator: Indicator, number: int) -> Markup:
    level_field = form[field_name(indicator.id)]
    evidence_field = form[evidence_name(indicator.id)]
    template = current_app.jinja_env.get_template("answering/_indicator.html")
    context = {
        "field_name": field_name,
        "evidence_name": evidence_name,
        "evidence_max": EVIDENCE_MAX,
        "scale": questionnaire.scale,
        "indicator": indicator,
        "index": index,
        "number": number,
    }
    if level_field.errors or evidence_field.errors:
        return Markup(template.render(form=form, **context))  # noqa: S704 - rendered by Jinja with autoescape
    key = (id(questionnaire), indicator.id, index, number)
    static = _kept.get(key)
    if static is None:
        blank = type(form)(formdata=None, data={evidence_name(indicator.id): _EVIDENCE_PLACE}, meta={"csrf": False})
        static = _kept[key] = template.render(form=blank, **context)
    html = static
    if level_field.data:
        option = f'name="{level_field.name}" type="radio" value="{escape(level_field.data)}"'
        html = html.replace(option, option + " checked", 1)
    html = html.replace(_EVIDENCE_PLACE, str(escape(evidence_field._value())), 1)
    return Markup(html)  # noqa: S704 - the kept markup is Jinja's; what is added is escaped
