"""What vulture cannot see being used: names read by a framework or a
template, not by Python code. `make test` runs vulture with this file among
its paths (pyproject.toml's [tool.vulture]); anything else it reports is dead
code to remove. Made with `vulture --make-whitelist` and sorted by reason."""

# ruff: noqa: B018, F821

# Settings Flask and its extensions read by name (selfassess/config.py)
ENV  # unused variable (selfassess/config.py:25)
QUESTIONNAIRES_DIR  # unused variable (selfassess/config.py:26)
DEFAULT_QUESTIONNAIRE  # unused variable (selfassess/config.py:27)
SQLALCHEMY_ENGINE_OPTIONS  # unused variable (selfassess/config.py:30)
IDLE_CONNECTION_CHECK_SECONDS  # unused variable (selfassess/config.py:31)
WTF_CSRF_TIME_LIMIT  # unused variable (selfassess/config.py:34)
MAX_CONTENT_LENGTH  # unused variable (selfassess/config.py:35)
SESSION_IDLE_MINUTES  # unused variable (selfassess/config.py:36)
PERMANENT_SESSION_LIFETIME  # unused variable (selfassess/config.py:37)
SESSION_REFRESH_EACH_REQUEST  # unused variable (selfassess/config.py:43): read by Flask
SESSION_COOKIE_HTTPONLY  # unused variable (selfassess/config.py:38)
SESSION_COOKIE_SAMESITE  # unused variable (selfassess/config.py:39)
SESSION_COOKIE_SECURE  # unused variable (selfassess/config.py:40)
MAIL_BACKEND  # unused variable (selfassess/config.py:41)
MAIL_SENDER  # unused variable (selfassess/config.py:42)
INVITATION_DAYS  # unused variable (selfassess/config.py:43)
RESET_MINUTES  # unused variable (selfassess/config.py:44)
SIGN_IN_LIMIT  # unused variable (selfassess/config.py:45)
SIGN_IN_ADDRESS_LIMIT  # read by name in auth/limits.py
SIGN_IN_ACCOUNT_LIMIT  # read by name in auth/limits.py
sign_in_wrong_password  # flask.g, read by name in auth/limits.py
PENDING_SAVE_LIMIT  # read by name in answering/routes.py
RATELIMIT_KEY_PREFIX  # unused variable (selfassess/config.py:46)
RATELIMIT_HEADERS_ENABLED  # unused variable (selfassess/config.py:47)
COMPRESS_MIMETYPES  # unused variable (selfassess/config.py:48)
COMPRESS_LEVEL  # unused variable (selfassess/config.py:51)
PROXY_FIX  # unused variable (selfassess/config.py:52)
BASE_URL  # read by name in emails.py

# Set for Flask, Flask-Login and SQLAlchemy, which read them
get_id  # unused method (selfassess/data/models.py:80)
login_view  # unused attribute (selfassess/web.py:76)
login_message  # unused attribute (selfassess/web.py:77)
login_message_category  # unused attribute (selfassess/web.py:78)
session_protection  # unused attribute (selfassess/web.py:79)
permanent  # unused attribute (selfassess/web.py:161)
_login_user  # unused attribute (selfassess/web.py:208)

# Columns and fields that templates, the exports or SQLAlchemy read
closed_at  # unused variable (selfassess/data/models.py:163)
last_domain  # unused variable (selfassess/data/models.py:216)
recorded_label  # unused variable (selfassess/data/models.py:220)
agreed_at  # unused variable (selfassess/data/models.py:261)
agreed_by  # unused variable (selfassess/data/models.py:263)
ip_address  # unused variable (selfassess/data/models.py:277)
finished_at  # unused variable (selfassess/data/models.py:327)
file_id  # unused variable (selfassess/data/models.py:328)
updated_at  # unused variable (selfassess/data/responses.py:229)
closed_at  # unused attribute (selfassess/data/rounds.py:113)
closed_at  # unused attribute (selfassess/data/rounds.py:119)
closed_at  # unused attribute (selfassess/demo/seeding.py:137)
agreed_at  # unused attribute (selfassess/demo/seeding.py:242)
programme  # unused variable (selfassess/questionnaire/schema.py:160)
institution  # unused variable (selfassess/questionnaire/schema.py:161)
contact  # unused variable (selfassess/questionnaire/schema.py:162)
basis  # unused variable (selfassess/questionnaire/schema.py:173)
finding  # unused variable (selfassess/questionnaire/schema.py:195)
finished_at  # unused attribute (selfassess/reports/jobs.py:61)
file_id  # unused attribute (selfassess/reports/jobs.py:112)
finished_at  # unused attribute (selfassess/reports/jobs.py:114)
finished_at  # unused attribute (selfassess/reports/jobs.py:141)

