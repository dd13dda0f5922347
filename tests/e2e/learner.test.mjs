// The learner's journeys through the app in a real browser: lessons, the editor, checks, the
// inspector, lab controls, saving, offline, and keyboard-only use. Screenshots go to artifacts/.
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { accessibilityViolations, getCode, openSite, screenshot, setCode, startFresh, whenEditorLoaded, whenReady } from "./support.mjs";

const LESSON = "#/lesson/01-http/03-through-the-framework";

// A playground app with a model, an N+1 loop and a cached view, for the inspector's panels.
const INSPECTED_APP = `from glassbox.app import Glassbox
from glassbox.db import connection, models
from glassbox.db.schema import create_tables
from glassbox.http import JsonResponse
from glassbox.urls import path


class Author(models.Model):
    name = models.CharField(max_length=50)


class Book(models.Model):
    title = models.CharField(max_length=50)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)


create_tables(connection, [Author, Book])
for index in range(5):
    author = Author.objects.create(name=f"author {index}")
    Book.objects.create(title=f"book {index}", author=author)


def books(request):
    return JsonResponse({"books": [[book.title, book.author.name] for book in Book.objects.all()]})


app = Glassbox(urls=[path("books/", books)], middleware=["glassbox.middleware.TimingMiddleware"])
`;

