// Live word and character count for the diary editor (works without it; just a hint).
(function () {
  function update(area, out) {
    var text = area.value.trim();
    var words = text ? text.split(/\s+/).length : 0;
    var chars = text.replace(/\s/g, "").length;
    var lang = document.documentElement.lang || "ko";
    out.textContent = lang.indexOf("ko") === 0 ? words + "단어 · " + chars + "자" : words + " words · " + chars + " characters";
  }
  document.querySelectorAll("textarea[data-word-count]").forEach(function (area) {
    var out = document.getElementById(area.getAttribute("data-word-count"));
    if (!out) return;
    area.addEventListener("input", function () { update(area, out); });
    update(area, out);
  });
})();
