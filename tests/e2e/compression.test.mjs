// The site served compressed, as DEPLOYING.md asks of a host: `make dist` writes .br and .gz
// copies (site/js/compress.mjs) and serve.mjs sends them by Accept-Encoding. The interpreter must
// arrive brotli-compressed, run, show a true download percentage, and still work offline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { DIST, openSite, run, whenReady } from "./support.mjs";

const WASM = "glassbox-worker_bg.wasm";

test("make dist wrote a brotli copy of the interpreter that decompresses to it", () => {
  const raw = readFileSync(join(DIST, WASM));
  assert.ok(existsSync(join(DIST, `${WASM}.br`)) && existsSync(join(DIST, `${WASM}.gz`)));
  const packed = readFileSync(join(DIST, `${WASM}.br`));
  assert.ok(packed.length < raw.length / 3, `${packed.length} bytes of brotli for ${raw.length}`);
  assert.ok(brotliDecompressSync(packed).equals(raw), "the copy is the same wasm");
  // The loader's total for the progress bar is the raw size, whatever the server sends.
  const loader = readFileSync(join(DIST, "worker-loader.js"), "utf8");
  assert.match(loader, new RegExp(`^const WASM_BYTES = ${statSync(join(DIST, WASM)).size};$`, "m"));
});

test("the interpreter is fetched brotli-compressed, shows its progress, runs, and works offline", async () => {
  const site = await openSite();
  try {
    const { page, context } = site;
    const interpreter = [];
    context.on("response", (response) => {
      if (new URL(response.url()).pathname.endsWith(`/${WASM}`)) interpreter.push(response);
    });
    // Slow enough (1 MB/s) that the compressed download takes seconds and the bar can be read.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false, latency: 20, downloadThroughput: 1_000_000, uploadThroughput: 1_000_000,
    });
    await page.goto(`${site.server.url}#/playground`);
    const status = page.locator("#status", { hasText: /Loading Python… \d+%/ });
    await status.waitFor({ timeout: 15000 });
    // "Loading Python… 12% (3.9 of 32.5 MB)": a share of the raw size, not of the brotli bytes.
    const text = await status.textContent();
    const [, percent, of] = text.match(/(\d+)% \([\d.]+ of ([\d.]+) MB\)/);
    assert.ok(Number(percent) <= 100, text);
    assert.equal(of, (statSync(join(DIST, WASM)).size / 1e6).toFixed(1), text);
    await whenReady(page);
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1,
    });

    const first = interpreter[0];
    assert.ok(first, "the page fetched the interpreter");
    const headers = await first.allHeaders();
    assert.equal(headers["content-encoding"], "br");
    assert.equal(headers["vary"], "Accept-Encoding");
    assert.equal(Number(headers["content-length"]), statSync(join(DIST, `${WASM}.br`)).size);
    assert.equal((await run(page, "print(sum(range(10)))")).stdout, "45\n");

    // The service worker cached the compressed responses; offline, they still start Python.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60000 });
    await context.setOffline(true);
    await page.reload();
    await whenReady(page);
    assert.equal((await run(page, "print('offline', 6 * 7)")).stdout, "offline 42\n");
    assert.deepEqual(site.errors, []);
  } finally {
    await site.context.setOffline(false);
    await site.close();
  }
});

test("a compressed copy older than its file is never sent: the file was rebuilt since", async () => {
  const { mkdtempSync, writeFileSync, utimesSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { gzipSync } = await import("node:zlib");
  const { serve } = await import("./serve.mjs");
  const root = mkdtempSync(join(tmpdir(), "glassbox-stale-"));
  const server = await serve({ root });
  try {
    writeFileSync(join(root, "app.js"), "console.log('new');\n");
    writeFileSync(join(root, "app.js.gz"), gzipSync("console.log('old');\n"));
    const fetchJs = () => fetch(`${server.url}app.js`, { headers: { "Accept-Encoding": "gzip" } });
    utimesSync(join(root, "app.js.gz"), new Date(2000, 0, 1), new Date(2000, 0, 1));
    const stale = await fetchJs();
    assert.equal(stale.headers.get("content-encoding"), null);
    assert.equal(await stale.text(), "console.log('new');\n");
    utimesSync(join(root, "app.js.gz"), new Date(), new Date(Date.now() + 60_000));
    const fresh = await fetchJs();
    assert.equal(fresh.headers.get("content-encoding"), "gzip");
    assert.equal(await fresh.text(), "console.log('old');\n", "a fresh copy is what is sent");
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
});
