/* A searchable list of units: every <select data-searchable> gets a search box before it
   that keeps only the options whose name or code contains what is typed. No library. */
(function () {
  "use strict";
  function attach(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "unit-search";
    box.placeholder = select.getAttribute("data-search-placeholder") || "";
    box.setAttribute("aria-label", box.placeholder);
    box.addEventListener("input", function () {
      var words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var first = null;
      Array.prototype.forEach.call(select.options, function (opt) {
        var text = (opt.text + " " + opt.value).toLowerCase();
        var keep = !opt.value || words.every(function (w) { return text.indexOf(w) >= 0; });
        opt.hidden = !keep;
        opt.disabled = !keep && !opt.selected;
        if (keep && opt.value && first === null) { first = opt; }
      });
      if (words.length && first !== null && (select.selectedIndex < 0 || select.options[select.selectedIndex].hidden || !select.value)) {
        first.selected = true;
      }
    });
    select.parentNode.insertBefore(box, select);
  }
  Array.prototype.forEach.call(document.querySelectorAll("select[data-searchable]"), attach);
})();