# Read only by templates
admin_count  # unused variable (selfassess/admin/overview.py:15)
adviser_count  # unused variable (selfassess/admin/overview.py:16)
version_count  # unused variable (selfassess/admin/overview.py:17)
files_to_load  # unused variable (selfassess/admin/overview.py:18)
same_number  # unused variable (selfassess/admin/versions.py:30)
same_number  # unused attribute (selfassess/admin/versions.py:81)
src  # unused variable (selfassess/reports/build.py:33)
lower_quartile  # unused variable (selfassess/results/compute.py:84)
upper_quartile  # unused variable (selfassess/results/compute.py:85)
strongest_and_weakest  # unused method (selfassess/results/compute.py:171)
perspective_differences  # unused method (selfassess/results/compute.py:185)
priority  # unused variable (selfassess/results/wording.py:87)
not_started  # unused variable (selfassess/rounds/progress.py): the round page's counts
enough  # unused property (selfassess/rounds/progress.py)
min_responses  # unused property (selfassess/rounds/progress.py)
small_groups  # unused variable (selfassess/rounds/progress.py): the round page's perspective warnings
min_group  # unused property (selfassess/rounds/progress.py)
other_label  # unused property (selfassess/rounds/progress.py)
headline  # unused property (selfassess/rounds/progress.py): the round page's count of responses
part_id  # unused method (selfassess/plans/forms.py): the action form's date boxes
plan_round_id  # unused variable (selfassess/results/dashboard.py): the dashboard's link to a plan
can_choose_scope  # unused variable (selfassess/results/dashboard.py): the dashboard's which-partnerships radios
round_count  # unused variable (selfassess/admin/partnerships.py): the partnerships page's count of rounds
sign_in_refusal_noted  # unused attribute (selfassess/auth/limits.py): read with g.get, one refusal event a request
status_colour  # unused property (selfassess/plans/service.py): the plan's status tags
by_group  # unused variable (selfassess/workshop/service.py): a step's counts by perspective
some_perspectives_not_shown  # unused variable (selfassess/workshop/service.py): a step's note on small perspectives
other_versions  # unused property (selfassess/compare/service.py): compare's partnerships on another major version

# WTForms' Field.process signature and state, kept by the plan's date field
extra_filters  # unused variable (selfassess/plans/forms.py)
object_data  # unused attribute (selfassess/plans/forms.py)
process_formdata  # unused method (selfassess/answering/forms.py): WTForms calls it with the posted values

# Read by the reminders and close pages' templates
reminded_today  # unused variable (selfassess/rounds/reminders.py:43)
early  # unused variable (selfassess/rounds/reminders.py:120)

# aiosmtpd calls its handler's methods by name (tests/smtp_server.py)
handle_DATA

# pytest hooks, and fixtures a test asks for for what they do, not their value
pytest_runtest_makereport  # unused function (tests/e2e/conftest.py:221)
call  # unused variable (tests/e2e/conftest.py:222)
restore_partnerships  # unused variable (tests/integration/fuzzing/conftest.py:36)
fuzzing  # unused variable (tests/integration/fuzzing/conftest.py:47)
fuzzing  # unused variable (tests/integration/fuzzing/conftest.py:58)
fuzzing  # unused variable (tests/integration/fuzzing/conftest.py:72)
fuzzing  # unused variable (tests/integration/fuzzing/test_form_posts.py:25)
fuzzing  # unused variable (tests/integration/fuzzing/test_found.py:108)
fuzzing  # unused variable (tests/integration/fuzzing/test_found.py:155)
restore_partnerships  # unused variable (tests/integration/test_admin_partnerships.py:38)
restore_partnerships  # unused variable (tests/integration/test_admin_partnerships.py:49)
restore_partnerships  # unused variable (tests/integration/test_admin_partnerships.py:57)
restore_partnerships  # unused variable (tests/integration/test_admin_partnerships.py:64)
restore_partnerships  # unused variable (tests/integration/test_admin_partnerships.py:77)
