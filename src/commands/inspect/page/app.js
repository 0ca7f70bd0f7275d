// cicb inspect: the page. Every value from a capture reaches the DOM through textContent (the
// `text` helper below), never as HTML. The token lives in the URL's fragment and goes to the
// API as a header.
"use strict";

const PAGE = 200;
const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(location.hash.slice(1)).get("token") || "";
const state = {
  items: [], limit: PAGE, cursor: 0, open: null, detail: null, info: null, tab: "summary", raw: "",
};

// Control, bidi and invisible format characters: shown as a marked, isolated span whose visible
// label is CSS-generated, so the element's text stays the exact character.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(typeof c === "string" || typeof c === "number" ? text(String(c)) : c);
  }
  return e;
}

// A fragment holding `s` as text, control characters marked.
function text(s) {
  const f = document.createDocumentFragment();
  let last = 0;
  s = String(s);
  for (const m of s.matchAll(CONTROL)) {
    if (m.index > last) f.append(document.createTextNode(s.slice(last, m.index)));
    const cp = "U+" + m[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
    const span = document.createElement("span");
    span.className = "ctl";
    span.dataset.cp = cp;
    span.title = cp;
    span.textContent = m[0];
    f.append(span);
    last = m.index + m[0].length;
  }
  if (last < s.length) f.append(document.createTextNode(s.slice(last)));
  return f;
}

function fill(node, ...children) {
  node.replaceChildren();
  for (const c of children) if (c !== null && c !== undefined) node.append(typeof c === "string" ? text(c) : c);
}

async function api(path, opts) {
  const o = Object.assign({}, opts || {});
  o.headers = Object.assign({ "Authorization": "Bearer " + token }, o.headers || {});
  const r = await fetch("/api" + path, o);
  if (r.status === 401) notice("The token is missing or wrong: open the URL cicb inspect printed (it ends in #token=…).");
  return r;
}

async function apiJson(path, opts) {
  const r = await api(path, opts);
  const body = await r.json().catch(() => ({ error: "the answer is not JSON" }));
  if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
  return body;
}

function notice(msg) {
  const n = $("notice");
  n.hidden = !msg;
  fill(n, msg || "");
}

// Filters live in the query string, so a view can be shared (the token stays in the fragment).
function readFilters() {
  const p = new URLSearchParams(location.search);
  $("q").value = p.get("q") || "";
  $("failures").checked = p.get("failures") === "1";
  state.want = { status: p.get("status") || "", kind: p.get("kind") || "", tag: p.get("tag") || "" };
  $("status").value = state.want.status;
  state.wantOpen = p.get("open");
}

function filters() {
  const p = new URLSearchParams();
  const q = $("q").value.trim();
  if (q) p.set("q", q);
  for (const k of ["status", "kind", "tag"]) {
    const v = $(k).value || (state.want && state.want[k]) || "";
    if (v) p.set(k, v);
  }
  if ($("failures").checked) p.set("failures", "1");
  return p;
}

function writeUrl() {
  const p = filters();
  if (state.open) p.set("open", state.open);
  const s = p.toString();
  history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
}

function options(select, counts, chosen) {
  const keep = chosen || select.value;
  select.replaceChildren(el("option", { value: "" }, "all"));
  for (const [k, n] of Object.entries(counts || {})) select.append(el("option", { value: k }, k + " (" + n + ")"));
  if (keep && !(keep in (counts || {}))) select.append(el("option", { value: keep }, keep));
  select.value = keep;
}

let loading = null;
let again = false;
async function refresh() {
  if (loading) { again = true; return loading; }
  loading = (async () => {
    try {
      const p = filters();
      p.set("limit", String(state.limit));
      const list = await apiJson("/captures?" + p.toString());
      notice("");
      options($("kind"), list.kinds, state.want && state.want.kind);
      options($("tag"), list.tags, state.want && state.want.tag);
      state.want = null;
      const was = state.items[state.cursor] && state.items[state.cursor].n;
      state.items = list.items;
      const i = state.items.findIndex((it) => it.n === was);
      state.cursor = i >= 0 ? i : Math.min(state.cursor, Math.max(0, state.items.length - 1));
      renderList(list);
      if (state.wantOpen) { const f = state.wantOpen; state.wantOpen = null; openCapture(f); }
    } catch (e) {
      notice("Could not load the list: " + e.message);
    }
  })();
  await loading;
  loading = null;
  if (again) { again = false; return refresh(); }
}

function size(n) {
  if (n === null || n === undefined) return "-";
  if (n < 1024) return n + " B";
  if (n < 1048576) return (n / 1024).toFixed(1) + " KB";
  return (n / 1048576).toFixed(1) + " MB";
}

function shortTime(t) {
  if (!t) return "-";
  const m = /T(\d\d:\d\d:\d\d)/.exec(t);
  return m ? m[1] : t;
}

function renderList(list) {
  const box = $("list");
  box.replaceChildren();
  state.items.forEach((it, i) => {
    const stateText = it.status === "rejected" ? "refused" : it.status === "invalid" ? "not a callback" : (it.state || it.status);
    const row = el("div", {
      class: "row item s-" + it.status + (i === state.cursor ? " cursor" : "") + (it.file && it.file === state.open ? " open" : ""),
      role: "option", id: "opt-" + i, "aria-selected": String(i === state.cursor),
      "data-file": it.file || null,
    },
      el("span", { class: "c-time", title: it.time || "" }, shortTime(it.time)),
      el("span", { class: "c-kind", title: it.event || null }, it.kind),
      el("span", { class: "c-tag" }, it.tag || "-"),
      el("span", { class: "c-state" }, (it.status === "ok" ? "" : "✗ ") + stateText),
      el("span", { class: "c-id" }, it.id || (it.error || "-")),
      el("span", { class: "c-size" }, size(it.size)),
      el("span", { class: "c-src" }, it.source || (it.loose ? "copied in" : "-")));
    row.addEventListener("click", () => { state.cursor = i; openCurrent(); });
    box.append(row);
  });
  if (state.items.length) box.setAttribute("aria-activedescendant", "opt-" + state.cursor);
  else box.removeAttribute("aria-activedescendant");
  const shown = state.items.length;
  fill($("count"), list.matched === list.total
    ? list.total + " capture" + (list.total === 1 ? "" : "s") + (shown < list.matched ? ", " + shown + " shown" : "")
    : list.matched + " of " + list.total + " captures match" + (shown < list.matched ? ", " + shown + " shown" : ""));
  $("more").hidden = shown >= list.matched;
  if (!list.total) box.append(el("p", { class: "muted empty" }, "No captures yet: they appear here as listen or consume saves them."));
}

function move(d) {
  if (!state.items.length) return;
  state.cursor = Math.max(0, Math.min(state.items.length - 1, state.cursor + d));
  const box = $("list");
  for (const r of box.querySelectorAll(".row.item")) {
    const on = r.id === "opt-" + state.cursor;
    r.classList.toggle("cursor", on);
    r.setAttribute("aria-selected", String(on));
    if (on) r.scrollIntoView({ block: "nearest" });
  }
  box.setAttribute("aria-activedescendant", "opt-" + state.cursor);
}

function openCurrent() {
  const it = state.items[state.cursor];
  if (!it) return;
  if (!it.file) { showRefusal(it); return; }
  openCapture(it.file);
}

function showRefusal(it) {
  state.open = null;
  const d = $("detail");
  d.hidden = false;
  fill($("d-title"), "Refused request");
  fill($("d-sub"), [it.time, it.source, it.error].filter(Boolean).join(" · "));
  state.detail = null;
  selectTab("summary");
  fill($("p-summary"), el("p", {}, "Nothing was saved: the request was refused (" + (it.error || "see the index line") + ")."));
}

async function openCapture(file) {
  state.open = file;
  writeUrl();
  for (const r of $("list").querySelectorAll(".row.item")) r.classList.toggle("open", r.dataset.file === file);
  const enc = encodeURIComponent(file);
  let d;
  try {
    d = await apiJson("/captures/" + enc);
  } catch (e) {
    notice("Could not open " + file + ": " + e.message);
    return;
  }
  const r = await api("/captures/" + enc + "/raw");
  const bytes = new Uint8Array(await r.arrayBuffer());
  if (state.open !== file) return;
  state.detail = d;
  state.raw = new TextDecoder("utf-8").decode(bytes);
  $("detail").hidden = false;
  fill($("d-title"), file);
  const s = d.summary;
  fill($("d-sub"), [d.format ? d.format.toUpperCase() : "not a callback", size(d.size),
    s ? s.kind + (s.event ? "/" + s.event : "") : null, s && s.state].filter(Boolean).join(" · "));
  renderSummary(d);
  renderRaw(d);
  renderOther(d);
  renderMeta(d);
  renderValidate(d);
  renderCompare(d);
  renderReplay(d);
  selectTab(state.tab);
  if (window.matchMedia("(max-width: 899px)").matches) $("detail").scrollIntoView({ block: "start" });
}

function ts(t) {
  if (t === null || t === undefined) return null;
  if (typeof t === "object") return t.raw || t.value || null;
  return String(t);
}

function dl(pairs) {
  const d = el("dl", { class: "facts" });
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === "") continue;
    d.append(el("dt", {}, k), el("dd", {}, v));
  }
  return d;
}

