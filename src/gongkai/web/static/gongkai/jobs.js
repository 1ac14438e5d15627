// A background job's page follows its progress: it asks the job's status (JSON) twice a
// second (the job records its progress as often, GONGKAI_JOBS_PROGRESS_SECONDS), moves the bar and the count, and reloads itself once the job has ended (the
// page then shows the results). A job gone (404) or a session ended (the login page
// answers instead) reloads the page too, which then shows what is so; any other failure
// is tried again later and later. No library; served from our own origin (CSP).
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box) return;
  var url = box.getAttribute("data-job-status");
  var bar = box.querySelector("[data-job-bar]");
  var processed = box.querySelector("[data-job-processed]");
  var total = box.querySelector("[data-job-total]");
  var wait = 500;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (r.status === 404 || r.redirected) { window.location.reload(); return "gone"; }
        return r.ok ? r.json() : null;
      })
      .then(function (s) {
        if (s === "gone") return;
        wait = s ? 500 : Math.min(wait * 2, 30000);
        if (s) {
          if (bar) bar.value = s.percent;
          if (processed) processed.textContent = s.processed;
          if (total) total.textContent = s.total;
          box.setAttribute("data-job-percent", s.percent);
          if (!s.running) { window.location.reload(); return; }
        }
        window.setTimeout(poll, wait);
      })
      .catch(function () { wait = Math.min(wait * 2, 30000); window.setTimeout(poll, wait); });
  }
  window.setTimeout(poll, 500);
})();
