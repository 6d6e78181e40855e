// The document view and the outline: the charter as its nodes, edited in
// place. Every change is a transaction (studio.transact) the server applies
// to the TOML with toml_edit; the view is drawn again from the new source's
// tree, never changed by hand.
"use strict";

// What a variable is called on screen.
const VARIABLE_NAMES = {
  "org.name": "机构名称", "org.short_name": "简称", "org.name_en": "英文名称", "org.code": "编号前缀",
  "org.phone": "联系电话", "org.email": "电子邮箱", "org.address": "住所", "org.website": "网站",
  "org.supervisor": "业务主管单位", "org.registrar": "登记管理机关", "org.kind": "机构类型",
  "vars.purpose": "宗旨", "vars.scope": "业务范围", "vars.region": "活动地域", "vars.board_min": "理事人数下限",
  "vars.board_max": "理事人数上限", "vars.term_years": "每届任期", "vars.chair": "负责人职务",
  "vars.legal_rep": "法定代表人", "vars.secretary_general": "执行机构负责人", "vars.members": "会员种类",
  "vars.dues_individual": "个人会费", "vars.dues_unit": "单位会费", "vars.founder": "举办者",
  "vars.capital": "开办资金", "vars.initial_fund": "原始基金", "vars.service_objects": "服务对象",
  "options.assembly": "会员（代表）大会", "options.supervision": "监事会或监事",
  "approval.body": "审议机构", "charter.title": "制度名称", "charter.number": "编号",
};
const KIND_NAMES = { section: "章节", clause: "条", item: "项", point: "目" };
const CHILD_KIND = { section: "clause", clause: "item", item: "point", point: "point" };

const doc = {
  tree: [],
  labels: new Map(),
  cell: new Map(), // table key → {row, col} last focused
  selected: null,
};
studio.doc = doc;

// A text as written → pieces: plain text and chips ({{ … }} and {% … %}).
function pieces(src) {
  const out = [];
  const re = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;
  let last = 0;
  let m;
  while ((m = re.exec(src))) {
    if (m.index > last) out.push({ text: src.slice(last, m.index) });
    out.push(chip(m[0]));
    last = m.index + m[0].length;
  }
  if (last < src.length) out.push({ text: src.slice(last) });
  return out;
}

function chip(src) {
  const inner = src.slice(2, -2).trim();
  const ref = /^ref\(\s*['"]([^'"]+)['"]\s*\)$/.exec(inner);
  if (ref) return { src, ref: ref[1], label: doc.labels.get(ref[1]) || ref[1] };
  const variable = /^([a-z]+\.[A-Za-z0-9_.]+)\s*(\|.*)?$/.exec(inner);
  if (variable && src.startsWith("{{")) return { src, label: VARIABLE_NAMES[variable[1]] || variable[1].split(".").pop() };
  return { src, label: inner, raw: true };
}

function chipHtml(p) {
  if (p.ref) return '<span class="chip ref" contenteditable="false" data-src="' + esc(p.src) + '" data-ref="' + esc(p.ref) + '" title="引用 ' + esc(p.ref) + '">→' + esc(p.label) + "</span>";
  return '<span class="chip' + (p.raw ? " raw" : "") + '" contenteditable="false" data-src="' + esc(p.src) + '" title="' + esc(p.src) + '">' + esc(p.label) + "</span>";
}

function textHtml(src) {
  return pieces(src || "").map(p => p.text != null ? esc(p.text).replace(/\n/g, "<br>") : chipHtml(p)).join("");
}

// An edited field back to its template text: chips give their source.
function serialize(el) {
  let out = "";
  const walk = node => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += child.textContent;
      else if (child.dataset && child.dataset.src) out += child.dataset.src;
      else if (child.nodeName === "BR") out += "\n";
      else {
        if (child.nodeName === "DIV" && out && !out.endsWith("\n")) out += "\n";
        walk(child);
      }
    }
  };
  walk(el);
  return out.replace(/\u00a0/g, " ");
}

function collectLabels(nodes) {
  for (const n of nodes) {
    if (n.label) doc.labels.set(n.path, n.label);
    collectLabels(n.children);
  }
}

function originBadge(n) {
  if (n.origin === "inherited") return '<span class="badge inherited" title="来自范本（extends）：修改后成为本机构的版本">范本</span>';
  if (n.origin === "overridden") return '<span class="badge overridden" title="本机构改过范本的这一条">已改</span>';
  return "";
}

