/* Training pages: try-it pictures and knowledge checks (layout and feedback only).
 *
 * Without this script everything works by plain forms: a tap on the target or "show me"
 * posts and the page comes back at the verdict ("#step" / "#step-N"); a knowledge check
 * is a form too. With it:
 *   - a guided try-it picture is scaled to the room left under the step's heading
 *     (--fit-height), so the whole picture and its targets show above the controls;
 *   - a tap beside the target shows the hint right under the picture;
 *   - a right tap, "show me" and "Check my answer" are sent in the background and only
 *     the picture, the choices and the verdict change: the page stays where it is;
 *   - each verdict is scrolled into view if needed, sits in a live region (screen
 *     readers hear it), and is read aloud when the read-aloud preference is on, through
 *     site.js's read-aloud contract (a [data-read-aloud] button with data-read-target).
 * Moving on stays the person's choice: nothing here advances the lesson.
 */
(function () {
  "use strict";

  var body = document.body;

  // --- picture fitting ---------------------------------------------------------------
  function fitPictures() {
    var head = document.querySelector(".step-head");
    if (!head) { return; }
    document.querySelectorAll(".guided [data-try-it]").forEach(function (block) {
      var img = block.querySelector("[data-try-it-picture] img");
      if (!img) { return; }
      var above = img.getBoundingClientRect().top - head.getBoundingClientRect().top;
      var room = window.innerHeight - above - 12;
      var least = window.innerHeight * 0.45;
      block.style.setProperty("--fit-height", Math.round(Math.max(room, least)) + "px");
    });
  }

  // --- verdicts ------------------------------------------------------------------------
  var speaker = null;
  function readAloud(el) {
    if (body.getAttribute("data-auto-read-aloud") !== "true" || !el.id) { return; }
    if (!speaker) {
      speaker = document.createElement("button");
      speaker.type = "button";
      speaker.hidden = true;
      speaker.className = "read-aloud";
      speaker.setAttribute("data-read-aloud", "");
      speaker.setAttribute("aria-hidden", "true");
      speaker.tabIndex = -1;
      body.appendChild(speaker);
    }
    speaker.setAttribute("data-read-target", "#" + el.id);
    speaker.click();
  }

  var verdictCount = 0;
  function showVerdict(el) {
    if (!el) { return; }
    el.hidden = false;
    if (!el.id) { el.id = "verdict-" + (++verdictCount); }
    var box = el.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      el.scrollIntoView({ block: box.height > window.innerHeight ? "start" : "nearest" });
    }
    readAloud(el);
  }

  // --- sending a tap or an answer without leaving the page -----------------------------
  function focusKey(el) {
    return el && el.name ? { name: el.name, value: el.value } : null;
  }

  function apply(form, html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var parts = form.querySelectorAll("[data-swap]");
    var fresh = [];
    for (var i = 0; i < parts.length; i++) {
      var key = parts[i].getAttribute("data-swap");
      var next = doc.querySelector('[data-swap="' + key + '"]');
      if (!next) { return false; }
      fresh.push([parts[i], next]);
    }
    var focused = focusKey(document.activeElement);
    fresh.forEach(function (pair) {
      var old = pair[0];
      var next = pair[1];
      if (old.hasAttribute("data-try-it-picture")) {
        old.className = next.className; // keep the tapped button (and its focus)
      } else {
        old.innerHTML = next.innerHTML;
      }
    });
    // The verdict is now the page's landing anchor ("#step" / "#step-N"): one id only.
    var verdict = form.querySelector("[data-verdict][id]");
    if (verdict) {
      document.querySelectorAll('[id="' + verdict.id + '"]').forEach(function (other) {
        if (other !== verdict) { other.removeAttribute("id"); }
      });
    }
    if (focused && !document.activeElement.closest("form")) {
      var again = form.querySelector('[name="' + focused.name + '"][value="' + focused.value + '"]');
      if (again) { again.focus(); }
    }
    var messages = doc.querySelector(".messages");
    var here = document.querySelector(".messages");
    if (messages && here && messages.textContent.trim()) { here.innerHTML = messages.innerHTML; }
    return true;
  }

  function send(form, submitter, quiet) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    // (form.action would be the button named "action": read the attribute)
    var url = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    url.hash = "";
    var init = { credentials: "same-origin" };
    if ((form.getAttribute("method") || "get").toLowerCase() === "post") {
      init.method = "POST";
      init.body = data;
    } else {
      url.search = new URLSearchParams(data).toString();
    }
    form.setAttribute("aria-busy", "true");
    return fetch(url.toString(), init).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text().then(function (html) {
        var landed = new URL(response.url);
        if (landed.pathname !== window.location.pathname || !apply(form, html)) {
          window.location.assign(response.url);
          return;
        }
        history.replaceState(null, "", landed.pathname + landed.search + window.location.hash);
        form.removeAttribute("aria-busy");
        var verdict = form.querySelector("[data-verdict]");
        if (quiet) { verdict.hidden = false; } else { showVerdict(verdict); }
      });
    });
  }

  document.querySelectorAll("[data-verdict-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter || null;
      var action = submitter && submitter.name === "action" ? submitter.value : "";
      // Only the answers are sent in the background; anything else is a plain submit.
      if ((form.getAttribute("method") || "").toLowerCase() === "post" && action !== "found" && action !== "show" && action !== "answer") {
        return;
      }
      if (!window.fetch || !window.DOMParser || form.hasAttribute("data-plain")) { return; }
      event.preventDefault();
      var quiet = false;
      if (action === "show") {
        // Show the place at once; the server only records that it was shown.
        var picture = form.querySelector("[data-try-it-picture]");
        if (picture) { picture.classList.add("is-revealed"); }
        showVerdict(form.querySelector("[data-try-it-hint]"));
        quiet = true;
      }
      send(form, submitter, quiet).catch(function () {
        // Network trouble: fall back to the plain form post.
        form.setAttribute("data-plain", "");
        form.removeAttribute("aria-busy");
        if (submitter) { submitter.click(); } else { form.submit(); }
      });
    });
  });

  // --- a tap beside the target ---------------------------------------------------------
  document.querySelectorAll("[data-try-it]").forEach(function (block) {
    var picture = block.querySelector("[data-try-it-picture]");
    if (!picture) { return; }
    picture.addEventListener("click", function (event) {
      if (event.target.closest(".try-it-target")) { return; }
      if (picture.classList.contains("is-found")) { return; }
      var hint = block.querySelector("[data-try-it-hint]");
      picture.classList.add("is-wrong");
      showVerdict(hint);
    });
  });

  fitPictures();
  window.addEventListener("resize", fitPictures);
  window.addEventListener("load", fitPictures);

  // A page that opens on a verdict (after a plain form post) shows it in view.
  var landed = document.querySelector("[data-verdict]:not([hidden])");
  if (landed) {
    var box = landed.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) { landed.scrollIntoView({ block: "nearest" }); }
  }
})();
