// Starts the interpreter worker: downloads its wasm while reporting progress to the page, and
// compiles it as it streams in. The Rust side (glassbox-worker) then posts "ready" itself.
// Messages are JSON strings in the shape of site/src/protocol.rs's FromWorker.
"use strict";

importScripts("./glassbox-worker.js");

// The wasm's size in bytes, written here by `make dist` (site/js/make-sw.mjs). A server may send
// the file compressed (see DEPLOYING.md), and then Content-Length counts compressed bytes while
// the stream below yields decompressed ones; this count is right either way.
const WASM_BYTES = null;

function report(message) {
  postMessage(JSON.stringify(message));
}

(async () => {
  try {
    const response = await fetch("./glassbox-worker_bg.wasm");
    if (!response.ok) {
      throw new Error(`the server answered ${response.status} for glassbox-worker_bg.wasm`);
    }
    // Without the built-in size (an unbuilt copy), Content-Length is right only uncompressed.
    const compressed = response.headers.get("content-encoding");
    const length = Number(response.headers.get("content-length"));
    const total = WASM_BYTES ?? (!compressed && length > 0 ? length : null);
    let loaded = 0;
    let lastReport = 0;
    const counted = response.body.pipeThrough(new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        const now = performance.now();
        if (now - lastReport > 50) {
          lastReport = now;
          report({ type: "progress", loaded, total });
        }
        controller.enqueue(chunk);
      },
    }));
    report({ type: "progress", loaded: 0, total });
    const streamed = new Response(counted, { headers: { "Content-Type": "application/wasm" } });
    await wasm_bindgen({ module_or_path: streamed });
  } catch (error) {
    report({ type: "failed", message: String(error && error.message || error) });
  }
})();
