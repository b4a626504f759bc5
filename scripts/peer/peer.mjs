// The Excalidraw side of scripts/peer-excalidraw (issue 15): Stormpad's pans, done to
// Excalidraw 0.18.1 in Debian's headless Chromium, timed the way `stormpad --measure` times
// them and printed in the same JSON shape. Run from the folder it is installed into
// (.tools/peer/, next to node_modules and the built page in dist/).
//
//   node peer.mjs scene BOARD.storm.ron OUT.json   Excalidraw stickies for a Stormpad board
//   node peer.mjs build                            bundles page/ into dist/ with Vite
//   node peer.mjs measure SCENE.json [--script pan|pan-fit|both] [--seconds S] [--size WxH]
//                                    [--rate R] [--chromium PATH] [--screenshots DIR]
//        (--screenshots: a PNG of each view before its pan, and the pan's Chromium trace)
//                                    [--windowed]  (a real window on $DISPLAY, e.g. Xvfb)
//   node peer.mjs table RESULTS.jsonl              the table of both tools' JSON lines
//
// `measure` prints one JSON line per script, first on an empty scene (the floor), then on the
// scene: median/p95/p99/max of the intervals between requestAnimationFrame callbacks (the
// page's frames) and, under "compositor", the same for the compositor's DrawFrame events
// from Chromium's tracing.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const WARM_UP_MS = 500;

// Sticky colours as a team picks them from Excalidraw's palette, one per Stormpad kind.
const COLOURS = {
  DomainEvent: "#ffc078",
  Command: "#a5d8ff",
  Policy: "#eebefa",
  ReadModel: "#b2f2bb",
  Actor: "#ffec99",
  Aggregate: "#fff3bf",
  ExternalSystem: "#fcc2d7",
  Hotspot: "#ffc9c9",
};

/** The stickies and boundaries of a `.storm.ron` file (the canonical layout Stormpad writes). */
function readBoard(text) {
  const str = '"((?:[^"\\\\]|\\\\.)*)"';
  const num = "(-?[0-9.e+-]+)";
  const sticky = new RegExp(
    `\\(\\s*kind: (\\w+),\\s*text: ${str},\\s*pos: \\(${num}, ${num}\\),\\s*size: \\(${num}, ${num}\\)`,
    "g",
  );
  const boundary = new RegExp(
    `\\(\\s*kind: (\\w+),\\s*name: ${str},\\s*rect: \\(\\s*pos: \\(${num}, ${num}\\),\\s*size: \\(${num}, ${num}\\)`,
    "g",
  );
  const unquote = (s) => JSON.parse(`"${s}"`);
  const stickies = [...text.matchAll(sticky)].map((m) => ({
    kind: m[1],
    text: unquote(m[2]),
    x: +m[3],
    y: +m[4],
    w: +m[5],
    h: +m[6],
  }));
  const boundaries = [...text.matchAll(boundary)].map((m) => ({
    kind: m[1],
    name: unquote(m[2]),
    x: +m[3],
    y: +m[4],
    w: +m[5],
    h: +m[6],
  }));
  return { stickies, boundaries };
}

/** Excalidraw's element skeleton: a labelled rectangle per sticky, an outline per boundary. */
function scene(boardFile, outFile) {
  const { stickies, boundaries } = readBoard(fs.readFileSync(boardFile, "utf8"));
  if (stickies.length === 0) throw new Error(`${boardFile}: no stickies found`);
  const elements = [];
  for (const b of boundaries) {
    elements.push({
      type: "rectangle",
      x: b.x,
      y: b.y,
      width: b.w,
      height: b.h,
      strokeColor: "#868e96",
      backgroundColor: "transparent",
    });
    elements.push({ type: "text", x: b.x + 16, y: b.y + 12, text: b.name, fontSize: 28 });
  }
  for (const s of stickies) {
    elements.push({
      type: "rectangle",
      x: s.x,
      y: s.y,
      width: s.w,
      height: s.h,
      backgroundColor: COLOURS[s.kind] ?? "#e9ecef",
      fillStyle: "solid",
      label: { text: s.text },
    });
  }
  // The view of `--measure`'s pan: the sticky nearest the board's centre, in the middle.
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const s of stickies) {
    [x0, y0] = [Math.min(x0, s.x), Math.min(y0, s.y)];
    [x1, y1] = [Math.max(x1, s.x + s.w), Math.max(y1, s.y + s.h)];
  }
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  let focus = stickies[0];
  const dist = (s) => Math.hypot(s.x + s.w / 2 - cx, s.y + s.h / 2 - cy);
  for (const s of stickies) if (dist(s) < dist(focus)) focus = s;
  const out = {
    board: path.basename(boardFile),
    stickies: stickies.length,
    focus: [focus.x + focus.w / 2, focus.y + focus.h / 2],
    elements,
  };
  fs.writeFileSync(outFile, JSON.stringify(out));
  console.error(`${outFile}: ${stickies.length} stickies, ${boundaries.length} boundaries`);
}

