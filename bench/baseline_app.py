"""The baseline for the load benchmark: a minimal Flask app that renders a
template of about the size of a questionnaire page, run under the same
gunicorn settings. ``gunicorn "bench.baseline_app:app"``."""

from __future__ import annotations

from flask import Flask, render_template_string

app = Flask(__name__)

# About the size and shape of a domain page: six questions, each with six
# options and a text box.
TEMPLATE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Baseline page</title></head>
<body><main><h1>Baseline page</h1>
<form method="post">
{% for question in questions %}
<section><h2>{{ question.title }}</h2><details><summary>What to think about</summary><div>{{ question.guidance }}</div></details>
<fieldset><legend>{{ question.text }}</legend>
{% for option in question.options %}
<div class="ds_radio"><input class="ds_radio__input" id="q{{ loop.index }}-{{ option.value }}" name="q{{ question.n }}" type="radio" value="{{ option.value }}">
<label class="ds_radio__label" for="q{{ loop.index }}-{{ option.value }}">{{ option.label }}</label>
<p class="ds_hint-text">{{ option.hint }}</p></div>
{% endfor %}
</fieldset><label for="e{{ question.n }}">Evidence</label><textarea id="e{{ question.n }}" name="e{{ question.n }}"></textarea></section>
{% endfor %}
<button type="submit">Save and continue</button></form></main></body></html>"""

QUESTIONS = [
    {
        "n": n,
        "title": f"Question {n} about how the partnership works with people",
        "guidance": "Think about what happens in practice, not what the plan says. " * 6,
        "text": "How far does the partnership's leadership agree, in plain words, what working together means here?",
        "options": [
            {
                "value": str(v),
                "label": f"{v}: Level {v}",
                "hint": "What this level looks like in a partnership, in words a reader can picture. " * 6,
            }
            for v in range(1, 7)
        ],
    }
    for n in range(1, 7)
]


@app.get("/")
def page():
    return render_template_string(TEMPLATE, questions=QUESTIONS)


@app.get("/healthz")
def healthz():
    return {"status": "ok"}