describe("a lesson, its exercise and its checks", () => {
  let site;
  before(async () => {
    site = await openSite({ base: "/courses/glassbox/" });
    site.page.on("dialog", (dialog) => dialog.accept());
  });
  beforeEach(() => startFresh(site, LESSON));
  afterEach(() => assert.deepEqual(site.errors, [], "no uncaught errors on the page"));
  after(async () => site.close());

  // The exercise: polls/<slug:slug>/ is listed above polls/latest/ and swallows it.
  const tabText = (page, name) => page.locator(".file-tab", { hasText: name }).click().then(() => getCode(page));
  const SHADOWED = /name="detail"\),\s*path\("polls\/latest\/"/;
  const FIXED = /name="latest"\),\s*path\("polls\/<slug:slug>\/"/;

  test("a link from one lesson to another opens it in the app", async () => {
    const { page } = site;
    await page.locator(".prose a", { hasText: "Last time" }).click();
    await page.locator("#lesson-title", { hasText: "Requests and responses" }).waitFor();
    assert.equal(new URL(page.url()).hash, "#/lesson/01-http/02-requests-and-responses");
    assert.equal(await page.locator("h1").count(), 1, "the lesson's title is shown once");
  });

  test("the outline links to lessons, and a lesson's text shows before Python has loaded", async () => {
    const { page } = site;
    await page.goto(site.server.url);
    await page.locator(".outline a", { hasText: "A request's trip through the framework" }).click();
    await page.locator("#lesson-title", { hasText: "A request's trip through the framework" }).waitFor();
    assert.equal(new URL(page.url()).hash, LESSON);
    assert.match(await page.title(), /A request's trip/);
    await screenshot(page, "learner-lesson-loading");
    await whenReady(page);
    await whenEditorLoaded(page);
    // The lesson's code is highlighted like the editor's, and still reads the same.
    const example = page.locator(".example .code-block code").first();
    await example.locator("span").first().waitFor();
    assert.match(await example.textContent(), /^from glassbox\.app import Glassbox\n/);
    await screenshot(page, "learner-lesson");
  });

  test("the starting code fails a check, and the solution passes them all", async () => {
    const { page } = site;
    await page.click("#check");
    await page.locator("#checks .check").first().waitFor();
    assert.ok(await page.locator("#checks .check.failed").count() > 0, "the starting code must fail a check");
    assert.match(await page.locator("#checks .check.failed").first().textContent(), /polls\/latest\//);
    await page.click("#solution"); // confirmed by the dialog handler
    await page.click("#check");
    await page.locator("#complete").waitFor();
    assert.equal(await page.locator("#checks .check.failed").count(), 0);
    await screenshot(page, "learner-checks-passed");
    await page.click(".outline-toggle");
    assert.equal(await page.locator(".outline-drawer .lesson-link.done").count(), 1);
    await page.click(".outline-toggle");
  });

  test("a lesson's http block sends a request to the learner's app and the inspector shows it", async () => {
    const { page } = site;
    await page.click("#solution");
    await page.locator(".http-block", { hasText: "GET /polls/latest/" }).locator("button").last().click();
    await page.locator("#response-status", { hasText: "200 OK" }).waitFor();
    assert.match(await page.locator("#response-body").textContent(), /"latest": "vim-or-emacs"/);
    await page.click("#tab-onion");
    await page.locator(".onion").waitFor();
    await screenshot(page, "learner-inspector-request");
  });

  test("reset puts the starting code back, undo brings the learner's back", async () => {
    const { page } = site;
    // The editor shows app.py; wait until its text reads fixed (true) or shadowed (false).
    const showsFixed = (fixed) => page.waitForFunction((wanted) => {
      const text = (document.querySelector(".editor")?.textContent ?? "").replace(/\s+/g, "");
      return text.includes('name="latest"),path("polls/<slug') === wanted;
    }, fixed);
    await page.locator(".file-tab", { hasText: "app.py" }).click();
    await page.click("#solution"); // confirmed by the dialog handler
    await showsFixed(true);
    await page.click("#reset-code");
    await showsFixed(false);
    assert.match(await tabText(page, "app.py"), SHADOWED);
    await page.click("#undo-replace");
    await showsFixed(true);
    assert.match(await tabText(page, "app.py"), FIXED);
    assert.match(await tabText(page, "views.py"), /def latest\(request\)/, "views.py keeps its code");
  });

  test("the code survives a reload", async () => {
    const { page } = site;
    await page.locator(".file-tab", { hasText: "app.py" }).click();
    await setCode(page, "# my own app\nprint('kept')\n");
    await page.reload(); // at once: the pending (debounced) save is written when the page hides
    await whenEditorLoaded(page);
    assert.equal((await tabText(page, "app.py")).trim(), "# my own app\nprint('kept')");
    assert.match(await tabText(page, "views.py"), /def latest\(request\)/, "views.py kept its starting code");
  });
});

// A view that caches an expensive answer for a minute, for the clock and cache journey.
const CACHED_APP = `from glassbox.app import Glassbox
from glassbox.cache import cache
from glassbox.http import JsonResponse
from glassbox.urls import path


def report(request):
    total = cache.get_or_set("report", lambda: sum(range(10_000)), timeout=60)
    return JsonResponse({"total": total})


app = Glassbox(urls=[path("report/", report)])
`;

// Sessions: the inspector shows what the server keeps under the cookie.
const SESSION_APP = `from glassbox.app import Glassbox
from glassbox.db import connection
from glassbox.db.schema import create_tables
from glassbox.http import JsonResponse
from glassbox.sessions.models import Session
from glassbox.urls import path

create_tables(connection, [Session])


def visit(request):
    request.session["visits"] = request.session.get("visits", 0) + 1
    return JsonResponse({"visits": request.session["visits"]})


app = Glassbox(urls=[path("visit/", visit)], middleware=["glassbox.sessions.middleware.SessionMiddleware"])
`;

describe("the inspector on the playground", () => {
  let site;
  before(async () => {
    site = await openSite();
  });
  beforeEach(() => startFresh(site));
  afterEach(() => assert.deepEqual(site.errors, [], "no uncaught errors on the page"));
  after(async () => site.close());

  test("a request's SQL is listed, and the N+1 loop is grouped with its line", async () => {
    const { page } = site;
    await setCode(page, INSPECTED_APP);
    await page.click("#tab-request");
    await page.fill("#request-target", "/books/");
    await page.click("#send");
    await page.locator("#response-status", { hasText: "200 OK" }).waitFor();
    await page.click("#tab-sql");
    await page.locator(".n-plus-one .repeat-group").waitFor();
    assert.match(await page.locator(".n-plus-one").textContent(), /5×/);
    assert.match(await page.locator(".n-plus-one").textContent(), /app\.py:24/);
    await page.locator(".n-plus-one .location").click(); // the learner's line, in the editor
    await page.locator(".cm-activeLine", { hasText: "book.author.name" }).waitFor({ timeout: 2000 });
    assert.equal(await page.locator(".queries .query").count(), 6);
    await page.locator(".queries .query .explain").first().click();
    await page.locator(".query-plan").first().waitFor();
    assert.match(await page.locator(".query-plan").first().textContent(), /SCAN|SEARCH/);
    await screenshot(page, "learner-sql-n-plus-one");
  });

  test("the lab moves the app's clock forward", async () => {
    const { page } = site;
    await page.click("#tab-lab");
    await page.click("#refresh-lab");
    await page.click("#advance-5m");
    await page.locator("#clock-reading", { hasText: "ahead of real time" }).waitFor();
    assert.match(await page.locator("#clock-reading").textContent(), /5 min/);
  });

  test("advancing the clock expires a cache entry: hit, then miss after 5 minutes", async () => {
    const { page } = site;
    await setCode(page, CACHED_APP);
    await page.click("#run");
    await page.click("#tab-request");
    await page.fill("#request-target", "/report/");
    for (let index = 0; index < 2; index++) {
      await page.click("#send");
      await page.locator(".history-item").nth(index).waitFor();
    }
    await page.click("#tab-cache");
    assert.match(await page.locator(".cache .panel-intro").textContent(), /1 hits, 0 misses/);
    await page.click("#tab-lab");
    await page.locator("#cache-entries td", { hasText: "report" }).waitFor();
    assert.match(await page.locator("#cache-entries tbody tr").first().textContent(), /\d+ s/);
    await page.click("#advance-5m");
    await page.locator("#cache-entries tr.expired").waitFor();
    await screenshot(page, "learner-lab-cache-expired");
    await page.click("#tab-request");
    await page.click("#send");
    await page.locator(".history-item").nth(2).waitFor();
    await page.click("#tab-cache");
    // get_or_set: the lookup misses (the entry expired), the value is stored, then read back.
    assert.match(await page.locator(".cache-ops tbody tr").first().textContent(), /get.*miss/);
  });

  test("the auth tab shows the session kept under the cookie", async () => {
    const { page } = site;
    await setCode(page, SESSION_APP);
    await page.click("#run");
    await page.click("#tab-request");
    await page.fill("#request-target", "/visit/");
    for (let index = 0; index < 2; index++) {
      await page.click("#send");
      await page.locator("#response-body", { hasText: `"visits": ${index + 1}` }).waitFor();
    }
    await page.click("#tab-auth");
    await page.locator(".session pre", { hasText: '"visits": 2' }).waitFor();
    await page.click("#tab-cookies");
    assert.match(await page.locator(".cookie-jar").textContent(), /sessionid/);
  });

  test("the Stop button ends a runaway program, and the code is still there", async () => {
    const { page } = site;
    await setCode(page, "while True:\n    pass\n");
    await page.click("#run");
    await page.locator("#stop:not([disabled])").waitFor();
    await page.click("#stop");
    await page.locator("#output .entry", { hasText: "You stopped the program" }).waitFor({ timeout: 5000 });
    assert.match(await getCode(page), /while True/);
    await page.locator("#run:not([disabled])").waitFor();
  });

  test("the main screens pass an automated accessibility check", async () => {
    const { page } = site;
    for (const tab of ["console", "request", "sql", "lab"]) {
      await page.click(`#tab-${tab}`);
      const violations = await accessibilityViolations(page, { exclude: [".html-preview"] });
      assert.deepEqual(violations, [], `${tab}: ${JSON.stringify(violations, null, 2)}`);
    }
    await page.goto(`${site.server.url}#/`);
    await page.locator(".outline").waitFor();
    assert.deepEqual(await accessibilityViolations(page), []);
  });
});

describe("progress as a file", () => {
  test("export writes the learner's code to a file; import brings it into another browser; reset erases after asking", async () => {
    const { readFileSync } = await import("node:fs");
    const first = await openSite();
    let exported;
    try {
      const { page } = first;
      await page.goto(`${first.server.url}#/playground`);
      await whenEditorLoaded(page);
      await setCode(page, "# exported work\n");
      await page.waitForTimeout(600);
      await page.click(".menu summary");
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-progress")]);
      exported = readFileSync(await download.path(), "utf8");
      assert.equal(JSON.parse(exported).glassbox_progress, 1);
      assert.match(exported, /exported work/);
    } finally {
      await first.close();
    }
    const second = await openSite();
    try {
      const { page } = second;
      const dialogs = [];
      page.on("dialog", (dialog) => { dialogs.push(dialog.message()); dialog.accept(); });
      await page.goto(`${second.server.url}#/playground`);
      await whenEditorLoaded(page);
      await page.click(".menu summary");
      const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.click("#import-progress")]);
      await Promise.all([page.waitForEvent("load"), chooser.setFiles({ name: "progress.json", mimeType: "application/json", buffer: Buffer.from(exported) })]);
      await whenEditorLoaded(page);
      assert.match(await getCode(page), /exported work/);
      await page.click(".menu summary");
      await Promise.all([page.waitForEvent("load"), page.click("#reset-everything")]);
      assert.ok(dialogs.some((message) => /Erase all your saved code/.test(message)), "reset asks first");
      assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("glassbox.")).length), 0);
      await whenEditorLoaded(page);
      assert.doesNotMatch(await getCode(page), /exported work/);
    } finally {
      await second.close();
    }
  });

  test("a file that is not a progress file is refused with a message, and nothing changes", async () => {
    const site = await openSite();
    try {
      const { page } = site;
      await page.goto(`${site.server.url}#/playground`);
      await whenEditorLoaded(page);
      await page.click(".menu summary");
      const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.click("#import-progress")]);
      await chooser.setFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from('{"hello": 1}') });
      await page.locator("#output .notice", { hasText: "Nothing was imported" }).waitFor();
    } finally {
      await site.close();
    }
  });
});

