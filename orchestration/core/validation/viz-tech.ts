import { parse as parseYaml } from 'yaml';
import { readFrontMatter } from './frontmatter';

/**
 * `viz_tech_match`: the libraries an essay *claims* (metadata) must be both loaded and rendered in its code.
 * Claim formats and the per-library rules are documented in orchestration/README.md ("Visualization metadata").
 */

export interface VizLibraryRule {
  id: string;
  label: string;
  /** Lower-case keywords; a claim naming any of them is this library (first rule wins). */
  keywords: string[];
  /** Evidence the library is imported or loaded (built-in browser features always are). */
  imported: (code: string) => boolean;
  /** Evidence something is drawn with it. */
  rendered: (code: string) => boolean;
}

/** An ES import, dynamic import, require, `<script src>` or import-map entry of a module whose name matches. */
function loads(name: string): (code: string) => boolean {
  const patterns = [
    new RegExp(String.raw`\bfrom\s*['"](?:[^'"]*/)?${name}['"]`),
    new RegExp(String.raw`\bimport\s*\(?\s*['"](?:[^'"]*/)?${name}['"]`),
    new RegExp(String.raw`\brequire\(\s*['"](?:[^'"]*/)?${name}['"]\s*\)`),
    new RegExp(String.raw`<script[^>]+src\s*=\s*["'][^"']*${name}[^"']*["']`, 'i'),
    new RegExp(String.raw`["']${name}["']\s*:\s*["'][^"']+["']`),
  ];
  return (code) => patterns.some((pattern) => pattern.test(code));
}

const any = (...patterns: RegExp[]) => (code: string) => patterns.some((pattern) => pattern.test(code));
const all = (...tests: ((code: string) => boolean)[]) => (code: string) => tests.every((test) => test(code));
const either = (...tests: ((code: string) => boolean)[]) => (code: string) => tests.some((test) => test(code));
const builtIn = () => true;
/** Optional version and sub-path after a package name in a URL or specifier. */
const VERSIONED = String.raw`(?:@[\w.^~-]+)?(?:/[\w./-]*)?`;

