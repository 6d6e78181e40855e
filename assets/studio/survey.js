// Survey: print the questionnaire; tally uploaded answers with a chart.
"use strict";

const surveyPath = qs("path") || "";
document.getElementById("nav").innerHTML = navLinks(surveyPath, null);
const select = document.getElementById("appendix");

function printLink() {
  const copies = Math.max(1, Number(document.getElementById("copies").value) || 1);
  const which = select.value ? "&appendix=" + encodeURIComponent(select.value) : "";
  document.getElementById("print").href = "/api/survey/" + encPath(surveyPath) + "?copies=" + copies + which;
  // A fillable form is one questionnaire's: offered once one is chosen.
  for (const kind of ["pdf", "docx"]) {
    const link = document.getElementById("fillable-" + kind);
    link.href = "/api/survey/" + encPath(surveyPath) + "?fillable=" + kind + which;
    link.hidden = !select.value;
  }
  document.getElementById("fillable-hint").hidden = !!select.value;
}

async function loadSurvey() {
  const result = await api("GET", "/api/charters");
  const entry = result.ok ? result.data.find(c => c.path === surveyPath) : null;
  if (entry) document.getElementById("title").textContent = "问卷 · " + (entry.title || surveyPath);
  const list = entry ? entry.questionnaires : [];
  select.innerHTML = '<option value="">全部问卷和表格</option>' + list.map(q => '<option value="' + esc(q.id) + '">' + esc(q.title || q.id) + "</option>").join("");
  if (list.length === 1) select.value = list[0].id;
  printLink();
}
select.addEventListener("change", printLink);
document.getElementById("copies").addEventListener("input", printLink);

const pct = x => x == null ? "—" : (x * 100).toFixed(1) + "%";

// One question's counts as horizontal bars, inline SVG.
function chart(scale, counts) {
  const max = Math.max(1, ...counts);
  const row = 24, labelWidth = 90, barWidth = 360;
  let svg = '<svg class="chart" width="' + (labelWidth + barWidth + 60) + '" height="' + (row * counts.length + 4) + '" role="img">';
  counts.forEach((n, k) => {
    const w = Math.round(barWidth * n / max);
    const y = k * row + 2;
    svg += '<text x="' + (labelWidth - 6) + '" y="' + (y + 16) + '" text-anchor="end">' + esc(scale[k]) + "</text>" +
      '<rect x="' + labelWidth + '" y="' + (y + 3) + '" width="' + w + '" height="' + (row - 8) + '" fill="' + (k < 2 ? "#1f7a3a" : "#b3261e") + '" opacity="' + (1 - k * 0.12) + '"></rect>' +
      '<text x="' + (labelWidth + w + 6) + '" y="' + (y + 16) + '">' + n + "</text>";
  });
  return svg + "</svg>";
}

function renderTally(t) {
  const r = t.report;
  let html = "<p><b>" + esc(r.title) + "</b>" + (r.activity ? " · " + esc(r.activity) : "") + "</p>" +
    "<p>答卷 " + r.rows.total + " 份，计入 " + r.rows.counted + " 份，排除 " + r.rows.excluded + " 份。总体满意率 <b>" + pct(r.overall.satisfaction_rate) + "</b>" +
    (r.overall.mean != null ? "，平均 " + r.overall.mean.toFixed(2) + "（1 = " + esc(r.scale[0]) + "）" : "") + "</p>";
  if (t.problems.length) {
    html += '<div class="message error">' + t.problems.map(p => esc(p.message + (p.hint ? "（" + p.hint + "）" : ""))).join("<br>") + "</div>";
  }
  for (const q of r.questions) {
    html += '<div class="question"><h4>' + q.number + ". " + esc(q.text) + "</h4>";
    if (q.stats) html += chart(r.scale, q.stats.counts) + '<div class="muted">回答 ' + q.stats.answered + "，满意率 " + pct(q.stats.satisfaction_rate) + "</div>";
    if (q.answers) html += q.answers.length ? "<ul>" + q.answers.map(a => "<li>" + esc(a.text) + ' <span class="muted">（' + (a.line ? "第 " + a.line + " 行" : esc(a.source)) + "）</span></li>").join("") + "</ul>" : '<p class="muted">没有书面回答。</p>';
    html += "</div>";
  }
  document.getElementById("tally").innerHTML = html;
}

document.getElementById("csv").addEventListener("change", async event => {
  const file = event.target.files[0];
  if (!file) return;
  const bytes = await file.arrayBuffer();
  const query = ["name=" + encodeURIComponent(file.name), select.value ? "appendix=" + encodeURIComponent(select.value) : "", document.getElementById("activity").value ? "activity=" + encodeURIComponent(document.getElementById("activity").value) : ""].filter(Boolean).join("&");
  const result = await api("POST", "/api/tally/" + encPath(surveyPath) + (query ? "?" + query : ""), bytes, { "Content-Type": "application/octet-stream" });
  if (result.ok) renderTally(result.data);
  else document.getElementById("tally").innerHTML = '<p class="message error">' + esc(problem(result)) + "</p>";
});

loadSurvey();
