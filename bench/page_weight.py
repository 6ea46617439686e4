"""Page weight as transferred (compressed), per page, with the demo data.

    .venv/bin/python -m bench.page_weight

Fetches each kind of page as a browser would (Accept-Encoding: br, gzip)
with everything it loads (stylesheet and scripts), and prints the bytes
transferred: the results page must stay under 500 KB of JavaScript and
every other page under 150 KB in all. The full plotly.min.js is printed
beside the app's own plotly.js bundle (radar, bar and heatmap only). The
measuring is tests/page_weight_support.py's, which the test of the limits
(tests/integration/test_page_weight.py) uses too.
"""

from __future__ import annotations

import sys
import tempfile

from tests.page_weight_support import check, full_plotly_bundle, measure


def main() -> int:
    from flask_migrate import upgrade

    from selfassess import create_app
    from selfassess.data.base import db
    from selfassess.demo import seed as seed_demo

    folder = tempfile.mkdtemp(prefix="selfassess-weight-")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/weight.sqlite",
            "SECRET_KEY": "page-weight",
            "ENV": "development",
            "MAIL_BACKEND": "memory",
        }
    )
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
    weights = measure(app)
    print(f"{'page':<32}{'HTML':>9}{'CSS':>9}{'JS':>10}{'total':>10}  (KB transferred)")
    for name, w in weights.items():
        print(
            f"{name:<32}{w['html'] / 1024:>9.1f}{w['css'] / 1024:>9.1f}{w['js'] / 1024:>10.1f}{w['total'] / 1024:>10.1f}"
            f"  {w['encoding']}"
        )
    full_gzip, full_br = full_plotly_bundle()
    print(f"\nfull plotly.min.js: {full_gzip / 1024:.0f} KB gzip, {full_br / 1024:.0f} KB brotli")
    problems = check(weights)
    print("\n" + ("\n".join(problems) if problems else "Every page is within its limit."))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
