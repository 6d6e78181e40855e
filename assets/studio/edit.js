// The editor: the document view (document.js) and the source with
// highlighting and key completion, the outline, the live preview and the
// diagnostics; undo through the document view's changes; save with If-Match.
"use strict";

const path = qs("path") || "";
const source = document.getElementById("source");
const highlight = document.getElementById("highlight");
const previewBox = document.getElementById("preview");
const diagBox = document.getElementById("diagnostics");
const banner = document.getElementById("banner");
const saveState = document.getElementById("savestate");
const completeBox = document.getElementById("complete");

// Short enough to follow typing, long enough not to typeset every letter.
const DEBOUNCE_MS = 40;

let etag = null;
let saved = "";
// The sources the document view's changes went through, for undo.
const history = [];
let schema = null;
let seq = 0;
let inFlight = null;
let timer = null;
let orgFile = null;
// For the browser test and the curious: when the last edit was typed, when
// its outline and pages were shown, and what it took.
studio.lastInputAt = 0;
studio.rendered = { seq: 0, at: 0, source: null };
studio.latencies = [];

function showBanner(text, error, actions) {
  banner.hidden = !text;
  banner.className = "banner" + (error ? " error" : "");
  banner.textContent = text || "";
  for (const [label, action] of actions || []) {
    const b = document.createElement("button");
    b.textContent = label;
    b.style.marginLeft = "12px";
    b.addEventListener("click", action);
    banner.appendChild(b);
  }
}

function dirty() {
  return source.value !== saved;
}

studio.notice = text => showBanner(text, false);

// One change of the document view: the server rewrites the TOML, the page
// keeps the text before it (undo) and draws everything from the new one.
studio.busy = 0;
studio.transact = async function (op) {
  studio.busy++;
  try {
    const before = source.value;
    const result = await api("POST", "/api/edit", { path, source: before, op });
    if (!result.ok) {
      showBanner("没有改成：" + problem(result), true);
      return false;
    }
    showBanner("");
    history.push(before);
    studio.pendingSelect = result.data.select;
    setSource(result.data.source);
    return true;
  } finally {
    studio.busy--;
  }
};

function setSource(text) {
  source.value = text;
  studio.lastInputAt = performance.now();
  paint();
  updateSaveState();
  schedule();
}

function undo() {
  if (!history.length) return;
  setSource(history.pop());
}

// 文档 or 源文件: the same text, two views.
studio.showView = function (view) {
  const docTab = document.getElementById("tab-doc");
  const sourceTab = document.getElementById("tab-source");
  document.getElementById("docview").hidden = view !== "doc";
  document.getElementById("editor").hidden = view === "doc";
  docTab.setAttribute("aria-selected", String(view === "doc"));
  sourceTab.setAttribute("aria-selected", String(view !== "doc"));
  if (view !== "doc") paint();
};
document.querySelector(".tabs").addEventListener("click", event => {
  const tab = event.target.closest("[data-view]");
  if (tab) studio.showView(tab.dataset.view);
});

function updateSaveState() {
  document.getElementById("undo").disabled = history.length === 0;
  saveState.textContent = dirty() ? "● 未保存" : (etag ? "已保存" : "");
  saveState.className = "savestate" + (dirty() ? " dirty" : "");
  document.title = (dirty() ? "● " : "") + (document.getElementById("title").textContent || "编辑") + " · charter";
}

function paint() {
  highlight.innerHTML = toml.highlight(source.value);
  highlight.scrollTop = source.scrollTop;
}

// Line (1-based) and column → offset in the text.
function offsetOf(line, column) {
  const lines = source.value.split("\n");
  let offset = 0;
  for (let k = 0; k < Math.min(line - 1, lines.length); k++) offset += lines[k].length + 1;
  const here = lines[Math.min(line, lines.length) - 1] || "";
  return offset + Math.min(Math.max((column || 1) - 1, 0), here.length);
}

function jump(line, column) {
  if (!line) return;
  const at = offsetOf(line, column);
  source.focus();
  source.setSelectionRange(at, at);
  const span = highlight.querySelector('[data-l="' + line + '"]');
  if (span) {
    source.scrollTop = Math.max(0, span.offsetTop - source.clientHeight / 3);
    highlight.scrollTop = source.scrollTop;
    span.classList.add("flash");
    setTimeout(() => span.classList.remove("flash"), 1200);
  }
}

