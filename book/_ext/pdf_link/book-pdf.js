// A link to the PDF book at the top of every page's navigation, once `make pdf` has printed one.
// As Sphinx copies it into the site, DL_BOOK_PDF is null and no link appears; scripts/pdf.py rewrites
// the site's copy with the PDF's file name and size (and a rebuild of the site puts null back).
const DL_BOOK_PDF = null;

document.addEventListener("DOMContentLoaded", () => {
  if (!DL_BOOK_PDF) return;
  const root = document.documentElement.dataset.content_root || "";
  const where =
    document.querySelector(".bd-sidebar-primary .sidebar-primary-items__start") ||
    document.querySelector("article");
  if (!where) return;
  const para = document.createElement("p");
  para.className = "dl-book-pdf-link";
  const link = document.createElement("a");
  link.href = root + DL_BOOK_PDF.href;
  link.textContent = `The whole book as a PDF (${DL_BOOK_PDF.pages} pages, ${DL_BOOK_PDF.megabytes} MB)`;
  para.appendChild(link);
  where.prepend(para);
});
