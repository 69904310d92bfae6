import type { ComponentChildren } from 'preact';
import { safeLinkUrl } from '../format/index.js';

/**
 * A link to an untrusted URL: rendered only for https/http/ipfs, opened without referrer or
 * opener; any other scheme shows the text alone.
 */
export function SafeLink({ href, children }: { href: string | null; children: ComponentChildren }) {
  const url = safeLinkUrl(href);
  if (!url) return <span class="unsafe-link">{children}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}
