// Removes the `name` and `producers` custom sections from a wasm file, in place. The interpreter's
// wasm carries 4.7 MB of function names (of 32.5 MB): they only label the frames of a stack
// trace in the browser's console, and the learner downloads them on every first visit. Every
// other section is copied byte for byte, so the code is the very code trunk built.
//
//   node site/js/strip-wasm.mjs dist/glassbox-worker_bg.wasm
//
// (binaryen's `wasm-opt --strip-debug --strip-producers` does the same; measured for issue #21,
// its -Oz/-O2/-O3 made the file smaller but its brotli copy larger, so the build only strips,
// and needs no extra tool for it.)
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const DROPPED = new Set(["name", "producers"]);

/** An unsigned LEB128 at `at`: [value, the offset after it]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** `bytes` (a wasm module) without its name and producers sections. Returns {bytes, dropped}. */
export function stripWasm(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error("not a wasm module");
  const kept = [bytes.subarray(0, 8)];
  const dropped = [];
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    at = body + size;
    if (id === 0) {
      const [nameLength, nameAt] = leb(bytes, body);
      const name = bytes.subarray(nameAt, nameAt + nameLength).toString("utf8");
      if (DROPPED.has(name)) {
        dropped.push({ name, bytes: at - start });
        continue;
      }
    }
    kept.push(bytes.subarray(start, at));
  }
  if (at !== bytes.length) throw new Error("a section runs past the end of the file");
  return { bytes: Buffer.concat(kept), dropped };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error("usage: node site/js/strip-wasm.mjs <file.wasm>");
    process.exit(2);
  }
  const { bytes, dropped } = stripWasm(readFileSync(file));
  if (dropped.length) writeFileSync(file, bytes);
  const what = dropped.map((section) => `${section.name} (${(section.bytes / 1e6).toFixed(2)} MB)`).join(", ");
  console.log(`${file}: ${dropped.length ? `removed ${what}` : "nothing to remove"}, ${(bytes.length / 1e6).toFixed(1)} MB`);
}
