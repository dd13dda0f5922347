// `make bench`, first part: Glassbox side by side with Pyodide (npm, pinned in bench/package-lock.json),
// both served by the same server (tests/e2e/serve.mjs, brotli copies by Accept-Encoding) to the
// same headless Chromium, each load in a fresh profile. Prints one table: medians, min–max and a
// noise column (± half the min–max spread, over the median), then the frozen standard library's size per module.
//
//   node bench/compare.mjs            (BENCH_LOADS=3, BENCH_DIST=dist by default)
//
// Per load and runtime: navigation → first Python result (`print(1 + 1)`) cold, the first run
// call alone, the fixed workload (bench/workload.py, the same file in both), then navigation →
// first result again warm: Glassbox offline from its service worker's cache, Pyodide (which has
// no service worker) from the browser's HTTP cache.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";
import { compressSite } from "../site/js/compress.mjs";
import { serve } from "../tests/e2e/serve.mjs";
import { openBrowser } from "../tests/e2e/support.mjs";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = resolve(REPO, process.env.BENCH_DIST ?? "dist");
const LOADS = Number(process.env.BENCH_LOADS ?? 3);
// BENCH_SIDES=glassbox measures only Glassbox (to compare builds of it; the table then has no ratio).
const SIDES = (process.env.BENCH_SIDES ?? "glassbox,pyodide").split(",");
const PYODIDE = join(REPO, "bench/node_modules/pyodide");
const PYODIDE_SITE = join(REPO, "target/bench/pyodide-site");
const WORKLOAD = readFileSync(join(REPO, "bench/workload.py"), "utf8");
const PARTS = ["total", "requests", "jwt", "pbkdf2", "sqlite"];

// ---- the two sites ----------------------------------------------------------------------------

/** Pyodide's files and a page that starts it, in a folder of their own, precompressed once. */
async function pyodideSite() {
  mkdirSync(PYODIDE_SITE, { recursive: true });
  for (const name of ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]) {
    const target = join(PYODIDE_SITE, name);
    if (!existsSync(target) || statSync(target).mtimeMs < statSync(join(PYODIDE, name)).mtimeMs) {
      copyFileSync(join(PYODIDE, name), target);
    }
  }
  const page = `<!DOCTYPE html>
<html lang="en"><meta charset="utf-8"><title>Pyodide, for comparison</title>
<p>Pyodide ${JSON.parse(readFileSync(join(PYODIDE, "package.json"), "utf8")).version}</p>
<script type="module">
import { loadPyodide } from "./pyodide.mjs";
window.python = (async () => {
  const pyodide = await loadPyodide();
  let stdout = "";
  pyodide.setStdout({ batched: (line) => { stdout += line + "\\n"; } });
  window.pyodide = pyodide;
  window.run = async (code) => {
    stdout = "";
    const started = performance.now();
    await pyodide.runPythonAsync(code);
    return { stdout, ms: performance.now() - started };
  };
  const first = await window.run("print(1 + 1)");
  return { firstResult: performance.now(), firstRun: first.ms, stdout: first.stdout };
})();
</script>
</html>
`;
  const index = join(PYODIDE_SITE, "index.html");
  if (!existsSync(index) || readFileSync(index, "utf8") !== page) writeFileSync(index, page);
  await compressSite(PYODIDE_SITE);
  return PYODIDE_SITE;
}

/** The glassbox package's files, {path: text}, for Pyodide's file system. */
function glassboxPackage() {
  const root = join(REPO, "runtime/python");
  const files = {};
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "__pycache__") walk(path);
      else if (entry.isFile() && entry.name.endsWith(".py")) files[relative(root, path)] = readFileSync(path, "utf8");
    }
  };
  walk(join(root, "glassbox"));
  return files;
}

// ---- what each side does in one load ------------------------------------------------------------

