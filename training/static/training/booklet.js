/* The "Preparing the booklet" page: ask every few seconds whether the booklet is
   ready and, when it is, say so in the live region (the link already works; the
   page never navigates by itself). */
(function () {
  "use strict";
  var box = document.querySelector("[data-booklet-status]");
  if (!box || !window.fetch) return;
  var url = new URL(box.getAttribute("data-check-url"), window.location.href);
  url.searchParams.set("check", "1");
  var tries = 0;
  function ask() {
    tries += 1;
    fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/pdf") === 0) return { status: "ready" };
        return response.json();
      })
      .then(function (data) {
        if (data.status === "ready") {
          var p = document.createElement("p");
          p.className = "callout callout-tip";
          p.textContent = "✔ " + box.getAttribute("data-ready-text");
          box.replaceChildren(p);
        } else if (data.status === "pending" && tries < 60) {
          window.setTimeout(ask, 3000);
        }
      })
      .catch(function () {});
  }
  window.setTimeout(ask, 3000);
})();
