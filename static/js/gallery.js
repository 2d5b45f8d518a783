/* Chợ OCOP product gallery: a thumbnail shows its image in the large frame instead of opening it.
   Without this file each thumbnail simply links to its image. */
(function () {
  "use strict";

  function show(gallery, main, thumb) {
    main.src = thumb.getAttribute("href");
    main.alt = thumb.getAttribute("data-alt") || "";
    main.width = Number(thumb.getAttribute("data-width")) || main.width;
    main.height = Number(thumb.getAttribute("data-height")) || main.height;
    main.classList.remove("is-placeholder");
    gallery.querySelectorAll("[data-gallery-thumb]").forEach(function (other) {
      if (other === thumb) other.setAttribute("aria-current", "true");
      else other.removeAttribute("aria-current");
    });
  }

  document.querySelectorAll("[data-gallery]").forEach(function (gallery) {
    var main = gallery.querySelector("[data-gallery-main]");
    if (!main) return;
    gallery.addEventListener("click", function (event) {
      var thumb = event.target.closest("[data-gallery-thumb]");
      // A modified click still opens the image in a new tab, as a link does.
      if (!thumb || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      show(gallery, main, thumb);
    });
  });
})();
