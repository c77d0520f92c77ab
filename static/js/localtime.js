/* Kick-off in the visitor's own time (issue 21). Every kick-off is served in the
   tournament's time, in <time class="kickoff" datetime="2024-12-15T19:00:00-06:00">,
   with its zone named in words. Where the visitor's clock is on another offset at that
   moment, this adds their own time beside it ("03:00 Mon your time"); the day is named
   when it differs. Run again after live.js swaps the page content in. */
(function () {
  "use strict";

  var OFFSET = /([+-])(\d\d):?(\d\d)$/;
  // "{time} your time" in the page's language, on this script's element.
  var script = document.currentScript;
  var label = (script && script.getAttribute("data-your-time")) || "{time}";

  function pageOffset(value) {
    if (/Z$/.test(value)) {
      return 0;
    }
    var match = OFFSET.exec(value);
    if (!match) {
      return null;
    }
    var minutes = parseInt(match[2], 10) * 60 + parseInt(match[3], 10);
    return match[1] === "-" ? -minutes : minutes;
  }

  function localTimes() {
    var root = document.documentElement;
    var language = root.lang || undefined;
    var times = document.querySelectorAll("time.kickoff[datetime]");
    Array.prototype.forEach.call(times, function (element) {
      if (element.hasAttribute("data-local-added")) {
        return;
      }
      var value = element.getAttribute("datetime");
      var offset = pageOffset(value);
      var moment = new Date(value);
      if (offset === null || isNaN(moment.getTime())) {
        return;
      }
      element.setAttribute("data-local-added", "");
      if (-moment.getTimezoneOffset() === offset) {
        return; // the visitor's clock reads the same
      }
      var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
      var pageDay = value.slice(0, 10);
      var localDay = [
        moment.getFullYear(),
        String(moment.getMonth() + 1).padStart(2, "0"),
        String(moment.getDate()).padStart(2, "0"),
      ].join("-");
      if (localDay !== pageDay) {
        options.weekday = "short";
        options.day = "numeric";
      }
      var text = new Intl.DateTimeFormat(language, options).format(moment);
      var local = document.createElement("span");
      local.className = "local-time";
      local.textContent = " (" + label.replace("{time}", text) + ")";
      var after = element.nextElementSibling;
      var anchor = after && after.classList.contains("zone") ? after : element;
      anchor.insertAdjacentElement("afterend", local);
    });
  }

  localTimes();
  document.addEventListener("liguilla:updated", localTimes);
})();
