// Teaching live, in a real browser: presenter mode, the follower window, and share links.
// Screenshots of presenter mode and the follower window go to artifacts/.
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { getCode, openSite, screenshot, setCode, startFresh, whenEditorLoaded, whenReady } from "./support.mjs";

const LESSON = "#/lesson/01-http/03-through-the-framework";
const SECRET_APP = `from glassbox.app import Glassbox
from glassbox.http import JsonResponse
from glassbox.urls import path


def config(request):
    return JsonResponse({"key": request.app.settings.SECRET_KEY, "ok": True})


app = Glassbox(settings={"SECRET_KEY": "do-not-show-this-on-stream"}, urls=[path("config/", config)])
`;

// An app whose data changes with requests, to prove a link can carry the database's rows.
const COUNTER_APP = `from glassbox.app import Glassbox
from glassbox.db import connection, models
from glassbox.db.schema import create_tables
from glassbox.http import JsonResponse
from glassbox.urls import path


class Visit(models.Model):
    note = models.CharField(max_length=20)


create_tables(connection, [Visit])


def add(request):
    Visit.objects.create(note="added")
    return JsonResponse({"visits": Visit.objects.count()})


app = Glassbox(urls=[path("add/", add)])
`;

const fontSize = (page, selector) => page.locator(selector).first().evaluate((node) => parseFloat(getComputedStyle(node).fontSize));

describe("presenter mode and the follower window", () => {
  let site;
  before(async () => {
    site = await openSite();
  });
  beforeEach(() => startFresh(site, LESSON));
  afterEach(() => assert.deepEqual(site.errors, [], "no uncaught errors on the page"));
  after(async () => site.close());

  const present = async (page) => {
    await page.keyboard.press("Control+Alt+P");
    await page.locator(".app.presenter").waitFor();
  };

  test("the shortcut turns it on: larger text, answers hidden until the presenter shows them", async () => {
    const { page } = site;
    const before = await fontSize(page, ".lesson-body p");
    assert.equal(await page.locator("#solution").count(), 1);
    assert.equal(await page.locator(".speaker-notes").count(), 0, "notes are for presenter mode");
    await present(page);
    assert.ok(await fontSize(page, ".lesson-body p") >= before * 1.4, "text is at least 1.4 times larger");
    assert.equal(await page.locator("#solution").count(), 0, "the solution is hidden on stream");
    assert.equal(await page.locator("#hint").count(), 0, "hints are hidden on stream");
    const scaled = await fontSize(page, ".lesson-body p");
    await page.click("#text-larger");
    assert.ok(await fontSize(page, ".lesson-body p") > scaled, "A+ steps the text up");
    await page.click("#text-smaller");
    await page.click("#reveal-answers");
    await page.locator("#solution").waitFor();
    await page.click("#reveal-answers");
    assert.equal(await page.locator(".speaker-notes").count(), 0, "notes stay hidden until asked");
    await page.click("#show-notes");
    await page.locator(".speaker-notes").waitFor();
    await page.click("#start-timer");
    assert.match(await page.locator("#session-timer").textContent(), /^2[45]:\d\d$/, "a 25-minute session timer");
    await screenshot(page, "presenter-mode");
  });

  test("the follower window follows an edit, a run and a request within a second", async () => {
    const { page, context } = site;
    await present(page);
    const [follower] = await Promise.all([context.waitForEvent("page"), page.click("#open-follower")]);
    await follower.locator(".app.follower").waitFor();
    await follower.locator(".editor").waitFor();
    await page.locator(".file-tab", { hasText: "app.py" }).click();
    await setCode(page, "from glassbox.app import Glassbox\nprint('shown to the stream')\napp = Glassbox()\n");
    await follower.waitForFunction(() => document.querySelector(".editor")?.textContent.includes("shown to the stream"), null, { timeout: 1000 });
    await page.click("#run");
    await page.locator("#output .stdout", { hasText: "shown to the stream" }).waitFor();
    await follower.locator("#output .stdout", { hasText: "shown to the stream" }).waitFor({ timeout: 1000 });
    await page.click("#tab-request");
    await page.fill("#request-target", "/nowhere/");
    await page.click("#send");
    await page.locator("#response-status", { hasText: "404" }).waitFor();
    await follower.locator("#response-status", { hasText: "404" }).waitFor({ timeout: 1000 });
    await page.click("#show-notes");
    await page.locator(".speaker-notes").first().waitFor();
    await page.waitForTimeout(300);
    assert.equal(await follower.locator(".speaker-notes").count(), 0, "speaker notes stay in the presenter's window");
    await page.click("#show-keys");
    await page.keyboard.press("F2");
    await page.locator("#key-overlay", { hasText: "F2" }).waitFor();
    await follower.locator("#key-overlay", { hasText: "F2" }).waitFor({ timeout: 1000 });
    await page.locator(".lesson").evaluate((node) => { node.scrollTop = node.scrollHeight; });
    await follower.waitForFunction(() => document.querySelector(".lesson").scrollTop > 100, null, { timeout: 1000 });
    assert.equal(await follower.locator("#run").isVisible(), false, "the controls stay in the presenter's window");
    await screenshot(follower, "presenter-follower-window");
    await follower.close();
  });

  test("a secret in a response is masked in presenter mode", async () => {
    const { page } = site;
    await page.goto(`${site.server.url}#/playground`);
    await whenEditorLoaded(page);
    await present(page);
    await setCode(page, SECRET_APP);
    await page.click("#tab-request");
    await page.fill("#request-target", "/config/");
    await page.click("#send");
    await page.locator("#response-status", { hasText: "200" }).waitFor();
    const shown = await page.locator("#response-body").textContent();
    assert.doesNotMatch(shown, /do-not-show-this-on-stream/);
    assert.match(shown, /hidden in presenter mode/);
    await page.click("#exit-presenter");
    assert.match(await page.locator("#response-body").textContent(), /do-not-show-this-on-stream/);
  });
});

