// The job page: the caller's jobs, a submit form, and one job's live progress and result, all through the job API
// with the key the user gave once (kept for this browser tab in sessionStorage, sent as a bearer token).
"use strict";

const $ = id => document.getElementById(id);
const KeyName = "steer.apiKey";
const ListRefreshMs = 3000;
let key = sessionStorage.getItem(KeyName);
let shownJob = null;        // { id, steps: [], status, abort } of the job view
let gridUrl = null;         // the object URL of the sample grid shown, revoked when replaced

class KeyRefused extends Error {}

/** A fetch of the API with the key; a 401 asks for a (new) key and throws. */
async function api(path, options = {}) {
  const headers = new Headers(options.headers);
  if (key) headers.set("Authorization", "Bearer " + key);
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) {
    askForKey(key ? "The host refused that key." : "");
    throw new KeyRefused();
  }
  return response;
}

async function errorOf(response) {
  try { return (await response.json()).error ?? `HTTP ${response.status}`; } catch { return `HTTP ${response.status}`; }
}

// ---- the key ----

function askForKey(problem) {
  $("app").hidden = true;
  $("key-form").hidden = false;
  $("key-error").textContent = problem;
  $("api-key").focus();
}

$("key-form").addEventListener("submit", event => {
  event.preventDefault();
  key = $("api-key").value.trim();
  sessionStorage.setItem(KeyName, key);
  $("api-key").value = "";
  start();
});

$("forget-key").addEventListener("click", () => {
  sessionStorage.removeItem(KeyName);
  key = null;
  location.reload();
});

/** Shows the app once the API answers with the key we have (or without one, where the API is open). */
async function start() {
  try {
    await refreshList();
  } catch (e) {
    if (!(e instanceof KeyRefused)) $("key-error").textContent = String(e);
    return;
  }
  $("key-form").hidden = true;
  $("app").hidden = false;
  $("key-state").textContent = key ? "using your API key" : "this host needs no API key";
  $("forget-key").hidden = !key;
  if (location.hash.length > 1) showJob(decodeURIComponent(location.hash.slice(1)));
}

// ---- the job list ----

async function refreshList() {
  const response = await api("/jobs?count=25");
  if (!response.ok) throw new Error(await errorOf(response));
  const ids = (await response.json()).jobs;
  const statuses = await Promise.all(ids.map(async id => {
    const r = await api(`/jobs/${encodeURIComponent(id)}`);
    return r.ok ? r.json() : { jobId: id, state: "unknown" };
  }));
  $("job-list").replaceChildren(...statuses.map(jobRow));
  $("jobs-empty").hidden = ids.length > 0;
}

function jobRow(status) {
  const row = document.createElement("li");
  row.dataset.testid = "job-row";
  row.dataset.jobId = status.jobId;
  row.classList.toggle("selected", status.jobId === shownJob?.id);
  const id = span("id", status.jobId);
  const detail = span("detail", `${status.method ?? ""} · ${status.stepsDone ?? 0}/${status.steps ?? "?"} steps · `);
  detail.append(span(`state-${status.state}`, status.state));
  row.append(id, detail);
  row.addEventListener("click", () => showJob(status.jobId));
  return row;
}

function span(className, text) {
  const s = document.createElement("span");
  s.className = className;
  s.textContent = text;
  return s;
}

async function keepListFresh() {
  try { if (!document.hidden && !$("app").hidden) await refreshList(); } catch { /* shown on the next user action */ }
  setTimeout(keepListFresh, ListRefreshMs);
}

// ---- submitting ----

$("submit-form").addEventListener("submit", async event => {
  event.preventDefault();
  const errors = $("submit-errors");
  errors.replaceChildren();
  $("submit").disabled = true;
  try {
    const response = await api("/jobs", { method: "POST", body: $("spec").value, headers: { "Content-Type": "application/json" } });
    if (response.status === 202) {
      const { id } = await response.json();
      showJob(id);
      await refreshList();
    } else if (response.status === 400) {
      errors.append(...((await response.json()).errors ?? []).map(fieldError));
    } else {
      errors.append(Object.assign(document.createElement("li"), { textContent: await errorOf(response) }));
    }
  } catch (e) {
    if (!(e instanceof KeyRefused)) errors.append(Object.assign(document.createElement("li"), { textContent: String(e) }));
  } finally {
    $("submit").disabled = false;
  }
});