describe("without the editor bundle", () => {
  test("a plain text area takes its place, and code still runs", async () => {
    const site = await openSite();
    try {
      const { page } = site;
      await page.route("**/editor.js", (route) => route.abort());
      await page.goto(`${site.server.url}#/playground`);
      await whenReady(page);
      await page.locator(".editor.plain textarea.code").waitFor();
      await page.fill("textarea.code", "print('plain but working')");
      await page.press("textarea.code", "Control+Enter");
      await page.locator("#output .stdout", { hasText: "plain but working" }).waitFor();
    } finally {
      await site.close();
    }
  });
});

describe("keyboard only", () => {
  test("open a lesson from the outline, run its code and reach the inspector without a mouse", async () => {
    const site = await openSite();
    try {
      const { page } = site;
      await page.goto(site.server.url);
      await whenReady(page);
      const link = page.locator(".outline a", { hasText: "A request's trip through the framework" });
      await link.waitFor();
      for (let presses = 0; presses < 60 && !(await link.evaluate((node) => node === document.activeElement)); presses++) {
        await page.keyboard.press("Tab");
      }
      assert.ok(await link.evaluate((node) => node === document.activeElement), "Tab reaches the lesson link");
      await page.keyboard.press("Enter");
      await page.locator("#lesson-title").waitFor();
      await whenEditorLoaded(page);
      await page.locator(".editor.rich .cm-content").focus();
      await page.keyboard.press("Control+Enter");
      await page.locator("#output .run").first().waitFor();
      // No keyboard trap: Escape then Tab leaves the editor (Tab alone indents).
      await page.keyboard.press("Escape");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => Boolean(document.activeElement.closest(".cm-editor"))), false);
      // The file tabs follow the arrow keys.
      await page.locator(".file-tab[aria-selected=true]").focus();
      const first = await page.evaluate(() => document.activeElement.textContent);
      await page.keyboard.press("ArrowRight");
      assert.notEqual(await page.evaluate(() => document.activeElement.textContent), first);
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-selected")), "true");
      await page.locator("#tab-console").focus();
      await page.keyboard.press("ArrowRight");
      assert.equal(await page.evaluate(() => document.activeElement.id), "tab-request");
      assert.equal(await page.locator("#tab-request").getAttribute("aria-selected"), "true");
      assert.deepEqual(site.errors, []);
    } finally {
      await site.close();
    }
  });
});

