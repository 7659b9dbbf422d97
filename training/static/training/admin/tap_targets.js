/*
 * Admin: mark a "Try it" tap target by dragging a box on the picture.
 *
 * Each tap target keeps its four percentage fields (left, top, width, height) as the
 * stored value and they can still be typed. This adds, under each target, a button
 * that opens the try-it's picture; dragging a box on it fills the four fields
 * (percent of the picture, one decimal). Works for targets added later too.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var LABEL_OPEN = (script && script.getAttribute("data-label-open")) || "Mark it on the picture";
  var LABEL_CLOSE = (script && script.getAttribute("data-label-close")) || "Close the picture";
  var LABEL_HELP = (script && script.getAttribute("data-label-help")) || "Drag a box over the place to tap.";
  var LABEL_NO_PICTURE = (script && script.getAttribute("data-label-no-picture")) || "Choose the picture first.";

  function field(base, name) {
    return document.querySelector('input[name="' + base + name + '"]');
  }

  function pictureFor(base) {
    // base: "<block>-value-targets-<n>-value-" → the try-it's image input "<block>-value-image"
    var cut = base.lastIndexOf("-value-targets-");
    if (cut < 0) { return null; }
    var imageInput = document.querySelector('input[name="' + base.slice(0, cut) + '-value-image"]');
    var holder = imageInput ? imageInput.parentElement : null;
    for (var i = 0; holder && i < 5; i++) {
      var img = holder.querySelector("img");
      if (img && img.getAttribute("src")) { return img; }
      holder = holder.parentElement;
    }
    return null;
  }

  function round(value) { return Math.max(0, Math.min(100, Math.round(value * 10) / 10)); }

  function setValue(input, value) {
    input.value = String(value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function build(x) {
    var base = x.name.slice(0, -1);
    var y = field(base, "y");
    var width = field(base, "width");
    var height = field(base, "height");
    if (!y || !width || !height) { return; }
    x.setAttribute("data-tap-target-ready", "");

    var wrap = document.createElement("div");
    wrap.className = "tap-target-marker";
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "button button-small button-secondary";
    toggle.textContent = LABEL_OPEN;
    var panel = document.createElement("div");
    panel.hidden = true;
    wrap.appendChild(toggle);
    wrap.appendChild(panel);
    var anchor = height.closest("[data-field-wrapper], .w-field__wrapper") || height.parentElement;
    anchor.parentElement.insertBefore(wrap, anchor.nextSibling);

    toggle.addEventListener("click", function () {
      if (!panel.hidden) {
        panel.hidden = true;
        panel.innerHTML = "";
        toggle.textContent = LABEL_OPEN;
        return;
      }
      var source = pictureFor(base);
      panel.hidden = false;
      toggle.textContent = LABEL_CLOSE;
      panel.innerHTML = "";
      var help = document.createElement("p");
      help.className = "help";
      help.textContent = source ? LABEL_HELP : LABEL_NO_PICTURE;
      panel.appendChild(help);
      if (!source) { return; }
      var stage = document.createElement("div");
      stage.className = "tap-target-stage";
      stage.style.cssText = "position:relative;display:inline-block;max-width:360px;width:100%;touch-action:none;cursor:crosshair;user-select:none";
      var img = document.createElement("img");
      img.src = source.getAttribute("src");
      img.alt = "";
      img.draggable = false;
      img.style.cssText = "display:block;width:100%;height:auto";
      var box = document.createElement("div");
      box.className = "tap-target-box";
      box.style.cssText = "position:absolute;border:3px solid #d0021b;background:rgba(208,2,27,.15);pointer-events:none";
      stage.appendChild(img);
      stage.appendChild(box);
      panel.appendChild(stage);

      function show(l, t, w, h) {
        box.style.left = l + "%";
        box.style.top = t + "%";
        box.style.width = w + "%";
        box.style.height = h + "%";
        box.hidden = !(w > 0 && h > 0);
      }
      show(parseFloat(x.value) || 0, parseFloat(y.value) || 0, parseFloat(width.value) || 0, parseFloat(height.value) || 0);

      var start = null;
      function percent(event) {
        var rect = stage.getBoundingClientRect();
        return {
          x: round(100 * (event.clientX - rect.left) / rect.width),
          y: round(100 * (event.clientY - rect.top) / rect.height)
        };
      }
      function current(event) {
        var end = percent(event);
        return {
          l: Math.min(start.x, end.x), t: Math.min(start.y, end.y),
          w: round(Math.abs(end.x - start.x)), h: round(Math.abs(end.y - start.y))
        };
      }
      stage.addEventListener("pointerdown", function (event) {
        event.preventDefault();
        start = percent(event);
        if (stage.setPointerCapture) { stage.setPointerCapture(event.pointerId); }
      });
      stage.addEventListener("pointermove", function (event) {
        if (!start) { return; }
        var r = current(event);
        show(r.l, r.t, r.w, r.h);
      });
      stage.addEventListener("pointerup", function (event) {
        if (!start) { return; }
        var r = current(event);
        start = null;
        if (r.w <= 0 || r.h <= 0) { return; }
        setValue(x, r.l);
        setValue(y, r.t);
        setValue(width, r.w);
        setValue(height, r.h);
        show(r.l, r.t, r.w, r.h);
      });
    });
  }

  function scan() {
    var inputs = document.querySelectorAll('input[name$="-value-x"]:not([data-tap-target-ready])');
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].name.indexOf("-value-targets-") >= 0) { build(inputs[i]); }
    }
  }

  function start() {
    scan();
    new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
