// Amend: record a revision, then show the redline against the version before.
"use strict";

const amendPath = qs("path") || "";
document.getElementById("nav").innerHTML = navLinks(amendPath, null);
document.getElementById("date").value = new Date().toISOString().slice(0, 10);

const KIND = { added: "新增", removed: "删除", modified: "修改", moved: "调整位置", renumbered: "序号调整", reference: "引用序号调整" };

function segments(list) {
  return list.map(s => s.op === "insert" ? "<ins>" + esc(s.text) + "</ins>" : s.op === "delete" ? "<del>" + esc(s.text) + "</del>" : esc(s.text)).join("");
}

// The Redline model (src/redline.rs) as HTML: summary, metadata, changed nodes.
function renderRedline(r) {
  const box = document.getElementById("changes");
  box.className = "";
  const s = r.summary;
  let html = '<p class="summary">' + esc(r.subtitle || "") + "</p><p class=\"summary\">" +
    Object.keys(KIND).map(k => "<span>" + KIND[k] + " " + (s[k] || 0) + "</span>").join("") + "<span>其他 " + (s.metadata || 0) + "</span></p>";
  for (const m of r.metadata) html += '<div class="entry changed"><span class="note">' + esc(m.field) + "</span><div>" + segments(m.ops) + "</div></div>";
  const changed = r.entries.filter(e => e.changed);
  if (!changed.length && !r.metadata.length) html += '<p class="muted">条文没有变化。</p>';
  for (const e of changed) {
    html += '<div class="entry changed"><div class="note">' + esc(e.note || KIND[e.kind] || "") + "</div>" +
      e.lines.map(l => "<div>" + (l === e.lines[0] ? "<b>" + esc(e.label) + "</b>" : "") + segments(l.segments) + "</div>").join("") + "</div>";
  }
  box.innerHTML = html;
}

async function loadRedline() {
  const result = await api("GET", "/api/redline/" + encPath(amendPath));
  document.getElementById("since").textContent = "与工作室本次打开此文件时的版本相比";
  if (result.ok) renderRedline(result.data);
  else document.getElementById("changes").textContent = problem(result);
}

document.getElementById("form").addEventListener("submit", async event => {
  event.preventDefault();
  const f = event.target;
  const body = {
    term: Number(f.term.value), session: Number(f.session.value), date: f.date.value,
    summary: f.summary.value, effective: f.effective.value || null, version: f.version.value || null,
  };
  const result = await api("POST", "/api/amend/" + encPath(amendPath), body);
  const message = document.getElementById("message");
  if (result.ok) {
    message.className = "message ok";
    message.textContent = "已记录：版本 " + result.data.version + "。" + (result.data.statement || "");
    renderRedline(result.data.redline);
  } else {
    message.className = "message error";
    message.textContent = "没有记录：" + problem(result);
  }
});

loadRedline();
