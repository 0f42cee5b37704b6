// Small enhancements shared by several pages; every page works without them.
// - Buttons marked `data-print` print the page (the Content-Security-Policy allows no inline
//   handlers, so the click is wired here).
document.querySelectorAll('[data-print]').forEach((button) => {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
});
