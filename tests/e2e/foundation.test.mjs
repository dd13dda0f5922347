// The foundation in a real browser: the page, the worker, the platform layer, and bad input.
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO, getCode, openSite, run, screenshot, setCode, startFresh, unittestProgram, whenEditorLoaded, whenReady } from "./support.mjs";

describe("the page, served under a sub-path", () => {
  let site;
  before(async () => {
    site = await openSite({ base: "/courses/glassbox/" });
  });
  beforeEach(() => startFresh(site));
  afterEach(() => assert.deepEqual(site.errors, [], "no uncaught errors on the page"));
  after(async () => site.close());

  test("typing print(1+1) and pressing Run shows 2", async () => {
    const { page } = site;
    await setCode(page, "print(1+1)");
    await page.click("#run");
    await page.locator("#output .stdout").last().waitFor();
    assert.equal(await page.locator("#output .stdout").last().textContent(), "2\n");
    await screenshot(page, "foundation-first-run");
  });

  test("Ctrl+Enter runs too, and globals persist between runs", async () => {
    const { page } = site;
    // Run starts the learner's program afresh; the scripting interface keeps its globals.
    await run(page, "greeting = 'hello'");
    assert.equal((await run(page, "print(greeting.upper())")).stdout, "HELLO\n");
    await setCode(page, "print('from the keyboard')");
    await page.locator(".editor.rich .cm-content").press("Control+Enter");
    await page.locator("#output .stdout", { hasText: "from the keyboard" }).waitFor();
  });

  test("stdout, stderr and a traceback are shown apart", async () => {
    const { page } = site;
    await page.click("#clear");
    await setCode(page, "import sys\nprint('out')\nprint('err', file=sys.stderr)\n1 / 0\n");
    await page.click("#run");
    const entry = page.locator("#output .run").last();
    await entry.locator(".error").waitFor();
    assert.equal(await entry.locator(".stdout").textContent(), "out\n");
    assert.equal(await entry.locator(".stderr").textContent(), "err\n");
    assert.match(await entry.locator(".error-title").textContent(), /ZeroDivisionError: division by zero \(line 4\)/);
    assert.match(await entry.locator(".traceback").textContent(), /File "app.py", line 4/);
  });

  test("a syntax error shows its line", async () => {
    const { page } = site;
    await page.click("#clear"); // so the entry we wait for can only be this run's
    await setCode(page, "x = 1\nif x = 2:\n    pass\n");
    await page.click("#run");
    const title = page.locator("#output .run .error-title");
    await title.waitFor();
    assert.match(await title.textContent(), /^SyntaxError: .*\(line 2\)$/);
  });

  test("the code survives a reload", async () => {
    const { page } = site;
    await setCode(page, "# kept across reloads\nprint('still here')");
    await page.waitForTimeout(600); // saving is debounced
    await page.reload();
    await whenReady(page);
    await whenEditorLoaded(page);
    assert.equal(await getCode(page), "# kept across reloads\nprint('still here')");
  });
});

describe("loading", () => {
  test("the page shows download progress while the interpreter loads", async () => {
    const site = await openSite();
    try {
      const { page, context } = site;
      // A slow connection (8 MB/s), so the 30 MB interpreter takes a few seconds to arrive.
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false, latency: 20, downloadThroughput: 8_000_000, uploadThroughput: 1_000_000,
      });
      await page.goto(`${site.server.url}#/playground`);
      await page.locator("#status", { hasText: /Loading Python… \d+%/ }).waitFor({ timeout: 15000 });
      await page.locator(".editor").waitFor();
      assert.equal(await page.locator("#run").isDisabled(), true, "Run waits for the interpreter");
      await screenshot(page, "foundation-loading");
      await whenReady(page);
      await page.locator("#status", { hasText: "Python ready" }).waitFor();
      assert.deepEqual(site.errors, []);
    } finally {
      await site.close();
    }
  });
});