/** Bundles page/ into dist/ and puts Excalidraw's fonts beside it. */
async function build() {
  const { build: viteBuild } = await import("vite");
  await viteBuild({
    root: path.join(here, "page"),
    base: "/",
    logLevel: "warn",
    build: {
      outDir: path.join(here, "dist"),
      emptyOutDir: true,
      chunkSizeWarningLimit: 1e9,
      rollupOptions: {
        // Radix's "use client" directives mean nothing in a plain bundle.
        onwarn: (w, warn) => w.code === "MODULE_LEVEL_DIRECTIVE" || warn(w),
      },
    },
  });
  fs.cpSync(
    path.join(here, "node_modules/@excalidraw/excalidraw/dist/prod/fonts"),
    path.join(here, "dist/fonts"),
    { recursive: true },
  );
}

const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".svg": "image/svg+xml",
};

/** A static server on 127.0.0.1 (port 0) for dist/ and the scene files. */
function serve(files) {
  const root = path.join(here, "dist");
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = files[url] ?? path.join(root, url === "/" ? "index.html" : url);
    if (!file.startsWith(root) && !Object.values(files).includes(file)) file = null;
    if (!file || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      console.error(`peer server: not found: ${url}`);
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Median, p95, p99, max and fps of frame timestamps (ms), as `--measure` computes them. */
function stats(times) {
  const d = [];
  for (let i = 1; i < times.length; i++) d.push(times[i] - times[i - 1]);
  d.sort((a, b) => a - b);
  const at = (q) => (d.length ? d[Math.min(Math.max(Math.ceil(d.length * q), 1), d.length) - 1] : 0);
  const span = times.length > 1 ? (times[times.length - 1] - times[0]) / 1000 : 0;
  const r = (v) => Math.round(v * 10) / 10;
  return {
    frames: times.length,
    median_ms: r(at(0.5)),
    p95_ms: r(at(0.95)),
    p99_ms: r(at(0.99)),
    max_ms: r(d.length ? d[d.length - 1] : 0),
    fps: r(span > 0 ? d.length / span : 0),
  };
}

/**
 * The compositor's frames in a trace (ms): the DrawFrame events of the page's compositor
 * thread between the page's peer-record-start and peer-record-end marks.
 */
function compositorFrames(trace) {
  const events = JSON.parse(trace).traceEvents ?? [];
  const mark = (name) => events.find((e) => e.name === "TimeStamp" && e.args?.data?.message === name);
  const [start, end] = [mark("peer-record-start"), mark("peer-record-end")];
  if (!start || !end) return [];
  const draws = events.filter((e) => e.name === "DrawFrame" && typeof e.ts === "number");
  // The renderer's compositor thread of the page draws the most frames.
  const byThread = new Map();
  for (const e of draws) {
    const key = `${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e.ts);
  }
  let best = [];
  for (const ts of byThread.values()) if (ts.length > best.length) best = ts;
  return best
    .filter((t) => t >= start.ts && t <= end.ts)
    .sort((a, b) => a - b)
    .map((t) => t / 1000);
}

/** The x of the pointer at a step: back and forth over 400 px, 4 px a step (the frame probe). */
function wave(anchor, step) {
  const i = (step % 100) * 4;
  return anchor + (Math.floor(step / 100) % 2 === 0 ? i : 400 - i);
}

/** One timed middle-button pan on the loaded scene; returns its JSON line. */
async function pan(ctx, meta, script, opts) {
  const { page, cdp, browser } = ctx;
  const zoom = await page.evaluate(
    ([mode, x, y]) => window.peer.view(mode, x, y),
    [script === "pan-fit" ? "fit" : "100", meta.focus[0], meta.focus[1]],
  );
  const [w, h] = opts.size;
  if (opts.screenshots) {
    fs.mkdirSync(opts.screenshots, { recursive: true });
    await page.screenshot({ path: path.join(opts.screenshots, `${meta.stickies}-${script}.png`) });
  }
  const ax = w / 2 - 200;
  const ay = h / 2;
  const mouse = (type, x, extra = {}) =>
    cdp.send("Input.dispatchMouseEvent", { type, x, y: ay, button: "middle", ...extra });
  await cdp.send("Input.dispatchMouseEvent", { type: "mouseMoved", x: ax, y: ay });
  await mouse("mousePressed", ax, { buttons: 4, clickCount: 1 });
  await browser.startTracing(page, {
    categories: ["disabled-by-default-devtools.timeline.frame", "devtools.timeline"],
  });
  // Moves are sent at a steady rate without waiting for the page, as a real mouse does;
  // when the page falls behind, Chromium queues and coalesces them.
  const interval = 1000 / opts.rate;
  const pending = [];
  const t0 = performance.now();
  const total = WARM_UP_MS + opts.seconds * 1000;
  let step = 1;
  let recording = false;
  while (performance.now() - t0 < total) {
    const now = performance.now() - t0;
    if (!recording && now >= WARM_UP_MS) {
      recording = true;
      await page.evaluate(() => window.peer.record(true));
    }
    while (step * interval <= now) {
      pending.push(mouse("mouseMoved", wave(ax, step), { buttons: 4 }));
      step++;
    }
    await new Promise((r) => setTimeout(r, Math.max(1, step * interval - (performance.now() - t0))));
  }
  const rec = await page.evaluate(() => window.peer.record(false));
  const trace = (await browser.stopTracing()).toString("utf8");
  if (opts.screenshots) fs.writeFileSync(path.join(opts.screenshots, `${meta.stickies}-${script}.trace.json`), trace);
  await Promise.all(pending);
  await mouse("mouseReleased", wave(ax, step), { buttons: 0, clickCount: 1 });
  const compositor = compositorFrames(trace);
  return {
    board: meta.board,
    stickies: meta.stickies,
    script,
    window: [w, h],
    ...stats(rec.frames),
    camera_moved_pt: Math.round(rec.moved * 10) / 10,
    peer: opts.windowed ? "excalidraw 0.18.1, windowed" : "excalidraw 0.18.1",
    zoom: Math.round(zoom * 1000) / 1000,
    moves_per_s: Math.round(((step - 1) / (total / 1000)) * 10) / 10,
    timer: "requestAnimationFrame",
    compositor: compositor.length > 1 ? stats(compositor) : null,
  };
}

/** The median of numbers. */
function median(values) {
  const v = [...values].sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : NaN;
}

/**
 * The table of a run: for each board and script, each tool's rounds (median / p95 ms) with
 * the floor measured beside them, the median of the rounds, and issue 15's goal (p95 at most
 * half of Excalidraw's, median no worse) on each board.
 */
function table(resultsFile) {
  const lines = fs
    .readFileSync(resultsFile, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));
  const rows = new Map();
  const floors = new Map();
  const add = (key, label, line) => {
    if (!rows.has(key)) rows.set(key, { label, runs: [] });
    rows.get(key).runs.push(line);
  };
  for (const l of lines) {
    const tool = l.peer ? l.peer.replace("excalidraw", "Excalidraw") : "Stormpad";
    if (l.stickies === 0) {
      floors.set(`${tool}|${l.script}`, l);
      continue;
    }
    const floor = floors.get(`${tool}|${l.script}`);
    const key = `${l.stickies}|${l.script}`;
    add(`${key}|${tool}`, [l.stickies, l.script, tool], { ...l, floor });
    if (l.compositor) add(`${key}|${tool} (compositor)`, [l.stickies, l.script, `${tool}, compositor frames`], { ...l.compositor, floor: floor?.compositor });
  }
  const fmt = (r) => (r ? `${r.median_ms} / ${r.p95_ms}` : "-");
  console.log("| stickies | pan | tool | each round: median / p95 ms (floor) | median of rounds |");
  console.log("|---|---|---|---|---|");
  const summary = new Map();
  for (const { label, runs } of rows.values()) {
    const m = median(runs.map((r) => r.median_ms));
    const p = median(runs.map((r) => r.p95_ms));
    summary.set(label.join("|"), { m, p });
    const each = runs.map((r) => `${fmt(r)} (${fmt(r.floor)})`).join("; ");
    console.log(`| ${label[0]} | ${label[1]} | ${label[2]} | ${each} | ${m} / ${p} |`);
  }
  console.log("");
  for (const { label } of rows.values()) {
    if (label[2] !== "Stormpad") continue;
    const ours = summary.get(label.join("|"));
    for (const [key, theirs] of summary) {
      const [stickies, script, peer] = key.split("|");
      if (stickies !== String(label[0]) || script !== label[1] || peer === "Stormpad") continue;
      const met = ours.p <= theirs.p / 2 && ours.m <= theirs.m;
      console.log(
        `goal (${label[0]} stickies, ${label[1]}, against ${peer}): p95 ${ours.p} <= ${theirs.p / 2} ` +
          `and median ${ours.m} <= ${theirs.m}: ${met ? "met" : "NOT met"}`,
      );
    }
  }
}

function args(argv) {
  const opts = { script: "both", seconds: 3, size: [1920, 1080], rate: 85, chromium: "/usr/bin/chromium" };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--script") opts.script = v();
    else if (a === "--seconds") opts.seconds = Number(v());
    else if (a === "--rate") opts.rate = Number(v());
    else if (a === "--chromium") opts.chromium = v();
    else if (a === "--screenshots") opts.screenshots = v();
    else if (a === "--windowed") opts.windowed = true;
    else if (a === "--size") opts.size = v().split("x").map(Number);
    else rest.push(a);
  }
  if (!["pan", "pan-fit", "both"].includes(opts.script)) throw new Error(`unknown script ${opts.script}`);
  if (opts.size.length !== 2 || opts.size.some((n) => !(n > 0))) throw new Error("--size WIDTHxHEIGHT");
  return { opts, rest };
}

/** Launches Chromium on the page and times the pans, empty scene first. */
async function measure(sceneFile, opts) {
  const { chromium } = await import("playwright-core");
  const meta = JSON.parse(fs.readFileSync(sceneFile, "utf8"));
  const empty = path.join(here, "empty-scene.json");
  fs.writeFileSync(empty, "[]");
  const skeleton = path.join(here, `scene-${process.pid}.json`);
  fs.writeFileSync(skeleton, JSON.stringify(meta.elements));
  const server = await serve({ "/empty.json": empty, "/scene.json": skeleton });
  const [w, h] = opts.size;
  const browser = await chromium.launch({
    executablePath: opts.chromium,
    // headless: Playwright adds --headless and a fresh --user-data-dir of its own.
    // --windowed: a window on $DISPLAY instead, presented to the X server as Stormpad's is.
    headless: !opts.windowed,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--window-size=${w},${h}`,
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: w, height: h }, deviceScaleFactor: 1 });
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    const port = server.address().port;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.peer !== undefined);
    await page.evaluate(() => window.peer.ready());
    const cdp = await page.context().newCDPSession(page);
    const ctx = { page, cdp, browser };
    const scripts = opts.script === "both" ? ["pan", "pan-fit"] : [opts.script];
    const floor = { board: "empty", stickies: 0, focus: [0, 0] };
    await page.evaluate(() => window.peer.load("/empty.json"));
    for (const s of scripts) console.log(JSON.stringify(await pan(ctx, floor, s, opts)));
    const started = performance.now();
    const count = await page.evaluate(() => window.peer.load("/scene.json"));
    console.error(`${meta.board}: ${count} Excalidraw elements loaded in ${Math.round(performance.now() - started)} ms`);
    for (const s of scripts) console.log(JSON.stringify(await pan(ctx, meta, s, opts)));
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(skeleton, { force: true });
  }
}

async function main() {
  const [command, ...argv] = process.argv.slice(2);
  const { opts, rest } = args(argv);
  if (command === "scene" && rest.length === 2) scene(rest[0], rest[1]);
  else if (command === "build") await build();
  else if (command === "measure" && rest.length === 1) await measure(rest[0], opts);
  else if (command === "table" && rest.length === 1) table(rest[0]);
  else {
    console.error("usage: node peer.mjs scene BOARD OUT.json | build | measure SCENE.json [options] | table RESULTS");
    process.exit(2);
  }
}

main().catch((e) => {
  console.error(`peer: ${e.message}`);
  process.exit(1);
});