function table(caption, head, rows) {
  const t = el("table", {}, el("caption", {}, caption));
  const tr = el("tr", {});
  for (const h of head) tr.append(el("th", { scope: "col" }, h));
  t.append(el("thead", {}, tr));
  const tb = el("tbody", {});
  for (const r of rows) {
    const row = el("tr", {});
    for (const c of r) row.append(el("td", {}, c === null || c === undefined ? "-" : c));
    tb.append(row);
  }
  t.append(tb);
  return el("div", { class: "scroll" }, t);
}

function renderSummary(d) {
  const p = $("p-summary");
  const s = d.summary;
  if (!s) {
    const why = d.error ? "It does not decode: " + d.error.message + " (line " + d.error.line + ", column " + d.error.column + ")."
      : "It decodes, but it is not a CI callback body (no JobsDetail, WorkflowExecution or audit data).";
    fill(p, el("p", { class: "bad" }, "Not a callback. " + why));
    return;
  }
  const w = s.workflow || {};
  const parts = [dl([
    ["Kind", s.kind], ["Event", s.event], ["State", s.state], ["Trigger", s.trigger],
    ["Workflow", [w.name, w.id].filter(Boolean).join(" · ")], ["Run id", w.run_id],
    ["Input", s.bucket || s.object ? "cos://" + (s.bucket || "?") + "/" + (s.object || "") : null],
    ["Region", s.region], ["Created", ts(s.created)], ["Ended", ts(s.ended)],
    ["Duration", s.duration_seconds !== null && s.duration_seconds !== undefined ? s.duration_seconds + " s" : null],
    ["User data", s.user_data],
  ])];
  if (s.failures.length) {
    const box = el("div", { class: "failures" }, el("h3", {}, "Failures"));
    for (const f of s.failures) {
      box.append(el("p", { class: "failure" },
        el("strong", {}, "#" + f.index + " " + (f.type || "job") + (f.job_id ? " " + f.job_id : "") + ": "),
        el("span", { class: "code-val" }, "Code " + (f.code || "-")), " ",
        el("span", { class: "msg" }, "Message " + (f.message || "-"))));
    }
    parts.push(box);
  }
  if (s.warnings.length) {
    const ul = el("ul", {});
    for (const w2 of s.warnings) ul.append(el("li", {}, (w2.index ? "#" + w2.index + " " : "") + w2.message));
    parts.push(el("h3", {}, "Warnings"), ul);
  }
  parts.push(table("Jobs and tasks", ["#", "Type", "State", "Job id", "Code", "Message", "Seconds"],
    s.jobs.map((j) => [String(j.index), j.type, j.state, j.job_id, j.code, j.message,
      j.duration_seconds === null || j.duration_seconds === undefined ? null : String(j.duration_seconds)])));
  const results = s.jobs.flatMap((j) => j.highlights.map((h) => "#" + j.index + " " + h));
  if (results.length) {
    const ul = el("ul", {});
    for (const r of results) ul.append(el("li", {}, r));
    parts.push(el("h3", {}, "Results"), ul);
  }
  if (s.outputs.length) {
    const ul = el("ul", { class: "outputs" });
    for (const o of s.outputs) {
      const li = el("li", {}, el("code", {}, o.uri || o.key));
      if (o.url && /^https:\/\//.test(o.url)) {
        li.append(" ", el("a", { href: o.url, rel: "noreferrer noopener", target: "_blank" }, "https link"));
      }
      ul.append(li);
    }
    parts.push(el("h3", {}, "Outputs (" + s.outputs.length + ")"), ul);
  }
  fill(p, ...parts);
}

