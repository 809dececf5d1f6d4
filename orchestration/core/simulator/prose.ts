/**
 * Readable (and plainly machine-made) prose about a run's subject, so simulated essays and research notes look like
 * the documents a gate produces rather than filler text. Deterministic for a given Rng.
 */
import type { Rng } from './rng';

/** What kind of document the workflow asks for: it sets the voice of every paragraph and the kind of sources. */
export type Genre = 'etymology' | 'brief' | 'explainer' | 'data';

/** The genre of a workflow, from its id (built-in ids and anything named like them). */
export function genreOf(workflow: string): Genre {
  if (/etymolog|word/i.test(workflow)) return 'etymology';
  if (/brief|research/i.test(workflow)) return 'brief';
  if (/data|journalism/i.test(workflow)) return 'data';
  return 'explainer';
}

export interface ProseTopic {
  /** The run's subject as written (the word, the concept, the question). */
  subject: string;
  /** What the current section is about (a heading, a file title). */
  focus: string;
  /** The workflow's angle or mode, e.g. "etymology", "historical". */
  angle: string;
  /** The voice; etymology when absent. */
  genre?: Genre;
}

interface Voice {
  openers: string[];
  body: string[];
  closers: string[];
}

/** An etymology essay traces the word: attestations, borrowings, shifts of sense. */
const ETYMOLOGY: Voice = {
  openers: [
    'The story of {subject} is older and stranger than its everyday use suggests.',
    'Few words carry as much quiet history as {subject}.',
    'To understand {subject}, it helps to follow it back through the texts that first recorded it.',
    'Readers meet {subject} so often that its origins are easy to overlook.',
    '{Subject} rewards a slow reading: each period left a mark on what it means today.',
  ],
  body: [
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
    '{Focus} is where the pattern is clearest, because the documents there are dated and attributable.',
  ],
  closers: ['That tension is what the next section follows.', 'The sources listed at the end make each of these steps checkable.', 'It is a small history, but a revealing one.'],
};

/** A research brief argues its question: a claim, the evidence for and against, how strong it is. */
const BRIEF: Voice = {
  openers: [
    'The short answer to "{subject}" is a qualified one, and this brief sets out why.',
    'This brief weighs the evidence on {subject} and states how far it supports a firm conclusion.',
    'Asked plainly — {subject} — the research gives an answer that depends on who is studied and for how long.',
    'The case on {subject} rests on a handful of well-designed studies and many weaker ones; the difference matters.',
  ],
  body: [
    'On {focus}, the strongest evidence comes from randomised trials, which are fewer and shorter than the headlines suggest.',
    'Observational cohorts point the same way, but they cannot rule out that healthier people choose the behaviour.',
    'Effect sizes are modest: measurable in trials, easily swamped by adherence in everyday life.',
    'Where studies disagree, the disagreement tracks follow-up length more than it tracks the intervention itself.',
    'Systematic reviews rate the certainty of the evidence as low to moderate for most long-term outcomes.',
    'The argument against a strong claim is not that the effect is absent, but that long-term data are thin.',
    'For a {angle} reader the practical question is whether the benefit survives beyond the first year.',
    'Two findings are robust across designs; the rest should be read as hypotheses still being tested.',
    'Funding sources and small samples explain part of the spread in reported results.',
    'Guidelines from public-health bodies remain cautious and recommend it only alongside established measures.',
    '{Focus} is where the brief\'s conclusion is most exposed, so the counter-evidence is set out in full.',
  ],
  closers: ['The recommendation follows from that balance.', 'The evidence map lists each source with its design and size.', 'Confidence in this conclusion is stated, not implied.'],
};

