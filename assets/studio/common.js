// Shared by the studio's pages: API calls, escaping, query parameters.
"use strict";

const studio = window.studio || (window.studio = {});

function qs(name) {
  return new URLSearchParams(location.search).get(name);
}

function esc(text) {
  return String(text == null ? "" : text)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

// A path inside the served folder as a URL path: each part encoded.
function encPath(path) {
  return String(path).split("/").map(encodeURIComponent).join("/");
}

// fetch with JSON in and out; resolves to {status, ok, data, headers}.
async function api(method, url, body, headers, signal) {
  const init = { method, headers: Object.assign({}, headers || {}), signal };
  if (body !== undefined) {
    if (typeof body === "string" || body instanceof ArrayBuffer || body instanceof Blob) {
      init.body = body;
    } else {
      init.body = JSON.stringify(body);
      init.headers["Content-Type"] = "application/json";
    }
  }
  const response = await fetch(url, init);
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json() : await response.text();
  return { status: response.status, ok: response.ok, data, headers: response.headers };
}

// An API error as one line for a message.
function problem(result) {
  const d = result.data || {};
  if (typeof d === "string") return d || ("HTTP " + result.status);
  return (d.error || ("HTTP " + result.status)) + (d.hint ? "（" + d.hint + "）" : "");
}

function navLinks(path, orgFile) {
  const p = encodeURIComponent(path);
  let html = '<a href="/">全部制度</a>';
  html += '<a href="/edit?path=' + p + '">编辑</a>';
  if (orgFile) html += '<a href="/org?path=' + encodeURIComponent(orgFile) + '">组织信息</a>';
  html += '<a href="/amend?path=' + p + '">修订</a>';
  html += '<a href="/survey?path=' + p + '">问卷</a>';
  return html;
}

// A script error is shown, not swallowed: the page says what went wrong.
window.addEventListener("error", event => {
  const box = document.getElementById("banner");
  if (!box) return;
  box.hidden = false;
  box.className = "banner error";
  box.textContent = "页面出错：" + (event.message || event.error) + "（请刷新页面；未保存的修改仍在源文件视图中）";
});
window.addEventListener("unhandledrejection", event => {
  const box = document.getElementById("banner");
  if (!box) return;
  box.hidden = false;
  box.className = "banner error";
  box.textContent = "页面出错：" + (event.reason && event.reason.message || event.reason);
});
