// Writes precompressed copies beside the built site's files: <file>.br (brotli, quality 11) and
// <file>.gz (gzip -9), for a server that sends them by the request's Accept-Encoding (see
// DEPLOYING.md; `make run`'s own server, tests/e2e/serve.mjs, does). The interpreter's wasm is
// 32 MB raw and under 6 MB brotli: on a venue's network that is the difference between seconds
// and a wait.
//
//   node site/js/compress.mjs dist
//
// Run it last (after make-sw.mjs, so sw.js is compressed too). A copy newer than its file is kept,
// so running it again costs nothing; files under 1 KB and already-compressed types are skipped.
// Node's zlib does the work (no extra tool); its async calls run on libuv's thread pool, so the
// files are compressed in parallel.
import { readFile, readdir, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|json|svg|map|txt|md)$/;
const SMALLEST = 1024;
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Every file under `root` ("/"-separated, relative), hidden files and compressed copies left out. */
async function listFiles(root, prefix = "") {
  const files = [];
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, path)));
    else if (entry.isFile() && COMPRESSIBLE.test(path)) files.push(path);
  }
  return files;
}

async function fresh(copy, source) {
  try {
    return (await stat(copy)).mtimeMs >= (await stat(source)).mtimeMs;
  } catch {
    return false;
  }
}

/** Compresses every compressible file of `dist`. Resolves to [{path, raw, br, gz}]. */
export async function compressSite(dist) {
  const rows = [];
  await Promise.all((await listFiles(dist)).map(async (path) => {
    const file = join(dist, path);
    const raw = (await stat(file)).size;
    if (raw < SMALLEST) return;
    const row = { path, raw };
    rows.push(row);
    let bytes;
    for (const [suffix, compress] of [
      [".br", (data) => brotli(data, { params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        // The largest window: the interpreter repeats itself over more than the default 4 MB.
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      } })],
      [".gz", (data) => gz(data, { level: 9 })],
    ]) {
      const key = suffix.slice(1);
      if (await fresh(file + suffix, file)) {
        row[key] = (await stat(file + suffix)).size;
        continue;
      }
      bytes ??= await readFile(file);
      const packed = await compress(bytes);
      await writeFile(file + suffix, packed);
      row[key] = packed.length;
    }
  }));
  return rows.sort((a, b) => b.raw - a.raw);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2];
  if (!dist || process.argv.length > 3 || !existsSync(dist)) {
    console.error("usage: node site/js/compress.mjs <dist-dir>");
    process.exit(2);
  }
  const started = performance.now();
  const rows = await compressSite(dist);
  const sum = (key) => rows.reduce((total, row) => total + row[key], 0) / 1e6;
  console.log(`${dist}: ${rows.length} files precompressed in ${((performance.now() - started) / 1000).toFixed(0)} s:`
    + ` ${sum("raw").toFixed(1)} MB raw, ${sum("gz").toFixed(1)} MB gzip, ${sum("br").toFixed(1)} MB brotli`);
}
