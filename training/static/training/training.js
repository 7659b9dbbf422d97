/* Try-it steps: a tap on the picture outside the target shows the gentle hint; "show me"
 * reveals the target without reloading. Without this script both work by form posts. */
(function () {
  "use strict";
  document.querySelectorAll("[data-try-it]").forEach(function (block) {
    var picture = block.querySelector("[data-try-it-picture]");
    var hint = block.querySelector("[data-try-it-hint]");
    var show = block.querySelector("[data-try-it-show]");
    if (!picture) { return; }
    picture.addEventListener("click", function (event) {
      if (event.target.closest(".try-it-target")) { return; }
      if (hint) { hint.hidden = false; }
      picture.classList.add("is-wrong");
    });
    if (show) {
      show.addEventListener("click", function (event) {
        event.preventDefault();
        picture.classList.add("is-revealed");
        if (hint) { hint.hidden = false; }
        var first = picture.querySelector(".try-it-target");
        if (first) { first.focus(); }
      });
    }
  });
})();
