"""Helpers of bench/matchnight.sh: the pages a visitor reaches, and the writes of a match night.

    python bench/matchnight.py crawl BASE LIMIT            # paths, one a line
    python bench/matchnight.py write BASE SECONDS kickoff  # the newest leg's kick-off moved
    python bench/matchnight.py write BASE SECONDS rename   # the busiest club renamed

`crawl`: the home page, its links, and their links (two clicks), same host, public HTML
pages only (no admin, static files, feeds, calendars, images, JSON or search), in the
order a breadth-first walk finds them, at most LIMIT.

`write` (with READY_FILE set, the file is created once Django is loaded and the writer
ready, and the writes start half a second later: bench/matchnight.sh starts the load
then, so a phase measures the writes and not this process starting): one write every
2 s for SECONDS, through the ORM as staff's saves are (the same
save, signals and commit hooks as the admin), on the database of DATABASE_URL. After each
write the checker asks for one page the write touched, as a visitor would (no cookie,
through the same proxy headers), and checks it shows the new fact: the new kick-off (its
`datetime` attribute) on the leg's match page, the new name on the club's page. A page
without it is a stale read. Prints `writes=N stale=N save≤S` (the longest save, its
commit and the wait for its pages included).
"""

import os
import re
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from html import unescape
from urllib.parse import urljoin, urlsplit

HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity"}
SKIPPED = re.compile(r"^/(en/)?(admin|static|search)/|\.(png|ics|atom|json|css|js|svg|ico)$")


def get(url):
    request = urllib.request.Request(url, headers=HEADERS)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read().decode()


def links(base, path):
    _status, html = get(base + path)
    for href in re.findall(r'href="([^"#]+)', html):
        parts = urlsplit(urljoin(base + path, unescape(href)))
        if parts.netloc == urlsplit(base).netloc and not SKIPPED.search(parts.path):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(base, limit):
    found, frontier = ["/"], ["/"]
    for _click in range(2):
        following = []
        for path in frontier:
            for link in links(base, path):
                if link not in found and len(found) < limit:
                    found.append(link)
                    following.append(link)
        frontier = following
    return found


def django_setup():
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liguilla.settings")
    import django

    django.setup()


class KickoffMoved:
    """The newest leg's kick-off, moved a minute at a time (a match night's edit)."""

    def __init__(self):
        from tournaments.models import Leg

        self.leg = Leg.objects.exclude(date=None).order_by("-date", "-pk").first()
        self.start = self.leg.kickoff or datetime.combine(self.leg.date, clock(2), tzinfo=UTC)

    def write(self, n):
        self.leg.kickoff = self.start + timedelta(minutes=n)
        self.leg.save()
        return self.leg.get_absolute_url(), f'datetime="{self.leg.local_kickoff().isoformat()}"'

    def restore(self):
        self.leg.kickoff = self.start
        self.leg.save()


class ClubRenamed:
    """The club on the most pages (the most tournaments played) renamed: the widest write."""

    def __init__(self):
        from django.db.models import Count

        from tournaments.models import Team

        self.team = Team.objects.annotate(n=Count("entries")).order_by("-n").first()
        # A run stopped before its restore left "Toluca 123": its own name again.
        self.name = re.sub(r"( \d+)+$", "", self.team.name)

    def write(self, n):
        self.team.name = f"{self.name} {n}"
        self.team.save()
        return self.team.get_absolute_url(), self.team.name

    def restore(self):
        self.team.name = self.name
        self.team.save()


def write(base, seconds, kind, ready=None):
    django_setup()
    writer = KickoffMoved() if kind == "kickoff" else ClubRenamed()
    if ready:
        # Django loaded and the writer's rows read: the load may start now, so the
        # phase measures the writes, not this process starting (a second of CPU).
        open(ready, "w").close()
        time.sleep(0.5)
    writes = stale = 0
    longest = 0.0  # the longest save, commit and publication included (rerender.prepare)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.monotonic()
        writes += 1
        path, fact = writer.write(int(time.time()) // 2 % 1000)  # not seen this run
        longest = max(longest, time.monotonic() - started)
        status, html = get(base + path)
        if status != 200 or fact not in html:
            stale += 1
        time.sleep(max(0.0, 2 - (time.monotonic() - started)))
    writer.restore()
    print(f"writes={writes} stale={stale} save≤{longest:.2f}s")


if __name__ == "__main__":
    command, base, number = sys.argv[1:4]
    if command == "crawl":
        print("\n".join(crawl(base, int(number))))
    else:
        write(base, float(number), sys.argv[4], os.environ.get("READY_FILE"))
