"""Property-based fuzzing of every form: whatever field names and values are
posted, no page answers with a server error.

Every route that accepts POST is read from ``app.url_map``, so a new form is
fuzzed as soon as its route exists. Each is posted to with its real ids, by
the person who may use it (anonymous for the sign-in, password and
invitation pages, with real reset and invitation links), with random field
names (the form's own, read from the pages that show it and from the form
classes, mixed with junk) and random values, with the right CSRF token, none
or a wrong one. Without the right token nothing in the database may change.
The GET pages get random query strings.

Every request goes through ``checking.request_and_check``, which fails on an
exception a route raised (the test app propagates them) and on any 5xx
answer; test_found.py proves that it does, and keeps the requests that
the fuzzing found to fail, so that they fail every time until fixed.
"""