export const VIZ_LIBRARY_RULES: readonly VizLibraryRule[] = [
  {
    id: 'react-three-fiber',
    label: 'React Three Fiber',
    keywords: ['react three fiber', 'react-three-fiber', 'r3f', '@react-three'],
    imported: either(loads('@react-three/fiber'), loads('@react-three/drei')),
    rendered: any(/<Canvas\b/),
  },
  {
    id: 'three',
    label: 'Three.js',
    keywords: ['three', 'three.js', 'threejs'],
    imported: either(loads(`three${VERSIONED}`), any(/\bimport\s+\*\s+as\s+THREE\b/), loads(String.raw`three(?:\.module)?(?:\.min)?\.js`)),
    rendered: all(any(/\bWebGLRenderer\s*\(/), any(/\.render\s*\(/)),
  },
  {
    id: 'webgl',
    label: 'WebGL',
    keywords: ['webgl'],
    imported: builtIn,
    rendered: either(any(/getContext\(\s*['"]webgl2?['"]/), all(any(/\bWebGLRenderer\s*\(/), any(/\.render\s*\(/))),
  },
  {
    id: 'd3',
    label: 'D3',
    keywords: ['d3', 'd3.js'],
    imported: loads(`d3(?:-[a-z-]+)?${VERSIONED}`),
    rendered: all(any(/\b(?:d3\.)?select(?:All)?\s*\(/), any(/\.(?:append|join)\s*\(/)),
  },
  {
    id: 'chartjs',
    label: 'Chart.js',
    keywords: ['chart.js', 'chartjs'],
    imported: either(loads(`chart\\.js${VERSIONED}`), loads(String.raw`chart(?:\.umd)?(?:\.min)?\.js`)),
    rendered: any(/\bnew\s+Chart\s*\(/),
  },
  {
    id: 'recharts',
    label: 'Recharts',
    keywords: ['recharts'],
    imported: loads('recharts'),
    rendered: any(/<(?:LineChart|BarChart|AreaChart|PieChart|ScatterChart|ComposedChart|RadarChart)\b/),
  },
  {
    id: 'leaflet',
    label: 'Leaflet',
    keywords: ['leaflet'],
    imported: loads(`leaflet${VERSIONED}`),
    rendered: any(/\bL\.map\s*\(/),
  },
  {
    id: 'mapbox',
    label: 'Mapbox',
    keywords: ['mapbox'],
    imported: either(loads(`mapbox-gl${VERSIONED}`), loads('react-map-gl')),
    rendered: any(/\bnew\s+mapboxgl\.Map\s*\(/, /<Map\b/),
  },
  {
    id: 'topojson',
    label: 'TopoJSON',
    keywords: ['topojson'],
    imported: loads(`topojson(?:-client)?${VERSIONED}`),
    rendered: any(/\b(?:topojson\.)?(?:feature|mesh)\s*\(/),
  },
  {
    id: 'plotly',
    label: 'Plotly',
    keywords: ['plotly'],
    imported: loads(`plotly(?:\\.js)?(?:-[\\w.-]+)?${VERSIONED}`),
    rendered: any(/\bPlotly\.(?:newPlot|react)\s*\(/),
  },
  {
    id: 'vega',
    label: 'Vega',
    keywords: ['vega', 'vega-lite'],
    imported: loads(`vega(?:-embed|-lite)?${VERSIONED}`),
    rendered: any(/\bvegaEmbed\s*\(/, /\bnew\s+vega\.View\s*\(/),
  },
  {
    id: 'svg',
    label: 'SVG',
    keywords: ['svg'],
    imported: builtIn,
    rendered: any(/<svg\b/i, /createElementNS\([^)]*svg/, /\.append\(\s*['"]svg['"]\s*\)/),
  },
  {
    id: 'canvas',
    label: 'Canvas',
    keywords: ['canvas'],
    imported: builtIn,
    rendered: all(any(/<canvas\b/i, /createElement\(\s*['"]canvas['"]\s*\)/), any(/\bgetContext\s*\(/)),
  },
];

export function ruleForClaim(claim: string): VizLibraryRule | undefined {
  const text = claim.toLowerCase();
  return VIZ_LIBRARY_RULES.find((rule) => rule.keywords.some((keyword) => new RegExp(`(^|[^a-z0-9])${escape(keyword)}([^a-z0-9]|$)`).test(text)));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Claimed libraries from a metadata file (markdown front matter, JSON, HTML meta/JSON script, or JS/TS source). */
export function extractClaims(text: string, path: string): string[] {
  const fromObject = (data: unknown): string[] => {
    if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
    const record = data as Record<string, unknown>;
    const claims: string[] = [];
    for (const key of ['libraries', 'visualization_libraries']) claims.push(...toStrings(record[key]));
    const visualizations = record.visualizations;
    if (Array.isArray(visualizations)) {
      for (const item of visualizations) {
        if (typeof item === 'string') claims.push(item);
        else if (item && typeof item === 'object') {
          const entry = item as Record<string, unknown>;
          for (const key of ['library', 'libraries', 'type', 'tech', 'technology']) claims.push(...toStrings(entry[key]));
        }
      }
    }
    return claims;
  };

  const claims: string[] = [];
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) {
    try {
      claims.push(...fromObject(JSON.parse(text)));
    } catch {
      /* not JSON: fall through to the other readers */
    }
  }
  if (/\.(md|markdown|mdx|ya?ml)$/.test(lower)) {
    const front = readFrontMatter(text);
    if (front.ok) claims.push(...fromObject(front.data));
    else if (/\.ya?ml$/.test(lower)) {
      try {
        claims.push(...fromObject(parseYaml(text)));
      } catch {
        /* unreadable YAML claims nothing */
      }
    }
  }
  for (const match of text.matchAll(/<script[^>]*type\s*=\s*["']application\/json["'][^>]*id\s*=\s*["']essay-meta["'][^>]*>([\s\S]*?)<\/script>|<script[^>]*id\s*=\s*["']essay-meta["'][^>]*type\s*=\s*["']application\/json["'][^>]*>([\s\S]*?)<\/script>/gi)) {
    try {
      claims.push(...fromObject(JSON.parse(match[1] ?? match[2])));
    } catch {
      /* a broken block claims nothing */
    }
  }
  for (const match of text.matchAll(/<meta[^>]*name\s*=\s*["']visualization-libraries["'][^>]*content\s*=\s*["']([^"']*)["']/gi)) {
    claims.push(...match[1].split(','));
  }
  if (!claims.length) {
    // Esy-style ESSAY_META in JS/TS: `visualizations: [ { …, type: 'D3' }, … ]`.
    const start = text.search(/\bvisualizations\s*:\s*\[/);
    if (start >= 0) {
      const block = balancedBlock(text, text.indexOf('[', start));
      for (const match of block.matchAll(/\b(?:type|library|tech)\s*:\s*(['"`])([^'"`]+)\1/g)) claims.push(match[2]);
    }
  }
  return [...new Set(claims.map((claim) => claim.trim()).filter(Boolean))];
}

function toStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

function balancedBlock(text: string, open: number): string {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === '[') depth++;
    else if (text[index] === ']' && --depth === 0) return text.slice(open, index + 1);
  }
  return text.slice(open);
}

export interface ClaimVerdict {
  claim: string;
  library?: string;
  imported: boolean;
  rendered: boolean;
  /** False only for claims no rule recognises (they pass unchecked). */
  known: boolean;
}

export function judgeClaim(claim: string, code: string): ClaimVerdict {
  const rule = ruleForClaim(claim);
  if (!rule) return { claim, imported: true, rendered: true, known: false };
  return { claim, library: rule.label, imported: rule.imported(code), rendered: rule.rendered(code), known: true };
}