const glassbox = {
  name: "Glassbox",
  root: DIST,
  // Starts the first run as soon as the page's API exists: no polling delay from the harness.
  init: () => {
    window.__first = new Promise((resolve, reject) => {
      const tick = () => {
        if (!window.glassbox) return setTimeout(tick, 2);
        window.glassbox.ready.then(async () => {
          const started = performance.now();
          const outcome = await window.glassbox.run("print(1 + 1)");
          resolve({ firstResult: performance.now(), firstRun: performance.now() - started, stdout: outcome.stdout });
        }, reject);
      };
      tick();
    });
  },
  first: (page) => page.evaluate(() => window.__first),
  async workload(page) {
    await page.evaluate(() => window.glassbox.setWatchdog(600000));
    const outcome = await page.evaluate((source) => window.glassbox.run(source), WORKLOAD);
    if (outcome.error) throw new Error(`Glassbox: ${outcome.error.kind}: ${outcome.error.message}`);
    return outcome.stdout;
  },
  async warm(site, url) {
    await site.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120000 });
    await site.context.setOffline(true);
    try {
      await site.page.goto(`${url}?warm`);
      return await this.first(site.page);
    } finally {
      await site.context.setOffline(false);
    }
  },
};

const pyodide = {
  name: "Pyodide",
  init: () => {},
  first: (page) => page.evaluate(() => window.python),
  async workload(page) {
    const files = glassboxPackage();
    return page.evaluate(async ({ files, source }) => {
      const { pyodide } = window;
      for (const [path, text] of Object.entries(files)) {
        const file = `/home/pyodide/bench/${path}`;
        pyodide.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
        pyodide.FS.writeFile(file, text);
      }
      await window.run("import sys\nsys.path.insert(0, '/home/pyodide/bench')");
      return (await window.run(source)).stdout;
    }, { files, source: WORKLOAD });
  },
  async warm(site, url) {
    await site.page.goto(`${url}?warm`);
    return this.first(site.page);
  },
};

/** `promise`, or an error naming `what` after `seconds` (a page that never answers fails the run). */
function within(seconds, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function oneLoad(side) {
  const server = await serve({ root: side.root });
  const site = { ...(await openBrowser()), server };
  const fetched = new Set();
  site.context.on("response", (response) => {
    const url = new URL(response.url());
    if (url.origin === new URL(server.url).origin) fetched.add(decodeURIComponent(url.pathname.slice(1)) || "index.html");
  });
  try {
    await site.page.addInitScript(side.init);
    await site.page.goto(server.url);
    const cold = await within(120, `${side.name}, first result`, side.first(site.page));
    if (cold.stdout !== "2\n") throw new Error(`${side.name} printed ${JSON.stringify(cold.stdout)}`);
    const printed = await within(600, `${side.name}, workload`, side.workload(site.page));
    const line = printed.split("\n").find((text) => text.startsWith("WORKLOAD "));
    if (!line) throw new Error(`${side.name}: no WORKLOAD line in ${JSON.stringify(printed)}`);
    const workload = JSON.parse(line.slice("WORKLOAD ".length));
    const warm = await within(240, `${side.name}, warm start`, side.warm(site, server.url));
    if (site.errors.length) throw new Error(`${side.name}: page errors ${site.errors.join("; ")}`);
    return { cold: cold.firstResult, firstRun: cold.firstRun, warm: warm.firstResult, workload, fetched: [...fetched] };
  } catch (error) {
    const status = await site.page.locator("#status").textContent({ timeout: 1000 }).catch(() => "");
    error.message += ` (page errors: ${JSON.stringify(site.errors)}; status: ${JSON.stringify(status)})`;
    throw error;
  } finally {
    await site.close();
    await server.close();
  }
}

// ---- sizes ------------------------------------------------------------------------------------

function brotli(bytes) {
  return brotliCompressSync(bytes, { params: {
    [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24,
    [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
  } }).length;
}

/** Brotli bytes of `path` under `root`: its .br copy when there is one, else compressed now. */
function brotliSize(root, path) {
  const file = join(root, path);
  return existsSync(`${file}.br`) ? statSync(`${file}.br`).size : brotli(readFileSync(file));
}

function siteFiles(root, prefix = "") {
  const files = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...siteFiles(root, path));
    else if (!/\.(br|gz)$/.test(path)) files.push(path);
  }
  return files;
}

/** The frozen modules of a FrozenLib file (rustpython-compiler-core's frozen.rs layout). */
function frozenModules(file) {
  const data = readFileSync(file);
  let at = 0;
  const u32 = () => { const value = data.readUInt32LE(at); at += 4; return value; };
  const modules = [];
  for (let count = u32(); count > 0; count -= 1) {
    const nameLength = u32();
    const name = data.subarray(at, at + nameLength).toString("utf8");
    at += nameLength;
    const codeLength = u32();
    const code = data.subarray(at, at + codeLength);
    at += codeLength + 1; // the code, then the is-a-package byte
    modules.push({ name, code });
  }
  return modules;
}

/** The newest stdlib.frozen that runtime/build.rs wrote (any profile: the same list makes it). */
function newestFrozen(name) {
  const found = [];
  const target = join(REPO, "target");
  const scan = (dir, depth) => {
    if (depth > 5 || !existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 2 || entry.name.startsWith("glassbox-runtime-") || entry.name === "out" || entry.name === "build") scan(path, depth + 1);
      } else if (entry.name === name) found.push(path);
    }
  };
  scan(target, 0);
  return found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

