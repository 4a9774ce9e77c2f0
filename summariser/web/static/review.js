// Keyboard shortcuts for the release page: j/k move between FAQ items, a approves, r rejects,
// e opens the edit box of the current item. Keys typed into a text box are left alone.
(() => {
  const items = Array.from(document.querySelectorAll(".item"));
  if (!items.length) return;
  let current = -1;

  function select(index) {
    if (index < 0 || index >= items.length) return;
    if (current >= 0) items[current].classList.remove("current");
    current = index;
    items[current].classList.add("current");
    items[current].scrollIntoView({ block: "nearest" });
  }

  // After a save the page opens at the next item still to review.
  const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  if (target && items.includes(target)) select(items.indexOf(target));

  items.forEach((item, index) => item.addEventListener("click", () => select(index)));

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select")) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    const item = items[current];
    if (event.key === "j") select(current + 1);
    else if (event.key === "k") select(Math.max(current - 1, 0));
    else if (item && (event.key === "a" || event.key === "r")) {
      item.querySelector(event.key === "a" ? "button.approve" : "button.reject").click();
    } else if (item && event.key === "e") {
      const details = item.querySelector("details.edit");
      details.open = true;
      details.querySelector("textarea").focus();
    } else return;
    event.preventDefault();
  });
  // Keys pressed before this point are lost; tests (and a slow page) wait for this mark.
  document.documentElement.dataset.keys = "ready";
})();
