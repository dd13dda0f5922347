// A learner's first hour (issue 20): each finding a new learner tripped on, in a real browser.
// Every test failed before its fix; screenshots go to artifacts/first-hour-*.png.
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { accessibilityViolations, getCode, openSite, screenshot, setCode, startFresh, whenEditorLoaded, whenReady } from "./support.mjs";

const LESSON_1 = "#/lesson/01-http/01-what-http-is";
const LESSON_3 = "#/lesson/01-http/03-through-the-framework";

describe("a learner's first hour", () => {
  let site;
  before(async () => {
    site = await openSite();
    site.page.on("dialog", (dialog) => dialog.accept());
  });
  beforeEach(() => site.page.setViewportSize({ width: 1280, height: 800 }));
  afterEach(() => assert.deepEqual(site.errors, [], "no uncaught errors on the page"));
  after(async () => site.close());

  test("a new lesson starts at its title, not at the previous one's scroll position", async () => {
    const { page } = site;
    await startFresh(site, LESSON_1);
    const article = page.locator("article.lesson");
    await article.evaluate((node) => { node.scrollTop = node.scrollHeight; });
    await page.locator(".lesson-nav a.next").click();
    await page.locator("#lesson-title", { hasText: "Requests and responses" }).waitFor();
    await page.waitForTimeout(200);
    assert.equal(await article.evaluate((node) => node.scrollTop), 0, "the lesson text is at its top");
    const title = await page.locator("#lesson-title").boundingBox();
    assert.ok(title && title.y >= 0 && title.y < 300, `the title is in view (y = ${title?.y})`);
    await screenshot(page, "first-hour-new-lesson-at-title");
  });

  test("the console follows new output", async () => {
    const { page } = site;
    await startFresh(site, "#/playground");
    await setCode(page, "for number in range(60):\n    print('line', number)\n");
    for (let runs = 1; runs <= 3; runs++) {
      await page.click("#run");
      await page.locator("#output .run").nth(runs - 1).waitFor();
      await page.locator("#run:not([disabled])").waitFor();
    }
    await page.waitForTimeout(200);
    const panel = page.locator(".tab-panel");
    const { top, height, total } = await panel.evaluate((node) => ({
      top: node.scrollTop, height: node.clientHeight, total: node.scrollHeight,
    }));
    assert.ok(total > height, "the output is taller than the panel");
    assert.ok(top + height >= total - 4, `the panel shows its end (${top} + ${height} of ${total})`);
    await screenshot(page, "first-hour-console-follows");
  });

  test("the home page welcomes, says where to start, and its lesson titles look like links", async () => {
    const { page } = site;
    await startFresh(site, "#/", { editor: false });
    const heading = page.locator("main h1");
    assert.equal(await heading.textContent(), "Welcome to Glassbox");
    const start = page.locator("#start-here");
    assert.match(await start.textContent(), /^Start here: What HTTP really is/);
    const underline = await page.locator(".outline .lesson-title").first()
      .evaluate((node) => getComputedStyle(node).textDecorationLine);
    assert.match(underline, /underline/, "a lesson title is underlined before any hover");
    await screenshot(page, "first-hour-home");
    await start.click();
    await page.locator("#lesson-title", { hasText: "What HTTP really is" }).waitFor();
  });

  test("Share has a heading and a Copy button that copies the link", async () => {
    const { page, context } = site;
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(site.server.url).origin });
    await startFresh(site, "#/playground");
    await page.click("#share");
    assert.equal(await page.locator(".share-popup h2").textContent(), "Share this page");
    assert.equal(await page.locator(".share-popup").getAttribute("aria-labelledby"), "share-heading");
    await page.click("#create-link");
    const link = await page.locator("#share-link").inputValue();
    await page.click("#copy-link");
    await page.locator("#copy-status", { hasText: "Copied" }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    await screenshot(page, "first-hour-share-copy");
  });

  test("wording: the exercise card, what follows a finished exercise, footnotes, and no 404 for an icon", async () => {
    const { page } = site;
    const missing = [];
    const onResponse = (response) => { if (response.status() === 404) missing.push(response.url()); };
    page.on("response", onResponse);
    try {
      await startFresh(site, LESSON_3);
    } finally {
      page.off("response", onResponse);
    }
    assert.deepEqual(missing, [], "nothing the page asks for is missing (a favicon included)");
    assert.equal(await page.locator("link[rel=icon]").count(), 1);

    const card = page.locator(".exercise-card.current");
    assert.match(await card.textContent(), /open in the editor beside this text\. Change the code there, then press ✓ Check\./);
    await page.click("#solution");
    await page.click("#check");
    const complete = page.locator("#complete");
    await complete.waitFor({ timeout: 60000 });
    assert.doesNotMatch(await complete.textContent(), /On to the next part/);
    const next = complete.locator("#next-lesson");
    assert.match(await next.textContent(), /^Next lesson: /);
    await screenshot(page, "first-hour-next-lesson");
    await next.click();
    await page.locator("#lesson-title", { hasText: "Who parses the bytes" }).waitFor();

    // A footnote reads as a note and its link stays in the lesson.
    await page.goto(`${site.server.url}${LESSON_1}`);
    const reference = page.locator(".footnote-reference a").first();
    await reference.waitFor();
    const before = await reference.evaluate((node) => getComputedStyle(node, "::before").content);
    assert.match(before, /note/, "the reference says it is a note");
    await reference.click();
    assert.equal(new URL(page.url()).hash, LESSON_1, "the footnote link keeps the lesson open");
    const definition = page.locator(".footnote-definition").first();
    assert.ok(await definition.isVisible());
    await definition.scrollIntoViewIfNeeded();
    await screenshot(page, "first-hour-footnote");
  });

  test("Send to your app is offered only when the code defines an app", async () => {
    const { page } = site;
    await startFresh(site, LESSON_1);
    const block = page.locator(".http-block").first();
    assert.equal(await block.locator("button").count(), 0, "no Send button in a lesson without an app");
    assert.match(await block.locator(".no-app").textContent(), /defines no app to send it to yet/);
    await screenshot(page, "first-hour-no-app");
  });

  test("a new lesson starts with a clean console, and a request draft stays in its lesson", async () => {
    const { page } = site;
    await startFresh(site, LESSON_3);
    await page.click("#solution");
    await page.locator(".http-block", { hasText: "GET /polls/latest/" }).locator("button").last().click();
    await page.locator("#response-status", { hasText: "200 OK" }).waitFor();
    await page.click("#tab-console");
    await page.click("#run");
    await page.locator("#output .run").first().waitFor();
    await page.locator(".lesson-nav a.next").click();
    await page.locator("#lesson-title", { hasText: "Who parses the bytes" }).waitFor();
    assert.equal(await page.locator("#output .entry").count(), 0, "the console is empty in the new lesson");
    await screenshot(page, "first-hour-clean-console");
    await page.goto(`${site.server.url}#/playground`);
    await whenReady(page);
    await whenEditorLoaded(page);
    await page.click("#tab-request");
    assert.equal(await page.locator("#request-target").inputValue(), "/", "the playground's request is its own");
  });

  test("Tab into the editor says how to leave, and a Tab that only moves focus never changes code", async () => {
    const { page } = site;
    await startFresh(site, "#/playground");
    const code = "print('hello')\n";
    await setCode(page, code);
    // Reach the editor from the control before it, by keyboard.
    await page.locator("#run").focus();
    const inEditor = () => page.evaluate(() => Boolean(document.activeElement.closest(".cm-editor")));
    for (let presses = 0; presses < 12 && !(await inEditor()); presses++) await page.keyboard.press("Tab");
    assert.ok(await inEditor(), "Tab reaches the editor");
    const note = page.locator("#editor-keys");
    assert.match(await note.textContent(), /Escape, then Tab/);
    assert.equal(await page.locator(".cm-content").getAttribute("aria-describedby"), "editor-keys");
    assert.ok((await note.boundingBox()).width > 20, "the note shows while the editor has focus");
    await screenshot(page, "first-hour-editor-keys");
    await page.keyboard.press("Tab");
    assert.equal(await inEditor(), false, "a second Tab moves on");
    assert.equal(await getCode(page), code, "the code is unchanged");
  });

  test("a syntax error reads with one line number and no internal frame", async () => {
    const { page } = site;
    await startFresh(site, "#/playground");
    await setCode(page, "print('fine')\ndef (\n");
    await page.click("#run");
    const error = page.locator("#output .error").first();
    await error.waitFor();
    const title = await error.locator(".error-title").textContent();
    assert.match(title, /^SyntaxError: /);
    assert.equal((title.match(/line 2/g) ?? []).length, 1, `one line number: ${title}`);
    const traceback = (await error.locator(".traceback").count()) ? await error.locator(".traceback").textContent() : "";
    assert.doesNotMatch(traceback, /_glassbox_boot/);
    await screenshot(page, "first-hour-syntax-error");
  });

  test("presenter mode keeps every inspector tab on screen and speaker notes hidden until asked", async () => {
    const { page } = site;
    await startFresh(site, LESSON_3);
    await page.locator(".editor.rich .cm-content").click();
    await page.keyboard.press("Control+Alt+P");
    await page.locator(".app.presenter").waitFor();
    await page.click("#text-larger");
    assert.equal(await page.locator(".speaker-notes").count(), 0, "no notes until the presenter asks");
    const width = page.viewportSize().width;
    for (const id of ["#tab-lab", "#tab-source"]) {
      const box = await page.locator(id).boundingBox();
      assert.ok(box && box.x + box.width <= width, `${id} is on screen (${box?.x} + ${box?.width} of ${width})`);
    }
    await screenshot(page, "first-hour-presenter-tabs");
    await page.click("#show-notes");
    await page.locator(".speaker-notes").first().waitFor();
  });

  for (const [name, width, height] of [["tablet", 820, 1180], ["phone", 390, 844]]) {
    test(`${name} (${width}×${height}): a lesson/code switch keeps Run one tap away, and passes axe`, async () => {
      const { page } = site;
      await page.setViewportSize({ width, height });
      // The editor is behind the Code switch here, so it is not waited for.
      await startFresh(site, LESSON_3, { editor: false });
      const topbar = await page.locator(".topbar").boundingBox();
      assert.ok(topbar.height <= 100, `the header is at most two rows (${topbar.height} px)`);
      await page.locator("#lesson-title").waitFor();
      assert.equal(await page.locator("#run").isVisible(), false, "the lesson shows first");
      assert.deepEqual(await accessibilityViolations(page, { exclude: [".html-preview"] }), []);
      await screenshot(page, `first-hour-${name}-lesson`);
      await page.click("#show-code");
      const run = await page.locator("#run").boundingBox();
      assert.ok(run && run.y >= 0 && run.y + run.height <= height, `Run is on screen (y = ${run?.y})`);
      assert.deepEqual(await accessibilityViolations(page, { exclude: [".html-preview"] }), []);
      await screenshot(page, `first-hour-${name}-code`);
      await page.click("#show-lesson");
      await page.locator("#lesson-title").waitFor();
    });
  }
});
