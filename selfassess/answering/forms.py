"""The answering pages: one form per domain, built at run time from the
questionnaire (as ONS's eq-questionnaire-runner builds forms from its
questionnaire files)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from selfassess import cache
from selfassess.choices import level_choices
from selfassess.questionnaire import DONT_KNOW, NOT_APPLICABLE, Domain, Indicator, Questionnaire

EVIDENCE_MAX = 1000


def field_name(indicator_id: str) -> str:
    """ "leadership.shared-meaning" -> "leadership--shared-meaning": a name
    that is also a plain HTML id (no dots to confuse CSS selectors)."""
    return indicator_id.replace(".", "--")


def evidence_name(indicator_id: str) -> str:
    return f"{field_name(indicator_id)}--evidence"


def keep_name(indicator_id: str) -> str:
    """The "which answer to keep" choice, asked when another tab changed the answer."""
    return f"{field_name(indicator_id)}--keep"


class AnswerField(RadioField):
    """A radio group whose refusal of an unexpected value says what to do."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Rendered as a radio group: the error summary links to its first option.
        self.type = "RadioField"

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data in (None, ""):
            return
        if any(self.data == choice.value for choice in self.iter_choices()):
            return
        if self.data == NOT_APPLICABLE:
            raise ValidationError(
                f"“Not applicable” is not an answer to “{self.label.text}”: choose a level or “Don't know”"
            )
        raise ValidationError(
            f"The answer to “{self.label.text}” is not one of the options: choose a level or “Don't know”"
        )


def answer_choices(questionnaire: Questionnaire, indicator: Indicator) -> list[SelectChoice]:
    choices = level_choices(questionnaire)
    choices.append(SelectChoice(DONT_KNOW, "Don't know"))
    if indicator.allow_na:
        choices.append(SelectChoice(NOT_APPLICABLE, "Not applicable"))
    return choices


def _one_character_line_breaks(text: str | None) -> str | None:
    """Browsers send a textarea's line breaks as CR LF but count each as one
    character against ``maxlength``: count them as the browser did."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else text


KEEP_CHOICES = [
    SelectChoice("saved", "Keep the saved answer"),
    SelectChoice("mine", "Keep this page's answer, shown below, where you can change it"),
]


class KeepField(RadioField):
    """Which of two versions of an answer to keep: "saved" (what another tab
    or window saved) or "mine" (this page's). Anything else is no choice,
    which the page then asks for (answering/stale.py)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, choices=KEEP_CHOICES, validate_choice=False, **kwargs)  # type: ignore[arg-type]
        self.type = "RadioField"

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = valuelist[0] if valuelist and valuelist[0] in {c.value for c in KEEP_CHOICES} else None


class DomainFormBase(FlaskForm):
    response_id = HiddenField()
    questionnaire = HiddenField()
    # The version of each answer the page shows, and the answers it asks
    # which version to keep of (see answering/stale.py).
    versions = HiddenField()
    choose = HiddenField()


_form_classes = cache.named("domain form classes", 512)


def domain_form_class(questionnaire: Questionnaire, domain: Domain, asked: list[Indicator]) -> type[DomainFormBase]:
    """The form class of a domain's page showing the questions ``asked``,
    made once per process for each questionnaire text and set of questions:
    a stored questionnaire never changes."""
    return _form_classes.get_or_make(
        (questionnaire.cache_key, domain.id, tuple(i.id for i in asked)),
        lambda: _make_domain_form_class(questionnaire, domain, asked),
    )


def _make_domain_form_class(
    questionnaire: Questionnaire, domain: Domain, asked: list[Indicator]
) -> type[DomainFormBase]:
    attributes: dict[str, object] = {}
    for indicator in asked:
        attributes[field_name(indicator.id)] = AnswerField(
            indicator.title,
            choices=answer_choices(questionnaire, indicator),
            # No Optional(): it would let " " through (and clear pre_validate's
            # error); pre_validate accepts no answer and refuses anything else.
            validate_choice=False,  # pre_validate above gives the message
        )
        attributes[evidence_name(indicator.id)] = TextAreaField(
            "Evidence or an example (optional)",
            filters=[_one_character_line_breaks],
            validators=[
                Optional(),
                Length(
                    max=EVIDENCE_MAX,
                    message=f"Evidence for “{indicator.title}” must be {EVIDENCE_MAX:,} characters or fewer",
                ),
            ],
        )
        attributes[keep_name(indicator.id)] = KeepField(f"Which answer to “{indicator.title}” do you want to keep?")
    return type(f"{domain.id.title()}DomainForm", (DomainFormBase,), attributes)


CONSENT_LABEL = "My evidence notes may be shown, without my name, to the group at the partnership's consensus workshop"
# For a response a lead records from a paper copy or an interview.
RECORDED_CONSENT_LABEL = (
    "They agreed that their evidence notes may be shown, without their name, "
    "to the group at the partnership's consensus workshop"
)


class SubmitForm(FlaskForm):
    response_id = HiddenField()
    workshop_consent = BooleanField(CONSENT_LABEL)
