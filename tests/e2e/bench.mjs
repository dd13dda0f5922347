// `make bench`: how big the site is, and how fast it starts, measured in headless Chromium.
//
// Sizes: every file in dist/, raw, gzip -9 and brotli -q 11 (what a static host would serve).
// Start-up: 5 cold loads, each in a fresh browser profile (nothing cached), reporting the median
// time from navigation to the first contentful paint and to the first Python result.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { DIST, REPO, openSite, run, whenReady } from "./support.mjs";

const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const TARGETS = { interpreterBrotliMB: 6, firstResultMs: 1500, shellMs: 300 };

function sizes() {
  const rows = [];
  for (const name of readdirSync(DIST).sort()) {
    const path = join(DIST, name);
    if (!statSync(path).isFile() || name.startsWith(".")) continue;
    const bytes = readFileSync(path);
    rows.push({
      name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
    });
  }
  return rows;
}

const mb = (bytes) => (bytes / 1e6).toFixed(2).padStart(8);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function coldLoad() {
  const site = await openSite();
  try {
    await site.page.goto(site.server.url);
    await site.page.waitForFunction(() => window.glassbox !== undefined); // set by the UI's wasm
    const result = await site.page.evaluate(async () => {
      await window.glassbox.ready;
      const outcome = await window.glassbox.run("print(1 + 1)");
      const firstResult = performance.now(); // ms since navigation started
      const paint = performance.getEntriesByName("first-contentful-paint")[0];
      return { firstResult, firstPaint: paint ? paint.startTime : NaN, stdout: outcome.stdout };
    });
    if (result.stdout !== "2\n") throw new Error(`unexpected output ${JSON.stringify(result.stdout)}`);
    return result;
  } finally {
    await site.close();
  }
}

const rows = sizes();
console.log("Site size (MB)                               raw     gzip -9  brotli 11");
for (const row of rows) console.log(`  ${row.name.padEnd(40)}${mb(row.raw)} ${mb(row.gzip)} ${mb(row.brotli)}`);
const total = rows.reduce((sum, row) => ({ raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip, brotli: sum.brotli + row.brotli }), { raw: 0, gzip: 0, brotli: 0 });
console.log(`  ${"whole site".padEnd(40)}${mb(total.raw)} ${mb(total.gzip)} ${mb(total.brotli)}`);
const interpreter = rows.find((row) => row.name === "glassbox-worker_bg.wasm");
console.log(`Interpreter download: ${mb(interpreter.brotli).trim()} MB brotli (target ≤ ${TARGETS.interpreterBrotliMB} MB; first build was 8.8 MB; Pyodide's whole download is 5.5 MB brotli)`);

const loads = [];
for (let i = 0; i < LOADS; i += 1) loads.push(await coldLoad());
console.log(`\nCold loads (${LOADS}, fresh profile each), median:`);
console.log(`  navigation → first contentful paint: ${median(loads.map((l) => l.firstPaint)).toFixed(0)} ms (target ≤ ${TARGETS.shellMs} ms)`);
console.log(`  navigation → first Python result:    ${median(loads.map((l) => l.firstResult)).toFixed(0)} ms (target ≤ ${TARGETS.firstResultMs} ms; Pyodide measured 4,910 ms here)`);
console.log(`  each load: ${loads.map((l) => `${l.firstPaint.toFixed(0)}/${l.firstResult.toFixed(0)}`).join(", ")} ms (paint/result)`);

// The learner's view of start-up: navigation to a lesson's URL until its text is on screen, and
// until its Run button can be pressed (the interpreter is ready). Cold: a fresh profile. Warm:
// the same profile again, with the site in the service worker's cache.
const LESSON_URL = "#/lesson/01-http/03-through-the-framework";
const MARKS = () => {
  const marks = {};
  window.__glassboxMarks = marks;
  new MutationObserver(() => {
    if (!marks.text && document.querySelector("#lesson-title")) marks.text = performance.now();
    const run = document.querySelector("#run");
    if (!marks.run && run && !run.disabled) marks.run = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true });
};

async function lessonLoad(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__glassboxMarks?.text && window.__glassboxMarks?.run, null, { timeout: 60000 });
  return page.evaluate(() => window.__glassboxMarks);
}

const cold = [];
const warm = [];
for (let i = 0; i < LOADS; i += 1) {
  const site = await openSite();
  try {
    await site.page.addInitScript(MARKS);
    const url = `${site.server.url}${LESSON_URL}`;
    cold.push(await lessonLoad(site.page, url));
    await site.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60000 });
    warm.push(await lessonLoad(site.page, `${site.server.url}?warm${LESSON_URL}`));
  } finally {
    await site.close();
  }
}
console.log(`\nA lesson's URL (${LOADS} loads each), median:`);
console.log(`  cold: navigation → lesson text visible ${median(cold.map((m) => m.text)).toFixed(0)} ms, → Run possible ${median(cold.map((m) => m.run)).toFixed(0)} ms`);
console.log(`  warm: navigation → lesson text visible ${median(warm.map((m) => m.text)).toFixed(0)} ms, → Run possible ${median(warm.map((m) => m.run)).toFixed(0)} ms`);

// The workload benchmarks (runtime/benches/*.py), in the browser build: the same files that
// `make bench` runs natively just before, so the two sets of figures compare directly.
const benches = join(REPO, "runtime/benches");
const site = await openSite();
try {
  await site.page.goto(site.server.url);
  await whenReady(site.page);
  await site.page.evaluate(() => window.glassbox.setWatchdog(300000));
  // Natively `glassbox run` imports timing.py from the benchmark's folder; the browser has no
  // folders, so each run first installs that file as the module `timing`.
  const timing = readFileSync(join(benches, "timing.py"), "utf8");
  const installTiming = [
    "import sys, types",
    "_timing = types.ModuleType('timing')",
    `exec(compile(${JSON.stringify(timing)}, 'runtime/benches/timing.py', 'exec'), _timing.__dict__)`,
    "sys.modules['timing'] = _timing",
    "",
  ].join("\n");
  const workloads = readdirSync(benches).filter((name) => name.endsWith(".py") && name !== "timing.py");
  for (const file of workloads.sort()) {
    const outcome = await run(site.page, installTiming + readFileSync(join(benches, file), "utf8"));
    console.log(`\n== runtime/benches/${file} (browser)`);
    process.stdout.write(outcome.stdout);
    if (outcome.error) console.log(`FAILED: ${outcome.error.kind}: ${outcome.error.message}`);
  }
} finally {
  await site.close();
}
