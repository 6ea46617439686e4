"""Who is in the demo: the sign-ins it prints, the leads, adviser and
administrator, Fife's named respondents, and the names made-up respondents
elsewhere get. Every demo account's password is published on purpose."""

from __future__ import annotations

from dataclasses import dataclass

PASSWORD = "demo-password"  # noqa: S105 -- published on purpose: the demo sign-ins print it


@dataclass(frozen=True)
class SignIn:
    email: str
    role: str


SIGN_INS = (
    SignIn("fife.lead@example.org", "Chief Officer, lead of Fife"),
    SignIn("fife.nhs@example.org", "respondent in Fife (NHS)"),
    SignIn("fife.voice@example.org", "respondent in Fife (lived experience)"),
    SignIn("dundee.lead@example.org", "lead of Dundee City (a round past its closing date, not yet closed)"),
    SignIn("adviser@example.org", "improvement adviser for all partnerships, and of a national body"),
    SignIn("admin@example.org", "administrator"),
)

FIFE = "Fife"
FIFE_LEAD = ("fife.lead@example.org", "Dr Eilidh Paterson, Chief Officer (demo)", "local_authority")
# Fife's respondents (email, name, perspective, answered last year's round).
FIFE_RESPONDENTS = (
    ("fife.nhs@example.org", "Callum Reid (demo)", "nhs", True),
    ("fife.voice@example.org", "Morven Stewart (demo)", "lived_experience", True),
    ("fife.carer@example.org", "Isla Drummond (demo)", "lived_experience", True),
    ("fife.panel@example.org", "Hamish Baird (demo)", "lived_experience", True),
    ("fife.nurse@example.org", "Priya Lennox (demo)", "nhs", True),
    ("fife.voluntary@example.org", "Shona Mackay (demo)", "third_sector", True),
    ("fife.council@example.org", "Euan Galbraith (demo)", "local_authority", True),
    ("fife.care-provider@example.org", "Niamh Ferguson (demo)", "independent_sector", False),
)
DUNDEE = "Dundee City"
DUNDEE_LEAD = ("dundee.lead@example.org", "Graeme Lindsay, Head of Strategy (demo)", "nhs")
ADVISER = ("adviser@example.org", "Ruth Kerr, Improvement Adviser (demo)")
ADMIN = ("admin@example.org", "Site administrator (demo)")

# The made-up respondents of the other partnerships get names from these.
FIRST_NAMES = (
    "Aileen", "Alasdair", "Andrew", "Anna", "Ben", "Calum", "Catriona", "Chloe", "Craig", "Donald", "Duncan",
    "Eilidh", "Elspeth", "Fraser", "Fiona", "Gordon", "Heather", "Iain", "Jamie", "Jenna", "Karen", "Kirsty",
    "Lewis", "Lorna", "Malcolm", "Mairi", "Neil", "Rachel", "Rory", "Sandra", "Stuart", "Tariq", "Yvonne", "Zoe",
)  # fmt: skip
SURNAMES = (
    "Anderson", "Blair", "Buchanan", "Cameron", "Campbell", "Crawford", "Docherty", "Duncan", "Forsyth", "Gillies",
    "Grant", "Henderson", "Hunter", "Kerr", "Lamont", "MacDonald", "MacLeod", "McIntyre", "Munro", "Murray",
    "Ogilvie", "Rennie", "Robertson", "Ross", "Sinclair", "Sutherland", "Thomson", "Urquhart", "Wallace", "Watt",
)  # fmt: skip
