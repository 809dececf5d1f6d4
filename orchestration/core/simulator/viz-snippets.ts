/**
 * For each visualization library the contract validator recognises: how a page loads it and draws with it, so
 * simulated essays and components pass `viz_tech_match` with code that looks like the real thing.
 */

export interface VizSnippet {
  /** `<script>`/`<link>` tags for an HTML page's head. */
  htmlHead: string[];
  /** Markup placed in the page body (a figure's contents). */
  htmlBody: string;
  /** Inline script run by the page. */
  htmlScript: string;
  /** ES imports for a JS/TS module or component. */
  moduleImports: string[];
  /** Statements for a module (inside an effect or init function). */
  moduleCode: string;
  /** JSX returned by a component. */
  jsx: string;
}

const D3: VizSnippet = {
  htmlHead: ['<script src="vendor/d3.min.js"></script>'],
  htmlBody: '<div id="timeline-chart" class="chart" role="img" aria-label="Timeline of recorded uses"></div>',
  htmlScript: [
    "const timeline = d3.select('#timeline-chart').append('svg').attr('viewBox', '0 0 640 160');",
    "timeline.selectAll('circle').data(MILESTONES).join('circle')",
    "  .attr('cx', (d, i) => 40 + i * 110).attr('cy', 80).attr('r', 9).attr('fill', '#8a3b12');",
  ].join('\n'),
  moduleImports: ["import * as d3 from 'd3';"],
  moduleCode: [
    "const chart = d3.select(container).append('svg').attr('viewBox', '0 0 640 160');",
    "chart.selectAll('circle').data(milestones).join('circle').attr('cx', (d, i) => 40 + i * 110).attr('cy', 80).attr('r', 9);",
  ].join('\n'),
  jsx: '<div ref={chartRef} className="timeline-chart" />',
};

const SVG: VizSnippet = {
  htmlHead: [],
  htmlBody: [
    '<svg class="word-map" viewBox="0 0 640 120" role="img" aria-label="How the word moved between languages">',
    '  <line x1="40" y1="60" x2="600" y2="60" stroke="#444" stroke-width="2" />',
    '  <circle cx="40" cy="60" r="8" fill="#8a3b12" /><text x="40" y="95" text-anchor="middle">origin</text>',
    '  <circle cx="320" cy="60" r="8" fill="#8a3b12" /><text x="320" y="95" text-anchor="middle">borrowing</text>',
    '  <circle cx="600" cy="60" r="8" fill="#8a3b12" /><text x="600" y="95" text-anchor="middle">today</text>',
    '</svg>',
  ].join('\n'),
  htmlScript: '',
  moduleImports: [],
  moduleCode: '',
  jsx: '<svg viewBox="0 0 640 120" role="img"><line x1={40} y1={60} x2={600} y2={60} stroke="#444" /></svg>',
};

const CANVAS: VizSnippet = {
  htmlHead: [],
  htmlBody: '<canvas id="frequency-canvas" width="640" height="200" aria-label="Frequency of use over time"></canvas>',
  htmlScript: [
    "const canvas = document.getElementById('frequency-canvas');",
    "const ctx = canvas.getContext('2d');",
    "ctx.strokeStyle = '#8a3b12'; ctx.beginPath();",
    'FREQUENCY.forEach((value, i) => (i ? ctx.lineTo(i * 32, 200 - value) : ctx.moveTo(0, 200 - value)));',
    'ctx.stroke();',
  ].join('\n'),
  moduleImports: [],
  moduleCode: "const canvas = document.createElement('canvas');\nconst ctx = canvas.getContext('2d');\ncontainer.appendChild(canvas);",
  jsx: '<canvas ref={canvasRef} width={640} height={200} />',
};

