/**
 * A small HTML → Markdown conversion for the deliverable package (the essay in both formats). It covers what an
 * essay uses — headings, paragraphs, emphasis, links, images, lists, block quotes, code, tables as text, rules —
 * and drops scripts, styles and markup it cannot express. Not a general converter: the HTML stays the source of
 * truth, and the package says which one was derived.
 */
const BLOCK_BREAK = '\n\n';

export function htmlToMarkdown(html: string): string {
  let text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|noscript|template|svg|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '');

  text = text.replace(/<pre\b[^>]*>([\s\S]*?)<\/pre\s*>/gi, (_, body: string) => `${BLOCK_BREAK}\`\`\`\n${decode(stripTags(body)).replace(/\n+$/, '')}\n\`\`\`${BLOCK_BREAK}`);
  text = text.replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_, level: string, body: string) => `${BLOCK_BREAK}${'#'.repeat(Number(level))} ${inline(body)}${BLOCK_BREAK}`);
  text = text.replace(/<blockquote\b[^>]*>([\s\S]*?)<\/blockquote\s*>/gi, (_, body: string) => {
    const inner = htmlToMarkdown(body).trim();
    return `${BLOCK_BREAK}${inner.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n')}${BLOCK_BREAK}`;
  });
  text = text.replace(/<(ul|ol)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi, (_, kind: string, body: string) => {
    let n = 0;
    const items = [...body.matchAll(/<li\b[^>]*>([\s\S]*?)(?=<li\b|$)/gi)].map((match) => {
      n++;
      const item = inline(match[1].replace(/<\/li\s*>/gi, ''));
      return `${kind.toLowerCase() === 'ol' ? `${n}.` : '-'} ${item}`;
    });
    return `${BLOCK_BREAK}${items.join('\n')}${BLOCK_BREAK}`;
  });
  text = text.replace(/<tr\b[^>]*>([\s\S]*?)<\/tr\s*>/gi, (_, row: string) => {
    const cells = [...row.matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]\s*>/gi)].map((cell) => inline(cell[1]));
    return `\n| ${cells.join(' | ')} |`;
  });
  text = text.replace(/<hr\b[^>]*>/gi, `${BLOCK_BREAK}---${BLOCK_BREAK}`);
  text = text.replace(/<(p|div|section|article|header|footer|main|figure|figcaption|aside|nav|table|dl|dt|dd)\b[^>]*>/gi, BLOCK_BREAK);
  text = text.replace(/<\/(p|div|section|article|header|footer|main|figure|figcaption|aside|nav|table|dl|dt|dd)\s*>/gi, BLOCK_BREAK);

  const blocks = text.split(/\n{2,}/).map((block) => (/^(```|\|)/m.test(block) ? block.trim() : inline(block)));
  return `${blocks.filter((block) => block.trim() !== '').join(BLOCK_BREAK)}\n`;
}

/** Inline markup of one block: emphasis, code, links, images, line breaks; other tags dropped. */
function inline(html: string): string {
  return decode(
    stripTags(
      html
        .replace(/<br\s*\/?>/gi, '  \n')
        .replace(/<(strong|b)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi, '**$2**')
        .replace(/<(em|i)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi, '*$2*')
        .replace(/<code\b[^>]*>([\s\S]*?)<\/code\s*>/gi, '`$1`')
        .replace(/<img\b[^>]*?\balt="([^"]*)"[^>]*?\bsrc="([^"]*)"[^>]*>/gi, '![$1]($2)')
        .replace(/<img\b[^>]*?\bsrc="([^"]*)"[^>]*?\balt="([^"]*)"[^>]*>/gi, '![$2]($1)')
        .replace(/<a\b[^>]*?\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a\s*>/gi, (_, href: string, label: string) => `[${stripTags(label).trim() || href}](${href})`),
    ),
  )
    .replace(/[ \t]*\n[ \t]*/g, (match) => (match.includes('  \n') ? '  \n' : ' '))
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', copy: '©' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return ENTITIES[name.toLowerCase()] ?? match;
  });
}
