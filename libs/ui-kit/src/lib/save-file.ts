/**
 * Saves text or a Blob through the browser's own download flow: a temporary object URL and an `<a download>`
 * click. Files fetched with the bearer token cannot be plain links (a link cannot send the header).
 */
export function saveFile(content: Blob | string, fileName: string, type = 'text/plain', doc: Document = document): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: some browsers read the URL asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
