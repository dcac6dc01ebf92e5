// Typeset the math that pymdownx.arithmatex marks, with the KaTeX copy this site serves
// itself (no CDN). Material's instant navigation swaps pages without a reload, so the
// work hangs on its document$ stream when it exists.
function renderMath() {
  for (const el of document.querySelectorAll(".arithmatex")) {
    renderMathInElement(el, {
      delimiters: [
        { left: "\\[", right: "\\]", display: true },
        { left: "\\(", right: "\\)", display: false },
      ],
      throwOnError: false,
    });
  }
}
if (typeof document$ !== "undefined") {
  document$.subscribe(renderMath);
} else {
  document.addEventListener("DOMContentLoaded", renderMath);
}
