/** Schemes a link from chain or IPFS data may use; anything else is shown as text only. */
export const ALLOWED_LINK_SCHEMES = ['https:', 'http:', 'ipfs:'] as const;

/**
 * Returns the URL when it parses and uses an allowed scheme, else null (`javascript:`, `data:`…).
 *
 * @example
 * safeLinkUrl('javascript:alert(1)'); // null
 */
export function safeLinkUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 4096) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return (ALLOWED_LINK_SCHEMES as readonly string[]).includes(url.protocol) ? url.href : null;
}

/** A CID's URL through a path-style gateway (`https://host/ipfs/<cid>/<path>`); CIDs are checked. */
export function gatewayUrl(gateway: string, cid: string, path = ''): string | null {
  if (!/^[a-zA-Z0-9]{10,200}$/.test(cid)) return null;
  const safePath = path
    .split('/')
    .filter(Boolean)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return safeLinkUrl(`${gateway.replace(/\/+$/, '')}/ipfs/${cid}${safePath ? `/${safePath}` : ''}`);
}
