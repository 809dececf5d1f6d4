/**
 * Readable (and plainly machine-made) prose about a run's subject, so simulated essays and research notes look like
 * the documents a gate produces rather than filler text. Deterministic for a given Rng.
 */
import type { Rng } from './rng';

export interface ProseTopic {
  /** The run's subject as written (the word, the concept, the question). */
  subject: string;
  /** What the current section is about (a heading, a file title). */
  focus: string;
  /** The workflow's angle or mode, e.g. "etymology", "historical". */
  angle: string;
}

const OPENERS = [
  'The story of {subject} is older and stranger than its everyday use suggests.',
  'Few words carry as much quiet history as {subject}.',
  'To understand {subject}, it helps to follow it back through the texts that first recorded it.',
  'Readers meet {subject} so often that its origins are easy to overlook.',
  '{Subject} rewards a slow reading: each period left a mark on what it means today.',
];

const BODY = [
  'Seen through {focus}, {subject} becomes a record of how people explained the world to one another.',
  'The earliest attestations place {subject} in letters and printed books before it reached everyday speech.',
  'Dictionaries register the change only later; the surrounding texts show why it happened.',
  'Each borrowing added a shade of meaning, and few of those shades were ever entirely lost.',
  'Writers in the eighteenth and nineteenth centuries used {subject} with a confidence that hides how new it still was.',
  'A {angle} reading asks not only where {subject} came from but who needed it, and for what.',
  'The shift is visible in the quotations: the same form, used for a different kind of experience.',
  'Printers, teachers and translators each nudged the spelling and the sense in their own direction.',
  'What looks like a single word is really a small family of uses that grew apart and back together.',
  'The evidence is uneven, so the account below separates what is documented from what is only likely.',
  'Later commentators often retold the origin as a neat anecdote; the sources suggest a slower drift.',
  'In modern usage {subject} is familiar enough that its history feels settled, yet usage notes still disagree.',
  'Corpus counts show the word rising steadily, with a sharp climb once it entered popular print.',
  'The visual record matters too: typefaces, page layouts and headlines changed how the word was seen.',
  'Taken together, these strands explain why {subject} still feels both precise and open-ended.',
  '{Focus} is where the pattern is clearest, because the documents there are dated and attributable.',
];

const CLOSERS = [
  'That tension is what the next section follows.',
  'The sources listed at the end make each of these steps checkable.',
  'It is a small history, but a revealing one.',
  'The rest of the record fills in the details.',
];

