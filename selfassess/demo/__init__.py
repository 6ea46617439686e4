"""Demo data: ``selfassess demo`` fills a new database with made-up
partnerships' rounds and answers, so that every page has something to show.

Everything made here is marked as demo (``Account.is_demo``, ``Round.is_demo``),
and seeding refuses to touch a database that holds anything else, or to run
in production. The answers are made up, deterministically (a seeded random
generator), from a profile per partnership and domain that each respondent
varies around by perspective: people with lived experience rate culture and
involvement lower than NHS and council managers do, which is the gap the
product exists to show.

The package: ``people`` (who is in the demo) and ``profiles`` (how their
answers come out), as data; ``seeding`` (making the rows through the query
layer); ``reset`` (what is demo data, and deleting it); ``command`` (the
``selfassess demo`` command). ``scaled`` is separate: national-scale made-up
data for the load benchmark and the query-count tests.
"""

from __future__ import annotations

from selfassess.demo.command import demo_command, sign_ins_text
from selfassess.demo.people import PASSWORD, SIGN_INS, SignIn
from selfassess.demo.reset import delete_demo_data
from selfassess.demo.seeding import seed

__all__ = ["PASSWORD", "SIGN_INS", "SignIn", "delete_demo_data", "demo_command", "seed", "sign_ins_text"]
