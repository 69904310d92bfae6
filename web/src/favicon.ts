/** The site's icon: a teal "T" on the page's dark blue, drawn as SVG (no file, no request). */
const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="7" fill="#0f1420"/>' +
  '<path d="M8 9h16M16 9v15" stroke="#2ad4c0" stroke-width="4.5" stroke-linecap="round"/>' +
  '</svg>';

/**
 * Gives the page its icon as a data URL before the browser looks for one. Without a
 * `<link rel="icon">` browsers request `/favicon.ico` at the origin root, which a gateway serving
 * the site under `/ipfs/<cid>/` answers 404.
 */
export function installFavicon(doc: Document): void {
  if (doc.querySelector('link[rel~="icon"]')) return;
  const link = doc.createElement('link');
  link.rel = 'icon';
  link.type = 'image/svg+xml';
  link.href = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;
  doc.head.append(link);
}
