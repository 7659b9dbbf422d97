/*
 * DigiLadder site script — only adds to pages that already work without it.
 *
 * Read-aloud contract (see notes/common.md):
 *   <button type="button" class="btn read-aloud" data-read-aloud data-read-target="#id" hidden>
 *   - un-hidden when it can be heard: a recorded voice (data-read-audio on the button
 *     or its target) or a browser voice of the target's language (zh → a Chinese
 *     voice, never an English one reading Chinese);
 *   - on click plays the recording, else speaks the button's data-read-text, else the
 *     target's data-read-text, else the visible text of the target without its
 *     controls (buttons, fields, progress bars);
 *   - clicking again stops.
 *   With no voice for the language, the per-step buttons stay hidden and the notice
 *   in <template id="no-voice-zh|en"> is shown once per visit (and whenever the page's
 *   own read-aloud button is pressed).
 *   An element with [data-auto-read] is spoken once on load when the viewer's
 *   preference "read aloud automatically" is on (<body data-auto-read-aloud="true">).
 * No pop-ups; the only timer waits briefly for the browser's voices to load.
 */
(function () {
  "use strict";

  var synth = window.speechSynthesis;
  var canSynth = !!(synth && window.SpeechSynthesisUtterance);
  var body = document.body;
  var activeButton = null;
  var activeAudio = null;
  var NOTICE_KEY = "digiladder-no-voice-notice";

  function speechLang(el) {
    var holder = el && el.closest ? el.closest("[lang]") : null;
    var lang = (holder ? holder.getAttribute("lang") : document.documentElement.lang) || "zh-CN";
    return /^zh/i.test(lang) ? "zh-CN" : "en-US";
  }

  // A voice of the text's language, or null: Chinese is never read by an English voice.
  function pickVoice(lang) {
    if (!canSynth) { return null; }
    var voices = synth.getVoices() || [];
    var prefix = lang.slice(0, 2).toLowerCase();
    var exact = null;
    var near = null;
    for (var i = 0; i < voices.length; i++) {
      var vl = (voices[i].lang || "").replace("_", "-").toLowerCase();
      if (vl === lang.toLowerCase()) { exact = exact || voices[i]; }
      else if (vl.indexOf(prefix) === 0) { near = near || voices[i]; }
    }
    return exact || near;
  }

  // Visible text of an element: the content, not the controls (buttons, form fields,
  // progress bars and their "70%"), hidden parts or scripts.
  function readableText(el) {
    var parts = [];
    var skip = "script, style, noscript, template, [hidden], [aria-hidden='true'], .read-aloud, [data-read-skip], " +
      "button, select, textarea, progress, meter, [role='progressbar'], .skip-link, .messages";
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || !node.nodeValue.trim()) { return NodeFilter.FILTER_REJECT; }
        if (parent.closest(skip)) { return NodeFilter.FILTER_REJECT; }
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
    if (canSynth) { synth.cancel(); }
    if (activeAudio) { activeAudio.pause(); activeAudio = null; }
    setSpeaking(activeButton, false);
    activeButton = null;
  }

  function busy() {
    return !!activeAudio || (canSynth && (synth.speaking || synth.pending));
  }

  // "No voice" said once (per visit) in plain words, with where to get help; said
  // again whenever the person asks for read-aloud and nothing can be heard.
  function sayNoVoice(lang, asked) {
    if (document.querySelector("[data-no-voice-shown]")) { return; }
    if (!asked) {
      try {
        if (window.sessionStorage.getItem(NOTICE_KEY)) { return; }
        window.sessionStorage.setItem(NOTICE_KEY, "1");
      } catch (e) { /* private mode: say it on this page */ }
    }
    var source = document.getElementById(/^zh/.test(lang) ? "no-voice-zh" : "no-voice-en");
    if (!source) { return; }
    var notice = source.content.firstElementChild.cloneNode(true);
    notice.setAttribute("data-no-voice-shown", "");
    var holder = document.querySelector(".messages") || document.getElementById("main") || body;
    holder.appendChild(notice);
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
    if (busy()) { stop(); }
    var lang = speechLang(langSource);
    var voice = pickVoice(lang);
    if (!voice) { sayNoVoice(lang, true); return; }
    var rate = document.documentElement.classList.contains("elder-mode") ? 0.85 : 1;
    var parts = chunks(text);
    activeButton = button || null;
    setSpeaking(activeButton, true);
    parts.forEach(function (part, index) {
      var utterance = new SpeechSynthesisUtterance(part);
      utterance.lang = voice.lang || lang;
      utterance.voice = voice;
      utterance.rate = rate;
      if (index === parts.length - 1) {
        utterance.onend = utterance.onerror = function () {
          if (activeButton === button) { setSpeaking(button, false); activeButton = null; }
        };
      }
      synth.speak(utterance);
    });
  }

  // A step's recorded voice (an editor's upload) plays in preference to the
  // synthetic voice; if it cannot play, the text is spoken instead.
  function play(url, fallback, button) {
    if (busy()) { stop(); }
    var audio = new Audio(url);
    activeAudio = audio;
    activeButton = button || null;
    setSpeaking(activeButton, true);
    function done() {
      if (activeAudio !== audio) { return; }
      activeAudio = null;
      setSpeaking(button, false);
      activeButton = null;
    }
    function failed() {
      if (activeAudio !== audio) { return; }
      done();
      fallback();
    }
    audio.addEventListener("ended", done);
    audio.addEventListener("error", failed);
    var started = audio.play();
    if (started && started.catch) { started.catch(failed); }
  }

  function targetOf(button) {
    var selector = button.getAttribute("data-read-target");
    return selector ? document.querySelector(selector) : null;
  }

  function what(button) {
    var target = targetOf(button);
    var audio = button.getAttribute("data-read-audio") ||
      (target && target.getAttribute("data-read-audio")) || "";
    if (button.hasAttribute("data-read-text")) {
      return { text: button.getAttribute("data-read-text"), source: button, audio: audio };
    }
    if (!target) { return { text: "", source: button, audio: audio }; }
    if (target.hasAttribute("data-read-text")) {
      return { text: target.getAttribute("data-read-text"), source: target, audio: audio };
    }
    return { text: readableText(target), source: target, audio: audio };
  }

  function read(item, button) {
    if (item.audio) {
      play(item.audio, function () { speak(item.text, item.source, button); }, button);
    } else {
      speak(item.text, item.source, button);
    }
  }

  // Voices load after the page in some browsers; wait for them a moment.
  function whenVoicesKnown(callback) {
    var called = false;
    function go() { if (!called) { called = true; callback(); } }
    if (!canSynth || (synth.getVoices() || []).length) { go(); return; }
    if (synth.addEventListener) {
      synth.addEventListener("voiceschanged", function () {
        if ((synth.getVoices() || []).length) { go(); }
      });
    }
    window.setTimeout(go, 1500);
  }

  function setUp() {
    var buttons = document.querySelectorAll("[data-read-aloud]");
    var missing = null;
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      var item = what(button);
      var lang = speechLang(item.source);
      var pageButton = button.getAttribute("data-read-target") === "#main";
      if (item.audio || pickVoice(lang) || pageButton) {
        // The page's own button stays: asked, it says why nothing can be heard.
        button.hidden = false;
        button.setAttribute("aria-pressed", "false");
      } else {
        button.hidden = true;
        missing = missing || lang;
      }
    }
    var auto = body.getAttribute("data-auto-read-aloud") === "true"
      ? document.querySelector("[data-auto-read]") : null;
    if (auto) {
      var autoItem = {
        text: auto.getAttribute("data-read-text") || readableText(auto),
        source: auto,
        audio: auto.getAttribute("data-read-audio") || ""
      };
      if (!autoItem.audio && !pickVoice(speechLang(auto))) {
        missing = missing || speechLang(auto);
      } else {
        read(autoItem, document.querySelector("[data-read-aloud][data-read-target='#" + auto.id + "']"));
      }
    }
    if (missing) { sayNoVoice(missing, false); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-read-aloud]") : null;
    if (!button) { return; }
    event.preventDefault();
    if (activeButton === button && busy()) { stop(); return; }
    read(what(button), button);
  });

  // Stop talking when the person leaves the page.
  window.addEventListener("pagehide", function () { if (busy()) { stop(); } });

  whenVoicesKnown(setUp);
})();