describe("the interpreter in the worker", () => {
  let site;
  before(async () => {
    site = await openSite();
  });
  beforeEach(() => startFresh(site));
  afterEach(() => assert.deepEqual(site.errors, [], "no uncaught errors on the page"));
  after(async () => site.close());

  test("the runtime's Python unittest suites pass in the browser build", async () => {
    const dir = join(REPO, "runtime/python/tests");
    const suites = readdirSync(dir).filter((name) => /^test_.*\.py$/.test(name));
    assert.ok(suites.length > 0);
    for (const file of suites) {
      const name = file.replace(/\.py$/, "");
      await site.page.evaluate(() => window.glassbox.reset()); // a fresh interpreter, as natively
      const outcome = await run(site.page, unittestProgram(name, readFileSync(join(dir, file), "utf8")));
      const why = outcome.error && `${outcome.error.kind}: ${outcome.error.message}`;
      assert.equal(why, null, `${name} failed in the browser:\n${outcome.stdout.slice(-4000)}`);
      assert.match(outcome.stdout, /\nOK\n?$/);
    }
  });

  test("an endless loop is stopped by the watchdog, and the next run works", async () => {
    const { page } = site;
    await page.evaluate(() => window.glassbox.setWatchdog(2000));
    await run(page, "kept = 1");
    const stuck = await run(page, "while True:\n    pass");
    assert.equal(stuck.error.kind, "Timeout");
    assert.match(stuck.error.message, /more than 2 seconds/);
    assert.match(stuck.error.message, /variables from earlier runs are gone/);
    const next = await run(page, "print('alive')\nprint('kept' in globals())");
    assert.equal(next.error, null);
    assert.equal(next.stdout, "alive\nFalse\n");
    await page.locator("#output .notice").waitFor();
    assert.match(await page.locator("#output .notice").last().textContent(), /ran for more than 2 seconds/);
  });

  test("the Stop button ends a runaway program at once", async () => {
    const { page } = site;
    await setCode(page, "while True:\n    pass");
    await page.click("#run");
    await page.locator("#stop:not([disabled])").waitFor();
    await page.click("#stop");
    const notice = page.locator("#output .entry", { hasText: "You stopped the program" });
    await notice.waitFor({ timeout: 5000 });
    const next = await run(page, "print(6 * 7)");
    assert.equal(next.stdout, "42\n");
  });

  test("runaway recursion raises RecursionError, and depth 500 works", async () => {
    const { page } = site;
    const deep = await run(page, "def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\nprint(depth(500))");
    assert.equal(deep.stdout, "500\n");
    const runaway = await run(page, "def f(n):\n    return f(n + 1)\nf(0)");
    assert.equal(runaway.error.kind, "RecursionError");
    assert.equal((await run(page, "print('ok')")).stdout, "ok\n");
  });

  test("recursion through the interpreter's native code is stopped at once and explained", async () => {
    // Recursion through __repr__ (or deeply nested data) spends the browser's own call stack,
    // which runs out before Python's recursion limit. The page must say so and recover
    // immediately, not wait for the watchdog.
    const { page } = site;
    for (const program of [
      "class Loop:\n    def __repr__(self):\n        return repr(Loop())\nrepr(Loop())",
      "value = []\nfor _ in range(20_000):\n    value = [value]\nrepr(value)",
    ]) {
      const started = Date.now();
      const outcome = await run(page, program);
      assert.ok(["RecursionError", "Crashed"].includes(outcome.error?.kind), JSON.stringify(outcome.error));
      if (outcome.error.kind === "Crashed") assert.match(outcome.error.message, /Very deep recursion is the usual cause/);
      assert.ok(Date.now() - started < 8000, "recovered without waiting for the watchdog");
      assert.equal((await run(page, "print('ok')")).stdout, "ok\n");
    }
  });

  test("megabytes of output are cut short and the page survives", async () => {
    const outcome = await run(site.page, "for i in range(500_000):\n    print('0123456789')");
    assert.equal(outcome.error, null);
    assert.ok(outcome.stdout.length < 1_100_000);
    assert.match(outcome.stdout, /\[output stopped after 1,000,000 characters\]\n$/);
  });

  test("allocating until memory runs out is reported, and the next run works", async () => {
    const outcome = await run(site.page, "hoard = []\nwhile True:\n    hoard.append(bytearray(50_000_000))");
    assert.ok(["MemoryError", "Crashed", "Timeout"].includes(outcome.error?.kind), JSON.stringify(outcome.error));
    assert.equal((await run(site.page, "print('recovered')")).stdout, "recovered\n");
  });
});
