// A small static file server for the built site (dist/), used by `make run`, the end-to-end
// tests and the benchmarks. It can mount the site under a sub-path (`--base /some/path/`) to
// prove the site works wherever it is hosted, and it never listens beyond 127.0.0.1.
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
      // A validator, so "no-cache" revalidation (by the browser and the service worker's
      // install) costs a 304 instead of a second download of the 32 MB interpreter.
      const { mtime, size } = await stat(file);
      const etag = `W/"${size.toString(16)}-${Math.floor(mtime.getTime()).toString(16)}"`;
      if (request.headers["if-none-match"] === etag) {
        response.writeHead(304, { ETag: etag, "Cache-Control": "no-cache" }).end();
        return;
      }
      const body = await readFile(file);
      response.writeHead(200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Content-Length": body.length,
        "Cache-Control": "no-cache",
        ETag: etag,
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