// The appendices under the document's nodes in the outline (the nodes
// themselves come from the document tree, document.js).
function renderAppendices(outline) {
  const box = document.getElementById("outline");
  box.querySelectorAll("li.appendix").forEach(li => li.remove());
  for (const h of outline) {
    if (!h.label || !h.label.startsWith("附件")) continue;
    const li = document.createElement("li");
    li.className = "appendix";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "go";
    button.textContent = h.label + " " + h.text;
    button.addEventListener("click", () => {
      if (h.line) { studio.showView("source"); jump(h.line, 1); }
    });
    li.appendChild(button);
    box.appendChild(li);
  }
}

function renderDiagnostics(list, model) {
  if (!list.length) {
    diagBox.innerHTML = '<li class="none">' + (model ? "没有问题（模板：只检查，不生成预览）" : "没有问题") + "</li>";
    return;
  }
  let html = "";
  for (const d of list) {
    const where = d.line ? (d.here ? "" : d.file + " ") + "第 " + d.line + " 行 第 " + d.column + " 列" : (d.file || "");
    let caret = "";
    if (d.source_line != null && d.column) {
      const width = d.end_line === d.line ? Math.max(1, d.end_column - d.column) : 1;
      caret = "\n" + " ".repeat(d.column - 1) + "^".repeat(width) + (d.label ? " " + d.label : "");
    }
    html += '<li tabindex="0" class="' + d.severity + '" data-line="' + (d.here ? d.line || "" : "") + '" data-column="' + (d.column || "") + '">' +
      '<span class="sev">' + (d.severity === "error" ? "错误" : d.severity === "note" ? "说明" : "警告") + '</span> <span class="where">' + esc(where) + "</span>" + esc(d.message) +
      (d.source_line != null ? "<pre>" + esc(d.source_line + caret) + "</pre>" : "") +
      (d.hint ? '<div class="hint">提示：' + esc(d.hint) + "</div>" : "") +
      d.notes.map(n => '<div class="muted">' + esc(n) + "</div>").join("") + "</li>";
  }
  diagBox.innerHTML = html;
}

function openDiagnostic(li) {
  if (li && li.dataset.line) {
    studio.showView("source");
    jump(Number(li.dataset.line), Number(li.dataset.column) || 1);
  }
}
diagBox.addEventListener("click", event => openDiagnostic(event.target.closest("li")));
diagBox.addEventListener("keydown", event => {
  if (event.key === "Enter") openDiagnostic(event.target.closest("li"));
});

// Pages as images by content hash: an unchanged page is not loaded again.
function renderPages(pages) {
  const loads = [];
  const changed = [];
  const existing = [...previewBox.querySelectorAll("img.page")];
  previewBox.querySelectorAll(".note").forEach(n => n.remove());
  pages.forEach((page, k) => {
    let img = existing[k];
    if (!img) {
      img = document.createElement("img");
      img.className = "page";
      img.alt = "第 " + (k + 1) + " 页";
      previewBox.appendChild(img);
    }
    if (img.dataset.hash !== page.hash) {
      if (img.dataset.hash) changed.push(img);
      img.dataset.hash = page.hash;
      loads.push(new Promise(done => {
        img.onload = img.onerror = () => done();
      }));
      img.src = page.url;
    }
  });
  existing.slice(pages.length).forEach(img => img.remove());
  // Bring the first changed page into view unless one already is.
  const box = previewBox.getBoundingClientRect();
  const visible = img => { const r = img.getBoundingClientRect(); return r.bottom > box.top && r.top < box.bottom; };
  if (changed.length && !changed.some(visible)) previewBox.scrollTop += changed[0].getBoundingClientRect().top - box.top - 8;
  return Promise.all(loads);
}

