import { Injectable } from '@angular/core';

/**
 * Markdown → safe HTML. The parser and the sanitiser are loaded on first use, so neither weighs on the initial
 * bundle. DOMPurify strips scripts, event handlers and javascript: URLs the text might contain; links open in a
 * new tab without access to this page.
 */
@Injectable({ providedIn: 'root' })
export class MarkdownRenderer {
  private loaded: Promise<(markdown: string) => string> | null = null;

  render(markdown: string): Promise<string> {
    this.loaded ??= Promise.all([import('marked'), import('dompurify')]).then(([{ marked }, { default: DOMPurify }]) => {
      DOMPurify.addHook('afterSanitizeAttributes', (node) => {
        if (node.tagName === 'A' && node.getAttribute('href')) {
          node.setAttribute('target', '_blank');
          node.setAttribute('rel', 'noopener noreferrer');
        }
      });
      return (text: string) => DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true }) as string, { USE_PROFILES: { html: true } });
    });
    return this.loaded.then((render) => render(stripFrontMatter(markdown)));
  }
}

/** YAML front matter is bookkeeping for the checks, not part of the reading. */
export function stripFrontMatter(markdown: string): string {
  return markdown.replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n---\r?\n?/, '');
}
