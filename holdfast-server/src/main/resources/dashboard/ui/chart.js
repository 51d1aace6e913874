// The storage chart: logical size of the copies against what they take after deduplication and as stored, over
// time; drawn as SVG lines, with a table of the same numbers for screen readers.
import { bytes, h, time } from './lib.js';

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const SERIES = [
  { key: 'logicalBytes', label: 'Logical (as full copies)', cls: 'line-logical' },
  { key: 'rawBytes', label: 'After deduplication', cls: 'line-raw' },
  { key: 'storedBytes', label: 'Stored (compressed)', cls: 'line-stored' },
];

export function storageChart(points) {
  if (!points.length) {
    return h('p', { class: 'empty' }, 'No storage measured yet: a sample is taken after each backup indexes its copy.');
  }
  const W = 640;
  const H = 220;
  const L = 70;
  const B = 24;
  const pts = points.length === 1 ? [points[0], { ...points[0], at: points[0].at + 1 }] : points;
  const t0 = pts[0].at;
  const t1 = pts[pts.length - 1].at;
  const max = Math.max(1, ...pts.map((p) => p.logicalBytes));
  const x = (t) => L + ((t - t0) / Math.max(1, t1 - t0)) * (W - L - 10);
  const y = (v) => H - B - (v / max) * (H - B - 10);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-labelledby': 'chart-title' },
    s('title', { id: 'chart-title' }, 'Storage over time: logical size, after deduplication, and stored'));
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    svg.append(s('line', { x1: L, x2: W - 10, y1: y(v), y2: y(v), class: 'grid-line' }));
    svg.append(s('text', { x: L - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, bytes(v)));
  }
  svg.append(s('text', { x: L, y: H - 6, class: 'axis' }, time(t0).slice(0, 16)));
  svg.append(s('text', { x: W - 10, y: H - 6, class: 'axis', 'text-anchor': 'end' }, time(t1).slice(0, 16)));
  for (const ser of SERIES) {
    const d = pts.map((p, i) => (i ? 'L' : 'M') + x(p.at).toFixed(1) + ' ' + y(p[ser.key]).toFixed(1)).join(' ');
    svg.append(s('path', { d, class: 'line ' + ser.cls }));
  }
  const legend = h('ul', { class: 'legend' }, SERIES.map((ser) => h('li', { class: ser.cls }, ser.label)));
  const last = points[points.length - 1];
  const sr = h('table', { class: 'sr-only' }, h('caption', {}, 'Newest storage figures'),
    h('tbody', {}, SERIES.map((ser) => h('tr', {}, h('th', { scope: 'row' }, ser.label), h('td', {}, bytes(last[ser.key]))))));
  return h('figure', { class: 'chart-box' }, svg, legend, sr);
}
