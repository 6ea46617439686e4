// The consensus workshop, on a projector: the right and left arrow keys go
// to the next and previous question, by following the page's own Next and
// Previous links (which work without this script). Keys typed into a field,
// or pressed with a modifier, are left alone: arrows move the cursor in the
// reason box and the choice between the level buttons.
(function () {
  function typing(target) {
    if (!target || !target.closest) return false;
    return target.isContentEditable || target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (typing(event.target)) return;
    var wanted = { ArrowRight: "[data-workshop-next]", ArrowLeft: "[data-workshop-previous]" }[event.key];
    var link = wanted && document.querySelector(wanted);
    if (!link) return;
    event.preventDefault();
    window.location.assign(link.href);
  });
})();
