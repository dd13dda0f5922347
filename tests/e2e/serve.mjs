// A small static file server for the built site (dist/), used by `make run`, the end-to-end
// tests and the benchmarks. It can mount the site under a sub-path (`--base /some/path/`) to
// prove the site works wherever it is hosted, and it never listens beyond 127.0.0.1.
// Like a static host set up as DEPLOYING.md says, it sends a file's precompressed copy
// (<file>.br or <file>.gz, written by site/js/compress.mjs) when the request's Accept-Encoding
// allows it, with Content-Encoding and Vary: Accept-Encoding.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".md": "text/markdown; charset=utf-8",
};

/** Whether an Accept-Encoding header allows `encoding` (named, or "*", and not with q=0). */
function accepts(header = "", encoding) {
  return header.split(",").some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(";").map((s) => s.trim());
    const q = params.find((p) => p.startsWith("q="));
    return (name === encoding || name === "*") && (!q || Number(q.slice(2)) > 0);
  });
}

/** The file to send for `file`: its precompressed copy the request accepts (brotli first), or
 * itself. A copy older than its file (the file was rebuilt without compress.mjs) is never sent. */
async function pick(file, acceptEncoding) {
  let vary = false;
  const { mtimeMs } = await stat(file);
  for (const [encoding, suffix] of [["br", ".br"], ["gzip", ".gz"]]) {
    try {
      const copy = await stat(file + suffix);
      if (!copy.isFile() || copy.mtimeMs < mtimeMs) continue;
      vary = true;
      if (accepts(acceptEncoding, encoding)) {
        return { path: file + suffix, encoding, vary };
      }
    } catch {
      // no such copy
    }
  }
  return { path: file, encoding: null, vary };
}

/** Serves `root` at `base` on 127.0.0.1:`port` (0 picks a free port). Resolves to {url, close}. */
export async function serve({ root, base = "/", port = 0 }) {
  const rootDir = resolve(root);
  const prefix = base.endsWith("/") ? base : `${base}/`;
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    if (!path.startsWith(prefix)) {
      response.writeHead(404).end(`Not found: the site is served under ${prefix}`);
      return;
    }
    let file = normalize(join(rootDir, path.slice(prefix.length)));
    if (!file.startsWith(rootDir)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const sent = await pick(file, request.headers["accept-encoding"]);
      // A validator, so "no-cache" revalidation (by the browser and the service worker's
      // install) costs a 304 instead of a second download of the 32 MB interpreter. Each
      // encoding is its own representation, so its own tag.
      const { mtime, size } = await stat(sent.path);
      const tag = `${size.toString(16)}-${Math.floor(mtime.getTime()).toString(16)}`;
      const etag = `W/"${tag}${sent.encoding ? `-${sent.encoding}` : ""}"`;
      const common = { "Cache-Control": "no-cache", ETag: etag, ...(sent.vary ? { Vary: "Accept-Encoding" } : {}) };
      if (request.headers["if-none-match"] === etag) {
        response.writeHead(304, common).end();
        return;
      }
      const body = await readFile(sent.path);
      response.writeHead(200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Content-Length": body.length,
        ...(sent.encoding ? { "Content-Encoding": sent.encoding } : {}),
        ...common,
      });
      response.end(request.method === "HEAD" ? undefined : body);
    } catch {
      response.writeHead(404).end("Not found");
    }
  });
  await new Promise((done, fail) => server.once("error", fail).listen(port, "127.0.0.1", done));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  return { url, close: () => new Promise((done) => server.close(done)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : fallback;
  };
  const root = option("--root", "dist");
  const { url } = await serve({ root, base: option("--base", "/"), port: Number(option("--port", 8080)) });
  console.log(`Glassbox is running at ${url}  (serving ${root}; press Ctrl+C to stop)`);
}
