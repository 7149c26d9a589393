// Run the search named in ?q= so that a search can be linked, and keep ?q= in step with typing.
// The Pagefind Component UI renders its own <input> inside <pagefind-input>; wait for it, then
// hand it the query as if it had been typed, so the component's own state stays consistent.

const HOST = "pagefind-input";
const WAIT_MS = 10000;

function queryFromUrl() {
  return (new URLSearchParams(window.location.search).get("q") || "").trim();
}

function findInput() {
  return document.querySelector(`${HOST} input`);
}

function waitForInput() {
  const found = findInput();
  if (found) return Promise.resolve(found);
  const host = document.querySelector(HOST);
  if (!host) return Promise.reject(new Error("no search box on this page"));
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      const input = findInput();
      if (input) {
        observer.disconnect();
        window.clearTimeout(timer);
        resolve(input);
      }
    });
    const timer = window.setTimeout(() => {
      observer.disconnect();
      reject(new Error("the search box did not appear"));
    }, WAIT_MS);
    observer.observe(host, { childList: true, subtree: true });
  });
}

function runQuery(input, query) {
  if (input.value === query) return;
  input.value = query;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function syncHeader(query) {
  const header = document.getElementById("site-search-q");
  if (header && header !== document.activeElement) header.value = query;
}

function keepUrlInStep(input) {
  input.addEventListener("input", () => {
    const value = input.value.trim();
    const url = new URL(window.location.href);
    if (value) url.searchParams.set("q", value);
    else url.searchParams.delete("q");
    if (url.href !== window.location.href) window.history.replaceState(null, "", url);
    syncHeader(value);
  });
}

// Briefings first: the narratives matching the query are listed above Pagefind's ranked results
// (Pagefind ranks short fact and entity pages above long briefings for a name).
async function briefingHits(shards) {
  const section = document.querySelector(".briefing-hits");
  const ui = document.querySelector(".search-ui");
  const config = document.querySelector("pagefind-config");
  if (!section || !ui || !config) return () => {};
  const pagefind = await import(`${ui.dataset.bundle}pagefind.js`);
  await pagefind.options({ baseUrl: config.getAttribute("base-url") || "/" });
  for (const { bundlePath, options, kinds } of shards) {
    if (kinds.includes("briefing")) await pagefind.mergeIndex(bundlePath, options);
  }
  const list = section.querySelector("ul");
  let latest = 0;
  return async (query) => {
    const mine = ++latest;
    const found = query ? await pagefind.search(query, { filters: { type: "briefing" } }) : null;
    const data = found ? await Promise.all(found.results.slice(0, 5).map((r) => r.data())) : [];
    if (mine !== latest) return;
    list.replaceChildren(...data.map(briefingItem));
    section.hidden = data.length === 0;
  };
}

function briefingItem(item) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = item.url;
  link.className = "briefing-hit-link";
  link.textContent = item.meta.title || item.url;
  const kind = document.createElement("span");
  kind.className = "result-kind";
  kind.textContent = "Briefing";
  const title = document.createElement("p");
  title.className = "briefing-hit-title";
  title.append(kind, " ", link);
  const excerpt = document.createElement("p");
  excerpt.className = "briefing-hit-excerpt";
  excerpt.innerHTML = item.excerpt; // Pagefind's excerpt: escaped text with <mark> around the matches
  li.append(title, excerpt);
  return li;
}

// A big archive's index is built in shards (see generator/site/search.py), listed in shards.json
// in the main bundle with their weights and the kinds of page each holds: every search merges
// them, each with the site's base URL for its result links.
async function listedShards() {
  const ui = document.querySelector(".search-ui");
  const config = document.querySelector("pagefind-config");
  if (!ui || !config) return [];
  const bundle = new URL(ui.dataset.bundle, window.location.href);
  const response = await fetch(new URL("shards.json", bundle));
  if (!response.ok) return []; // an index in one bundle
  const { shards } = await response.json();
  const baseUrl = config.getAttribute("base-url") || "/";
  return shards.map(({ path, weight, kinds = [] }) => ({
    bundlePath: new URL(path, bundle).pathname,
    options: { baseUrl, indexWeight: weight },
    kinds,
  }));
}

async function mergeShards(shards) {
  if (!window.PagefindComponents || !shards.length) return;
  const instance = window.PagefindComponents.getInstanceManager().getInstance("default");
  if (instance.__pagefind__) {
    for (const { bundlePath, options } of shards) await instance.__pagefind__.mergeIndex(bundlePath, options);
  } else {
    instance.options.mergeIndex.push(...shards.map(({ bundlePath, options }) => ({ bundlePath, ...options })));
  }
}

// The result list shows at most its `max-results`; the summary above counts every match.
// Say so under the list, with how to narrow the search, instead of leaving the rest unmentioned.
function noteCappedResults() {
  const results = document.querySelector("pagefind-results");
  const note = document.querySelector(".search-capped");
  if (!results || !note || !window.PagefindComponents) return;
  const instance = window.PagefindComponents.getInstanceManager().getInstance("default");
  instance.on("results", (found) => {
    const shown = Number(results.getAttribute("max-results")) || 0;
    const total = found?.results?.length ?? 0;
    note.hidden = !shown || total <= shown;
    note.textContent = `Showing the first ${shown} of ${total.toLocaleString("en")} results. Add words or choose filters above to narrow the search.`;
  });
}

async function start() {
  const query = queryFromUrl();
  syncHeader(query);
  await customElements.whenDefined(HOST);
  const shards = await listedShards();
  await mergeShards(shards);
  noteCappedResults();
  const input = await waitForInput();
  keepUrlInStep(input);
  const showBriefings = await briefingHits(shards);
  input.addEventListener("input", () => showBriefings(input.value.trim()));
  // A reader (or a test) may have typed while Pagefind was loading, before the listener existed.
  if (!query && input.value.trim()) showBriefings(input.value.trim());
  if (query) runQuery(input, query);
  else if (!document.querySelector(".site-search input:focus")) input.focus({ preventScroll: true });
  // Back and forward between linked searches re-run the search the address names.
  window.addEventListener("popstate", () => runQuery(input, queryFromUrl()));
}

start().catch((error) => {
  // The <noscript>-style fallback text stays useful; say why search is unavailable.
  const ui = document.querySelector(".search-ui");
  if (ui && !ui.querySelector(".search-error")) {
    const note = document.createElement("p");
    note.className = "search-error";
    note.setAttribute("role", "status");
    note.textContent = "Search could not start. Browse the facts, sources or people and places instead.";
    ui.prepend(note);
  }
  console.error("search:", error);
});
