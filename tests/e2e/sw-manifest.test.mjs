// The service worker's build step (site/js/make-sw.mjs) on a small made-up site, without a browser
// or the real build: the manifest lists every file, the version follows the content, a second
// run changes nothing, and the generated worker caches and answers what the manifest says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import vm from "node:vm";
import { REPO } from "./support.mjs";

const MAKE_SW = join(REPO, "site/js/make-sw.mjs");

function makeSite() {
  const dist = mkdtempSync(join(tmpdir(), "glassbox-sw-"));
  mkdirSync(join(dist, "assets"));
  writeFileSync(join(dist, "index.html"), "<!DOCTYPE html><title>site</title>");
  writeFileSync(join(dist, "editor.js"), "export const a = 1;");
  writeFileSync(join(dist, "glassbox-worker_bg.wasm"), Buffer.from([0, 97, 115, 109]));
  writeFileSync(join(dist, "assets", "two words.css"), "body {}");
  writeFileSync(join(dist, ".DS_Store"), "hidden");
  return dist;
}

/** Runs make-sw on `dist`; returns its output line and the manifest written into dist/sw.js. */
function build(dist) {
  const printed = execFileSync(process.execPath, [MAKE_SW, dist], { encoding: "utf8" });
  const source = readFileSync(join(dist, "sw.js"), "utf8");
  const line = source.match(/^const MANIFEST = (.*);$/m);
  assert.ok(line, "sw.js has its manifest line");
  return { printed, source, manifest: JSON.parse(line[1]) };
}

test("make-sw lists every file and versions the content", (t) => {
  const dist = makeSite();
  t.after(() => rmSync(dist, { recursive: true, force: true }));

  const first = build(dist);
  assert.deepEqual(first.manifest.files,
    ["./", "assets/two%20words.css", "editor.js", "glassbox-worker_bg.wasm"]);
  assert.match(first.manifest.version, /^[0-9a-f]{12}$/);
  assert.match(first.printed, new RegExp(`version ${first.manifest.version}, 4 files`));
  assert.doesNotThrow(() => new vm.Script(first.source), "sw.js is valid JavaScript");

  const again = build(dist);
  assert.equal(again.source, first.source, "a second run writes the same sw.js");
  assert.match(again.printed, /unchanged/);

  writeFileSync(join(dist, "editor.js"), "export const a = 2;");
  const edited = build(dist);
  assert.notEqual(edited.manifest.version, first.manifest.version, "a changed file, a new version");
  assert.deepEqual(edited.manifest.files, first.manifest.files);

  writeFileSync(join(dist, "lesson.md"), "# One");
  const added = build(dist);
  assert.ok(added.manifest.files.includes("lesson.md"));
  assert.notEqual(added.manifest.version, edited.manifest.version);
});

test("make-sw refuses a directory that is not a built site", (t) => {
  const empty = mkdtempSync(join(tmpdir(), "glassbox-sw-"));
  t.after(() => rmSync(empty, { recursive: true, force: true }));
  assert.throws(() => execFileSync(process.execPath, [MAKE_SW, empty], { stdio: "pipe" }),
    /no index\.html/);
});

/** Loads a generated sw.js into a sandbox with fake Cache Storage, fetch and clients. */
function loadWorker(source, scope) {
  const listeners = {};
  const stores = new Map();
  const fetched = [];
  const cacheFor = (store) => ({
    async addAll(requests) {
      for (const request of requests) {
        fetched.push({ url: request.url, cache: request.cache });
        store.set(request.url, `body of ${request.url}`);
      }
    },
    async match(url) { return store.get(String(url)); },
  });
  const caches = {
    async open(name) {
      if (!stores.has(name)) stores.set(name, new Map());
      return cacheFor(stores.get(name));
    },
    async keys() { return [...stores.keys()]; },
    async delete(name) { return stores.delete(name); },
  };
  let claimed = false;
  const self = {
    registration: { scope },
    clients: { claim: async () => { claimed = true; } },
    addEventListener: (type, listener) => { listeners[type] = listener; },
    skipWaiting() {},
  };
  const context = vm.createContext({
    self, caches, URL, Request, fetch: async (request) => `network ${request.url}`,
  });
  vm.runInContext(source, context);

  const lifecycle = async (type) => {
    let done;
    listeners[type]({ waitUntil: (promise) => { done = promise; } });
    await done;
  };
  return {
    stores, fetched, claimed: () => claimed,
    install: () => lifecycle("install"),
    activate: () => lifecycle("activate"),
    /** What the worker answers: a cached body, "network …", or null when it leaves the request. */
    async fetch(url, { method = "GET", mode = "cors" } = {}) {
      let answer = null;
      listeners.fetch({
        request: { url, method, mode },
        respondWith: (promise) => { answer = promise; },
      });
      return answer && (await answer);
    },
  };
}