function actionButtons(n) {
  const b = (action, label, title) => '<button type="button" data-action="' + action + '" title="' + title + '">' + label + "</button>";
  let html = '<span class="actions">' +
    b("add-before", "前插", "在前面添加一个" + KIND_NAMES[n.kind]) +
    b("add-after", "后插", "在后面添加一个" + KIND_NAMES[n.kind]) +
    b("add-child", "下级", "在里面添加一个" + KIND_NAMES[CHILD_KIND[n.kind]]) +
    b("move-up", "上移", "上移一位") +
    b("move-down", "下移", "下移一位") +
    b("delete", "删除", "删除（可撤销）");
  if (n.origin === "overridden") html += b("revert", "恢复为范本", "去掉本机构的修改，恢复范本原文");
  return html + "</span>";
}

function outlineHtml(nodes) {
  return nodes.map(n => {
    const text = n.heading || (n.text || "").replace(/\{\{[\s\S]*?\}\}/g, "…").slice(0, 24);
    const excluded = !n.label && n.when;
    return '<li data-node="' + esc(n.path) + '" class="kind-' + n.kind + " origin-" + n.origin + (excluded ? " excluded" : "") + '" draggable="true">' +
      '<div class="row"><button type="button" class="go" data-go="' + esc(n.path) + '">' +
      (n.label ? '<span class="label">' + esc(n.label) + "</span>" : "") + esc(text) + "</button>" + actionButtons(n) + "</div>" +
      (n.children.length && n.kind === "section" ? "<ol>" + outlineHtml(n.children) + "</ol>" : "") + "</li>";
  }).join("");
}

function tableHtml(n, t) {
  const key = n.path + "#" + t.index;
  let html = '<div class="table-tools" data-node="' + esc(n.path) + '" data-table="' + t.index + '">' +
    (t.caption ? '<span class="caption">' + esc(t.caption) + "</span>" : "") +
    ["add-row:加一行", "add-column:加一列", "remove-row:删去此行", "remove-column:删去此列", "merge-right:与右格合并", "merge-down:与下格合并", "split:拆分"]
      .map(a => { const [action, label] = a.split(":"); return '<button type="button" data-action="' + action + '">' + label + "</button>"; }).join("") +
    "</div>";
  html += '<table class="edit-table" data-node="' + esc(n.path) + '" data-table="' + t.index + '" data-key="' + esc(key) + '">';
  t.rows.forEach((row, r) => {
    html += "<tr>";
    for (const c of row) {
      html += "<" + (r < t.header_rows ? "th" : "td") + ' data-role="cell" data-row="' + r + '" data-col="' + c.col + '"' +
        (c.colspan > 1 ? ' colspan="' + c.colspan + '"' : "") + (c.rowspan > 1 ? ' rowspan="' + c.rowspan + '"' : "") +
        ' contenteditable="true" data-original="' + esc(c.text) + '">' + textHtml(c.text) + "</" + (r < t.header_rows ? "th" : "td") + ">";
    }
    html += "</tr>";
  });
  return html + "</table>";
}

function nodeHtml(n) {
  const excluded = !n.label && n.when;
  let html = '<div class="node kind-' + n.kind + " origin-" + n.origin + (excluded ? " excluded" : "") + (doc.selected === n.path ? " selected" : "") + '" data-node="' + esc(n.path) + '">';
  html += '<div class="node-line">';
  if (n.label) html += '<span class="label">' + esc(n.label) + "</span>";
  const headingRole = n.kind === "section" ? "标题" : "小标题";
  if (n.kind === "section" || n.heading) {
    html += '<span class="heading" data-role="node-heading" data-node="' + esc(n.path) + '" contenteditable="true" aria-label="' + headingRole + '" data-original="' + esc(n.heading || "") + '">' + textHtml(n.heading || "") + "</span>";
  }
  if (n.kind !== "section" || n.text) {
    html += '<span class="text" data-role="node-text" data-node="' + esc(n.path) + '" contenteditable="true" aria-label="' + (n.label || "") + '正文" data-original="' + esc(n.text || "") + '">' + textHtml(n.text || "") + "</span>";
  }
  html += originBadge(n);
  if (n.origin === "overridden") html += '<button type="button" class="revert" data-action="revert" data-node="' + esc(n.path) + '">恢复为范本</button>';
  html += '<button type="button" class="add-table" data-action="add-table" data-node="' + esc(n.path) + '" title="在这里加一个表格">＋表格</button>';
  html += "</div>";
  if (excluded) html += '<div class="muted small">条件不满足，未编入（when = ' + esc(n.when) + "）</div>";
  // A model text's drafting notes: beside the node, never in the document.
  for (const note of n.notes || []) html += '<div class="drafting-note" data-role="drafting-note" title="起草说明：不会印出">【说明】' + esc(note) + "</div>";
  for (const t of n.tables) html += tableHtml(n, t);
  for (const child of n.children) html += nodeHtml(child);
  return html + "</div>";
}

