/* Live pages refresh themselves (issue 21). A page showing a leg being played marks its
   <main> with data-live (seconds between checks) and data-live-etag (the validator it
   was served with). Every interval this script asks for the page again with that
   validator: the server answers 304 while nothing changed (one version read), or the
   new page, whose main content replaces the old one. A page no longer live stops.
   No framework, no inline script (the site's Content-Security-Policy allows only files
   from the site). Without JavaScript the page reads as it was served. */
(function () {
  "use strict";

  var main = document.getElementById("content");
  if (!main || !main.hasAttribute("data-live") || !window.fetch || !window.DOMParser) {
    return;
  }
  var etag = main.getAttribute("data-live-etag") || "";
  var lastModified = "";
  var timer = null;

  function interval() {
    var seconds = parseFloat(main.getAttribute("data-live"));
    return (seconds > 0 ? seconds : 30) * 1000;
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, interval());
  }

  function swap(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.getElementById("content");
    if (!fresh) {
      return;
    }
    main.innerHTML = fresh.innerHTML;
    ["data-live", "data-live-etag"].forEach(function (name) {
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
        if (main.hasAttribute("data-live")) {
          schedule();
        }
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && main.hasAttribute("data-live")) {
      check();
    }
  });
  schedule();
})();