test("the generated worker caches the manifest under its scope and answers from it", async (t) => {
  const dist = makeSite();
  t.after(() => rmSync(dist, { recursive: true, force: true }));
  const { source, manifest } = build(dist);
  const scope = "http://127.0.0.1:8080/courses/glassbox/";
  const worker = loadWorker(source, scope);

  worker.stores.set("glassbox-old@/courses/glassbox/", new Map());
  worker.stores.set("glassbox-old@/elsewhere/", new Map());
  worker.stores.set("unrelated", new Map());
  await worker.install();
  const cacheName = `glassbox-${manifest.version}@/courses/glassbox/`;
  assert.deepEqual(worker.fetched.map((request) => request.url), [
    scope, `${scope}assets/two%20words.css`, `${scope}editor.js`,
    `${scope}glassbox-worker_bg.wasm`,
  ]);
  assert.ok(worker.fetched.every((request) => request.cache === "no-cache"));

  await worker.activate();
  assert.deepEqual([...worker.stores.keys()].sort(),
    [cacheName, "glassbox-old@/elsewhere/", "unrelated"].sort());
  assert.ok(worker.claimed());

  assert.equal(await worker.fetch(`${scope}editor.js`), `body of ${scope}editor.js`);
  assert.equal(await worker.fetch(`${scope}editor.js?v=2`), `body of ${scope}editor.js`);
  assert.equal(await worker.fetch(`${scope}index.html`), `body of ${scope}`);
  assert.equal(await worker.fetch(`${scope}?lesson=3`, { mode: "navigate" }), `body of ${scope}`);
  assert.equal(await worker.fetch(`${scope}some/page`, { mode: "navigate" }), `body of ${scope}`);
  assert.equal(await worker.fetch(`${scope}missing.js`), null, "not in the manifest: network");
  assert.equal(await worker.fetch(`${scope}editor.js`, { method: "POST" }), null);
  assert.equal(await worker.fetch("https://example.org/editor.js"), null);
  assert.equal(await worker.fetch("http://127.0.0.1:8080/other/", { mode: "navigate" }), null);
});

test("make-sw leaves compressed copies out and writes the wasm's size into the loader", (t) => {
  const dist = makeSite();
  t.after(() => rmSync(dist, { recursive: true, force: true }));
  writeFileSync(join(dist, "editor.js.br"), "brotli bytes");
  writeFileSync(join(dist, "editor.js.gz"), "gzip bytes");
  writeFileSync(join(dist, "worker-loader.js"), "const WASM_BYTES = null;\nfetch('x');\n");

  const { manifest } = build(dist);
  assert.deepEqual(manifest.files,
    ["./", "assets/two%20words.css", "editor.js", "glassbox-worker_bg.wasm", "worker-loader.js"]);
  assert.equal(readFileSync(join(dist, "worker-loader.js"), "utf8"), "const WASM_BYTES = 4;\nfetch('x');\n");

  writeFileSync(join(dist, "glassbox-worker_bg.wasm"), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  const rebuilt = build(dist);
  assert.match(readFileSync(join(dist, "worker-loader.js"), "utf8"), /^const WASM_BYTES = 8;$/m);
  assert.notEqual(rebuilt.manifest.version, manifest.version, "the stamped loader is new content");
});
