// A document's page: a click on a highlight (or on its entry in the side list, or a
// link to it) opens its reading next to it. Readings are data (JSON), shown with
// textContent: nothing from a document is ever parsed as markup.
"use strict";
(function () {
  const readings = JSON.parse(document.getElementById("readings").textContent);
  const panel = document.getElementById("reading");
  let active = null;

  function close() {
    panel.hidden = true;
    if (active) active.classList.remove("active");
    active = null;
  }

  function open(mark) {
    const reading = readings[Number(mark.dataset.i)];
    if (!reading) return;
    if (active) active.classList.remove("active");
    active = mark;
    mark.classList.add("active");
    panel.replaceChildren();
    const button = document.createElement("button");
    button.className = "close";
    button.setAttribute("aria-label", "关闭");
    button.textContent = "×";
    button.addEventListener("click", close);
    const title = document.createElement("h3");
    title.textContent = reading.name + "　" + reading.span;
    const list = document.createElement("dl");
    for (const [name, value] of reading.fields) {
      const dt = document.createElement("dt");
      dt.textContent = name;
      const dd = document.createElement("dd");
      dd.textContent = value === "" ? "—" : value;
      dd.dataset.field = name;
      list.append(dt, dd);
    }
    panel.append(button, title, list);
    panel.dataset.i = mark.dataset.i;
    panel.hidden = false;
    const box = mark.getBoundingClientRect();
    const left = Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - panel.offsetWidth - 8);
    panel.style.left = Math.max(left, 8) + "px";
    // below the highlight, or above it where the window has no room below
    const below = box.bottom + 6 + panel.offsetHeight <= document.documentElement.clientHeight;
    panel.style.top = (below ? box.bottom + 6 : Math.max(box.top - panel.offsetHeight - 6, 0)) + window.scrollY + "px";
  }

  function markOf(i) {
    return document.querySelector('mark.hl[data-i="' + Number(i) + '"]');
  }

  document.addEventListener("click", (event) => {
    const cue = event.target.closest(".cue[data-for]");
    const mark = cue ? markOf(cue.dataset.for) : event.target.closest("mark.hl");
    if (mark) { open(mark); return; }
    if (!event.target.closest("#reading") && !event.target.closest("aside.figures a")) close();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
    if (event.key === "Enter" && event.target.matches("mark.hl")) open(event.target);
  });

  function fromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (target && target.matches("mark.hl")) {
      target.scrollIntoView({ block: "center" });
      open(target);
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