// ---- printing ---------------------------------------------------------------------------------

const sorted = (values) => [...values].sort((a, b) => a - b);
const median = (values) => {
  const s = sorted(values);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
function summary(values, unit) {
  if (!values.length) return { median: NaN, text: "-", range: "", noise: "" };
  const s = sorted(values);
  const scale = unit === "s" ? 1000 : 1;
  const digits = unit === "s" ? 2 : 0;
  const f = (v) => (v / scale).toFixed(digits);
  const noise = s.length > 1 ? `±${(100 * (s[s.length - 1] - s[0]) / median(values) / 2).toFixed(0)}%` : "";
  return { median: median(values), text: `${f(median(values))} ${unit}`, range: `${f(s[0])}–${f(s[s.length - 1])}`, noise };
}

function table(rows) {
  const header = ["", "Glassbox", "min–max", "noise", "Pyodide", "min–max", "noise", "ratio"];
  const lines = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...lines.map((line) => String(line[column] ?? "").length)));
  for (const line of lines) {
    console.log(line.map((cell, column) => column === 0 ? String(cell).padEnd(widths[column]) : String(cell ?? "").padStart(widths[column])).join("  "));
  }
}

// ---- main -------------------------------------------------------------------------------------

if (!existsSync(join(DIST, "glassbox-worker_bg.wasm"))) {
  console.error(`${DIST} has no built site: run make dist first`);
  process.exit(1);
}
if (!existsSync(join(PYODIDE, "pyodide.mjs"))) {
  console.error("Pyodide is not installed: npm ci --prefix bench (make bench does it)");
  process.exit(1);
}
pyodide.root = await pyodideSite();
const pyodideVersion = JSON.parse(readFileSync(join(PYODIDE, "package.json"), "utf8")).version;

const runs = { glassbox: [], pyodide: [] };
for (let load = 1; load <= LOADS; load += 1) {
  // Alternate the order, so neither side always runs on a machine warmed by the other.
  const order = load % 2 ? [["glassbox", glassbox], ["pyodide", pyodide]] : [["pyodide", pyodide], ["glassbox", glassbox]];
  for (const [key, side] of order.filter(([key]) => SIDES.includes(key))) {
    const result = await oneLoad(side);
    runs[key].push(result);
    console.log(`load ${load}, ${side.name}: first result ${result.cold.toFixed(0)} ms cold, ${result.warm.toFixed(0)} ms warm; `
      + `first run ${result.firstRun.toFixed(1)} ms; workload ${JSON.stringify(result.workload)}`);
  }
}

const glassboxFiles = siteFiles(DIST);
const glassboxBytes = glassboxFiles.reduce((sum, path) => sum + brotliSize(DIST, path), 0);
const interpreterBytes = brotliSize(DIST, "glassbox-worker_bg.wasm");
const pyodideFetched = [...new Set(runs.pyodide.flatMap((run) => run.fetched))].filter((path) => existsSync(join(PYODIDE_SITE, path)));
const pyodideBytes = pyodideFetched.reduce((sum, path) => sum + brotliSize(PYODIDE_SITE, path), 0);
const pyodideInterpreter = ["pyodide.asm.wasm", "python_stdlib.zip"].reduce((sum, path) => sum + brotliSize(PYODIDE_SITE, path), 0);

