// TOML for the editor: highlighting, the table at the cursor, and the keys
// the format's JSON Schema (GET /api/schema) allows there.
"use strict";

const toml = {};

// One line of TOML as HTML; `state` carries an open multi-line string.
toml.line = function (text, state) {
  let out = "";
  let i = 0;
  const n = text.length;
  const span = (cls, s) => '<span class="tok-' + cls + '">' + templ(s, cls) + "</span>";
  // {{ … }} inside strings stands out: it is a template, not text.
  const templ = (s, cls) => cls === "string"
    ? esc(s).replace(/\{\{.*?\}\}|\{%.*?%\}/g, m => '<span class="tok-tpl">' + m + "</span>")
    : esc(s);
  if (state.open) {
    const end = text.indexOf(state.open);
    if (end < 0) return span("string", text);
    out += span("string", text.slice(0, end + 3));
    i = end + 3;
    state.open = null;
  }
  const rest = text.slice(i);
  const header = /^(\s*)(\[\[?[^\]#]*\]\]?)(.*)$/.exec(rest);
  if (i === 0 && header) {
    return esc(header[1]) + span("header", header[2]) + toml.value(header[3], state, span);
  }
  const key = /^(\s*)((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"))*)(\s*=)(.*)$/.exec(rest);
  if (i === 0 && key) {
    return esc(key[1]) + span("key", key[2]) + esc(key[3]) + toml.value(key[4], state, span);
  }
  return out + toml.value(rest, state, span);
};

// Values, comments and punctuation after a key or inside an array.
toml.value = function (text, state, span) {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const rest = text.slice(i);
    if (c === "#") { out += span("comment", rest); break; }
    if (rest.startsWith('"""') || rest.startsWith("'''")) {
      const quote = rest.slice(0, 3);
      const end = rest.indexOf(quote, 3);
      if (end < 0) { state.open = quote; out += span("string", rest); break; }
      out += span("string", rest.slice(0, end + 3)); i += end + 3; continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) { if (c === '"' && text[j] === "\\") j++; j++; }
      out += span("string", text.slice(i, j + 1)); i = j + 1; continue;
    }
    const num = /^(\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?|[+-]?\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(rest);
    if (num && (i === 0 || /[\s,=\[{]/.test(text[i - 1]))) { out += span("number", num[0]); i += num[0].length; continue; }
    const word = /^(true|false)\b/.exec(rest);
    if (word) { out += span("bool", word[0]); i += word[0].length; continue; }
    const bare = /^([A-Za-z_][A-Za-z0-9_-]*)(\s*=)/.exec(rest);
    if (bare) { out += span("key", bare[1]) + esc(bare[2]); i += bare[0].length; continue; }
    out += esc(c); i++;
  }
  return out;
};

// The whole text as HTML, one <span data-l="N"> per line (for jumps).
toml.highlight = function (text) {
  const state = { open: null };
  const lines = text.split("\n");
  let html = "";
  for (let k = 0; k < lines.length; k++) {
    html += '<span data-l="' + (k + 1) + '">' + toml.line(lines[k], state) + "</span>\n";
  }
  return html + " ";
};

// The table the cursor is in, as a list of names: [[section.clause]] → ["section", "clause"].
toml.tableAt = function (text, offset) {
  const before = text.slice(0, offset).split("\n");
  before.pop();
  for (let k = before.length - 1; k >= 0; k--) {
    const m = /^\s*\[\[?\s*([^\]]*?)\s*\]\]?\s*(#.*)?$/.exec(before[k]);
    if (m) return m[1].split(".").map(s => s.trim().replace(/^"|"$/g, "")).filter(Boolean);
  }
  return [];
};

// The schema object for a table path, following arrays, $ref and anyOf.
toml.schemaAt = function (schema, path) {
  const resolve = node => {
    for (let guard = 0; node && guard < 8; guard++) {
      if (node.$ref) { node = schema.definitions[node.$ref.split("/").pop()]; continue; }
      if (node.type === "array" && node.items) { node = node.items; continue; }
      if (node.anyOf) { node = node.anyOf.find(a => a.properties || a.$ref) || null; continue; }
      break;
    }
    return node;
  };
  let node = resolve(schema);
  for (const name of path) {
    if (!node || !node.properties || !node.properties[name]) return null;
    node = resolve(node.properties[name]);
  }
  return node;
};

// Keys valid in the table `path`: [{name, doc}].
toml.keysAt = function (schema, path) {
  const node = toml.schemaAt(schema, path);
  if (!node || !node.properties) return [];
  return Object.keys(node.properties).map(name => ({ name, doc: node.properties[name].description || "" }));
};

// Table headers the format has, for completing `[[…`: "section.clause" ….
toml.tablePaths = function (schema) {
  const out = [];
  const walk = (path, node, depth) => {
    const resolved = toml.schemaAt(schema, path);
    if (!resolved || !resolved.properties || depth > 5) return;
    for (const name of Object.keys(resolved.properties)) {
      const child = toml.schemaAt(schema, path.concat(name));
      if (child && child.properties && Object.keys(child.properties).length) {
        const raw = resolved.properties[name];
        const array = raw.type === "array";
        out.push({ name: path.concat(name).join("."), array, doc: raw.description || "" });
        walk(path.concat(name), child, depth + 1);
      }
    }
  };
  walk([], schema, 0);
  return out;
};