/** One problem of a rejected spec: its field path, then what is wrong. */
function fieldError({ field, problem }) {
  const item = document.createElement("li");
  const code = document.createElement("code");
  code.textContent = field;
  item.append(code, ": " + problem);
  return item;
}

// ---- one job: progress from its event stream, then its result ----

async function showJob(id) {
  shownJob?.abort.abort();
  const job = shownJob = { id, steps: [], status: null, abort: new AbortController() };
  history.replaceState(null, "", "#" + encodeURIComponent(id));
  for (const row of $("job-list").children) row.classList.toggle("selected", row.dataset.jobId === id);
  $("job-view").hidden = false;
  $("job-id").textContent = id;
  $("job-error").textContent = "";
  $("result").hidden = true;
  drawCharts(job);
  try {
    const path = `/jobs/${encodeURIComponent(id)}`;
    const status = await api(path, { signal: job.abort.signal });
    if (!status.ok) { $("job-error").textContent = status.status === 404 ? "no such job" : await errorOf(status); return; }
    showStatus(job, await status.json());
    const response = await api(path + "/events", { signal: job.abort.signal });
    if (!response.ok) { $("job-error").textContent = await errorOf(response); return; }
    for await (const { event, data } of serverSentEvents(response)) {
      if (event === "step") { job.steps.push(data); scheduleDraw(job); }
      else if (event === "end") { showStatus(job, data); refreshList().catch(() => {}); await showResult(job); }
    }
  } catch (e) {
    if (e.name !== "AbortError" && !(e instanceof KeyRefused) && job === shownJob) $("job-error").textContent = "progress lost: " + e;
  }
}

/** The events of a text/event-stream response, as { event, data } with data parsed from JSON. */
async function* serverSentEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replaceAll("\r\n", "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0) yield { event, data: JSON.parse(data.join("\n")) };
    }
  }
}

function showStatus(job, status) {
  if (job !== shownJob) return;
  job.status = status;
  const state = $("job-state");
  state.textContent = status.state;
  state.className = `state-${status.state}`;
  $("cancel").hidden = ["completed", "failed", "cancelled", "rejected"].includes(status.state);
  if (status.error) $("job-error").textContent = status.error;
  scheduleDraw(job);
}

$("cancel").addEventListener("click", () => {
  if (shownJob) api(`/jobs/${encodeURIComponent(shownJob.id)}/cancel`, { method: "POST" }).catch(() => {});
});

let drawPending = false;
function scheduleDraw(job) {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => { drawPending = false; if (job === shownJob) drawCharts(job); });
}

function drawCharts(job) {
  const total = job.status?.steps ?? job.steps.length;
  $("step-counter").textContent = `${job.steps.length} / ${total || "?"}`;
  const xs = job.steps.map(s => s.step);
  const xRange = [Math.min(0, ...xs), Math.max(1, total, ...xs)];
  const rewarded = job.steps.filter(s => s.meanReward != null);
  chart($("reward-chart"), xRange, [
    { className: "mean", points: rewarded.map(s => [s.step, s.meanReward]) },
    { className: "best", points: rewarded.filter(s => s.maxReward != null).map(s => [s.step, s.maxReward]) },
  ]);
  chart($("ess-chart"), xRange, [{ className: "ess", points: job.steps.map(s => [s.step, s.ess]) }], [0, job.status?.particles]);
}

/** Line series in an SVG of viewBox 400 x 180, framed, with the ends of the y range at the left and of the steps below. */
function chart(svg, [x0, x1], series, yFixed = []) {
  const W = 400, H = 180, left = 48, pad = 8, bottom = 20;
  const ys = series.flatMap(s => s.points.map(p => p[1]));
  let y0 = yFixed[0] ?? Math.min(...ys), y1 = yFixed[1] ?? Math.max(...ys);
  if (!isFinite(y0) || !isFinite(y1)) [y0, y1] = [0, 1];
  if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
  const px = x => left + (x - x0) / (x1 - x0) * (W - left - pad);
  const py = y => H - bottom - (y - y0) / (y1 - y0) * (H - pad - bottom);
  const frame = svgElement("rect", { class: "frame", x: left, y: pad, width: W - left - pad, height: H - pad - bottom });
  const text = (value, x, y, anchor = "start") =>
    Object.assign(svgElement("text", { x, y, "text-anchor": anchor }), { textContent: format(value) });
  const labels = [text(y1, 4, pad + 10), text(y0, 4, H - bottom), text(x0, left, H - 4), text(x1, W - pad, H - 4, "end")];
  const lines = series.map(s => svgElement("polyline", {
    class: s.className, points: s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" "),
  }));
  svg.replaceChildren(frame, ...labels, ...lines);
  svg.dataset.points = String(Math.max(0, ...series.map(s => s.points.length)));
}

