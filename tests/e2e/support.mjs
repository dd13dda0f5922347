// Shared set-up for the browser tests and benchmarks: serve dist/ and drive Debian's Chromium.
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = join(REPO, "dist");
export const ARTIFACTS = join(REPO, "tests/e2e/artifacts");

const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Chromium with a fresh profile (nothing cached); page errors are collected in `errors`. */
export async function openBrowser() {
  const profile = mkdtempSync(join(tmpdir(), "glassbox-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const errors = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => errors.push(error.message));
  return {
    context, page, errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A fresh Chromium profile and a server for dist/ under `base`. */
export async function openSite({ base = "/" } = {}) {
  const server = await serve({ root: DIST, base });
  const browser = await openBrowser();
  return {
    ...browser, server,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Waits until the interpreter can run code. `window.glassbox` itself appears only once the UI's
 * wasm has started, which can be after the page's load event, so wait for that first.
 */
export async function whenReady(page) {
  await page.waitForFunction(() => window.glassbox !== undefined, null, { timeout: 30000 });
  await page.evaluate(() => window.glassbox.ready);
}

/**
 * Puts the page back to a known start, so a test never depends on the one before it: no saved
 * code, progress or presenter settings, `hash` open, and a brand-new interpreter. The service
 * worker's cache is kept (it only makes the reload faster). Clears the page errors seen so far.
 */
export async function startFresh(site, hash = "#/playground", { editor = true } = {}) {
  const { page, context } = site;
  // Leave the page first: it saves pending edits when it hides, which would undo the clearing.
  await page.goto("about:blank");
  const cdp = await context.newCDPSession(page);
  await cdp.send("Storage.clearDataForOrigin", {
    origin: new URL(site.server.url).origin,
    storageTypes: "local_storage,indexeddb,cookies",
  });
  await cdp.detach();
  await page.goto(`${site.server.url}${hash}`);
  await whenReady(page);
  if (editor) await whenEditorLoaded(page);
  await page.evaluate(() => window.glassbox.reset());
  site.errors.length = 0;
}

/** Runs Python through `window.glassbox.run` and returns {stdout, stderr, error}. */
export function run(page, code) {
  return page.evaluate((source) => window.glassbox.run(source), code);
}

/** Python source for running a unittest file from runtime/python/tests in the page. */
export function unittestProgram(name, source) {
  return `import _glassbox_boot\n_glassbox_boot.run_tests(${JSON.stringify(name)}, ${JSON.stringify(source)})\n`;
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/**
 * Replaces the code in the editor as a learner would paste it: CodeMirror once it has loaded,
 * or the plain textarea it falls back to.
 */
export async function setCode(page, text) {
  const rich = page.locator(".editor.rich .cm-content");
  if (await rich.count()) {
    await rich.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(text);
  } else {
    await page.fill("textarea.code", text);
  }
}

/** The code in the editor, whichever editor is showing. */
export async function getCode(page) {
  const rich = page.locator(".editor.rich .cm-content");
  if (await rich.count()) {
    return rich.evaluate((node) => [...node.querySelectorAll(".cm-line")].map((line) => line.textContent).join("\n"));
  }
  return page.inputValue("textarea.code");
}

/** Waits for CodeMirror to replace the textarea (the bundle loads after the page). */
export async function whenEditorLoaded(page) {
  await page.locator(".editor.rich .cm-content").waitFor({ timeout: 15000 });
}

/** Runs axe-core (from node_modules) on the page; returns its violations. */
export async function accessibilityViolations(page, { exclude = [] } = {}) {
  const { readFileSync } = await import("node:fs");
  const source = readFileSync(join(REPO, "tests/e2e/node_modules/axe-core/axe.min.js"), "utf8");
  await page.addScriptTag({ content: source });
  return page.evaluate(async (excluded) => {
    const result = await window.axe.run({ exclude: excluded.map((selector) => [selector]) }, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((violation) => ({
      id: violation.id, impact: violation.impact, help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
  }, exclude);
}
