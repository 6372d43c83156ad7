// The header's menu and the lists' filters are <details> that fold on narrow screens. On wide
// screens CSS shows their content anyway; this keeps the element's open state the same as
// what is seen, so assistive technology and the browser agree with the eye.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 75.0625rem)");
  var roomy = window.matchMedia("(min-width: 48.0625rem)");

  function sync() {
    document.querySelectorAll("details.nav-menu").forEach(function (menu) {
      menu.open = wide.matches;
    });
    document.querySelectorAll("details.fold").forEach(function (fold) {
      if (roomy.matches) fold.open = true;
    });
  }

  document.addEventListener("DOMContentLoaded", sync);
  wide.addEventListener("change", sync);
  roomy.addEventListener("change", sync);
})();