// The raw body, one span per line (line numbers are CSS counters, not text), lightly
// highlighted; the element's text is the body exactly.
function renderRaw(d) {
  const pre = $("raw");
  pre.replaceChildren();
  const errLine = d.error ? d.error.line : 0;
  const lines = state.raw.split("\n");
  const tokens = d.format === "json" ? /("(?:[^"\\\n]|\\.)*")(\s*:)?/g : /(<[^>\n]*>)/g;
  lines.forEach((line, i) => {
    const span = el("span", { class: "ln" + (i + 1 === errLine ? " err" : "") });
    let last = 0;
    for (const m of line.matchAll(tokens)) {
      if (m.index > last) span.append(text(line.slice(last, m.index)));
      const cls = d.format === "json" ? (m[2] ? "k" : "s") : "t";
      span.append(el("span", { class: cls }, m[1]));
      if (m[2]) span.append(text(m[2]));
      last = m.index + m[0].length;
    }
    if (last < line.length) span.append(text(line.slice(last)));
    if (i < lines.length - 1) span.append(document.createTextNode("\n"));
    pre.append(span);
  });
  const notes = [];
  if (!d.utf8) notes.push("Not UTF-8: shown with replacement characters; download it for the exact bytes.");
  if (d.error) notes.push("Parse error at line " + d.error.line + ", column " + d.error.column + ": " + d.error.message);
  fill($("raw-note"), notes.join(" ") || size(d.size) + ", byte for byte.");
  const err = pre.querySelector(".err");
  if (err) err.title = d.error.message;
}

