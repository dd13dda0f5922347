// A learner's first hour (issue 20): each finding a new learner tripped on, in a real browser.
// Every test failed before its fix; screenshots go to artifacts/first-hour-*.png.
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { accessibilityViolations, getCode, openSite, screenshot, setCode, startFresh, whenEditorLoaded, whenReady } from "./support.mjs";

const LESSON_1 = "#/lesson/01-http/01-what-http-is";
const LESSON_3 = "#/lesson/01-http/03-through-the-framework";
const LESSON_4 = "#/lesson/01-http/04-who-parses-the-bytes";
const FIRST_MODEL = "#/lesson/03-data/01-first-model";
const SESSION_APP = `from glassbox.app import Glassbox
from glassbox.auth.models import create_auth_tables
from glassbox.db import connection
from glassbox.http import JsonResponse
from glassbox.urls import path

create_auth_tables(connection)


def count(request):
    request.session["count"] = request.session.get("count", 0) + 1
    return JsonResponse({"count": request.session["count"]})


app = Glassbox(settings={"SECRET_KEY": "not-so-secret"}, urls=[path("", count)],
               middleware=["glassbox.sessions.middleware.SessionMiddleware"])
`;

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

  test("a check that fails because the code raised names the exception, the line and the input; every check has a title", async () => {
    const { page } = site;
    await startFresh(site, LESSON_4);
    const starting = await getCode(page);
    // A make_environ that cannot handle a target without '?'.
    const broken = starting.replace(
      /def make_environ[\s\S]*$/,
      'def make_environ(method, target, headers, body):\n    path, query = target.split("?")\n    return {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query}\n',
    );
    assert.notEqual(broken, starting);
    await setCode(page, broken);
    await page.click("#check");
    const first = page.locator("#checks li.check").first();
    await first.waitFor({ timeout: 60000 });
    // The lesson's checks have no title=: each is named from what it says.
    assert.equal(await first.locator(".check-title").textContent(), "Check 1: uses make_environ");
    assert.match(await first.locator(".check-message").textContent(), /ValueError: not enough values to unpack/);
    assert.match(await first.locator(".check-raised").textContent(), /^Raised in your \S+\.py, line \d+: path, query = target\.split\("\?"\)$/);
    assert.match(await first.locator(".check-input").textContent(), /^While the check ran: environ = make_environ\("GET", "\/echo\/", /);
    for (const item of await page.locator("#checks li.check").all()) {
      assert.match(await item.locator(".check-title").textContent(), /^Check \d: \S/);
    }
    await screenshot(page, "first-hour-check-raised");
    await page.click("#solution");
    await page.click("#check");
    await page.locator("#complete").waitFor({ timeout: 60000 });
    const passed = page.locator("#checks li.check.passed").first();
    assert.equal(await passed.locator(".check-title").textContent(), "Check 1: uses make_environ", "a passed check says which");
  });

  test("output streams while a run goes on; a stopped run keeps it, with its real duration, said once", async () => {
    const { page } = site;
    await startFresh(site, "#/playground");
    await setCode(page, 'print("before")\nwhile True:\n    pass\n');
    await page.click("#run");
    await page.locator("#output .entry.live .stdout", { hasText: "before" }).waitFor({ timeout: 10000 });
    await screenshot(page, "first-hour-streaming");
    await page.click("#stop");
    const entry = page.locator("#output .entry.run", { hasText: "You stopped the program" });
    await entry.waitFor({ timeout: 5000 });
    assert.equal(await entry.locator(".stdout").textContent(), "before\n", "what it printed before it was stopped is kept");
    const elapsed = Number.parseInt(await entry.locator(".elapsed").textContent(), 10);
    assert.ok(elapsed > 0, `the stop is logged with how long the run went on (${elapsed} ms)`);
    const text = await page.locator("#output").textContent();
    assert.equal(text.split("You stopped the program").length - 1, 1, "the stop is announced once");
    assert.equal(await page.locator("#output .entry.live").count(), 0);
    await screenshot(page, "first-hour-stopped");
  });

  test("a Run that sent SQL shows its queries in the SQL tab", async () => {
    const { page } = site;
    await startFresh(site, FIRST_MODEL);
    await page.click("#run");
    await page.locator("#output .run").first().waitFor();
    await page.locator("#run:not([disabled])").waitFor();
    await page.click("#tab-sql");
    const run = page.locator("#panel-sql .run-sql");
    await run.waitFor();
    assert.match(await run.locator("h3").first().textContent(), /^Your last Run sent \d+ quer/);
    assert.match(await run.locator(".sql-text").first().textContent(), /CREATE TABLE/);
    await screenshot(page, "first-hour-run-sql");
  });

  test("the SQL tab credits a query to the learner's or the framework's line, never to the glue", async () => {
    const { page } = site;
    await startFresh(site, "#/playground");
    await setCode(page, SESSION_APP);
    await page.click("#run");
    await page.locator("#output .run").first().waitFor();
    await page.click("#tab-request");
    await page.click("#send");
    await page.locator("#response-status", { hasText: "200 OK" }).waitFor();
    await page.click("#tab-sql");
    const locations = await page.locator("#panel-sql .queries .location").allTextContents();
    assert.ok(locations.length > 0, "the request's queries have locations");
    for (const location of locations) assert.doesNotMatch(location, /glassbox_lesson|_glassbox_boot/);
    assert.ok(locations.some((location) => location.startsWith("glassbox/sessions/")), locations.join(", "));
    await screenshot(page, "first-hour-sql-where");
  });

  test("a line under the console runs in the program's live interpreter, with history; Run starts afresh", async () => {
    const { page } = site;
    await startFresh(site, "#/playground");
    await setCode(page, "x = 41\nprint('ran')\n");
    await page.click("#run");
    await page.locator("#output .run").first().waitFor();
    const line = page.locator("#repl-input");
    const enter = async (text) => {
      const before = await page.locator("#output .entry.run").count();
      await line.fill(text);
      await line.press("Enter");
      await page.locator("#output .entry.run").nth(before).waitFor();
      return page.locator("#output .entry.run").nth(before);
    };
    assert.equal(await (await enter("x + 1")).locator(".stdout").textContent(), "42\n");
    await enter("y = x * 2");
    const y = await enter("y");
    assert.match(await y.locator(".run-header").textContent(), /^>>> y/);
    assert.equal(await y.locator(".stdout").textContent(), "82\n", "the line sees what earlier lines defined");
    await line.press("ArrowUp");
    await line.press("ArrowUp");
    assert.equal(await line.inputValue(), "y = x * 2", "Up recalls earlier lines");
    await line.press("ArrowDown");
    assert.equal(await line.inputValue(), "y");
    await screenshot(page, "first-hour-repl");
    await page.click("#run");
    await page.locator("#output .entry.run").nth(4).waitFor();
    const after = await enter("y");
    assert.match(await after.locator(".stderr").textContent(), /NameError: name 'y' is not defined/, "Run starts afresh");
  });

  test("the inspector warns before the learner falls, each warning linking its lesson", async () => {
    const { page } = site;
    await startFresh(site, "#/playground");
    await setCode(page, `from glassbox.app import Glassbox
from glassbox.db import connection
from glassbox.http import HttpResponse
from glassbox.urls import path

connection.execute("CREATE TABLE book (id INTEGER PRIMARY KEY, title TEXT, year INTEGER)")


def books(request):
    rows = connection.execute("SELECT title FROM book WHERE year >= ?", [1950]).fetchall()
    return HttpResponse(f"{len(rows)} books", content_type="text/plain")


def login(request):
    response = HttpResponse("welcome")
    response.set_cookie("access_token", "eyJhbGciOiJIUzI1NiJ9.e30.signature")
    return response


def secret(request):
    return HttpResponse("who are you?", status=401)


app = Glassbox(urls=[path("login/", login), path("secret/", secret), path("books/", books)])
`);
    await page.click("#run");
    await page.locator("#output .run").first().waitFor();
    await page.click("#tab-request");
    assert.equal(await page.locator("#warnings").count(), 0, "no warning before a request");
    await page.fill("#request-target", "/secret/");
    await page.click("#send");
    await page.locator("#response-status", { hasText: "401" }).waitFor();
    const challenge = page.locator("#warnings .warning-no-challenge");
    assert.match(await challenge.textContent(), /no WWW-Authenticate header/);
    assert.equal(await challenge.locator("a").getAttribute("href"), "#/lesson/05-tokens/03-bearer-authentication");
    await page.fill("#request-target", "/login/");
    await page.click("#send");
    await page.locator("#response-status", { hasText: "200" }).waitFor();
    const cookie = page.locator("#warnings .warning-cookie-readable");
    assert.match(await cookie.textContent(), /access_token looks like a credential and is set without HttpOnly/);
    await screenshot(page, "first-hour-warnings");
    // A query plan that reads the whole table for a WHERE.
    await page.fill("#request-target", "/books/");
    await page.click("#send");
    await page.locator("#response-body", { hasText: "0 books" }).waitFor();
    await page.click("#tab-sql");
    await page.locator("#panel-sql .explain").first().click();
    await page.locator("#panel-sql .query-plan").waitFor();
    const scan = page.locator("#warnings .warning-scan-without-index");
    assert.match(await scan.textContent(), /reads every row of book \(its plan says SCAN book\)/);
    assert.equal(await scan.locator("a").getAttribute("href"), "#/lesson/03-data/03-finding-slow-queries");
    await screenshot(page, "first-hour-warning-scan");
    await page.click("#tab-request");
    await page.fill("#request-target", "/login/");
    await page.click("#send");
    const again = page.locator("#warnings .warning-cookie-readable");
    await again.waitFor();
    await again.locator("a").click();
    await page.locator("#lesson-title", { hasText: "Cross-site scripting, and where tokens live" }).waitFor();
  });

  test("at 1440×900 with hints and checks open, the editor shows a usable number of lines, and long lines wrap", async () => {
    const { page } = site;
    await page.setViewportSize({ width: 1440, height: 900 });
    await startFresh(site, LESSON_4);
    const long = `# ${"a long comment that goes on and on ".repeat(8)}`;
    // (getCode reads only the lines CodeMirror has drawn, so the program is written out here.)
    const lines = Array.from({ length: 30 }, (_, index) => `value_${index} = ${index}`);
    await setCode(page, `${long}\n${lines.join("\n")}\n`);
    await page.click("#hint");
    await page.click("#hint");
    await page.click("#check");
    await page.locator("#checks li.check").first().waitFor({ timeout: 60000 });
    const { visible, lineHeight, wrapped, sideways } = await page.evaluate(() => {
      const scroller = document.querySelector(".editor.rich .cm-scroller");
      const line = document.querySelector(".editor.rich .cm-line");
      const lineHeight = document.querySelector(".editor.rich .cm-line:nth-child(2)").getBoundingClientRect().height;
      return {
        visible: scroller.clientHeight / lineHeight,
        lineHeight,
        wrapped: line.getBoundingClientRect().height / lineHeight,
        sideways: scroller.scrollWidth > scroller.clientWidth + 1,
      };
    });
    assert.ok(visible >= 14, `the editor shows ${visible.toFixed(1)} lines of ${lineHeight} px`);
    assert.ok(wrapped >= 2, `the long first line wraps (${wrapped.toFixed(1)} rows)`);
    assert.equal(sideways, false, "nothing runs off the right edge");
    await screenshot(page, "first-hour-editor-room");
  });

  test("the Lab's clock ticks while the app's clock runs in real time", async () => {
    const { page } = site;
    await startFresh(site, "#/playground");
    await setCode(page, "from glassbox.app import Glassbox\n\napp = Glassbox()\n");
    await page.click("#run");
    await page.locator("#output .run").first().waitFor();
    await page.click("#tab-lab");
    const reading = page.locator("#clock-reading", { hasText: "(real time)" });
    await reading.waitFor();
    const first = await reading.textContent();
    await page.waitForFunction((text) => document.querySelector("#clock-reading").textContent !== text, first, { timeout: 5000 });
    const later = await page.locator("#clock-reading").textContent();
    assert.ok(later.slice(0, 19) > first.slice(0, 19), `the clock moved on: ${first} → ${later}`);
    assert.equal(await page.locator("#clock-reading").getAttribute("role"), "timer", "a ticking clock is not read out every second");
    await screenshot(page, "first-hour-lab-clock");
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