describe("share links", () => {
  let sharer;
  before(async () => {
    sharer = await openSite();
  });
  beforeEach(() => startFresh(sharer));
  afterEach(() => assert.deepEqual(sharer.errors, [], "no uncaught errors on the page"));
  after(async () => sharer.close());

  /** Shares some code and a request target from the playground; returns the link. */
  async function shareLink(page) {
    await setCode(page, "# shared on stream\nprint('from the link')\n");
    await page.click("#tab-request");
    await page.fill("#request-target", "/hello/stream/");
    await page.click("#share");
    await page.click("#create-link");
    const link = await page.locator("#share-link").inputValue();
    await page.locator("#share-link").press("Escape"); // closes the share box
    return link;
  }

  test("a link carries the code and the request builder, with a short content hash", async () => {
    const link = await shareLink(sharer.page);
    assert.match(link, /#\/share\/1\.[0-9a-f]{6}\./);
  });

  test("opening it in a fresh profile restores that state and leaves the profile's own work alone", async () => {
    const link = await shareLink(sharer.page);
    const viewer = await openSite();
    try {
      const { page } = viewer;
      await page.goto(`${viewer.server.url}#/playground`);
      await whenEditorLoaded(page);
      await setCode(page, "# my own work\n");
      await page.waitForTimeout(600);
      await page.goto(link.replace(sharer.server.url, viewer.server.url));
      await page.locator("#share-banner").waitFor();
      const hash = link.match(/share\/1\.([0-9a-f]{6})\./)[1];
      assert.equal(await page.locator("#share-banner .share-hash").textContent(), hash);
      await whenEditorLoaded(page);
      assert.match(await getCode(page), /shared on stream/);
      await page.click("#tab-request");
      assert.equal(await page.inputValue("#request-target"), "/hello/stream/");
      await setCode(page, "# trying the shared code\n");
      await page.waitForTimeout(600); // longer than the save delay
      const saved = await page.evaluate(() => localStorage.getItem("glassbox.v1.code.playground"));
      assert.match(saved, /my own work/, "the viewer's saved code is untouched, even after editing the shared code");
      await page.click("#discard-shared");
      await page.waitForFunction(() => document.querySelector(".editor")?.textContent.includes("my own work"));
      assert.deepEqual(viewer.errors, []);
    } finally {
      await viewer.close();
    }
  });

  test("a tampered or truncated link gives a clear message and changes nothing", async () => {
    const { page } = sharer;
    const link = await shareLink(page);
    await page.waitForTimeout(600); // longer than the save delay
    const before = await page.evaluate(() => localStorage.getItem("glassbox.v1.code.playground"));
    const [, prefix, data] = link.match(/^(.*#\/share\/1\.[0-9a-f]{6}\.)(.*)$/);
    const flipped = data.slice(0, 10) + (data[10] === "A" ? "B" : "A") + data.slice(11);
    for (const broken of [`${prefix}${data.slice(0, Math.floor(data.length / 2))}`, `${prefix}${flipped}`]) {
      await page.goto(broken);
      await page.locator("#share-error").waitFor();
      assert.match(await page.locator("#share-error").textContent(), /damaged|altered/);
      await page.click("#share-error button");
    }
    assert.equal(await page.evaluate(() => localStorage.getItem("glassbox.v1.code.playground")), before);
    assert.equal(new URL(page.url()).hash, "#/", "the broken link opened nothing");
  });

  test("a link can carry the database's rows into the viewer's running app", async () => {
    const { page } = sharer;
    await page.goto(`${sharer.server.url}#/playground`);
    await whenEditorLoaded(page);
    await setCode(page, COUNTER_APP);
    await page.click("#run");
    await page.click("#tab-request");
    await page.fill("#request-target", "/add/");
    for (let visits = 1; visits <= 3; visits++) {
      await page.click("#send");
      await page.locator("#response-body", { hasText: `"visits": ${visits}` }).waitFor();
    }
    await page.click("#share");
    await page.click("#share-rows");
    await page.click("#create-link");
    const withRows = await page.locator("#share-link").inputValue();
    await page.locator("#share-link").press("Escape");
    const viewer = await openSite();
    try {
      const other = viewer.page;
      await other.goto(withRows.replace(sharer.server.url, viewer.server.url));
      await whenReady(other);
      await other.locator("#output .run-header", { hasText: "database rows" }).waitFor();
      await other.click("#tab-request");
      assert.equal(await other.inputValue("#request-target"), "/add/");
      await other.click("#send");
      await other.locator("#response-body", { hasText: '"visits": 4' }).waitFor();
    } finally {
      await viewer.close();
    }
  });

  test("a state too large for a link is saved to a file instead", async () => {
    const { page } = sharer;
    await page.goto(`${sharer.server.url}#/playground`);
    await whenEditorLoaded(page);
    // Random text does not compress: far more than a link can carry.
    const noise = Array.from({ length: 400 }, (_, row) => `# ${row} ${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`).join("\n");
    await setCode(page, noise);
    await page.click("#share");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#create-link")]);
    assert.match(download.suggestedFilename(), /^glassbox-share-[0-9a-f]{6}\.txt$/);
    await page.locator("#share-file").waitFor();
  });
});
