// Glassbox's service worker: once the site has been loaded, it works offline, and a new deploy is
// applied whole or not at all.
//
// This file is a template. After `trunk build`, `node site/js/make-sw.mjs dist` writes dist/sw.js:
// this code with the MANIFEST line below replaced by the built site's file list and a version
// (a short sha256 of every file's name and content, and of this template).
//
// Registration, from the page (a relative URL, so the site works under any sub-path; the scope is
// then the directory holding index.html). Registering after the interpreter is ready keeps the
// install's downloads from competing with the first load:
//
//   if ("serviceWorker" in navigator) navigator.serviceWorker.register("./sw.js");
//
// The life of one version:
// - install: fetches EVERY file of the manifest, revalidated with the server ({cache: "no-cache"}:
//   a 304 when the browser already has the file, so the interpreter is not downloaded twice) into the
//   cache `glassbox-<version>@<scope path>` with one cache.addAll, which stores all the responses
//   or none. Then it waits, so an open tab never mixes files of two deploys.
// - activate (when no tab uses the previous version, or when a page posts "skipWaiting" to the
//   waiting worker, e.g. behind a "new version: reload" button): deletes this scope's other
//   glassbox-* caches and takes control of the open pages.
// - fetch: a GET for a file of the manifest is answered from the cache; a navigation inside the
//   scope gets the cached index.html; everything else (other origins, other paths, POSTs) goes to
//   the network untouched. Cached responses keep the headers the server sent (a brotli copy's
//   Content-Encoding and compressed Content-Length too); the worker loader's progress counts
//   against the wasm size that make-sw.mjs writes into worker-loader.js, so it is right either way.
//
// The scope's path is part of the cache name so that two copies of the site on one origin (say
// /glassbox/ and /glassbox-next/) never delete each other's caches.
"use strict";

// make-sw.mjs replaces the next line with the built site's manifest.
const MANIFEST = { version: "unbuilt", files: [] };

const SCOPE = new URL(self.registration.scope);
const PREFIX = "glassbox-";
const SUFFIX = `@${SCOPE.pathname}`;
const CACHE = `${PREFIX}${MANIFEST.version}${SUFFIX}`;
const INDEX = new URL("./", SCOPE).href;

/** A manifest entry ("./", "editor.js", "a/b.css") as an absolute URL without query or fragment. */
function fileUrl(file) {
  return new URL(file, SCOPE).href;
}

const FILES = new Set(MANIFEST.files.map(fileUrl));

/** The cache key for a request URL: itself without query and fragment; index.html is "./". */
function cacheKey(url) {
  const key = new URL(url);
  key.search = "";
  key.hash = "";
  return key.href === fileUrl("index.html") ? INDEX : key.href;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const requests = MANIFEST.files.map((file) => new Request(fileUrl(file), { cache: "no-cache" }));
    const cache = await caches.open(CACHE);
    try {
      await cache.addAll(requests);
    } catch (error) {
      // Nothing was stored; drop the empty cache so a later install starts clean.
      await caches.delete(CACHE);
      throw error;
    }
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name !== CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "skipWaiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin) return;
  const key = cacheKey(url);
  const navigation = request.mode === "navigate" && url.href.startsWith(SCOPE.href);
  if (!FILES.has(key) && !navigation) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const cached = await cache.match(FILES.has(key) ? key : INDEX);
    return cached || fetch(request);
  })());
});
