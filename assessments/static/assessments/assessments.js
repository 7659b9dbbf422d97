/* Skill tests: autosave, move-up/down without reloading, a calm countdown and a
 * submit that cannot be sent twice. Everything here only adds: the forms work as
 * plain POSTs without it. */
(function () {
  "use strict";

  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function fieldsOf(fieldset) {
    var prefix = fieldset.id + "-";
    var data = new URLSearchParams();
    data.append("position", fieldset.id.slice(1));
    fieldset.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el.name.indexOf(prefix) !== 0 || el.disabled) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      if (el.type === "submit" || el.tagName === "BUTTON") return;
      data.append(el.name, el.value);
    });
    return data;
  }

  function setupAutosave(form) {
    var url = form.getAttribute("data-autosave");
    var status = form.querySelector("[data-save-status]");
    var timers = {};
    var labels = document.documentElement.lang.indexOf("zh") === 0
      ? { saving: "正在保存…", saved: "已保存 ", failed: "没有保存上，请再点一次或检查网络。" }
      : { saving: "Saving…", saved: "Saved at ", failed: "Not saved yet. Check your connection and try again." };

    function save(fieldset) {
      var body = fieldsOf(fieldset);
      body.append("csrfmiddlewaretoken", csrf(form));
      if (status) status.textContent = labels.saving;
      return fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrf(form) },
      }).then(function (resp) {
        return resp.json().then(function (json) {
          if (json.closed && json.redirect) {
            window.location.assign(json.redirect);
            return;
          }
          if (status) status.textContent = json.saved ? labels.saved + json.saved_at : (json.error || labels.failed);
        });
      }).catch(function () {
        if (status) status.textContent = labels.failed;
      });
    }

    function schedule(fieldset, delay) {
      clearTimeout(timers[fieldset.id]);
      timers[fieldset.id] = setTimeout(function () { save(fieldset); }, delay);
    }

    form.addEventListener("change", function (ev) {
      var fs = ev.target.closest("fieldset.assess-q");
      if (fs) schedule(fs, 0);
    });
    form.addEventListener("input", function (ev) {
      var fs = ev.target.closest("fieldset.assess-q");
      if (fs && (ev.target.type === "text" || ev.target.tagName === "TEXTAREA")) schedule(fs, 800);
    });
    // Ordering: move the item in place and save, instead of a full page round trip.
    form.addEventListener("click", function (ev) {
      var btn = ev.target.closest("button[name$='-move']");
      if (!btn) return;
      ev.preventDefault();
      var li = btn.closest("li");
      var list = li.parentNode;
      if (btn.value.slice(-3) === ":up" && li.previousElementSibling) {
        list.insertBefore(li, li.previousElementSibling);
      } else if (btn.value.slice(-5) === ":down" && li.nextElementSibling) {
        list.insertBefore(li.nextElementSibling, li);
      }
      var items = list.querySelectorAll("li");
      items.forEach(function (item, i) {
        var up = item.querySelector("button[value$=':up']");
        var down = item.querySelector("button[value$=':down']");
        up.value = i + ":up"; down.value = i + ":down";
        up.disabled = i === 0; down.disabled = i === items.length - 1;
      });
      btn.disabled ? (btn.closest("li").querySelector("button:not([disabled])") || btn).focus() : btn.focus();
      schedule(btn.closest("fieldset.assess-q"), 0);
    });
    // Save what is on screen before leaving (refresh, closed tab).
    window.addEventListener("pagehide", function () {
      form.querySelectorAll("fieldset.assess-q").forEach(function (fs) {
        if (!timers[fs.id]) return;
        clearTimeout(timers[fs.id]);
        var body = fieldsOf(fs);
        body.append("csrfmiddlewaretoken", csrf(form));
        if (navigator.sendBeacon) navigator.sendBeacon(url, body);
      });
    });
  }

  function setupTimer(box) {
    var end = Date.now() + parseInt(box.getAttribute("data-seconds-left"), 10) * 1000;
    var text = box.querySelector("[data-timer-text]");
    var alert = box.querySelector("[data-timer-alert]");
    var strings = box.querySelector("template[data-timer-strings]").content;
    var said5 = false, said1 = false;
    function pick(sel) { var el = strings.querySelector(sel); return el ? el.textContent : ""; }
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      text.textContent = minutes >= 1 ? pick("[data-about]").replace("%(m)s", minutes) : pick("[data-under]");
      // Warnings are spoken once by the live region; nothing moves on by itself.
      if (left <= 300 && left > 60 && !said5) { said5 = true; alert.textContent = pick("[data-m5]"); }
      if (left <= 60 && !said1) { said1 = true; said5 = true; alert.textContent = pick("[data-m1]"); }
    }
    tick();
    setInterval(tick, 15000);
  }

  document.querySelectorAll("form[data-autosave]").forEach(setupAutosave);
  document.querySelectorAll(".assess-timer[data-seconds-left]").forEach(setupTimer);
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (form.dataset.sent) { ev.preventDefault(); return; }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
    });
  });
})();