const CHARTJS: VizSnippet = {
  htmlHead: ['<script src="vendor/chart.umd.js"></script>'],
  htmlBody: '<canvas id="usage-chart" width="640" height="240"></canvas>',
  htmlScript: "new Chart(document.getElementById('usage-chart'), { type: 'line', data: { labels: YEARS, datasets: [{ label: 'Uses per million words', data: FREQUENCY }] } });",
  moduleImports: ["import Chart from 'chart.js/auto';"],
  moduleCode: "new Chart(container.querySelector('canvas'), { type: 'line', data: { labels: years, datasets: [{ data: frequency }] } });",
  jsx: '<canvas ref={canvasRef} />',
};

const PLOTLY: VizSnippet = {
  htmlHead: ['<script src="vendor/plotly.min.js"></script>'],
  htmlBody: '<div id="plotly-chart"></div>',
  htmlScript: "Plotly.newPlot('plotly-chart', [{ x: YEARS, y: FREQUENCY, type: 'scatter' }], { title: 'Frequency' });",
  moduleImports: ["import Plotly from 'plotly.js-dist-min';"],
  moduleCode: "Plotly.newPlot(container, [{ x: years, y: frequency, type: 'scatter' }]);",
  jsx: '<div ref={plotRef} />',
};

const LEAFLET: VizSnippet = {
  htmlHead: ['<link rel="stylesheet" href="vendor/leaflet.css" />', '<script src="vendor/leaflet.js"></script>'],
  htmlBody: '<div id="journey-map" style="height: 320px"></div>',
  htmlScript: "const journey = L.map('journey-map').setView([48.8, 9.2], 4);\nL.geoJSON(ROUTE).addTo(journey);",
  moduleImports: ["import L from 'leaflet';"],
  moduleCode: "const journey = L.map(container).setView([48.8, 9.2], 4);",
  jsx: '<div ref={mapRef} style={{ height: 320 }} />',
};

const THREE: VizSnippet = {
  htmlHead: ['<script type="importmap">{ "imports": { "three": "./vendor/three.module.js" } }</script>'],
  htmlBody: '<div id="letterform-3d"></div>',
  htmlScript: [
    "import('three').then((THREE) => {",
    '  const renderer = new THREE.WebGLRenderer({ antialias: true });',
    '  const scene = new THREE.Scene(); const camera = new THREE.PerspectiveCamera(45, 2, 0.1, 100);',
    "  document.getElementById('letterform-3d').appendChild(renderer.domElement);",
    '  renderer.render(scene, camera);',
    '});',
  ].join('\n'),
  moduleImports: ["import * as THREE from 'three';"],
  moduleCode: 'const renderer = new THREE.WebGLRenderer({ antialias: true });\nrenderer.render(new THREE.Scene(), new THREE.PerspectiveCamera(45, 2, 0.1, 100));',
  jsx: '<div ref={sceneRef} />',
};

const WEBGL: VizSnippet = {
  htmlHead: [],
  htmlBody: '<canvas id="glyph-gl" width="320" height="320"></canvas>',
  htmlScript: "const gl = document.getElementById('glyph-gl').getContext('webgl');\nif (gl) { gl.clearColor(0.97, 0.95, 0.9, 1); gl.clear(gl.COLOR_BUFFER_BIT); }",
  moduleImports: [],
  moduleCode: "const gl = canvas.getContext('webgl');",
  jsx: '<canvas ref={canvasRef} />',
};

const VEGA: VizSnippet = {
  htmlHead: ['<script src="vendor/vega.min.js"></script>', '<script src="vendor/vega-lite.min.js"></script>', '<script src="vendor/vega-embed.min.js"></script>'],
  htmlBody: '<div id="vega-chart"></div>',
  htmlScript: "vegaEmbed('#vega-chart', { mark: 'line', data: { values: FREQUENCY.map((y, i) => ({ x: YEARS[i], y })) }, encoding: { x: { field: 'x' }, y: { field: 'y', type: 'quantitative' } } });",
  moduleImports: ["import vegaEmbed from 'vega-embed';"],
  moduleCode: "vegaEmbed(container, { mark: 'line', data: { values: points } });",
  jsx: '<div ref={vegaRef} />',
};

