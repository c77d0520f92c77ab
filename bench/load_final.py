"""The night of a final, as a load test: while wrk hammers the bracket (bench/load.sh),
a member of staff saves a new score of the final's second leg through the admin every
second; after each save the very next request for the bracket must show it.

    .venv/bin/python bench/load_final.py BASE_URL SECONDS

Prints one line per save and a summary; exits non-zero if any save was refused or any
new score was missing from the next request. Loopback only, bounded by SECONDS.
"""

import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liguilla.settings")

import django  # noqa: E402

django.setup()

from tests.http_staff import HttpBrowser  # noqa: E402
from tournaments.models import Leg  # noqa: E402

BRACKET = "/en/liga-de-ascenso/2011-12/apertura-2011/bracket/"


def final_second_leg():
    return (
        Leg.objects.filter(tie__round__tournament__slug="apertura-2011", number=2)
        .select_related("home", "away")
        .order_by("-tie__round__number")
        .first()
    )


def main():
    base, seconds = sys.argv[1], float(sys.argv[2])
    leg = final_second_leg()
    staff = HttpBrowser(base, proxy_https=True)
    staff.login("load-staff", "load-test-password-2011")
    fan = HttpBrowser(base, proxy_https=True)
    saves = refused = missing = 0
    deadline = time.monotonic() + seconds
    # The 2011 final's second leg, La Piedad 0–1 Correcaminos (Correcaminos' scorer is
    # recorded, so the away side keeps its goal), after Correcaminos won the first 3–1.
    # Never 3–1, which levels the aggregate (4–4) and would need extra time.
    homes = [0, 1, 2, 4, 5, 6, 7]
    away = 1
    while time.monotonic() < deadline:
        started = time.monotonic()
        home = homes[saves % len(homes)]
        status = staff.save_leg_score(leg.pk, home, away)
        saves += 1
        if status != 302:
            refused += 1
        status, _, html = fan.get(BRACKET)
        page = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        final = page[page.rindex("Final ") :] if "Final " in page else ""
        # The final's line for the home side: "<seed> <team> [(advanced)] L1 L2 Agg".
        row = re.search(rf"\d+ {re.escape(leg.home.name)}(?: \(advanced\))? (\S+) (\S+) ", final)
        seen = row.group(2) if row else None
        ok = status == 200 and seen == str(home)
        missing += not ok
        print(
            f"save {saves}: {leg.home.name} {home}–{away} {leg.away.name}: bracket shows "
            f"{seen} ({'ok' if ok else 'MISSING'})",
            flush=True,
        )
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
    print(f"saves: {saves}, refused: {refused}, missing on the next request: {missing}")
    return 1 if refused or missing or not saves else 0


if __name__ == "__main__":
    sys.exit(main())
