// Typeset math with the KaTeX copy this site serves itself (no CDN): the spans and divs
// that pymdownx.arithmatex marks on pages, and the $...$ / $$...$$ that notebook markdown
// cells keep as text. Material's instant navigation swaps pages without a reload, so the
// work hangs on its document$ stream when it exists.
const ARITHMATEX = [
  { left: "\\[", right: "\\]", display: true },
  { left: "\\(", right: "\\)", display: false },
];
const NOTEBOOK = [
  { left: "$$", right: "$$", display: true },
  { left: "$", right: "$", display: false },
];

function renderMath() {
  for (const el of document.querySelectorAll(".arithmatex")) {
    renderMathInElement(el, { delimiters: ARITHMATEX, throwOnError: false });
  }
  for (const el of document.querySelectorAll(".jupyter-wrapper .jp-RenderedMarkdown")) {
    renderMathInElement(el, { delimiters: NOTEBOOK, throwOnError: false });
  }
}

if (typeof document$ !== "undefined") {
  document$.subscribe(renderMath);
} else {
  document.addEventListener("DOMContentLoaded", renderMath);
}
