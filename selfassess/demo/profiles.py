"""How the demo's made-up answers come out: each partnership's underlying
level per domain, how each perspective shifts it, where the gap is widest,
and the evidence notes and agreed-answer rationales that go with them."""

from __future__ import annotations

from selfassess.demo.people import DUNDEE

SEED = 20251001
# The questionnaire of the demo's earlier rounds (autumn 2024, and Fife's of
# 2025), so that the demo shows a change measured across versions.
EARLIER_QUESTIONNAIRE = "archive/co-production-maturity-1.0.0.yaml"
LAST_AUTUMN = 2025
LOWEST, HIGHEST = 1, 4

DOMAINS = ("leadership", "capacity", "systems", "culture", "evaluation")

# Each partnership's underlying level per domain (on the 1 to 4 scale), in
# the order of DOMAINS, and whether it also has a round from autumn 2024.
FIFE_PROFILE = (2.7, 2.3, 1.8, 3.1, 1.8)
FIFE_LAST_YEAR = (2.3, 1.9, 1.4, 2.7, 1.4)
OTHER_PARTNERSHIPS: tuple[tuple[str, tuple[float, ...], bool], ...] = (
    (DUNDEE, (2.8, 2.4, 2.2, 2.9, 2.5), True),
    ("Aberdeen City", (2.3, 2.0, 2.4, 2.2, 2.6), False),
    ("Angus", (2.0, 1.8, 1.9, 2.4, 1.8), False),
    ("City of Edinburgh", (2.6, 2.1, 2.0, 2.5, 2.8), False),
    ("Glasgow City", (3.0, 2.7, 2.5, 2.8, 3.0), True),
    ("Highland", (2.4, 1.9, 1.7, 3.1, 2.0), True),
    ("Perth and Kinross", (2.2, 2.5, 2.6, 2.0, 2.2), False),
    ("Scottish Borders", (1.8, 1.6, 1.8, 2.1, 1.5), False),
    ("West Lothian", (2.9, 2.8, 2.9, 2.6, 2.7), False),
    ("Moray", (2.1, 2.2, 1.6, 2.7, 1.9), False),
)

# How each perspective tends to see each domain, relative to the profile.
PERSPECTIVE_SHIFT = {
    "nhs": (0.3, 0.1, 0.1, 0.4, 0.2),
    "local_authority": (0.3, 0.0, 0.2, 0.3, 0.1),
    "third_sector": (-0.1, -0.3, -0.2, -0.3, -0.2),
    "independent_sector": (-0.2, -0.2, -0.4, -0.2, -0.3),
    "lived_experience": (-0.4, -0.3, -0.3, -0.9, -0.5),
    "community": (-0.3, -0.2, -0.2, -0.7, -0.4),
}
# Involvement itself is where the gap is widest.
INVOLVEMENT = {"culture.real-involvement", "culture.power-from-the-start", "evaluation.people-in-evaluation"}
OUTSIDE_VIEW = {"lived_experience", "community"}


# Short evidence notes, by domain, for lower and higher answers. No names.
EVIDENCE = {
    "leadership": (
        (
            "Co-production is mentioned in the strategic plan but we have not agreed what it means here.",
            "Leaders talk about working with people, but decisions are still mostly made before anyone is asked.",
            "It depends on a few committed managers; when they move on, it stops.",
        ),
        (
            "The leadership team agreed a one-page statement with the carers' forum last spring.",
            "Board papers now say how people who use services shaped each proposal.",
            "Senior managers from the NHS and the council attend the community panel every quarter.",
        ),
    ),
    "capacity": (
        (
            "There is no budget line for involvement; it comes out of whatever is left over.",
            "Staff want to do this but cannot get the time away from services.",
            "Short-term funding means we keep starting again with new groups.",
        ),
        (
            "Two engagement officers are funded jointly by the NHS board and the council.",
            "Participation payments and travel costs are now paid for everyone with lived experience.",
            "Improvement training this year included a session on working with people as equals.",
        ),
    ),
    "systems": (
        (
            "Health and council systems still do not talk to each other, so joint teams duplicate work.",
            "Good pilots end when the funding ends; nothing is spread.",
            "Decisions made at the partnership's board are sometimes reversed by the partner bodies.",
        ),
        (
            "The joint plan for older people's services was written with the third sector from the start.",
            "A shared action log tracks what was agreed and who follows it up.",
            "The locality model was adopted across all areas after the first pilot.",
        ),
    ),
    "culture": (
        (
            "People are asked for views after the plan is already written.",
            "Meetings are full of jargon and acronyms; it is hard to take part.",
            "As a carer I am invited, but it does not feel like my views change anything.",
            "Feedback goes in but we rarely hear what happened to it.",
        ),
        (
            "The mental health redesign group was co-chaired by a person with lived experience.",
            "Staff and community members now plan events together, in plain language.",
            "Partners trust each other more since the joint workshops last year.",
        ),
    ),
    "evaluation": (
        (
            "We count how many people came to events, not what changed as a result.",
            "There is no one with time or skills to evaluate this work properly.",
            "People with lived experience are not involved in deciding what counts as success.",
        ),
        (
            "The day services review was evaluated with the people who use them.",
            "An annual learning event reports back on what changed after people took part.",
            "We now collect stories of difference made alongside the numbers.",
        ),
    ),
}
DONT_KNOW_NOTE = "I have not seen enough of this to say."

AGREED_RATIONALE = {
    "culture.real-involvement": (
        "Agreed at the development session: managers pointed to the mental health redesign, and people with "
        "lived experience explained where involvement still comes after plans are written. This level fits most "
        "services today."
    ),
    "culture.power-from-the-start": (
        "Agreed at the review meeting: there are good examples in a few services, but they are not yet how the "
        "partnership works everywhere, as carers on the panel explained."
    ),
}
AGREED_FALLBACK = (
    "Agreed at the review meeting after hearing why answers differed: examples exist in some services, "
    "but not yet across the partnership."
)
