// Run the search named in ?q= so that a search can be linked, and keep ?q= in step with typing.
const params = new URLSearchParams(window.location.search);
const query = params.get("q") || "";

function inputElement() {
  return document.querySelector("pagefind-input input");
}

function start() {
  const input = inputElement();
  if (!input) {
    window.requestAnimationFrame(start);
    return;
  }
  const header = document.getElementById("site-search-q");
  if (header) header.value = query;
  if (query) {
    input.value = query;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
  input.addEventListener("input", () => {
    const url = new URL(window.location.href);
    if (input.value) url.searchParams.set("q", input.value);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  });
}

customElements.whenDefined("pagefind-input").then(start);
