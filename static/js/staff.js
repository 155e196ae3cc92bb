// The staff admin's small repairs to what Django's own scripts draw.
"use strict";

// The filter boxes of a many-to-many field (SelectFilter2.js) put an aria-label on a bare span,
// which assistive technology ignores (axe-core's aria-prohibited-attr): give the icon a role.
window.addEventListener("load", function () {
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
        icon.setAttribute("role", "img");
    });
});
