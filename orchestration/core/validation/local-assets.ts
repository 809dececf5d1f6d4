import * as nodePath from 'node:path';

/**
 * `local_assets` (a project extension to the Esy check types): a page that must open offline loads every script,
 * stylesheet, image, frame and module from a file inside the package. Links a reader clicks (`<a href>`) are not
 * loads and are ignored; `data:` and `blob:` URLs and in-page anchors are inside the page already.
 */

export interface AssetReference {
  /** The attribute value or module specifier as written. */
  url: string;
  /** Where it was found, e.g. `<script src>` or `import`. */
  via: string;
}

/** Elements that fetch what their src/href/data names when the page opens. */
const LOADING_ELEMENT = /<(script|link|img|iframe|source|embed|video|audio|track|object|input)\b([^>]*)>/gi;
const URL_ATTRIBUTE = /\s(src|href|data|poster|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
/** `<link>` relations that only describe the page (nothing is fetched to render it). */
const NON_LOADING_REL = /\brel\s*=\s*["']?(?:canonical|author|license|alternate|help|bookmark|external|me|next|prev|search)\b/i;
const MODULE_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']((?:https?:)?\/\/[^"']+)["']/g;
const IMPORT_MAP = /<script\b[^>]*type\s*=\s*["']importmap["'][^>]*>([\s\S]*?)<\/script>/gi;
const CSS_URL = /@import\s+(?:url\()?\s*["']?((?:https?:)?\/\/[^"')\s]+)|url\(\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi;

export function extractAssetReferences(html: string): AssetReference[] {
  const found: AssetReference[] = [];
  for (const element of html.matchAll(LOADING_ELEMENT)) {
    const [, tag, attributes] = element;
    if (tag.toLowerCase() === 'link' && NON_LOADING_REL.test(attributes)) continue;
    for (const attribute of attributes.matchAll(URL_ATTRIBUTE)) {
      const name = attribute[1].toLowerCase();
      const value = (attribute[2] ?? attribute[3] ?? attribute[4] ?? '').trim();
      const urls = name === 'srcset' ? value.split(',').map((part) => part.trim().split(/\s+/)[0]) : [value];
      for (const url of urls) if (url) found.push({ url, via: `<${tag.toLowerCase()} ${name}>` });
    }
  }
  for (const match of html.matchAll(MODULE_SPECIFIER)) found.push({ url: match[1], via: 'import' });
  for (const map of html.matchAll(IMPORT_MAP)) {
    for (const url of map[1].matchAll(/["']((?:https?:)?\/\/[^"']+)["']/g)) found.push({ url: url[1], via: 'import map' });
  }
  for (const match of html.matchAll(CSS_URL)) found.push({ url: match[1] ?? match[2], via: 'CSS url()' });
  return found;
}

export function isNetworkUrl(url: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(url) && !/^file:/i.test(url);
}

/** The workspace path a relative reference from `pagePath` names, or null when it is not a file reference. */
export function packagePathOf(pagePath: string, url: string): string | null {
  if (/^(?:data|blob|about|javascript|mailto):/i.test(url) || url.startsWith('#')) return null;
  const bare = url.split(/[?#]/)[0];
  if (!bare) return null;
  const dir = nodePath.posix.dirname(pagePath);
  const joined = nodePath.posix.normalize(bare.startsWith('/') ? bare.slice(1) : nodePath.posix.join(dir === '.' ? '' : dir, bare));
  return joined.startsWith('..') ? '' : joined;
}
