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

  // Autosave. Every change is kept in the page and in localStorage until the
  // server acknowledges it; a failed save is retried with growing pauses (1 s, 2 s,
  // 4 s … up to 30 s) and when the browser says it is online again. The person is
  // told plainly, in a polite live region, when the connection is gone and back.
  function setupAutosave(form) {
    var url = form.getAttribute("data-autosave");
    var status = form.querySelector("[data-save-status]");
    var banner = form.querySelector("[data-connection]");
    var strings = form.querySelector("template[data-autosave-strings]");
    var storeKey = "digiladder-autosave:" + url;
    var timers = {};
    var pending = {};   // fieldset id -> {body: string, version: n}
    var version = 0;
    var retryTimer = null;
    var delay = 0;
    var offline = false;
    var sending = {};

    function say(sel, fallback) {
      var el = strings && strings.content.querySelector(sel);
      return el ? el.textContent.trim() : fallback;
    }

    function store() {
      try {
        var plain = {};
        Object.keys(pending).forEach(function (id) { plain[id] = pending[id].body; });
        if (Object.keys(plain).length) localStorage.setItem(storeKey, JSON.stringify(plain));
        else localStorage.removeItem(storeKey);
      } catch (e) { /* private mode or full: the page still keeps them */ }
    }

    function setOffline(now) {
      if (now === offline) return;
      offline = now;
      banner.classList.toggle("is-back", !now);
      banner.textContent = now ? say("[data-offline]", "Connection lost.") : say("[data-back]", "Connection back.");
      if (!now) setTimeout(function () { if (!offline && banner.classList.contains("is-back")) banner.textContent = ""; }, 15000);
    }

    function retryLater() {
      if (retryTimer) return;
      delay = Math.min(delay ? delay * 2 : 1000, 30000);
      retryTimer = setTimeout(function () { retryTimer = null; flush(); }, delay);
    }

    function send(id) {
      var entry = pending[id];
      if (!entry || sending[id]) return;
      sending[id] = true;
      var sent = entry.version;
      var body = new URLSearchParams(entry.body);
      body.set("csrfmiddlewaretoken", csrf(form));
      if (status) status.textContent = say("[data-saving]", "Saving…");
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrf(form) },
      }).then(function (resp) {
        if (resp.status >= 500) throw new Error("server " + resp.status);
        return resp.json().catch(function () {
          if (resp.ok) throw new Error("not an answer from the save endpoint");
          return { saved: false, error: "" };  // refused for good (e.g. 403)
        }).then(function (json) {
          sending[id] = false;
          if (json.closed && json.redirect) {
            pending = {}; store();
            window.location.assign(json.redirect);
            return;
          }
          // Answered: saved, or refused for good (a retry would be refused too).
          if (pending[id] && pending[id].version === sent) delete pending[id];
          store();
          delay = 0;
          setOffline(false);
          if (status) {
            status.textContent = json.saved
              ? say("[data-saved]", "Saved at __TIME__").replace("__TIME__", json.saved_at)
              : (json.error || "");
          }
          if (pending[id]) send(id);  // changed again while this one was on its way
          flush();
        });
      }).catch(function () {
        sending[id] = false;
        setOffline(true);
        if (status) status.textContent = "";
        retryLater();
      });
    }

    function flush() {
      Object.keys(pending).forEach(send);
    }

    function save(fieldset) {
      version += 1;
      pending[fieldset.id] = { body: fieldsOf(fieldset).toString(), version: version };
      store();
      if (offline && retryTimer) return;  // the retry will take it
      send(fieldset.id);
    }

    // Answers left from a visit whose connection broke: show them again and send.
    try {
      var saved = JSON.parse(localStorage.getItem(storeKey) || "{}");
      Object.keys(saved).forEach(function (id) {
        version += 1;
        pending[id] = { body: saved[id], version: version };
        var fs = document.getElementById(id);
        if (fs) restore(fs, new URLSearchParams(saved[id]));
      });
      flush();
    } catch (e) { /* nothing stored */ }

    window.addEventListener("online", function () {
      clearTimeout(retryTimer); retryTimer = null; delay = 0; flush();
    });
    window.addEventListener("offline", function () { setOffline(true); });

    function schedule(fieldset, wait) {
      clearTimeout(timers[fieldset.id]);
      timers[fieldset.id] = setTimeout(function () { timers[fieldset.id] = null; save(fieldset); }, wait);
    }

    form.addEventListener("change", function (ev) {
      var fs = ev.target.closest("fieldset.assess-q");
      if (fs) schedule(fs, 0);
    });
    form.addEventListener("input", function (ev) {
      var fs = ev.target.closest("fieldset.assess-q");
      if (fs && (ev.target.type === "text" || ev.target.tagName === "TEXTAREA")) schedule(fs, 800);
    });
    // Leaving the page while answers have not arrived would lose the page: stay,
    // and say why (they are also in localStorage for the next visit).
    form.addEventListener("submit", function (ev) {
      if (offline && Object.keys(pending).length) {
        ev.preventDefault();
        banner.classList.remove("is-back");
        banner.textContent = say("[data-wait]", "Please wait.");
        flush();
      }
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
        if (timers[fs.id]) {
          clearTimeout(timers[fs.id]);
          timers[fs.id] = null;
          version += 1;
          pending[fs.id] = { body: fieldsOf(fs).toString(), version: version };
        }
      });
      store();
      Object.keys(pending).forEach(function (id) {
        var body = new URLSearchParams(pending[id].body);
        body.set("csrfmiddlewaretoken", csrf(form));
        if (navigator.sendBeacon) navigator.sendBeacon(url, body);
      });
    });
  }

  // Put stored values back into a question's fields (choices, text, selects).
  function restore(fieldset, data) {
    var values = {};
    data.forEach(function (value, name) { (values[name] = values[name] || []).push(value); });
    fieldset.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || !(el.name in values) || el.type === "hidden" || el.type === "submit") return;
      if (el.type === "radio" || el.type === "checkbox") el.checked = values[el.name].indexOf(el.value) !== -1;
      else el.value = values[el.name][0];
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