function renderOther(d) {
  const o = d.other;
  if (!o) {
    fill($("other-note"), "Only a body that decodes can be converted.");
    fill($("other"), "");
  } else if (o.error) {
    fill($("other-note"), "Cannot be written as " + o.format.toUpperCase() + ": " + o.error);
    fill($("other"), "");
  } else {
    fill($("other-note"), "As cicb convert writes it (" + o.format.toUpperCase() + ").");
    fill($("other"), o.text);
  }
}

function renderMeta(d) {
  const m = d.meta;
  const p = $("p-meta");
  if (!m || typeof m !== "object") {
    fill(p, el("p", {}, "Not in index.ndjson: this body was copied into the folder, so there is no request metadata."));
    return;
  }
  const pairs = [];
  for (const [k, v] of Object.entries(m)) {
    if (k === "headers") continue;
    pairs.push([k, v === null ? "null" : typeof v === "object" ? JSON.stringify(v) : String(v)]);
  }
  const parts = [el("h3", {}, "Index line"), dl(pairs)];
  const h = m.headers;
  if (Array.isArray(h)) {
    parts.push(table("Kafka headers", ["Name", "Value"], h.map((x) => [String(x[0]), x[1] === null ? "(none)" : typeof x[1] === "object" ? JSON.stringify(x[1]) : String(x[1])])));
  } else if (h && typeof h === "object") {
    parts.push(table("Request headers", ["Name", "Value"], Object.entries(h).map(([k, v]) => [k, String(v)])));
  }
  fill(p, ...parts);
}

function renderValidate(d) {
  const f = d.findings || [];
  const p = $("p-validate");
  if (!f.length) { fill(p, el("p", { class: "good" }, "No findings: cicb validate has nothing to say.")); return; }
  fill(p, table(f.length + " finding" + (f.length === 1 ? "" : "s"), ["Severity", "Line", "Rule", "Message", "Path"],
    f.map((x) => [x.severity, x.line ? x.line + ":" + x.column : "-", x.rule, x.message, x.path])));
}

