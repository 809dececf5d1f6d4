/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 with RFC 5987 encoding): the plain name keeps only safe
 * printable ASCII (quotes, backslashes, control characters and path separators replaced), the encoded one keeps the
 * real name for clients that read it.
 */
export function attachmentDisposition(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() || 'download';
  const ascii = base.replace(/[^\x20-\x7e]|["\\%;]/g, '_').trim() || 'download';
  const encoded = encodeURIComponent(base).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Text types are served as UTF-8; anything else keeps its type. */
export function withCharset(contentType: string): string {
  return /^text\/|^application\/(json|xml|yaml|javascript)|\+xml$/.test(contentType) && !/charset=/i.test(contentType) ? `${contentType}; charset=utf-8` : contentType;
}
