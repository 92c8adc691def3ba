/**
 * The console's only script, served as /console/assets/console.<hash>.js under the page's CSP nonce. Every page
 * works without it; it adds what needs a script: "Copy" buttons (rendered hidden, shown only where the clipboard
 * can be written) that copy their `data-copy` text and say so in a live region.
 */
export const CONSOLE_JS = `"use strict";
(function () {
  if (!navigator.clipboard) return;
  var status = document.getElementById("copy-status");
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy") || "").then(
        function () { if (status) status.textContent = "Copied " + (button.getAttribute("data-copy-label") || "") + "."; },
        function () { if (status) status.textContent = "Could not copy; select the text instead."; }
      );
    });
  });
})();
`;