// Draws the outline and the document from the tree of the current source,
// keeping the focus where it was.
studio.renderDocument = function (tree) {
  doc.tree = tree || [];
  doc.labels = new Map();
  collectLabels(doc.tree);
  const focus = focusKey(document.activeElement);
  document.getElementById("outline").innerHTML = outlineHtml(doc.tree) ||
    '<li class="muted">还没有章节：<button type="button" data-action="add-first">添加第一章</button></li>';
  const view = document.getElementById("docview");
  view.innerHTML = doc.tree.length ? doc.tree.map(nodeHtml).join("") :
    '<p class="note">这份制度还没有章节。<button type="button" data-action="add-first">添加第一章</button></p>';
  rove(doc.selected);
  if (focus) restoreFocus(focus);
};

// The outline is one stop for Tab: its current entry and that entry's
// buttons; the arrow keys move between entries.
function rove(current) {
  const outline = document.getElementById("outline");
  const items = [...outline.querySelectorAll("li[data-node]")];
  if (!items.length) return;
  const active = (current && outline.querySelector('li[data-node="' + CSS.escape(current) + '"]')) || items[0];
  for (const li of items) {
    const tab = li === active ? 0 : -1;
    li.querySelectorAll(":scope > .row button").forEach(b => { b.tabIndex = tab; });
  }
}

function focusKey(el) {
  if (!el || !el.closest) return null;
  const holder = el.closest("[data-node]");
  if (!holder) return null;
  return { node: holder.dataset.node, role: el.dataset.role || null, action: el.dataset.action || null, go: el.dataset.go || null,
    row: el.dataset.row, col: el.dataset.col, inOutline: !!el.closest("[data-role=outline]") };
}

function restoreFocus(k) {
  const scope = k.inOutline ? "[data-role=outline] " : "#docview ";
  let sel = scope + '[data-node="' + CSS.escape(k.node) + '"]';
  if (k.role === "cell") sel = scope + '[data-node="' + CSS.escape(k.node) + '"] [data-row="' + k.row + '"][data-col="' + k.col + '"]';
  else if (k.role) sel = scope + '[data-role="' + k.role + '"][data-node="' + CSS.escape(k.node) + '"]';
  else if (k.action) sel += ' [data-action="' + k.action + '"]';
  else if (k.go) sel += " .go";
  const el = document.querySelector(sel);
  if (el) el.focus({ preventScroll: true });
}

function nodeOf(path) {
  const find = list => {
    for (const n of list) {
      if (n.path === path) return n;
      const below = find(n.children);
      if (below) return below;
    }
    return null;
  };
  return find(doc.tree);
}

// A field's edit, committed when the cursor leaves it.
async function commitField(el) {
  const text = serialize(el);
  if (text === (el.dataset.original || "")) return;
  el.dataset.original = text;
  if (el.dataset.role === "cell") {
    const table = el.closest("table");
    await studio.transact({ op: "table", target: table.dataset.node, table: Number(table.dataset.table), action: "set-cell", row: Number(el.dataset.row), col: Number(el.dataset.col), text });
  } else {
    await studio.transact({ op: "edit", target: el.dataset.node, field: el.dataset.role === "node-heading" ? "heading" : "text", value: text });
  }
}

async function nodeAction(action, path) {
  const n = nodeOf(path);
  if (!n) return;
  const op = {
    "add-after": { op: "add", target: path, position: "after", kind: n.kind },
    "add-before": { op: "add", target: path, position: "before", kind: n.kind },
    "add-child": { op: "add", target: path, position: "child", kind: CHILD_KIND[n.kind] },
    "move-up": { op: "move", target: path, up: true },
    "move-down": { op: "move", target: path, up: false },
    "delete": { op: "delete", target: path },
    "revert": { op: "revert", target: path },
    "add-table": { op: "add-table", target: path },
  }[action];
  if (op) await studio.transact(op);
}

async function tableAction(action, tools) {
  const key = tools.dataset.node + "#" + tools.dataset.table;
  const table = document.querySelector('table[data-key="' + CSS.escape(key) + '"]');
  const rows = table ? table.rows.length : 1;
  const at = doc.cell.get(key);
  const cols = table ? Math.max(...[...table.querySelectorAll("[data-col]")].map(c => Number(c.dataset.col) + Number(c.colSpan || 1))) : 1;
  const row = at ? at.row : rows - 1;
  const col = at ? at.col : cols - 1;
  const base = { op: "table", target: tools.dataset.node, table: Number(tools.dataset.table) };
  const detail = {
    "add-row": { action: "add-row", after: row },
    "add-column": { action: "add-column", after: col },
    "remove-row": { action: "remove-row", row },
    "remove-column": { action: "remove-column", col },
    "merge-right": { action: "merge", row, col, across: true },
    "merge-down": { action: "merge", row, col, across: false },
    "split": { action: "split", row, col },
  }[action];
  if (detail) await studio.transact(Object.assign(base, detail));
}

