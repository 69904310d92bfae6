/**
 * Moves focus to the page's main heading after a navigation, so a screen reader announces the
 * new page and Tab continues from there. A page still loading gets its heading focused when it
 * appears, unless the visitor has moved focus meanwhile. The heading is focusable by script only
 * (tabindex -1) and draws no focus ring (styles.css): it is not a control.
 *
 * Returns a function that stops waiting.
 */
export function focusPageHeading(main: HTMLElement): () => void {
  const focusHeading = (): boolean => {
    const heading = main.querySelector<HTMLElement>('h1');
    if (!heading) return false;
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    return true;
  };
  if (focusHeading()) return () => undefined;
  // Until the heading shows, focus rests on main, so it leaves the link that was followed.
  main.focus({ preventScroll: true });
  const observer = new MutationObserver(() => {
    if (document.activeElement !== main) return observer.disconnect();
    if (focusHeading()) observer.disconnect();
  });
  observer.observe(main, { childList: true, subtree: true });
  const timer = setTimeout(() => observer.disconnect(), 15_000);
  return () => {
    observer.disconnect();
    clearTimeout(timer);
  };
}
