import type { DirectoryEntry } from '@tem/core/ipfs';

/** A plain HTML directory listing. Names are untrusted: everything is escaped. */
export function directoryHtml(urlPath: string, entries: DirectoryEntry[]): string {
  const base = urlPath.endsWith('/') ? urlPath : `${urlPath}/`;
  const rows = entries
    .map(
      (e) =>
        `<tr><td><a href="${escapeHtml(base + encodeURIComponent(e.name))}">${escapeHtml(e.name)}</a></td>` +
        `<td>${e.size ?? ''}</td><td><code>${escapeHtml(e.cid.toString())}</code></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(urlPath)}</title></head>
<body><h1>Index of ${escapeHtml(urlPath)}</h1>
<table><thead><tr><th>name</th><th>size</th><th>cid</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