/** An idea explainer explains: what it is, how it works, an example, where intuition misleads. */
const EXPLAINER: Voice = {
  openers: [
    '{Subject} is easier to grasp from one good example than from its definition, so we start there.',
    'At its core, {subject} answers a simple question, and everything else follows from it.',
    'Most people have met {subject} without a name for it; this piece supplies the name and the mechanism.',
    'The idea of {subject} fits in a sentence, but it takes a picture to see why it works.',
  ],
  body: [
    'Under {focus}, the idea reduces to one relationship between two quantities.',
    'Start with the everyday case, then change one thing at a time and watch what {subject} predicts.',
    'The common misreading treats {subject} as a rule; it is better understood as a tendency with conditions.',
    'A worked example makes the mechanism concrete: the numbers are small, but the shape is general.',
    'The figure below shows the same idea as a picture, which is how most people remember it.',
    'Where intuition goes wrong is at the edges, when the assumptions behind {subject} stop holding.',
    'For a {angle} treatment the question is not only what {subject} is, but what it lets us predict.',
    'Historically the idea was stated several times before it was named, each time for a different problem.',
    '{Focus} connects the abstract statement to cases a reader can check for themselves.',
    'The analogy helps up to a point; the section on limits says where it breaks.',
  ],
  closers: ['With that in hand, the next section adds one complication.', 'The glossary at the end collects the terms used here.', 'That is the whole idea; the rest is application.'],
};

/** Data journalism answers its question with numbers: what the data show, how they were counted, the caveats. */
const DATA: Voice = {
  openers: [
    'The numbers on {subject} tell a clearer story than the debate around it.',
    'We gathered the public data on {subject} and asked what they actually show.',
    'Put the figures for {subject} side by side and one pattern stands out.',
    '{Subject}: the data answer part of the question, and say plainly which part they cannot.',
  ],
  body: [
    'Across {focus}, the series rises for a decade before flattening after a change in how it was counted.',
    'Adjusted for population, the gap between the highest and lowest regions narrows by about half.',
    'The median hides the spread: a few places account for most of the change.',
    'Official figures and independent counts agree on direction and differ on size.',
    'Year-on-year changes are noisy; the five-year trend is the figure worth quoting.',
    'For a {angle} reader, the per-capita chart is the one to read first.',
    'Missing values cluster in the early years, so comparisons before then carry wider uncertainty.',
    '{Focus} is where the data are richest, with annual figures and published methods.',
    'Correlation here is strong, but the data alone cannot say which way the effect runs.',
  ],
  closers: ['The method note explains each adjustment.', 'The datasets and code are in the package.', 'The chart below shows the same figures by year.'],
};

const VOICES: Record<Genre, Voice> = { etymology: ETYMOLOGY, brief: BRIEF, explainer: EXPLAINER, data: DATA };

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
 * One paragraph of 3–5 sentences in the workflow's voice. `cite` returns a citation marker (e.g. "[3]") to append to
 * some sentences, or nothing when the document has no sources.
 */