export function capitalize(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function fill(template: string, topic: ProseTopic): string {
  return template
    .replace(/\{subject\}/g, topic.subject)
    .replace(/\{Subject\}/g, capitalize(topic.subject))
    .replace(/\{focus\}/g, topic.focus.toLowerCase())
    .replace(/\{Focus\}/g, capitalize(topic.focus))
    .replace(/\{angle\}/g, topic.angle);
}

/**
 * One paragraph of 3–5 sentences. `cite` returns a citation marker (e.g. "[3]") to append to some sentences, or
 * nothing when the document has no sources.
 */
export function paragraph(rng: Rng, topic: ProseTopic, options: { opener?: boolean; cite?: () => string } = {}): string {
  const sentences: string[] = [];
  if (options.opener) sentences.push(fill(rng.pick(OPENERS), topic));
  const used = new Set<number>();
  const count = rng.int(2, 4);
  while (sentences.length < count + (options.opener ? 1 : 0)) {
    const index = rng.int(0, BODY.length - 1);
    if (used.has(index)) continue;
    used.add(index);
    let sentence = fill(BODY[index], topic);
    if (options.cite && rng.next() < 0.5) sentence = sentence.replace(/\.$/, ` ${options.cite()}.`);
    sentences.push(sentence);
  }
  if (rng.next() < 0.4) sentences.push(fill(rng.pick(CLOSERS), topic));
  return sentences.join(' ');
}

/** A title-cased label from a file or folder name ("etymology-timeline.md" → "Etymology Timeline"). */
export function titleFromPath(path: string): string {
  const base = path.split('/').pop() ?? path;
  const stem = base.replace(/\.[A-Za-z0-9]+$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return stem
    .split(/[-_\s.]+/)
    .filter(Boolean)
    .map((word) => (/^[A-Z0-9]+$/.test(word) ? word : capitalize(word.toLowerCase())))
    .join(' ');
}

export interface Reference {
  author: string;
  title: string;
  year: number;
  url: string;
}

const SOURCE_BANK: Array<(enc: string, subject: string) => Omit<Reference, 'year'>> = [
  (e, s) => ({ author: 'Oxford English Dictionary', title: `"${s}", entry and historical quotations`, url: `https://www.oed.com/search/dictionary/?q=${e}` }),
  (e, s) => ({ author: 'Online Etymology Dictionary', title: `Origin and meaning of "${s}"`, url: `https://www.etymonline.com/word/${e}` }),
  (e, s) => ({ author: 'Merriam-Webster', title: `"${s}": definition and usage notes`, url: `https://www.merriam-webster.com/dictionary/${e}` }),
  (e, s) => ({ author: 'Wiktionary contributors', title: `${s}: etymology and translations`, url: `https://en.wiktionary.org/wiki/${e}` }),
  (e, s) => ({ author: 'Wikipedia contributors', title: `${capitalize(s)}`, url: `https://en.wikipedia.org/wiki/${e}` }),
  (e, s) => ({ author: 'Internet Archive', title: `Digitised books mentioning "${s}"`, url: `https://archive.org/search?query=${e}` }),
  (e, s) => ({ author: 'Google Books Ngram Viewer', title: `Frequency of "${s}" in printed English, 1700–2019`, url: `https://books.google.com/ngrams/graph?content=${e}` }),
  (e, s) => ({ author: 'Library of Congress', title: `Catalogue records for "${s}"`, url: `https://www.loc.gov/search/?q=${e}` }),
  (e, s) => ({ author: 'Project Gutenberg', title: `Public-domain texts using "${s}"`, url: `https://www.gutenberg.org/ebooks/search/?query=${e}` }),
  (e, s) => ({ author: 'HathiTrust Digital Library', title: `Full-text search: "${s}"`, url: `https://babel.hathitrust.org/cgi/ls?q1=${e}` }),
  (e, s) => ({ author: 'Encyclopaedia Britannica', title: `${capitalize(s)}: overview`, url: `https://www.britannica.com/search?query=${e}` }),
  (e, s) => ({ author: 'Cambridge Dictionary', title: `Meaning of "${s}"`, url: `https://dictionary.cambridge.org/dictionary/english/${e}` }),
  (e, s) => ({ author: 'Collins English Dictionary', title: `"${s}": usage trends`, url: `https://www.collinsdictionary.com/dictionary/english/${e}` }),
  (e, s) => ({ author: 'JSTOR', title: `Scholarship on "${s}"`, url: `https://www.jstor.org/action/doBasicSearch?Query=${e}` }),
  (e, s) => ({ author: 'Europeana', title: `Cultural heritage items: "${s}"`, url: `https://www.europeana.eu/en/search?query=${e}` }),
  (e, s) => ({ author: 'Smithsonian Institution', title: `Collections search: "${s}"`, url: `https://collections.si.edu/search/results.htm?q=${e}` }),
  (e, s) => ({ author: 'Crossref', title: `Works with "${s}" in the title`, url: `https://search.crossref.org/?q=${e}` }),
  (e, s) => ({ author: 'OpenAlex', title: `Research works about "${s}"`, url: `https://api.openalex.org/works?search=${e}` }),
  (e, s) => ({ author: 'British Library', title: `Explore the collections: "${s}"`, url: `https://www.bl.uk/search?q=${e}` }),
  (e, s) => ({ author: 'Dictionary.com', title: `"${s}" word history`, url: `https://www.dictionary.com/browse/${e}` }),
];

/** `count` distinct references about the subject (real reference sites, search-style URLs). */
export function references(subject: string, count: number, rng: Rng): Reference[] {
  const enc = encodeURIComponent(subject.toLowerCase().trim()).replace(/%20/g, '_');
  const out: Reference[] = [];
  for (let i = 0; i < count; i++) {
    const base = SOURCE_BANK[i % SOURCE_BANK.length](enc, subject);
    const round = Math.floor(i / SOURCE_BANK.length);
    const url = round === 0 ? base.url : `${base.url}${base.url.includes('?') ? '&' : '?'}page=${round + 1}`;
    // Every source in the bank is an online reference or catalogue: its date is when that edition was consulted,
    // never "Wikipedia contributors (1973)".
    out.push({ ...base, title: round === 0 ? base.title : `${base.title} (part ${round + 1})`, url, year: rng.int(2016, 2025) });
  }
  return out;
}