async function preview() {
  const mine = ++seq;
  const text = source.value;
  if (inFlight) inFlight.abort();
  inFlight = new AbortController();
  let result;
  try {
    result = await api("POST", "/api/preview", { path, source: text }, {}, inFlight.signal);
  } catch (err) {
    if (err.name !== "AbortError") showBanner("预览失败：" + err.message, true);
    return;
  }
  if (mine !== seq) return;
  if (!result.ok) {
    showBanner("预览失败：" + problem(result), true);
    return;
  }
  const p = result.data;
  renderDiagnostics(p.diagnostics, p.model);
  if (p.tree) studio.renderDocument(p.tree);
  if (p.outline.length || p.pages) renderAppendices(p.outline);
  if (studio.pendingSelect != null) {
    studio.select(studio.pendingSelect, true);
    studio.pendingSelect = null;
  }
  if (p.pages) {
    previewBox.classList.remove("stale");
    await renderPages(p.pages);
  } else {
    previewBox.classList.add("stale");
    if (!previewBox.querySelector("img.page")) {
      previewBox.innerHTML = '<p class="note">' + (p.model ? "模板（model）不单独排版：打开继承它的制度查看预览。" : "有错误，暂无预览：请先修改下方的错误。") + "</p>";
    }
  }
  // Counted once the new pages are on screen: the next frame.
  await new Promise(done => requestAnimationFrame(() => done()));
  if (mine !== seq) return;
  const at = performance.now();
  studio.rendered = { seq: mine, at, source: text, ok: p.ok, pages: p.pages ? p.pages.length : 0 };
  if (studio.lastInputAt) studio.latencies.push(Math.round(at - studio.lastInputAt));
  if (p.title) document.getElementById("title").textContent = p.title;
  updateSaveState();
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(preview, DEBOUNCE_MS);
}

source.addEventListener("input", () => {
  studio.lastInputAt = performance.now();
  paint();
  updateSaveState();
  complete.update();
  schedule();
});
source.addEventListener("scroll", () => { highlight.scrollTop = source.scrollTop; });

// Tab indents in the source; Esc lets the next Tab leave the editor, so a
// keyboard is never trapped in it.
let leaving = false;
source.addEventListener("keydown", event => {
  if (complete.key(event)) return;
  if (event.key === "Escape") {
    leaving = true;
    return;
  }
  if (event.ctrlKey && event.key === " ") {
    event.preventDefault();
    complete.update(true);
  } else if (event.key === "Tab" && !event.shiftKey && !leaving) {
    event.preventDefault();
    document.execCommand("insertText", false, "  ");
  }
  if (event.key !== "Tab") leaving = false;
});
source.addEventListener("blur", () => { leaving = false; });
document.addEventListener("keydown", event => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
    event.preventDefault();
    save();
  }
  // Ctrl+Z outside the source undoes the document view's last change (the
  // source's own typing has the browser's undo).
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z" && !event.shiftKey &&
      event.target !== source && !event.target.isContentEditable) {
    event.preventDefault();
    undo();
  }
});
document.getElementById("undo").addEventListener("click", undo);

let saving = false;

// One save at a time: a second one would carry the ETag the first replaces.
async function save() {
  if (saving) return;
  saving = true;
  try {
    await saveNow();
  } finally {
    saving = false;
  }
}

async function saveNow() {
  const text = source.value;
  const result = await api("PUT", "/api/charters/" + encPath(path), text, { "If-Match": etag || "", "Content-Type": "text/plain; charset=utf-8" });
  if (result.ok) {
    etag = result.data.etag;
    saved = text;
    // Saved: the steps before it are no longer undone from here.
    history.length = 0;
    showBanner("");
  } else if (result.status === 409) {
    showBanner("没有保存：这个文件在您打开后已在磁盘上被修改（可能是别的程序或另一个窗口）。请先复制您的修改，再重新载入。", true,
      [["重新载入（放弃我的修改）", () => { saved = source.value; location.reload(); }]]);
  } else {
    showBanner("没有保存：" + problem(result), true);
  }
  updateSaveState();
}
document.getElementById("save").addEventListener("click", save);

for (const format of ["pdf", "docx"]) {
  const link = document.getElementById(format);
  link.href = "/api/download/" + encPath(path) + "?format=" + format;
  link.addEventListener("click", event => {
    if (dirty() && !confirm("下载的是已保存的版本；您还有未保存的修改。继续下载？")) event.preventDefault();
  });
}

window.addEventListener("beforeunload", event => {
  if (dirty()) { event.preventDefault(); event.returnValue = ""; }
});

