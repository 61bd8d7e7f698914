/*
 * async-playground embed helper: include it once on a course page that has
 *   <iframe src="https://HOST/PATH/?example=compute-square&embed=1" data-async-playground></iframe>
 * and each such iframe grows and shrinks to fit its content.
 *
 * The page inside the iframe posts, whenever its height changes:
 *   { type: "async-playground:height", height: <CSS pixels, integer> }
 * (to the parent window; the message carries nothing private.)
 *
 * As the OWASP HTML5 Security Cheat Sheet asks, a message is only trusted when
 * it comes from the iframe's own window AND from the origin of the iframe's
 * src; its data is checked to be exactly that shape and only used as a number.
 */
(function () {
  "use strict";
  var TYPE = "async-playground:height";

  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll("iframe[data-async-playground]"));
  }

  function originOf(frame) {
    try { return new URL(frame.src, document.baseURI).origin; } catch (e) { return null; }
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== TYPE) return;
    var height = Number(data.height);
    if (!isFinite(height) || height <= 0 || height > 100000) return;
    frames().forEach(function (frame) {
      if (event.source !== frame.contentWindow) return;
      if (event.origin !== originOf(frame)) return;
      frame.style.height = Math.ceil(height) + "px";
      frame.setAttribute("scrolling", "no");
    });
  });
})();
