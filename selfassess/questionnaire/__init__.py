"""The questionnaire and the study's themes: schema, loading and validation."""

from selfassess.questionnaire.loading import (
    Problem,
    QuestionnaireError,
    QuestionnaireFiles,
    check,
    load,
    parse,
    read_files,
)
from selfassess.questionnaire.schema import (
    Domain,
    Indicator,
    Perspective,
    Questionnaire,
    ScaleLevel,
    Theme,
    ThemesFile,
)

DONT_KNOW = "dont_know"
NOT_APPLICABLE = "na"

__all__ = [
    "DONT_KNOW",
    "NOT_APPLICABLE",
    "Domain",
    "Indicator",
    "Perspective",
    "Problem",
    "Questionnaire",
    "QuestionnaireError",
    "QuestionnaireFiles",
    "ScaleLevel",
    "Theme",
    "ThemesFile",
    "check",
    "load",
    "parse",
    "read_files",
]