describe("offline", () => {
  test("once loaded, the app reloads and runs code with no network", async () => {
    const site = await openSite();
    try {
      const { page, context } = site;
      await page.goto(`${site.server.url}#/playground`);
      await whenReady(page);
      // The service worker has cached the site and taken control of the page.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60000 });
      await context.setOffline(true);
      await page.reload();
      await whenReady(page);
      await page.click("#run");
      await page.locator("#output .stdout", { hasText: "The app is ready" }).waitFor();
      await screenshot(page, "learner-offline");
    } finally {
      await site.context.setOffline(false);
      await site.close();
    }
  });
});

// Shipping was part 07 until the realtime part came before it (part.toml: formerly).
describe("a renumbered part", () => {
  test("an old link opens the lesson under its new id, with the code saved under the old one", async () => {
    const site = await openSite();
    try {
      const { page } = site;
      await startFresh(site, "#/", { editor: false });
      const saved = [{ name: "tests.py", code: "# written before the renumbering\n" }];
      await page.evaluate((files) => {
        localStorage.setItem("glassbox.v1.code.07-shipping/01-testing-your-app#main", JSON.stringify(files));
        localStorage.setItem("glassbox.v1.progress", JSON.stringify(["07-shipping/01-testing-your-app#main"]));
      }, saved);
      await page.goto(`${site.server.url}#/lesson/07-shipping/01-testing-your-app`);
      await page.reload();
      await whenEditorLoaded(page);
      await page.locator("#lesson-title", { hasText: "Testing your app" }).waitFor();
      await page.locator(".file-tab", { hasText: "tests.py" }).click();
      assert.equal((await getCode(page)).trim(), "# written before the renumbering");
      const progress = await page.evaluate(() => JSON.parse(localStorage.getItem("glassbox.v1.progress")));
      assert.ok(progress.includes("08-shipping/01-testing-your-app#main"), JSON.stringify(progress));
      await screenshot(page, "renumbered-part-old-link");
      assert.deepEqual(site.errors, []);
    } finally {
      await site.close();
    }
  });
});