const rows = [];
const row = (label, pick, unit) => {
  const g = summary(runs.glassbox.map(pick), unit);
  const p = summary(runs.pyodide.map(pick), unit);
  const ratio = g.median / p.median;
  rows.push([label, g.text, g.range, g.noise, p.text, p.range, p.noise, Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : ""]);
};
row("navigation → first Python result, cold", (r) => r.cold, "ms");
row("navigation → first Python result, warm", (r) => r.warm, "ms");
row("the first run() call alone", (r) => r.firstRun, "ms");
for (const part of PARTS) row(`workload: ${part === "total" ? "all four parts" : part}`, (r) => r.workload[part], "s");
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
rows.push(["whole site, brotli 11", mb(glassboxBytes), "", "", mb(pyodideBytes), "", "", `${(glassboxBytes / pyodideBytes).toFixed(2)}×`]);
rows.push(["the interpreter alone, brotli 11", mb(interpreterBytes), "", "", mb(pyodideInterpreter), "", "", `${(interpreterBytes / pyodideInterpreter).toFixed(2)}×`]);

console.log(`\nGlassbox (${relative(REPO, DIST) || "."}) against Pyodide ${pyodideVersion}, ${LOADS} loads each, fresh profile per load, headless Chromium, served with brotli`);
console.log("(warm: Glassbox offline from its service worker; Pyodide from the HTTP cache. Pyodide's interpreter: pyodide.asm.wasm + python_stdlib.zip;"
  + ` its site: the ${pyodideFetched.length} files the page fetched. noise: half the min–max spread over the median)\n`);
table(rows);

// The frozen standard library, per line of runtime/stdlib-modules.txt (a package with its
// submodules): marshalled bytecode as stored in the wasm, and alone under brotli.
const frozen = newestFrozen("stdlib.frozen");
if (process.env.BENCH_MODULES === "0") {
  // left out on request (BENCH_MODULES=0)
} else if (!frozen) {
  console.log("\n(no stdlib.frozen under target/: build the runtime once for the per-module table)");
} else {
  const listed = readFileSync(join(REPO, "runtime/stdlib-modules.txt"), "utf8").split("\n")
    .map((line) => line.replace(/#.*/, "").trim()).filter(Boolean);
  const groups = new Map(listed.map((name) => [name, []]));
  for (const module of frozenModules(frozen)) {
    const owner = listed.filter((name) => module.name === name || module.name.startsWith(`${name}.`))
      .sort((a, b) => b.length - a.length)[0] ?? "(not listed)";
    if (!groups.has(owner)) groups.set(owner, []);
    groups.get(owner).push(module);
  }
  const sizes = [...groups].map(([name, modules]) => {
    const code = Buffer.concat(modules.map((module) => module.code));
    return { name, modules: modules.length, raw: code.length, brotli: code.length ? brotli(code) : 0 };
  }).sort((a, b) => b.raw - a.raw);
  const all = Buffer.concat(frozenModules(frozen).map((module) => module.code));
  const framework = newestFrozen("glassbox.frozen");
  console.log(`\nThe frozen standard library (${relative(REPO, frozen)}): ${sizes.length} lines of runtime/stdlib-modules.txt, `
    + `${mb(all.length)} of bytecode, ${mb(brotli(all))} brotli together`
    + (framework ? `; the framework and runtime helpers (glassbox.frozen): ${mb(statSync(framework).size)}` : ""));
  console.log(`${"module or package".padEnd(28)}${"files".padStart(6)}${"bytecode KB".padStart(13)}${"brotli KB".padStart(11)}`);
  for (const size of sizes) {
    console.log(`${size.name.padEnd(28)}${String(size.modules).padStart(6)}${(size.raw / 1e3).toFixed(1).padStart(13)}${(size.brotli / 1e3).toFixed(1).padStart(11)}`);
  }
}