// Key completion from the schema: keys of the table at the cursor, or
// table headers after `[`.
const complete = {
  items: [], active: 0, start: 0,
  update(force) {
    if (!schema) return this.hide();
    const at = source.selectionStart;
    const text = source.value;
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    const typed = text.slice(lineStart, at);
    let m = /^\s*(\[\[?)\s*([A-Za-z_.]*)$/.exec(typed);
    let candidates = [];
    let word = "";
    if (m) {
      word = m[2];
      candidates = toml.tablePaths(schema)
        .filter(t => (m[1] === "[[") === t.array)
        .map(t => ({ name: t.name, doc: t.doc, insert: t.name + (t.array ? "]]" : "]") }));
    } else if ((m = /^\s*([A-Za-z_]*)$/.exec(typed)) && (m[1] || force)) {
      word = m[1];
      const table = toml.tableAt(text, at);
      candidates = toml.keysAt(schema, table).map(k => ({ name: k.name, doc: k.doc, insert: k.name + " = " }));
    } else {
      return this.hide();
    }
    this.items = candidates.filter(c => c.name.startsWith(word) && c.name !== word).slice(0, 40);
    this.start = at - word.length;
    if (!this.items.length) return this.hide();
    this.active = 0;
    this.show(lineStart, typed);
  },
  show(lineStart, typed) {
    completeBox.innerHTML = this.items.map((c, k) => '<li data-k="' + k + '"' + (k === this.active ? ' class="active"' : "") + "><span>" + esc(c.name) + "</span><small>" + esc(c.doc) + "</small></li>").join("");
    const line = source.value.slice(0, lineStart).split("\n").length;
    const span = highlight.querySelector('[data-l="' + line + '"]');
    const top = span ? span.offsetTop - source.scrollTop + 20 : 20;
    const canvas = this.canvas || (this.canvas = document.createElement("canvas").getContext("2d"));
    canvas.font = getComputedStyle(source).font;
    completeBox.style.top = Math.min(top, source.clientHeight - 40) + "px";
    completeBox.style.left = Math.min(12 + canvas.measureText(typed).width, source.clientWidth - 240) + "px";
    completeBox.hidden = false;
  },
  hide() { completeBox.hidden = true; this.items = []; },
  accept(k) {
    const item = this.items[k];
    if (!item) return;
    source.setSelectionRange(this.start, source.selectionStart);
    document.execCommand("insertText", false, item.insert);
    this.hide();
  },
  key(event) {
    if (completeBox.hidden) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      this.active = (this.active + (event.key === "ArrowDown" ? 1 : this.items.length - 1)) % this.items.length;
      [...completeBox.children].forEach((li, k) => li.classList.toggle("active", k === this.active));
      completeBox.children[this.active].scrollIntoView({ block: "nearest" });
    } else if (event.key === "Enter" || event.key === "Tab") {
      this.accept(this.active);
    } else if (event.key === "Escape") {
      this.hide();
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  },
};
completeBox.addEventListener("mousedown", event => {
  const li = event.target.closest("li");
  if (li) { event.preventDefault(); complete.accept(Number(li.dataset.k)); }
});
source.addEventListener("blur", () => complete.hide());
source.addEventListener("click", () => complete.hide());

async function open() {
  document.getElementById("links").innerHTML = "";
  const result = await api("GET", "/api/charters/" + encPath(path));
  if (!result.ok) {
    showBanner("打不开 " + path + "：" + problem(result), true);
    previewBox.innerHTML = "";
    return;
  }
  etag = result.headers.get("ETag") || result.data.etag;
  saved = result.data.source;
  orgFile = result.data.org_file;
  source.value = saved;
  document.getElementById("title").textContent = path;
  document.getElementById("links").innerHTML = navLinks(path, orgFile).replace(/<a href="\/edit[^<]*<\/a>/, "");
  document.getElementById("links").style.display = "inline-flex";
  document.getElementById("links").style.gap = "12px";
  paint();
  updateSaveState();
  preview();
  const line = Number(qs("line"));
  if (line) setTimeout(() => jump(line, 1), 50);
  const s = await api("GET", "/api/schema");
  if (s.ok) schema = typeof s.data === "string" ? JSON.parse(s.data) : s.data;
}

open();