function select(path, scroll) {
  doc.selected = path;
  document.querySelectorAll("#docview .node.selected").forEach(e => e.classList.remove("selected"));
  const node = document.querySelector('#docview .node[data-node="' + CSS.escape(path) + '"]');
  if (node) {
    node.classList.add("selected");
    if (scroll) node.scrollIntoView({ block: "center" });
    const field = node.querySelector("[contenteditable=true]");
    if (field && scroll) field.focus({ preventScroll: true });
  }
}
studio.select = select;

function wire() {
  const view = document.getElementById("docview");
  const outline = document.getElementById("outline");
  view.addEventListener("focusout", event => {
    const el = event.target;
    if (el.isContentEditable && el.dataset.role) commitField(el);
  });
  view.addEventListener("focusin", event => {
    const el = event.target;
    if (el.dataset && el.dataset.role === "cell") {
      const table = el.closest("table");
      doc.cell.set(table.dataset.key, { row: Number(el.dataset.row), col: Number(el.dataset.col) });
    }
    const holder = el.closest && el.closest(".node");
    if (holder) doc.selected = holder.dataset.node;
  });
  view.addEventListener("keydown", event => {
    const el = event.target;
    if (!el.isContentEditable) return;
    // Enter ends the field (Shift+Enter: a new line); Esc ends it too.
    if ((event.key === "Enter" && !event.shiftKey) || event.key === "Escape") {
      event.preventDefault();
      el.blur();
    }
  });
  view.addEventListener("click", event => {
    const button = event.target.closest("button[data-action]");
    const chipEl = event.target.closest(".chip.ref");
    if (chipEl) return select(chipEl.dataset.ref, true);
    if (!button) return;
    if (button.dataset.action === "add-first") return studio.transact({ op: "add", target: null, position: "child", kind: "section" });
    const tools = button.closest(".table-tools");
    if (tools) return tableAction(button.dataset.action, tools);
    const holder = button.closest("[data-node]");
    if (holder) nodeAction(button.dataset.action, holder.dataset.node);
  });
  // Keep a table cell's place when its toolbar is pressed.
  view.addEventListener("mousedown", event => {
    if (event.target.closest(".table-tools button")) event.preventDefault();
  });
  outline.addEventListener("focusin", event => {
    const li = event.target.closest("li[data-node]");
    if (li) rove(li.dataset.node);
  });
  outline.addEventListener("keydown", event => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const here = event.target.closest("li[data-node]");
    if (!here) return;
    const all = [...outline.querySelectorAll("li[data-node] > .row .go")];
    const at = all.indexOf(here.querySelector(":scope > .row .go"));
    const next = all[at + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });
  outline.addEventListener("click", event => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.action === "add-first") return studio.transact({ op: "add", target: null, position: "child", kind: "section" });
    const li = button.closest("li[data-node]");
    if (!li) return;
    if (button.dataset.go) {
      studio.showView("doc");
      return select(button.dataset.go, true);
    }
    nodeAction(button.dataset.action, li.dataset.node);
  });
  // Drag a node in the outline onto a sibling: moved there a step at a time.
  let dragged = null;
  outline.addEventListener("dragstart", event => {
    const li = event.target.closest("li[data-node]");
    if (!li) return;
    dragged = li.dataset.node;
    event.dataTransfer.setData("text/plain", dragged);
  });
  outline.addEventListener("dragover", event => { if (dragged) event.preventDefault(); });
  outline.addEventListener("drop", async event => {
    event.preventDefault();
    const li = event.target.closest("li[data-node]");
    const from = dragged;
    dragged = null;
    if (!li || !from || li.dataset.node === from) return;
    const parentOf = p => p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "";
    if (parentOf(li.dataset.node) !== parentOf(from)) return studio.notice("只能在同一层里拖动调整次序");
    const siblings = [...li.parentElement.children].map(e => e.dataset.node);
    let steps = siblings.indexOf(li.dataset.node) - siblings.indexOf(from);
    while (steps !== 0) {
      const ok = await studio.transact({ op: "move", target: from, up: steps < 0 });
      if (!ok) break;
      steps += steps < 0 ? 1 : -1;
    }
  });
}

wire();