function renderCompare(d) {
  const sel = $("compare-with");
  sel.replaceChildren();
  for (const it of state.items) {
    if (!it.file || it.file === d.file) continue;
    sel.append(el("option", { value: it.file }, shortTime(it.time) + " " + (it.tag || it.kind) + " " + (it.id || it.file)));
  }
  fill($("compare-summary"), sel.options.length ? "" : "No other capture in the list to compare with.");
  fill($("compare-out"));
}

async function compare(ev) {
  ev.preventDefault();
  const b = $("compare-with").value;
  if (!state.detail || !b) return;
  const p = new URLSearchParams({ a: state.detail.file, b });
  if ($("compare-all").checked) p.set("all", "1");
  try {
    const r = await apiJson("/diff?" + p.toString());
    fill($("compare-summary"), r.summary);
    const show = (v) => v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
    fill($("compare-out"), table("Changes from " + r.a + " to " + r.b, ["Change", "Path", "Old", "New"],
      r.changes.map((c) => [c.op + (c.item ? " item" : ""), c.path, show(c.old), show(c.new)])));
  } catch (e) {
    fill($("compare-summary"), "Cannot compare: " + e.message);
    fill($("compare-out"));
  }
}

function shq(s) {
  return "'" + String(s).replace(/'/g, "'\\''") + "'";
}

function sets() {
  return $("replay-set").value.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
    const i = l.indexOf("=");
    return i < 0 ? [l, ""] : [l.slice(0, i), l.slice(i + 1)];
  });
}

function updateCopies() {
  if (!state.detail || !state.info) return;
  const path = state.info.dir.replace(/\/$/, "") + "/" + state.detail.file;
  const url = $("replay-url").value || "http://127.0.0.1:3000/callback";
  const setArgs = sets().map(([k, v]) => " --set " + shq(k + "=" + v)).join("");
  $("copy-send").value = "cicb send " + shq(url) + " " + shq(path) + setArgs;
  const ct = state.detail.format === "json" ? "application/json" : state.detail.format === "xml" ? "application/xml" : "application/octet-stream";
  $("copy-curl").value = "curl -sS -X POST -H " + shq("Content-Type: " + ct) + " --data-binary @" + shq(path) + " " + shq(url);
}

function renderReplay() {
  $("replay-url").value = localStorage.getItem("cicb-replay-url") || "";
  $("replay-body").value = state.raw;
  $("replay-set").value = "";
  fill($("replay-result"));
  updateCopies();
}

async function replay(ev) {
  ev.preventDefault();
  if (!state.detail) return;
  const url = $("replay-url").value.trim();
  localStorage.setItem("cicb-replay-url", url);
  const req = { file: state.detail.file, url, set: sets() };
  if ($("replay-body").value !== state.raw) req.body = $("replay-body").value;
  const out = $("replay-result");
  fill(out, el("p", {}, "Sending…"));
  try {
    const r = await apiJson("/replay", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(req) });
    if (r.error) {
      fill(out, el("p", { class: "bad" }, "Failed after " + r.ms + " ms: " + r.error));
    } else {
      const good = r.status >= 200 && r.status < 300;
      fill(out, el("p", { class: good ? "good" : "bad" }, el("strong", { class: "replay-status" }, "HTTP " + r.status),
        " in " + r.ms + " ms (" + r.sent + " bytes sent)"), el("pre", { class: "code answer", tabindex: "0", "aria-label": "The answer" }, r.answer || "(empty answer)"));
    }
  } catch (e) {
    fill(out, el("p", { class: "bad" }, "Not sent: " + e.message));
  }
}

async function download(kind) {
  if (!state.detail) return;
  const f = state.detail.file;
  const r = await api("/captures/" + encodeURIComponent(f) + (kind === "raw" ? "/raw?download=1" : "/redacted"));
  if (!r.ok) {
    const e = await r.json().catch(() => ({}));
    notice("Cannot download: " + (e.error || "HTTP " + r.status));
    return;
  }
  const blob = await r.blob();
  // The server names the file (a redacted body's name holds no id of the original).
  const named = /filename="([^"]+)"/.exec(r.headers.get("Content-Disposition") || "");
  const a = el("a", { href: URL.createObjectURL(blob), download: named ? named[1] : f });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

