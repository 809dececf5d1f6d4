/**
 * `url_reachable`: HEAD each URL (GET when a server refuses HEAD with 405/501), following at most `maxRedirects`
 * redirects by hand, within `timeoutMs` for the whole chain. 2xx = reachable.
 */
export interface UrlCheckOptions {
  timeoutMs: number;
  maxRedirects: number;
  concurrency: number;
  fetch: typeof fetch;
}

export interface UrlCheck {
  url: string;
  ok: boolean;
  /** Last HTTP status, 0 when no response arrived. */
  status: number;
  reason?: string;
}

/** The default `url_pattern`: http(s) URLs up to whitespace, quotes, brackets or angle brackets. */
export const DEFAULT_URL_PATTERN = String.raw`https?://[^\s"'<>()\[\]{}\x60]+`;

/** Distinct URLs matched in the text, in order of first appearance; trailing sentence punctuation is dropped. */
export function extractUrls(text: string, pattern: RegExp): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(pattern)) {
    const url = match[0].replace(/[.,;:!?]+$/, '');
    if (url) seen.add(url);
  }
  return [...seen];
}

/** A deterministic, evenly spread sample (first, …, last) so the same file always checks the same URLs. */
export function sampleEvenly<T>(items: readonly T[], size: number | undefined): T[] {
  if (size === undefined || size >= items.length) return [...items];
  const picked: T[] = [];
  for (let index = 0; index < size; index++) picked.push(items[Math.floor((index * items.length) / size)]);
  return picked;
}

export async function checkUrl(url: string, options: UrlCheckOptions): Promise<UrlCheck> {
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { url, ok: false, status: 0, reason: 'not a valid URL' };
  }
  const signal = AbortSignal.timeout(options.timeoutMs);
  let method: 'HEAD' | 'GET' = 'HEAD';
  try {
    for (let redirects = 0; ; ) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') {
        return { url, ok: false, status: 0, reason: `unsupported scheme ${current.protocol}` };
      }
      const response = await options.fetch(current, { method, redirect: 'manual', signal });
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        if (redirects >= options.maxRedirects) return { url, ok: false, status: response.status, reason: `more than ${options.maxRedirects} redirects` };
        redirects++;
        current = new URL(location, current);
        continue;
      }
      if ((response.status === 405 || response.status === 501) && method === 'HEAD') {
        method = 'GET';
        continue;
      }
      if (response.status >= 200 && response.status < 300) return { url, ok: true, status: response.status };
      return { url, ok: false, status: response.status, reason: `HTTP ${response.status}` };
    }
  } catch (error) {
    if (signal.aborted) return { url, ok: false, status: 0, reason: `timed out after ${formatSeconds(options.timeoutMs)}` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { url, ok: false, status: 0, reason: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Checks every URL with at most `concurrency` requests in flight; results keep the input order. */
export async function checkUrls(urls: readonly string[], options: UrlCheckOptions): Promise<UrlCheck[]> {
  const results: UrlCheck[] = new Array(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const index = next++;
      results[index] = await checkUrl(urls[index], options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, urls.length) }, worker));
  return results;
}
