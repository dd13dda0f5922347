// Issue 19 in a real browser: a program with two servers over one database, driven from the
// Lab and the request bar, and a stream of notifications read piece by piece in the inspector.
// The program is tests/e2e/programs/two_servers.py (site/tests/support_contract.rs drives the
// same one natively). Screenshots go to artifacts/realtime-*.png.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, openSite, screenshot, setCode, startFresh } from "./support.mjs";

const PROGRAM = readFileSync(join(REPO, "tests/e2e/programs/two_servers.py"), "utf8");
const LESSON = "#/lesson/07-realtime/02-push-dont-poll";
const LESSON_SOLUTION = readFileSync(join(REPO, "lessons/07-realtime/02-push-dont-poll/solution/app.py"), "utf8");

describe("two servers and a stream in the inspector", () => {
  let site;
  before(async () => {
    site = await openSite();
    await site.page.setViewportSize({ width: 1280, height: 900 });
  });
  afterEach(() => assert.deepEqual(site.errors, [], "no uncaught errors on the page"));
  after(async () => site.close());

  test("the Lab shows both servers, requests go to the one picked, a stream shows each push", async () => {
    const { page } = site;
    await startFresh(site);
    await setCode(page, PROGRAM);
    await page.click("#run");
    await page.locator("#output .entry.run:not(.live)").first().waitFor();
    assert.doesNotMatch(await page.locator("#output").textContent(), /Error/, "the program runs");

    // The Lab: the servers side by side, and the network's latency beside the database's.
    await page.click("#tab-lab");
    await page.click("#refresh-lab");
    const cards = page.locator(".server-card");
    await cards.nth(1).waitFor({ timeout: 10000 }).catch(async (error) => {
      await screenshot(page, "realtime-failed-lab");
      throw error;
    });
    assert.deepEqual(await cards.locator("h4").allTextContents(), ["web-1", "web-2"]);
    await page.fill("#network-latency", "150");
    await page.press("#network-latency", "Tab");

    // Open a stream on web-2, chosen from its card.
    await page.locator(".server-card[data-server='web-2'] .send-here").click();
    assert.equal(await page.locator("#tab-request").getAttribute("aria-selected"), "true");
    assert.equal(await page.inputValue("#request-server"), "web-2");
    await page.fill("#request-target", "/stream/");
    await page.click("#send");
    await page.locator("#response-server", { hasText: "web-2" }).waitFor();
    await page.locator("#stream-state", { hasText: "nothing read yet" }).waitFor();

    // Save a score on web-1 from the request bar.
    await page.selectOption("#request-server", "web-1");
    await page.selectOption("#request-method", "POST");
    await page.fill("#request-target", "/add/");
    await page.locator(".request-extras summary").click();
    await page.fill("#request-headers", "Content-Type: application/x-www-form-urlencoded");
    await page.fill("#request-body", "points=7");
    await page.click("#send");
    await page.locator("#response-status", { hasText: "201" }).waitFor();
    assert.match(await page.locator("#response-server").textContent(), /web-1/);
    assert.match(await page.locator(".history-item").first().textContent(), /web-1/);

    // Its timeline: the signal stays on web-1, the notification wakes web-2.
    await page.click("#tab-timeline");
    const moments = page.locator(".timeline-events .moment");
    await moments.first().waitFor();
    const signal = moments.filter({ hasText: "post_save sent by" });
    assert.equal(await signal.count(), 1);
    assert.equal(await signal.locator(".server-name").textContent(), "web-1");
    assert.match(await signal.textContent(), /2 receivers: forget_total, announce/);
    const received = moments.filter({ hasText: "received scores" });
    assert.equal(await received.locator(".server-name").textContent(), "web-2");
    assert.match(await received.textContent(), /handler: stream/);
    const kinds = await moments.locator(".kind").allTextContents();
    const order = (kind) => kinds.indexOf(kind);
    assert.ok(order("network") === 0, `the request crossed the network first: ${kinds}`);
    assert.ok(order("SQL") < order("signal") && order("signal") < order("on_commit"), `${kinds}`);
    assert.ok(order("on_commit") < order("notify"), `the NOTIFY comes at COMMIT: ${kinds}`);
    assert.match(await moments.filter({ hasText: "crossed the network" }).first().textContent(), /: 150(\.0)? ms/);
    await screenshot(page, "realtime-timeline-two-servers");

    // Back to the stream: read what web-2 pushed, a piece at a time.
    await page.click("#tab-request");
    await page.locator(".history-item", { hasText: "/stream/" }).click();
    await page.click("#tab-timeline");
    await page.click("#read-piece");
    await page.locator("#stream-state", { hasText: "1 piece(s) read" }).waitFor();
    const piece = page.locator(".timeline-events .moment.stream");
    assert.match(await piece.first().textContent(), /stream sent event “score” id 1/);
    assert.equal(await piece.first().locator(".server-name").textContent(), "web-2");
    assert.match(await page.locator(".timeline-events").textContent(), /the stream took scores/,
      "the notification the piece was made from is in the stream's trace");
    await screenshot(page, "realtime-stream-piece");
    await page.click("#read-all");
    await page.locator("#stream-state", { hasText: "The stream is over" }).waitFor();
    assert.match(await page.locator(".timeline-events").textContent(), /stream ended: 1 piece in all/);
    await page.click("#tab-request");
    assert.match(await page.locator("#response-body").textContent(), /data: \{"id": 1, "points": 7\}/);

    // The Lab's cards say what each server answered.
    await page.click("#tab-lab");
    const web1 = page.locator(".server-card[data-server='web-1']");
    await web1.locator(".answered", { hasText: "1 answered" }).waitFor();
    assert.match(await web1.textContent(), /POST \/add\/ → 201/);
    assert.match(await page.locator(".server-card[data-server='web-2']").textContent(), /GET \/stream\/ → 200/);
    await screenshot(page, "realtime-lab-servers");
  });

  test("in the lesson, a request sent from the text reaches web-1 and the NOTIFY wakes web-2", async () => {
    const { page } = site;
    await startFresh(site, LESSON);
    await setCode(page, LESSON_SOLUTION);
    await page.click("#run");
    await page.locator("#output .entry.run:not(.live)").first().waitFor();
    assert.doesNotMatch(await page.locator("#output").textContent(), /Error/, "the solution runs");
    await page.locator(".http-block", { hasText: "POST /scores/" }).first().locator("button").click();
    await page.locator("#response-status", { hasText: "201" }).waitFor();
    assert.match(await page.locator("#response-server").textContent(), /web-1/, "the default server");
    await page.click("#tab-timeline");
    const received = page.locator(".timeline-events .moment", { hasText: "received scores" });
    await received.first().waitFor();
    const servers = await received.locator(".server-name").allTextContents();
    assert.deepEqual(servers, ["web-1", "web-2"], "every listening server hears it");
    assert.match(await received.nth(1).textContent(), /forget_the_total/);
    await screenshot(page, "realtime-lesson-push-dont-poll");
  });
});
