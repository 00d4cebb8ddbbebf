// Keyboard shortcuts for the moderation desk (/moderation/). Progressive
// enhancement only: every action is a real button and works without this file.
//
//   j / k   focus the next / previous item
//   x       select or unselect the focused item (its checkbox)
//   a       approve the focused item (clicks its 承認 button)
//   r       move to the focused item's reject-reason list; pick a reason, then
//           Tab to 却下する (or press Enter on it)
//
// Keys typed into a text field or a list are left alone.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".desk-item"));
  if (!items.length) return;

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest(".desk-item") : null;
  }

  function focusItem(index) {
    var item = items[Math.max(0, Math.min(items.length - 1, index))];
    item.focus();
    item.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) && target.type !== "checkbox") return;
    var item = current();
    var index = item ? items.indexOf(item) : -1;
    switch (event.key) {
      case "j":
        focusItem(index + 1);
        break;
      case "k":
        focusItem(index < 0 ? 0 : index - 1);
        break;
      case "x":
        if (!item) return;
        var box = item.querySelector(".desk-select");
        box.checked = !box.checked;
        break;
      case "a":
        if (!item) return;
        item.querySelector(".desk-approve").click();
        break;
      case "r":
        if (!item) return;
        item.querySelector(".desk-reason").focus();
        break;
      default:
        return;
    }
    event.preventDefault();
  });
})();
