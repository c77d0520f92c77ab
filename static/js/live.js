/* Live pages refresh themselves (issue 21). The page's <main> carries its hook
   (tournaments/refresh.py):
   - data-live: a leg is being played; check every so many seconds;
   - data-live-soon: the windows in which legs still to come are played ("start/end",
     ISO 8601 with offsets), with data-live-every (seconds between checks from a
     kick-off on), data-live-soon-every (before it) and data-live-lead (how many seconds
     before a kick-off the checks begin);
   - data-live-etag: the validator the page was served with.
   A check asks for the page again with its validator: the server answers 304 while
   nothing changed (one version read), or the new page, whose main content and hook
   replace the old ones. Outside every window, with nothing live, nothing is asked: the
   script sleeps until the next window opens, or stops. The visitor's clock decides when
   a window opens (a cached page cannot know the time it is read at).
   No framework, no inline script (the site's Content-Security-Policy allows only files
   from the site). Without JavaScript the page reads as it was served. */
(function () {
  "use strict";

  var main = document.getElementById("content");
  if (!main || !window.fetch || !window.DOMParser) {
    return;
  }
  var HOOK = [
    "data-live",
    "data-live-soon",
    "data-live-every",
    "data-live-soon-every",
    "data-live-lead",
    "data-live-etag",
  ];
  var LONGEST_SLEEP = 6 * 3600 * 1000; // wake at least this often (timers overflow past ~24 days)
  var etag = main.getAttribute("data-live-etag") || "";
  var lastModified = "";
  var timer = null;

  function seconds(name, fallback) {
    var value = parseFloat(main.getAttribute(name));
    return (value > 0 ? value : fallback) * 1000;
  }

  function windows() {
    return (main.getAttribute("data-live-soon") || "")
      .split(/\s+/)
      .map(function (text) {
        var ends = text.split("/");
        return { start: Date.parse(ends[0]), end: Date.parse(ends[1]) };
      })
      .filter(function (w) {
        return !isNaN(w.start) && !isNaN(w.end);
      });
  }

  /* What to do now: {check: whether to ask for the page now, wait: ms until the next
     decision} or null (nothing live, no window to come: stop). */
  function plan(now) {
    if (main.hasAttribute("data-live")) {
      return { check: true, wait: seconds("data-live", 30) };
    }
    var live = seconds("data-live-every", 30);
    var soon = seconds("data-live-soon-every", 60);
    var lead = seconds("data-live-lead", 3 * 3600);
    var next = null;
    windows().forEach(function (w) {
      var step;
      if (now >= w.end) {
        return; // played (or given up on)
      } else if (now >= w.start) {
        step = { check: true, wait: live }; // kicked off: checked as a live page
      } else if (now >= w.start - lead) {
        // before kick-off: less often, but checked again at kick-off itself
        step = { check: true, wait: Math.max(1000, Math.min(soon, w.start - now)) };
      } else {
        step = { check: false, wait: Math.min(LONGEST_SLEEP, w.start - lead - now) };
      }
      if (!next || (step.check && !next.check) || (step.check === next.check && step.wait < next.wait)) {
        next = step;
      }
    });
    return next;
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = null;
    var step = plan(Date.now());
    if (step) {
      timer = window.setTimeout(tick, delay === undefined ? step.wait : delay);
    }
  }

  function tick() {
    var step = plan(Date.now());
    if (!step) {
      return;
    }
    if (step.check) {
      check();
    } else {
      schedule();
    }
  }

  function swap(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.getElementById("content");
    if (!fresh) {
      return;
    }
    main.innerHTML = fresh.innerHTML;
    HOOK.forEach(function (name) {
      if (fresh.hasAttribute(name)) {
        main.setAttribute(name, fresh.getAttribute(name));
      } else {
        main.removeAttribute(name);
      }
    });
    if (page.title) {
      document.title = page.title;
    }
    document.dispatchEvent(new CustomEvent("liguilla:updated"));
  }

  function check() {
    if (document.hidden) {
      return; // checked again when the tab is shown
    }
    var headers = {};
    if (etag) {
      headers["If-None-Match"] = etag;
    } else if (lastModified) {
      headers["If-Modified-Since"] = lastModified;
    }
    // no-store: the browser neither answers from its cache nor swaps its own validator
    // in, so the 304 reaches this script.
    window
      .fetch(window.location.href, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status !== 200) {
          return null;
        }
        etag = response.headers.get("ETag") || "";
        lastModified = response.headers.get("Last-Modified") || "";
        return response.text();
      })
      .then(function (html) {
        if (html) {
          swap(html);
        }
      })
      .catch(function () {
        /* offline for a moment: try again at the next interval */
      })
      .then(function () {
        schedule();
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      var step = plan(Date.now());
      if (step && step.check) {
        window.clearTimeout(timer);
        check();
      }
    }
  });
  schedule();
})();
