// Writes <dist>/sw.js: the service worker template (site/js/sw.js) with the built site's manifest,
// the list of every file in <dist> and a version that changes whenever any of them does. First it
// writes the interpreter wasm's size into <dist>/worker-loader.js (its `const WASM_BYTES = …;`
// line), the download's total when a server sends the wasm compressed.
//
//   node site/js/make-sw.mjs dist
//
// Run it after `trunk build`. Running it again on the same files writes the same sw.js (the old
// sw.js is never part of the manifest or the version), so the browser sees no new version.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), "sw.js");
const MANIFEST_LINE = /^const MANIFEST = .*;$/m;

/**
 * Every file under `root` as a sorted list of "/"-separated paths, hidden files and compressed
 * copies (site/js/compress.mjs's .br and .gz, which the server picks, not the page) left out.
 */
function listFiles(root, prefix = "") {
  const files = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(root, path));
    else if (entry.isFile() && !/\.(br|gz)$/.test(path)) files.push(path);
  }
  return files.sort();
}

/** A path as a URL relative to the site's root: each segment encoded, the root index.html "./". */
function relativeUrl(path) {
  return path === "index.html" ? "./" : path.split("/").map(encodeURIComponent).join("/");
}

const WASM = "glassbox-worker_bg.wasm";
const LOADER = "worker-loader.js";
const WASM_BYTES_LINE = /^const WASM_BYTES = .*;$/m;

/** Writes the wasm's size into the loader, when `dist` has both (before hashing: it is content). */
function stampWasmSize(dist) {
  const loader = join(dist, LOADER);
  if (!existsSync(loader) || !existsSync(join(dist, WASM))) return;
  const source = readFileSync(loader, "utf8");
  const stamped = source.replace(WASM_BYTES_LINE, `const WASM_BYTES = ${statSync(join(dist, WASM)).size};`);
  if (stamped !== source) writeFileSync(loader, stamped);
}

/** Builds the manifest of `dist` and writes `dist/sw.js`. Returns {version, files, bytes, changed}. */
export function makeServiceWorker(dist) {
  stampWasmSize(dist);
  const template = readFileSync(TEMPLATE, "utf8");
  if (!MANIFEST_LINE.test(template)) {
    throw new Error(`${TEMPLATE} has no "const MANIFEST = …;" line to replace`);
  }
  // index.html first (as "./"), then the rest in name order.
  const paths = listFiles(dist)
    .filter((path) => path !== "sw.js")
    .sort((a, b) => (b === "index.html") - (a === "index.html"));
  const hash = createHash("sha256");
  hash.update(template);
  let bytes = 0;
  for (const path of paths) {
    const content = readFileSync(join(dist, path));
    bytes += content.length;
    hash.update(`\0${path}\0${content.length}\0`);
    hash.update(content);
  }
  const manifest = { version: hash.digest("hex").slice(0, 12), files: paths.map(relativeUrl) };
  const source = template.replace(MANIFEST_LINE, () => `const MANIFEST = ${JSON.stringify(manifest)};`);
  const output = join(dist, "sw.js");
  const changed = !existsSync(output) || readFileSync(output, "utf8") !== source;
  if (changed) writeFileSync(output, source);
  return { version: manifest.version, files: manifest.files, bytes, changed };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2];
  if (!dist || process.argv.length > 3) {
    console.error("usage: node site/js/make-sw.mjs <dist-dir>");
    process.exit(2);
  }
  if (!existsSync(join(dist, "index.html"))) {
    console.error(`${dist} has no index.html: build the site first (trunk build --release)`);
    process.exit(1);
  }
  const { version, files, bytes, changed } = makeServiceWorker(dist);
  const size = (bytes / 1e6).toFixed(1);
  console.log(`${join(dist, "sw.js")}: version ${version}, ${files.length} files (${size} MB)`
    + (changed ? "" : ", unchanged"));
}
