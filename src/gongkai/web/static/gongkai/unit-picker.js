/* A searchable unit list: a filter box before each <select data-searchable>; typing a
   part of a unit's name or code keeps only the matching options. Without script the
   plain list still works. */
(function () {
  "use strict";
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "unit-search";
    box.placeholder = select.getAttribute("data-search-placeholder") || "";
    box.setAttribute("aria-label", box.placeholder);
    select.parentNode.insertBefore(box, select);
    var options = Array.prototype.slice.call(select.options);
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      var first = null;
      options.forEach(function (o) {
        var show = !q || o.value === "" || o.text.toLowerCase().indexOf(q) !== -1;
        o.hidden = !show;
        if (show && o.value !== "" && first === null) { first = o; }
      });
      if (q && first !== null && (select.value === "" || select.selectedOptions[0].hidden)) {
        select.value = first.value;
      }
    });
  });
})();
