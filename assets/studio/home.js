// Home: every organisation and its charters.
"use strict";

const STATUS = { ok: "正常", warnings: "有警告", errors: "有错误" };

async function loadHome() {
  const box = document.getElementById("orgs");
  const result = await api("GET", "/api/charters");
  if (!result.ok) {
    box.innerHTML = '<p class="message error">' + esc(problem(result)) + "</p>";
    return;
  }
  const groups = new Map();
  for (const c of result.data) {
    const key = c.model ? "\u0000models" : c.org_folder + "\u0000" + (c.org || c.org_folder);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(c);
  }
  if (groups.size === 0) {
    box.innerHTML = '<p class="muted">这个文件夹里还没有制度（.toml 文件）。用 <code>charter new</code> 或 <code>charter import</code> 创建一个。</p>';
    return;
  }
  let html = "";
  const keys = [...groups.keys()].sort((a, b) => (a.startsWith("\u0000") ? 1 : 0) - (b.startsWith("\u0000") ? 1 : 0) || a.localeCompare(b));
  for (const key of keys) {
    const list = groups.get(key);
    const first = list[0];
    const models = key.startsWith("\u0000");
    const name = models ? "模板（model）" : (first.org || first.org_folder);
    let orgLink = first.org_file ? ' <a href="/org?path=' + encodeURIComponent(first.org_file) + '">组织信息</a>' : "";
    if (first.org_file && !models) {
      // The organisation's regulations bound in one volume (charter volume).
      const volume = "/api/volume/" + encPath(first.org_file);
      orgLink += ' <span class="volume">制度汇编 <a href="' + volume + '?format=pdf">PDF</a> <a href="' + volume + '?format=docx">DOCX</a></span>';
    }
    html += '<section class="card" data-org="' + esc(first.org_folder) + '"><h2>' + esc(name) + " <small>" + esc(models ? "供各组织继承（extends），不单独生成" : first.org_folder) + "</small>" + orgLink + "</h2>";
    html += '<table class="list"><thead><tr><th>标题</th><th>编号</th><th>版本</th><th>审议通过</th><th>状态</th><th></th></tr></thead><tbody>';
    for (const c of list) {
      const p = encodeURIComponent(c.path);
      const count = c.errors ? c.errors + " 个错误" : c.warnings ? c.warnings + " 个警告" : "";
      let links = '<a href="/edit?path=' + p + '">编辑</a>';
      if (!c.model) {
        links += '<a href="/amend?path=' + p + '">修订</a>';
        if (c.questionnaires.length) links += '<a href="/survey?path=' + p + '">问卷</a>';
        if (c.status !== "errors") {
          links += '<a href="/api/download/' + encPath(c.path) + '?format=pdf">PDF</a>';
          links += '<a href="/api/download/' + encPath(c.path) + '?format=docx">DOCX</a>';
        }
      }
      html += '<tr data-path="' + esc(c.path) + '"><td><a href="/edit?path=' + p + '">' + esc(c.title || c.id) + '</a><br><span class="muted">' + esc(c.path) + "</span></td>" +
        "<td>" + esc(c.number || "—") + "</td><td>" + esc(c.version || "—") + "</td><td>" + esc(c.approval || "—") + "</td>" +
        '<td><span class="status ' + c.status + '" title="' + esc(count) + '">' + STATUS[c.status] + "</span></td>" +
        '<td class="links">' + links + "</td></tr>";
    }
    html += "</tbody></table></section>";
  }
  box.innerHTML = html;
}

loadHome();

// A new organisation from the kit (charter new --kind).
document.getElementById("new-org").addEventListener("submit", async event => {
  event.preventDefault();
  const out = document.getElementById("new-result");
  const name = document.getElementById("org-name").value.trim();
  const kind = document.getElementById("org-kind").value;
  const folder = document.getElementById("org-folder").value.trim() || "orgs/" + name;
  out.className = "message";
  out.textContent = "正在创建…";
  const result = await api("POST", "/api/new", { folder, name, kind });
  if (!result.ok) {
    out.className = "message error";
    out.textContent = "没有创建：" + problem(result);
    return;
  }
  const made = result.data;
  const first = made.charters[0];
  out.className = "message ok";
  out.innerHTML = "已创建 " + made.created.length + " 个文件" + (made.kept.length ? "，保留已有的 " + made.kept.length + " 个" : "") +
    "。下一步：<a href=\"/org?path=" + encodeURIComponent(made.org_file) + "\">填写组织信息</a>（标【待填写】的各项），然后 <a href=\"/edit?path=" +
    encodeURIComponent(first) + "\" data-role=\"open-new\">打开章程</a>。";
  loadHome();
});

// A regulation imported from a file (charter import).
document.getElementById("import-form").addEventListener("submit", async event => {
  event.preventDefault();
  const out = document.getElementById("import-result");
  const report = document.getElementById("import-report");
  const file = document.getElementById("import-file").files[0];
  if (!file) return;
  const folder = document.getElementById("import-folder").value.trim() || "orgs/imported";
  out.className = "message";
  out.textContent = "正在导入 " + file.name + "…";
  const body = await file.arrayBuffer();
  const result = await api("POST", "/api/import?folder=" + encodeURIComponent(folder) + "&name=" + encodeURIComponent(file.name), body,
    { "Content-Type": "application/octet-stream" });
  if (!result.ok) {
    out.className = "message error";
    out.textContent = "没有导入：" + problem(result);
    report.hidden = true;
    return;
  }
  out.className = "message ok";
  out.innerHTML = "已导入为 <a href=\"/edit?path=" + encodeURIComponent(result.data.path) + "\" data-role=\"open-imported\">" + esc(result.data.path) + "</a>。识别结果：";
  report.hidden = false;
  report.textContent = result.data.report;
  loadHome();
});
