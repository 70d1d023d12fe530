/* The site menu on narrow screens: a button opens and closes it (aria-expanded); Escape closes it.
   Without this script the menu stays open, so every page can still be reached. */
(function () {
  "use strict";

  function setup(header) {
    var button = header.querySelector("[data-ioc-menu-button]");
    if (!button) { return; }
    header.classList.add("ioc-header--js");

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("ioc-header--open", open);
    }

    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  var headers = document.querySelectorAll("[data-ioc-header]");
  for (var i = 0; i < headers.length; i += 1) { setup(headers[i]); }
})();
