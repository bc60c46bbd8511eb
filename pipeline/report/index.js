// The index: documents and figures, filtered, sorted and shown a page at a time. The
// figures come in data files of a few thousand rows, loaded one after another as
// scripts (a page opened from file:// may not fetch), each shown as it arrives. Every
// cell is set with textContent.
"use strict";
const REPORT = (function () {
  const PAGE = 100, DOC_PAGE = 25;
  let docs = null, chunks = 0, loaded = 0;
  const figures = [];
  let F = {}, D = {};                     // field name → position in a row
  const view = { rows: [], page: 0, sort: null, desc: false };
  const docView = { rows: [], page: 0 };

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function fmt(x) {
    return x === null || x === undefined ? "" : Number(x).toLocaleString("en-US", { maximumFractionDigits: 6 });
  }
  function number(r) {
    const v = r[F.value] ?? r[F.lower] ?? r[F.upper];
    return v === undefined ? null : v;
  }
  function $(id) { return document.getElementById(id); }

  function setDocuments(data) {
    docs = data.rows;
    chunks = data.chunks;
    data.fields.forEach((f, i) => { D[f] = i; });
    data.figureFields.forEach((f, i) => { F[f] = i; });
    filterDocs();
    loadNext();
  }

  function loadNext() {
    if (loaded >= chunks) return;
    const script = document.createElement("script");
    script.src = "data/figures-" + String(loaded).padStart(4, "0") + ".js";
    script.onerror = () => { $("figure-status").textContent = "无法载入 " + script.src; };
    document.body.append(script);
  }

  function addFigures(rows) {
    for (const r of rows) figures.push(r);
    loaded += 1;
    filterFigures(false);
    loadNext();
  }

  // documents
  function filterDocs() {
    const q = $("doc-filter").value.trim().toLowerCase();
    docView.rows = !q ? docs : docs.filter((d) =>
      [d[D.title], d[D.doc_number], d[D.issuer], d[D.doc_id]].join(" ").toLowerCase().includes(q));
    docView.page = 0;
    showDocs();
  }
  function showDocs() {
    const body = document.querySelector("#documents tbody");
    const first = docView.page * DOC_PAGE;
    const rows = docView.rows.slice(first, first + DOC_PAGE).map((d) => {
      const tr = el("tr");
      const a = el("a", d[D.title] || d[D.doc_id]);
      a.href = "docs/" + d[D.page];
      const title = el("td");
      title.append(a);
      tr.append(title, el("td", d[D.doc_number]), el("td", d[D.issuer]), el("td", d[D.date]), el("td", d[D.format]));
      for (const f of ["n_clauses", "n_amounts", "n_percentages", "n_units", "n_references"]) tr.append(el("td", d[D[f]], "num"));
      tr.append(el("td", d[D.warnings], "warn"));
      return tr;
    });
    body.replaceChildren(...rows);
    pager($("doc-pager"), docView, DOC_PAGE, showDocs, "个文件");
  }

  // figures
  function filterFigures(resetPage = true) {
    const q = $("f-text").value.trim().toLowerCase();
    const role = $("f-role").value, qualifier = $("f-qualifier").value, kind = $("f-kind").value;
    const min = $("f-min").value === "" ? -Infinity : Number($("f-min").value);
    const max = $("f-max").value === "" ? Infinity : Number($("f-max").value);
    view.rows = figures.filter((r) => {
      if (role && (role === "(none)" ? r[F.role] : r[F.role] !== role)) return false;
      if (qualifier && r[F.qualifier] !== qualifier) return false;
      if (kind && r[F.kind] !== kind) return false;
      if (min !== -Infinity || max !== Infinity) {
        // every number the figure writes lies in the range: its value, or its bounds
        const nums = r[F.value] !== null ? [r[F.value]] : [r[F.lower], r[F.upper]].filter((x) => x !== null);
        if (!nums.length || nums.some((x) => x < min || x > max)) return false;
      }
      if (q) {
        const d = docs[r[F.doc]];
        const hay = [r[F.span], r[F.clause_id], r[F.heading], r[F.sentence], r[F.cue], r[F.instrument],
          d[D.title], d[D.doc_number], d[D.doc_id]].join(" ").toLowerCase();
        if (!hay.includes(q)) return false;
      }
      return true;
    });
    sortRows();
    if (resetPage) view.page = 0;
    showFigures();
  }
  function sortRows() {
    if (!view.sort) return;
    const key = view.sort, sign = view.desc ? -1 : 1;
    const get = key === "number" ? number : key === "doc" ? (r) => docs[r[F.doc]][D.title] : (r) => r[F[key]];
    view.rows.sort((a, b) => {
      const x = get(a), y = get(b);
      if (x === y) return 0;
      if (x === null || x === undefined || x === "") return 1;      // absent last
      if (y === null || y === undefined || y === "") return -1;
      return (x < y ? -1 : 1) * sign;
    });
  }
  function showFigures() {
    const body = document.querySelector("#figures tbody");
    const first = view.page * PAGE;
    const rows = view.rows.slice(first, first + PAGE).map((r) => {
      const d = docs[r[F.doc]];
      const href = "docs/" + d[D.page] + "#f-" + r[F.start] + "-" + r[F.end];
      const tr = el("tr");
      tr.dataset.role = r[F.role] || "";
      tr.dataset.kind = r[F.kind];
      const doc = el("td"), span = el("td");
      const docLink = el("a", d[D.title] || d[D.doc_id]);
      docLink.href = "docs/" + d[D.page];
      doc.append(docLink);
      const spanLink = el("a", r[F.span], "to-span");
      spanLink.href = href;
      if (r[F.sentence]) spanLink.title = r[F.sentence];
      span.append(spanLink);
      const clause = el("td", r[F.clause_id]);
      if (r[F.heading]) clause.title = r[F.heading];
      tr.append(doc, clause, span, el("td", r[F.kind] === "amount" ? "金额" : "百分比"),
        el("td", fmt(r[F.value]), "num"), el("td", fmt(r[F.lower]), "num"), el("td", fmt(r[F.upper]), "num"),
        el("td", r[F.qualifier]), el("td", r[F.cue]), el("td", r[F.per]), el("td", r[F.role], "role"),
        el("td", r[F.instrument]));
      return tr;
    });
    body.replaceChildren(...rows);
    const status = $("figure-status");
    status.textContent = "符合条件 " + view.rows.length + " 条，共 " + figures.length + " 条" +
      (loaded < chunks ? "（载入中 " + loaded + "/" + chunks + "）" : "");
    status.dataset.loaded = String(loaded >= chunks);
    status.dataset.matching = String(view.rows.length);
    pager($("figure-pager"), view, PAGE, showFigures, "条");
  }

  function pager(node, state, size, show, unit) {
    const pages = Math.max(1, Math.ceil(state.rows.length / size));
    state.page = Math.min(state.page, pages - 1);
    const prev = el("button", "上一页"), next = el("button", "下一页");
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    prev.onclick = () => { state.page -= 1; show(); };
    next.onclick = () => { state.page += 1; show(); };
    node.replaceChildren(prev, el("span", "第 " + (state.page + 1) + " / " + pages + " 页，" + state.rows.length + " " + unit), next);
  }

  let timer = null;
  function later(fn) { clearTimeout(timer); timer = setTimeout(fn, 120); }

  document.addEventListener("DOMContentLoaded", () => {
    $("doc-filter").addEventListener("input", () => later(filterDocs));
    for (const id of ["f-text", "f-min", "f-max"]) $(id).addEventListener("input", () => later(filterFigures));
    for (const id of ["f-role", "f-qualifier", "f-kind"]) $(id).addEventListener("change", () => filterFigures());
    for (const th of document.querySelectorAll("#figures th[data-sort]")) {
      th.addEventListener("click", () => {
        view.desc = view.sort === th.dataset.sort ? !view.desc : false;
        view.sort = th.dataset.sort;
        for (const other of document.querySelectorAll("#figures th")) other.classList.remove("sorted-asc", "sorted-desc");
        th.classList.add(view.desc ? "sorted-desc" : "sorted-asc");
        filterFigures(false);
      });
    }
  });

  return { setDocuments, addFigures };
})();