const TABS = ["summary", "raw", "other", "meta", "validate", "compare", "replay"];
function selectTab(name) {
  state.tab = name;
  for (const t of TABS) {
    const on = t === name;
    const b = $("tab-" + t);
    b.setAttribute("aria-selected", String(on));
    b.tabIndex = on ? 0 : -1;
    $("p-" + t).hidden = !on;
  }
}

function copy(id) {
  const input = $(id);
  input.select();
  if (navigator.clipboard) navigator.clipboard.writeText(input.value).catch(() => document.execCommand("copy"));
  else document.execCommand("copy");
}

// Server-sent events, read with fetch so the token goes in a header. Every event (and every
// reconnection) re-fetches the list.
let timer = null;
function soon() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 80);
}

async function follow() {
  let wait = 500;
  for (;;) {
    try {
      const r = await api("/events", { headers: { "Accept": "text/event-stream" } });
      if (r.status === 401) return;
      if (!r.ok || !r.body) throw new Error("HTTP " + r.status);
      fill($("live"), "● live");
      $("live").classList.add("on");
      wait = 500;
      soon();
      const reader = r.body.getReader();
      const dec = new TextDecoder();
      let buf = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (/^data:/m.test(block)) soon();
        }
      }
    } catch (e) {
      // Reconnect below.
    }
    fill($("live"), "reconnecting…");
    $("live").classList.remove("on");
    await new Promise((res) => setTimeout(res, wait));
    wait = Math.min(wait * 2, 5000);
  }
}

function typing(t) {
  return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
}

function keys(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (typing(ev.target)) {
    if (ev.key === "Escape") ev.target.blur();
    return;
  }
  const onTab = ev.target && ev.target.getAttribute && ev.target.getAttribute("role") === "tab";
  if (onTab && (ev.key === "ArrowRight" || ev.key === "ArrowLeft")) {
    const i = TABS.indexOf(state.tab) + (ev.key === "ArrowRight" ? 1 : -1);
    const t = TABS[(i + TABS.length) % TABS.length];
    selectTab(t);
    $("tab-" + t).focus();
    ev.preventDefault();
    return;
  }
  switch (ev.key) {
    case "j": case "ArrowDown": move(1); break;
    case "k": case "ArrowUp": move(-1); break;
    case "Enter":
      if (ev.target && ev.target.tagName === "BUTTON") return;
      openCurrent(); break;
    case "/": $("q").focus(); break;
    case "f": $("failures").checked = !$("failures").checked; writeUrl(); refresh(); break;
    default: return;
  }
  ev.preventDefault();
}

function init() {
  if (!token) notice("No token: open the URL cicb inspect printed (it ends in #token=…).");
  readFilters();
  for (const t of TABS) $("tab-" + t).addEventListener("click", () => selectTab(t));
  let typingTimer = null;
  $("q").addEventListener("input", () => { clearTimeout(typingTimer); typingTimer = setTimeout(() => { state.limit = PAGE; writeUrl(); refresh(); }, 200); });
  for (const id of ["status", "kind", "tag", "failures"]) $(id).addEventListener("change", () => { state.limit = PAGE; writeUrl(); refresh(); });
  $("filters").addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
  $("more").addEventListener("click", () => { state.limit += PAGE; refresh(); });
  $("compare-form").addEventListener("submit", compare);
  $("replay-form").addEventListener("submit", replay);
  for (const id of ["replay-url", "replay-set"]) $(id).addEventListener("input", updateCopies);
  $("copy-send-btn").addEventListener("click", () => copy("copy-send"));
  $("copy-curl-btn").addEventListener("click", () => copy("copy-curl"));
  $("dl-raw").addEventListener("click", () => download("raw"));
  $("dl-redacted").addEventListener("click", () => download("redacted"));
  document.addEventListener("keydown", keys);
  selectTab("summary");
  apiJson("/info").then((i) => { state.info = i; fill($("dir"), i.dir); updateCopies(); }).catch(() => {});
  refresh();
  follow();
}

init();
