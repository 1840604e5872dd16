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
