// What tests/test_browser.py reads from a page once it has loaded (run by page.evaluate).
async () => {
  // Collapsed blocks (??? exercises) open, so their figures get their size on the page.
  for (const details of document.querySelectorAll("details")) details.open = true;
  for (const img of document.images) img.loading = "eager";
  await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));

  // Text a reader sees outside code: math must have been typeset by KaTeX.
  const notProse = "pre, code, script, style, textarea, .katex-mathml, .md-search";
  // Delimiters, $...$ as notebooks write it, or a command KaTeX would have typeset.
  const rawTex =
    /\\[()[\]]|\$[^$\s][^$]*\$|\$\$|\\(?:frac|sum|mathbf|mathrm|partial|cdot|times|left|right|begin|sqrt|alpha|lambda|sigma|theta|odot|nabla|leftarrow|ldots|text)\b/;
  const tex = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement?.closest(notProse)) continue;
    if (rawTex.test(node.data)) tex.push(node.data.trim().slice(0, 100));
  }

  const images = [...document.images].map((img) => ({
    src: img.getAttribute("src") || "",
    loaded: img.complete && img.naturalWidth > 0,
    naturalWidth: img.naturalWidth,
    width: img.getBoundingClientRect().width,
  }));

  const switcher = {};
  for (const link of document.querySelectorAll(".md-select__link[hreflang]")) {
    switcher[link.hreflang] = link.href;
  }

  const palette = [
    ...[...document.querySelectorAll("[data-md-component=palette] input")].map(
      (input) => input.getAttribute("aria-label") || "",
    ),
    ...[...document.querySelectorAll("[data-md-component=palette] label")].map(
      (label) => label.getAttribute("title") || "",
    ),
  ];

  // Press each Python block's copy button and read what reached the clipboard.
  const copied = [];
  for (const block of document.querySelectorAll("div.language-python.highlight")) {
    const button = block.querySelector("button[data-clipboard-target]");
    if (!button) {
      copied.push("(no copy button)");
      continue;
    }
    await navigator.clipboard.writeText("");
    button.click();
    await new Promise((done) => setTimeout(done, 0));
    copied.push(await navigator.clipboard.readText());
  }

  return {
    lang: document.documentElement.lang,
    tex,
    katexErrors: document.querySelectorAll(".katex-error").length,
    typeset: document.querySelectorAll(".katex").length,
    images,
    switcher,
    palette,
    copied,
    codeBlocks: document.querySelectorAll("pre").length,
  };
}
