// Every lesson of the built course, in a real browser: it opens, its first example runs in the
// browser's interpreter and answers, and its first exercise's solution passes every check there
// (`glassbox check` proves the same natively; this proves the browser agrees). A screenshot of
// each goes to artifacts/course-<lesson>-{example,solution}.png.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DIST, openSite, screenshot, startFresh } from "./support.mjs";

const { course } = JSON.parse(readFileSync(join(DIST, "course.json"), "utf8"));
const lessons = course.parts.flatMap((part) => part.lessons);

/** `01-http/02-requests` as a file name. */
const slug = (id) => id.replace(/\//g, "--");

describe("every lesson works in the browser", () => {
  let site;
  before(async () => {
    site = await openSite();
    site.page.on("dialog", (dialog) => dialog.accept()); // "replace your code with the solution?"
  });
  afterEach(() => assert.deepEqual(site.errors, [], "no uncaught errors on the page"));
  after(async () => site.close());

  for (const lesson of lessons) {
    const hasExample = lesson.blocks.some((block) => block.kind === "run");
    const hasExercise = lesson.exercises.length > 0;
    test(`${lesson.id}: ${lesson.title}`, async () => {
      const { page } = site;
      await startFresh(site, `#/lesson/${lesson.id}`, { editor: hasExercise });
      await page.locator("#lesson-title", { hasText: lesson.title }).waitFor();

      if (hasExample) {
        const example = page.locator(".example").filter({ has: page.getByRole("button", { name: "▶ Run this example" }) }).first();
        await example.getByRole("button", { name: "▶ Run this example" }).click();
        await example.locator(".example-output").waitFor({ timeout: 30000 });
        await example.scrollIntoViewIfNeeded();
        await screenshot(page, `course-${slug(lesson.id)}-example`);
      }

      if (hasExercise) {
        await page.click("#solution");
        await page.click("#check");
        await page.locator("#complete").waitFor({ timeout: 60000 });
        assert.equal(await page.locator("#checks .check.failed").count(), 0,
          `${lesson.id}: the solution fails a check in the browser`);
        await screenshot(page, `course-${slug(lesson.id)}-solution`);
      }
    });
  }
});