export function paragraph(rng: Rng, topic: ProseTopic, options: { opener?: boolean; cite?: () => string } = {}): string {
  const voice = VOICES[topic.genre ?? 'etymology'];
  const sentences: string[] = [];
  if (options.opener) sentences.push(fill(rng.pick(voice.openers), topic));
  const used = new Set<number>();
  const count = rng.int(2, 4);
  while (sentences.length < count + (options.opener ? 1 : 0)) {
    const index = rng.int(0, voice.body.length - 1);
    if (used.has(index)) continue;
    used.add(index);
    let sentence = fill(voice.body[index], topic);
    if (options.cite && rng.next() < 0.5) sentence = sentence.replace(/\.$/, ` ${options.cite()}.`);
    sentences.push(sentence);
  }
  if (rng.next() < 0.4) sentences.push(fill(rng.pick(voice.closers), topic));
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

const DICTIONARIES: Array<(enc: string, subject: string) => Omit<Reference, 'year'>> = [
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

/**
 * Published work: a year of publication within the last two decades and a DOI-shaped or article-shaped URL,
 * derived from the subject so a run's bibliography is stable.
 */
type Published = (slug: string, subject: string, year: number, n: number) => Omit<Reference, 'year'>;

const STUDIES: Published[] = [
  (_s, t, y, n) => ({ author: 'Patel, R., Lindqvist, M. and Okafor, C.', title: `Long-term outcomes of ${t}: a randomised controlled trial`, url: `https://doi.org/10.1001/jama.${y}.${n}` }),
  (_s, t, y, n) => ({ author: 'Cochrane Review Group', title: `${capitalize(t)}: systematic review and meta-analysis`, url: `https://doi.org/10.1002/14651858.CD0${n}` }),
  (_s, t, y, n) => ({ author: 'Nakamura, H. and Fischer, A.', title: `${capitalize(t)} and mortality in a prospective cohort of 48,000 adults`, url: `https://doi.org/10.1136/bmj.m${n}` }),
  (s, t) => ({ author: 'National Institutes of Health', title: `Research summary: ${t}`, url: `https://www.nih.gov/news-events/nih-research-matters/${s}` }),
  (_s, t, y, n) => ({ author: 'Moreau, L., Adeyemi, T. and Brooks, K.', title: `Adherence and effect size in trials of ${t}`, url: `https://doi.org/10.1016/S0140-6736(${String(y).slice(2)})0${n}-X` }),
  (s, t) => ({ author: 'World Health Organization', title: `Guidance relevant to ${t}`, url: `https://www.who.int/publications/i/item/${s}` }),
  (_s, t, y, n) => ({ author: 'García, P. and Holm, S.', title: `What the evidence does not show about ${t}`, url: `https://doi.org/10.1038/s41591-0${String(y).slice(2)}-0${n}` }),
  (s, t) => ({ author: 'PubMed', title: `Search results: ${t}`, url: `https://pubmed.ncbi.nlm.nih.gov/?term=${s}` }),
];

const EXPLANATIONS: Published[] = [
  (s, t) => ({ author: 'Stanford Encyclopedia of Philosophy', title: capitalize(t), url: `https://plato.stanford.edu/search/searcher.py?query=${s}` }),
  (s, t) => ({ author: 'Encyclopaedia Britannica', title: `${capitalize(t)}: overview`, url: `https://www.britannica.com/search?query=${s}` }),
  (_s, t, y, n) => ({ author: 'Hughes, E.', title: `An introduction to ${t}`, url: `https://arxiv.org/abs/${String(y).slice(2)}0${(n % 9) + 1}.${n}` }),
  (s, t) => ({ author: 'MIT OpenCourseWare', title: `Lecture notes touching on ${t}`, url: `https://ocw.mit.edu/search/?q=${s}` }),
  (s, t) => ({ author: 'Quanta Magazine', title: `How ${t} explains more than it seems to`, url: `https://www.quantamagazine.org/search?q=${s}` }),
  (s, t) => ({ author: 'Khan Academy', title: `${capitalize(t)}, step by step`, url: `https://www.khanacademy.org/search?page_search_query=${s}` }),
  (_s, t, y, n) => ({ author: 'Ortega, J. and Sim, W.', title: `Teaching ${t} with visual models`, url: `https://doi.org/10.1080/0020739X.${y}.${n}` }),
  (s, t) => ({ author: 'Wikipedia contributors', title: capitalize(t), url: `https://en.wikipedia.org/wiki/${s}` }),
];

const DATASETS: Published[] = [
  (s, t) => ({ author: 'Our World in Data', title: `${capitalize(t)}: charts and data`, url: `https://ourworldindata.org/search?q=${s}` }),
  (s, t) => ({ author: 'World Bank Open Data', title: `Indicators related to ${t}`, url: `https://data.worldbank.org/indicator?q=${s}` }),
  (s, t) => ({ author: 'OECD Data Explorer', title: `${capitalize(t)} by country`, url: `https://data-explorer.oecd.org/?q=${s}` }),
  (s, t) => ({ author: 'Eurostat', title: `Statistics on ${t}`, url: `https://ec.europa.eu/eurostat/search?text=${s}` }),
  (s, t) => ({ author: 'U.S. Census Bureau', title: `Tables on ${t}`, url: `https://data.census.gov/all?q=${s}` }),
  (_s, t, y, n) => ({ author: 'Reyes, D. and Chen, L.', title: `Measuring ${t}: sources of error in official statistics`, url: `https://doi.org/10.1111/rssa.${n}` }),
  (s, t) => ({ author: 'Pew Research Center', title: `What the data say about ${t}`, url: `https://www.pewresearch.org/search/${s}` }),
  (s, t) => ({ author: 'UN Data', title: `${capitalize(t)}: series`, url: `https://data.un.org/Search.aspx?q=${s}` }),
];

/**
 * `count` distinct references about the subject, of the kind the workflow cites: dictionaries for a word, studies
 * for a research question, explanations for an idea, datasets for data journalism. Online references and catalogues
 * carry the year they were consulted (recent); studies and articles a publication year (2006 on). Deterministic
 * for a given Rng.
 */
export function references(subject: string, count: number, rng: Rng, genre: Genre = 'etymology'): Reference[] {
  const enc = encodeURIComponent(subject.toLowerCase().trim()).replace(/%20/g, '_');
  if (genre === 'etymology') return dictionaryReferences(enc, subject, count, rng);
  const bank = genre === 'brief' ? STUDIES : genre === 'data' ? DATASETS : EXPLANATIONS;
  const topic = topicPhrase(subject);
  const out: Reference[] = [];
  for (let i = 0; i < count; i++) {
    const year = rng.int(2006, 2024);
    const number = rng.int(1000, 99999);
    const base = bank[i % bank.length](enc, topic, year, number);
    const round = Math.floor(i / bank.length);
    const published = base.url.includes('doi.org') || base.url.includes('arxiv.org');
    const url = round === 0 ? base.url : published ? base.url.replace(/(\d+)([^\d]*)$/, (_m, digits: string, rest: string) => `${Number(digits) + round}${rest}`) : `${base.url}${base.url.includes('?') ? '&' : '?'}page=${round + 1}`;
    out.push({ ...base, title: round === 0 ? base.title : `${base.title} (${round + 1})`, url, year: published ? year : rng.int(2019, 2025) });
  }
  return out;
}

/** The noun phrase of a question ("Does intermittent fasting improve …?" → "intermittent fasting"), for titles. */
export function topicPhrase(subject: string): string {
  const bare = subject.replace(/\?+\s*$/, '').replace(/^(?:(?:does|do|did|is|are|was|were|can|could|should|will|would|how|why|what|when|where|which)\s+)+/i, '').trim();
  const cut = bare.split(/\s+(?:improve|improves|reduce|reduces|increase|increases|cause|causes|affect|affects|lead|leads|work|works|help|helps|make|makes|change|changes|matter|matters|predict|predicts|lower|lowers|raise|raises)\b/i)[0].trim();
  return cut || bare || subject;
}

function dictionaryReferences(enc: string, subject: string, count: number, rng: Rng): Reference[] {
  const out: Reference[] = [];
  for (let i = 0; i < count; i++) {
    const base = DICTIONARIES[i % DICTIONARIES.length](enc, subject);
    const round = Math.floor(i / DICTIONARIES.length);
    const url = round === 0 ? base.url : `${base.url}${base.url.includes('?') ? '&' : '?'}page=${round + 1}`;
    // Every source in the bank is an online reference or catalogue: its date is when that edition was consulted,
    // never "Wikipedia contributors (1973)".
    out.push({ ...base, title: round === 0 ? base.title : `${base.title} (part ${round + 1})`, url, year: rng.int(2016, 2025) });
  }
  return out;
}
