// The organisation form: org.toml's fields, saved with toml_edit.
"use strict";

const orgPath = qs("path") || "";
let orgTag = null;

async function loadOrg() {
  document.getElementById("file").textContent = orgPath;
  const result = await api("GET", "/api/org/" + encPath(orgPath));
  const form = document.getElementById("form");
  if (!result.ok) {
    document.getElementById("message").className = "message error";
    document.getElementById("message").textContent = problem(result);
    return;
  }
  orgTag = result.headers.get("ETag") || result.data.etag;
  form.innerHTML = result.data.fields.map(f =>
    '<label for="f-' + f.key + '">' + esc(f.label) + ' <span class="muted">' + f.key + "</span></label>" +
    '<input id="f-' + f.key + '" name="' + f.key + '" value="' + esc(f.value) + '">').join("") +
    '<div class="actions"><button class="primary" type="submit">保存</button><span class="muted">保存后，引用这些信息的制度会在下次预览和生成时更新。</span></div>';
}

document.getElementById("form").addEventListener("submit", async event => {
  event.preventDefault();
  const fields = {};
  for (const input of event.target.querySelectorAll("input")) fields[input.name] = input.value;
  const result = await api("PUT", "/api/org/" + encPath(orgPath), { fields }, { "If-Match": orgTag || "" });
  const message = document.getElementById("message");
  if (result.ok) {
    orgTag = result.data.etag;
    message.className = "message ok";
    message.textContent = "已保存 " + orgPath;
  } else {
    message.className = "message error";
    message.textContent = (result.status === 409 ? "没有保存：文件在您打开后被修改了，请刷新页面后再改。" : "没有保存：") + problem(result);
  }
});

loadOrg();
