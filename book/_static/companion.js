// The sidebar buttons. pydata-sphinx-theme 0.17 and sphinx-book-theme 1.3 bind their click
// handlers to the first `.primary-toggle` (and `.secondary-toggle`) in the page, a navbar button
// that is hidden, so the visible ☰ and "contents" buttons in the article header did nothing:
// no menu on a phone, no collapsing sidebar on a desktop (pydata-sphinx-theme issue 2451,
// sphinx-book-theme issue 988; sphinx-book-theme 1.4 still binds the first one). Every other
// toggle passes its click on to the first, which the themes' handlers serve.
(function () {
  "use strict";
  function forward(selector) {
    var buttons = document.querySelectorAll(selector);
    var served = buttons[0];
    for (var i = 1; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        served.click();
      });
    }
  }
  function init() {
    forward(".primary-toggle");
    forward(".secondary-toggle");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// Boxes that scroll sideways (wide tables, formulas, outputs) fade at the edge that has more to
// show. Phone browsers draw no scroll bar until the reader scrolls, so without this a cut-off
// formula looks whole. The classes are set again when a box scrolls or the article changes size
// (a window resized, a solution opened, MathJax done typesetting).
(function () {
  "use strict";
  var boxes = [];
  function mark(box) {
    var more = box.scrollWidth - box.clientWidth;
    box.classList.toggle("has-more-right", more > 1 && box.scrollLeft < more - 1);
    box.classList.toggle("has-more-left", more > 1 && box.scrollLeft > 1);
  }
  // An inline formula whose glyphs overhang its box by a few pixels (an accent, as in t-hat) is whole:
  // it is shown as on a desktop, without a scroll box, so that it is neither clipped nor faded.
  function nearlyFits(box) {
    var more = box.scrollWidth - box.clientWidth;
    return box.tagName === "MJX-CONTAINER" && box.getAttribute("display") !== "true" && more > 0 && more <= 10;
  }
  function update() {
    var article = document.querySelector("article.bd-article");
    if (!article) return;
    Array.prototype.forEach.call(article.querySelectorAll(".nearly-fits"), function (el) {
      el.classList.remove("nearly-fits");
    });
    boxes = Array.prototype.filter.call(article.querySelectorAll("*"), function (el) {
      var overflow = getComputedStyle(el).overflowX;
      return overflow === "auto" || overflow === "scroll";
    });
    boxes.forEach(function (box) {
      if (!nearlyFits(box)) return;
      box.classList.add("nearly-fits");
      box.classList.remove("has-more-right", "has-more-left");
    });
    boxes = boxes.filter(function (box) {
      return !box.classList.contains("nearly-fits");
    });
    boxes.forEach(mark);
  }
  var pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      update();
    });
  }
  function init() {
    update();
    document.addEventListener("scroll", function (event) {
      if (boxes.indexOf(event.target) >= 0) mark(event.target);
    }, true);
    window.addEventListener("resize", soon);
    var article = document.querySelector("article.bd-article");
    if (article && window.ResizeObserver) new ResizeObserver(soon).observe(article);
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) MathJax.startup.promise.then(soon);
  }
  if (document.readyState === "complete") {
    init();
  } else {
    window.addEventListener("load", init);
  }
})();