function svgElement(name, attributes) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  return e;
}

function format(value) {
  return Math.abs(value) >= 1000 || (value !== 0 && Math.abs(value) < 0.01) ? value.toExponential(1) : String(+value.toFixed(2));
}

async function showResult(job) {
  if (job.status?.state !== "completed" || job !== shownJob) return;
  const response = await api(`/jobs/${encodeURIComponent(job.id)}/result`, { signal: job.abort.signal });
  if (!response.ok) { $("job-error").textContent = await errorOf(response); return; }
  const result = await response.json();
  if (job !== shownJob) return;
  const s = result.summary;
  $("summary").textContent = `best reward ${format(s.bestReward)} · weighted mean reward ${format(s.weightedMeanReward)} · ` +
    `final ESS ${format(s.finalEss)} · ${s.resamplings} resamplings · ${result.nfe.denoiser} denoiser evaluations`;
  $("grid").hidden = $("scatter").hidden = $("texts").hidden = true;
  $("result").hidden = false;
  if (result.samples.length === 0) showTexts(result.texts ?? []);
  else if (result.sampleShape.length === 1) drawScatter(result);
  else await showGrid(job);
}

async function showGrid(job) {
  const response = await api(`/jobs/${encodeURIComponent(job.id)}/samples.png?count=64&columns=8&weighted=true`, { signal: job.abort.signal });
  if (!response.ok) { $("job-error").textContent = await errorOf(response); return; }
  const url = URL.createObjectURL(await response.blob());
  if (gridUrl) URL.revokeObjectURL(gridUrl);
  gridUrl = url;
  $("sample-grid").src = url;
  $("grid").hidden = false;
}

/** The particles' first two coordinates, coloured from blue (lowest reward) to orange (highest). */
function drawScatter(result) {
  const canvas = $("scatter"), g = canvas.getContext("2d"), W = canvas.width, H = canvas.height, pad = 16;
  const points = result.samples.map((x, i) => [x[0], x.length > 1 ? x[1] : 0, result.rewards[i]]);
  const range = k => { const v = points.map(p => p[k]).filter(isFinite); return [Math.min(...v), Math.max(...v)]; };
  const [xa, xb] = range(0), [ya, yb] = range(1), [ra, rb] = range(2);
  const span = Math.max(xb - xa, yb - ya, 1e-9), cx = (xa + xb) / 2, cy = (ya + yb) / 2;
  const px = x => W / 2 + (x - cx) / span * (W - 2 * pad), py = y => H / 2 - (y - cy) / span * (H - 2 * pad);
  g.clearRect(0, 0, W, H);
  g.strokeStyle = "#ddd";
  g.beginPath(); g.moveTo(px(0), 0); g.lineTo(px(0), H); g.moveTo(0, py(0)); g.lineTo(W, py(0)); g.stroke();
  for (const [x, y, r] of points) {
    const u = isFinite(r) && rb > ra ? (r - ra) / (rb - ra) : 0.5;
    g.fillStyle = `hsla(${220 - 190 * u}, 80%, 45%, 0.7)`;
    g.beginPath(); g.arc(px(x), py(y), 2.5, 0, 2 * Math.PI); g.fill();
  }
  canvas.dataset.points = String(points.length);
  canvas.hidden = false;
}

function showTexts(texts) {
  const list = $("texts");
  list.replaceChildren(...texts.slice(0, 64).map(t => Object.assign(document.createElement("li"), { textContent: t })));
  list.hidden = false;
}

start().then(() => setTimeout(keepListFresh, ListRefreshMs));
