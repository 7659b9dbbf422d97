/* GIFT import in the admin: refuse a too-large paste before sending it, stop a
 * double confirm, and follow a background import's progress until it ends. */
(function () {
  "use strict";
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;

  document.querySelectorAll("form[data-gift-max-bytes]").forEach(function (form) {
    var maxBytes = parseInt(form.getAttribute("data-gift-max-bytes"), 10) * 1024 * 1024;
    form.addEventListener("submit", function (ev) {
      var area = form.querySelector("textarea[name=text]");
      if (!area || !window.TextEncoder) return;
      if (new TextEncoder().encode(area.value).length > maxBytes) {
        ev.preventDefault();
        var msg = zh
          ? "粘贴的内容太大，一次最多 " + (maxBytes / 1048576) + " MB。请分成几个文件导入。"
          : "The pasted text is too large: at most " + (maxBytes / 1048576) + " MB at once. Split it into smaller files.";
        var box = form.querySelector("[data-gift-size-error]");
        if (!box) {
          box = document.createElement("p");
          box.setAttribute("role", "alert");
          box.setAttribute("data-gift-size-error", "");
          box.className = "error-message";
          area.parentNode.insertBefore(box, area.nextSibling);
        }
        box.textContent = msg;
        area.focus();
      }
    });
  });

  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (form.dataset.sent) { ev.preventDefault(); return; }
      form.dataset.sent = "1";
    });
  });

  var box = document.querySelector("[data-gift-job]");
  if (!box) return;
  var url = box.getAttribute("data-gift-job");
  var bar = box.querySelector("[data-job-progress]");
  var status = box.querySelector("[data-job-status]");
  var text = box.querySelector("[data-job-text]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        bar.value = job.percent;
        status.textContent = job.status_label;
        text.textContent = zh
          ? "已处理 " + job.processed + " / " + job.total + " 道题：导入 " + job.created + " 道，已存在 " + job.skipped + " 道。"
          : job.processed + " of " + job.total + " questions done: " + job.created + " imported, " + job.skipped + " already there.";
        if (job.active) setTimeout(poll, 1500);
        else window.location.reload();
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