const TOPOJSON: VizSnippet = {
  htmlHead: ['<script src="vendor/topojson-client.min.js"></script>'],
  htmlBody: '<svg id="region-map" viewBox="0 0 640 360"></svg>',
  htmlScript: 'const regions = topojson.feature(WORLD, WORLD.objects.countries);',
  moduleImports: ["import * as topojson from 'topojson-client';"],
  moduleCode: 'const regions = topojson.feature(world, world.objects.countries);',
  jsx: '<svg ref={mapRef} viewBox="0 0 640 360" />',
};

const MAPBOX: VizSnippet = {
  htmlHead: ['<script src="vendor/mapbox-gl.js"></script>'],
  htmlBody: '<div id="mapbox-map" style="height: 320px"></div>',
  htmlScript: "const atlas = new mapboxgl.Map({ container: 'mapbox-map', center: [9.2, 48.8], zoom: 3 });",
  moduleImports: ["import mapboxgl from 'mapbox-gl';"],
  moduleCode: 'const atlas = new mapboxgl.Map({ container, center: [9.2, 48.8], zoom: 3 });',
  jsx: '<div ref={mapRef} style={{ height: 320 }} />',
};

const RECHARTS: VizSnippet = {
  htmlHead: [],
  htmlBody: '<div id="recharts-root"></div>',
  htmlScript: '',
  moduleImports: ["import { LineChart, Line, XAxis, YAxis } from 'recharts';"],
  moduleCode: '',
  jsx: '<LineChart width={640} height={240} data={points}><XAxis dataKey="year" /><YAxis /><Line dataKey="uses" /></LineChart>',
};

const R3F: VizSnippet = {
  htmlHead: [],
  htmlBody: '<div id="r3f-root"></div>',
  htmlScript: '',
  moduleImports: ["import { Canvas } from '@react-three/fiber';"],
  moduleCode: '',
  jsx: '<Canvas camera={{ position: [0, 0, 5] }}><ambientLight /><mesh><boxGeometry /><meshStandardMaterial /></mesh></Canvas>',
};

/** The snippet for a claim ("D3", "custom SVG", "Chart.js"…), matched like the validator does. */
export function snippetFor(claim: string): VizSnippet | undefined {
  const text = claim.toLowerCase();
  const has = (keyword: string) => new RegExp(`(^|[^a-z0-9])${keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9]|$)`).test(text);
  if (['react three fiber', 'react-three-fiber', 'r3f', '@react-three'].some(has)) return R3F;
  if (['three', 'three.js', 'threejs'].some(has)) return THREE;
  if (has('webgl')) return WEBGL;
  if (['d3', 'd3.js'].some(has)) return D3;
  if (['chart.js', 'chartjs'].some(has)) return CHARTJS;
  if (has('recharts')) return RECHARTS;
  if (has('leaflet')) return LEAFLET;
  if (has('mapbox')) return MAPBOX;
  if (has('topojson')) return TOPOJSON;
  if (has('plotly')) return PLOTLY;
  if (['vega', 'vega-lite'].some(has)) return VEGA;
  if (has('svg')) return SVG;
  if (has('canvas')) return CANVAS;
  return undefined;
}

/**
 * Library sets a simulated run may choose (deterministically per run): browser built-ins only, because a
 * simulated model cannot vendor a real library build into the package, and an essay must load nothing from the
 * network (`local_assets`). A design naming D3 or Chart.js needs `vendor/<file>` written beside the page.
 */
export const LIBRARY_CHOICES: readonly string[][] = [
  ['svg', 'canvas'],
  ['svg'],
  ['canvas', 'svg'],
];

/** Built-in technologies whose figures the simulator draws itself (see figures.ts). */
export function isBuiltInDrawing(claim: string): boolean {
  const snippet = snippetFor(claim);
  return snippet === SVG || snippet === CANVAS;
}
