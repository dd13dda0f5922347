// An educator previews a course of their own: `glassbox serve` on a folder outside the
// repository, the built app showing it in Chromium, the page following each save, and a broken
// lesson's problem shown in the page. Needs dist/ (make dist) and the native `glassbox` binary
// (cargo test --workspace builds it; make test runs both first).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DIST, REPO, openBrowser, screenshot, whenReady } from "./support.mjs";

const GLASSBOX = join(process.env.CARGO_TARGET_DIR ?? join(REPO, "target"), "debug/glassbox");

const PART = `title = "My own course"\n`;

function lesson(title, extra = "") {
  return `+++
title = "${title}"
summary = "A lesson written outside the Glassbox repository."
objectives = ["See a course of one's own in the app"]
estimated_minutes = 5
+++

Some text an educator wrote.

\`\`\`python run
print("hello from", "the preview")
\`\`\`
${extra}`;
}

/** Starts \`glassbox serve\` on a free port; resolves with {url, process} once it listens. */
function startServe(course) {
  const child = spawn(GLASSBOX, ["serve", course, "--port", "0", "--site", DIST], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`glassbox serve did not start:\n${output}`)), 30000);
    const listen = (chunk) => {
      output += chunk;
      const found = output.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (found) {
        clearTimeout(timer);
        resolve({ url: found[1], child, output: () => output });
      }
    };
    child.stdout.on("data", listen);
    child.stderr.on("data", listen);
    child.on("exit", (code) => reject(new Error(`glassbox serve exited (${code}):\n${output}`)));
  });
}

describe("glassbox serve: previewing a course outside the repository", () => {
  let course, serving, browser;
  const file = () => join(course, "01-basics/01-hello/lesson.md");

  before(async () => {
    assert.ok(existsSync(GLASSBOX), `${GLASSBOX} is missing: run cargo test --workspace (make test does)`);
    course = mkdtempSync(join(tmpdir(), "glassbox-course-"));
    mkdirSync(join(course, "01-basics/01-hello"), { recursive: true });
    writeFileSync(join(course, "01-basics/part.toml"), PART);
    writeFileSync(file(), lesson("Hello preview"));
    serving = await startServe(course);
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
    serving?.child.kill();
    if (course) rmSync(course, { recursive: true, force: true });
  });

  test("the app shows the educator's course, runs it, follows each save and shows problems", async () => {
    const { page } = browser;
    await page.goto(`${serving.url}#/lesson/01-basics/01-hello`);
    await page.getByRole("heading", { name: "Hello preview" }).waitFor({ timeout: 30000 });
    await whenReady(page);

    // The example runs in the real interpreter, served by the preview.
    await page.getByRole("button", { name: "▶ Run this example" }).first().click();
    await page.getByText("hello from the preview").first().waitFor({ timeout: 20000 });
    await screenshot(page, "preview-lesson");

    // A save reloads the page with the new text.
    writeFileSync(file(), lesson("Hello again"));
    await page.getByRole("heading", { name: "Hello again" }).waitFor({ timeout: 20000 });

    // A broken lesson: its problem shows in the page, with the file and position.
    writeFileSync(file(), lesson("Hello again", "\n```python run\nprint('never closed')\n"));
    const problems = page.locator(".course-problems");
    await problems.waitFor({ timeout: 20000 });
    const text = await problems.innerText();
    assert.match(text, /lesson\.md:\d+:\d+/, text);
    await screenshot(page, "preview-problem");

    // Fixed again: the problem goes away.
    writeFileSync(file(), lesson("Fixed"));
    await page.getByRole("heading", { name: "Fixed" }).waitFor({ timeout: 20000 });
    assert.equal(await page.locator(".course-problems").count(), 0);
    assert.deepEqual(browser.errors, []);
  });

  test("a preview answers course.json live and is never kept offline", async () => {
    const response = await fetch(`${serving.url}course.json`);
    assert.equal(response.headers.get("cache-control"), "no-cache");
    const document = await response.json();
    assert.deepEqual(document.course.parts.map((part) => part.title), ["My own course"]);
    const worker = await (await fetch(`${serving.url}sw.js`)).text();
    assert.match(worker, /unregister/);
    const missing = await fetch(`${serving.url}../../etc/passwd`);
    assert.equal(missing.status, 404);
  });
});
