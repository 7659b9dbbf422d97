/*
 * DigiLadder site script — only adds to pages that already work without it.
 *
 * Read-aloud contract (see notes/common.md):
 *   <button type="button" class="btn read-aloud" data-read-aloud data-read-target="#id" hidden>
 *   - un-hidden only when the browser has speech synthesis;
 *   - on click speaks the button's data-read-text, else the target's data-read-text,
 *     else the visible text of the target, in the language of the target (zh → zh-CN);
 *   - clicking again stops.
 *   An element with [data-auto-read] is spoken once on load when the viewer's
 *   preference "read aloud automatically" is on (<body data-auto-read-aloud="true">).
 * No pop-ups, no timers.
 */
(function () {
  "use strict";

  var synth = window.speechSynthesis;
  var canSpeak = !!(synth && window.SpeechSynthesisUtterance);
  var body = document.body;
  var activeButton = null;

  function speechLang(el) {
    var holder = el && el.closest ? el.closest("[lang]") : null;
    var lang = (holder ? holder.getAttribute("lang") : document.documentElement.lang) || "zh-CN";
    return /^zh/i.test(lang) ? "zh-CN" : "en-US";
  }

  function pickVoice(lang) {
    var voices = synth.getVoices() || [];
    var prefix = lang.slice(0, 2).toLowerCase();
    var exact = null;
    var near = null;
    for (var i = 0; i < voices.length; i++) {
      var vl = (voices[i].lang || "").replace("_", "-");
      if (vl.toLowerCase() === lang.toLowerCase()) { exact = exact || voices[i]; }
      else if (vl.toLowerCase().indexOf(prefix) === 0) { near = near || voices[i]; }
    }
    return exact || near;
  }

  // Visible text of an element, skipping read-aloud buttons, hidden parts and scripts.
  function readableText(el) {
    var parts = [];
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || !node.nodeValue.trim()) { return NodeFilter.FILTER_REJECT; }
        if (parent.closest("script, style, noscript, template, [hidden], [aria-hidden='true'], .read-aloud, [data-read-skip]")) {
          return NodeFilter.FILTER_REJECT;
        }
        if (parent.checkVisibility && !parent.checkVisibility()) {
          // Visually hidden helper text is still meant to be heard.
          if (!parent.closest(".visually-hidden")) { return NodeFilter.FILTER_REJECT; }
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) { parts.push(walker.currentNode.nodeValue.trim()); }
    return parts.join(" ");
  }

  function setSpeaking(button, speaking) {
    if (!button) { return; }
    button.setAttribute("aria-pressed", speaking ? "true" : "false");
    var label = button.querySelector(".read-aloud-label");
    var text = speaking ? body.getAttribute("data-label-stop") : body.getAttribute("data-label-read");
    if (label && text) { label.textContent = text; }
  }

  function stop() {
    synth.cancel();
    setSpeaking(activeButton, false);
    activeButton = null;
  }

  // Some browsers stop long utterances part-way, so speak sentence-sized pieces.
  function chunks(text) {
    var pieces = text.replace(/\s+/g, " ").match(/[^。！？；!?;.]+[。！？；!?;.]*\s*/g) || [];
    var out = [];
    var current = "";
    for (var i = 0; i < pieces.length; i++) {
      if (current && (current + pieces[i]).length > 180) { out.push(current); current = ""; }
      current += pieces[i];
    }
    if (current.trim()) { out.push(current); }
    return out;
  }

  function speak(text, langSource, button) {
    if (!text || !text.trim()) { return; }
    if (synth.speaking || synth.pending) { stop(); }
    var lang = speechLang(langSource);
    var voice = pickVoice(lang);
    var rate = document.documentElement.classList.contains("elder-mode") ? 0.85 : 1;
    var parts = chunks(text);
    activeButton = button || null;
    setSpeaking(activeButton, true);
    parts.forEach(function (part, index) {
      var utterance = new SpeechSynthesisUtterance(part);
      utterance.lang = lang;
      if (voice) { utterance.voice = voice; }
      utterance.rate = rate;
      if (index === parts.length - 1) {
        utterance.onend = utterance.onerror = function () {
          if (activeButton === button) { setSpeaking(button, false); activeButton = null; }
        };
      }
      synth.speak(utterance);
    });
  }

  function textFor(button) {
    if (button.hasAttribute("data-read-text")) {
      return { text: button.getAttribute("data-read-text"), source: button };
    }
    var selector = button.getAttribute("data-read-target");
    var target = selector ? document.querySelector(selector) : null;
    if (!target) { return { text: "", source: button }; }
    if (target.hasAttribute("data-read-text")) {
      return { text: target.getAttribute("data-read-text"), source: target };
    }
    return { text: readableText(target), source: target };
  }

  if (!canSpeak) { return; }

  var buttons = document.querySelectorAll("[data-read-aloud]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].setAttribute("aria-pressed", "false");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-read-aloud]") : null;
    if (!button) { return; }
    event.preventDefault();
    if (activeButton === button && (synth.speaking || synth.pending)) { stop(); return; }
    var what = textFor(button);
    speak(what.text, what.source, button);
  });

  // Stop talking when the person leaves the page.
  window.addEventListener("pagehide", function () { synth.cancel(); });

  if (body.getAttribute("data-auto-read-aloud") === "true") {
    var auto = document.querySelector("[data-auto-read]");
    if (auto) {
      var autoText = auto.getAttribute("data-read-text") || readableText(auto);
      var related = document.querySelector("[data-read-aloud][data-read-target='#" + auto.id + "']");
      speak(autoText, auto, related);
    }
  }
})();
