// The letter template editor: the preview follows the form as the office types.
(function () {
  "use strict";
  var form = document.getElementById("wording");
  var pane = document.getElementById("letter-preview");
  if (!form || !pane || !window.fetch) { return; }
  var timer = null;
  function refresh() {
    var data = new FormData(form);
    fetch(form.dataset.preview, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { pane.innerHTML = html; } });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();
