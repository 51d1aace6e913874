// Overview: compliance (protected, at risk, failing, with the reasons), storage used and saved over time, recent jobs
// and open alerts. Each part loads on its own and is left out when the role may not read it.
import { api, badge, bytes, can, duration, failure, h, short, table, time, ago } from '../lib.js';
import { storageChart } from '../chart.js';
import { jobRows } from './jobs.js';

export default async function overview(view) {
  view.append(h('h1', { id: 'page-title' }, 'Overview'));
  const parts = [];
  if (can('alert:read')) parts.push(compliance());
  if (can('target:read')) parts.push(storage());
  parts.push(recentJobs());
  if (can('alert:read')) parts.push(openAlerts());
  const sections = await Promise.all(parts);
  view.append(h('div', { class: 'grid' }, sections));
}

async function compliance() {
  const box = h('section', { class: 'card wide', 'aria-labelledby': 'h-compliance' }, h('h2', { id: 'h-compliance' }, 'Protection'));
  try {
    const rows = await api('GET', '/api/v1/compliance');
    const count = (s) => rows.filter((r) => r.status === s).length;
    box.append(h('div', { class: 'tiles' },
      tile('Protected', count('protected'), 'protected'),
      tile('At risk', count('at-risk'), 'at-risk'),
      tile('Failing', count('failing'), 'failing'),
      tile('Paused', count('paused'), 'paused')));
    const bad = rows.filter((r) => r.status !== 'protected');
    box.append(table('Assets not fully protected', [
      { label: 'Asset', cell: (r) => r.asset },
      { label: 'Policy', cell: (r) => r.policy },
      { label: 'Status', cell: (r) => badge(r.status) },
      { label: 'Why', cell: (r) => r.reasons.join('; ') || '–' },
      { label: 'Last good copy', cell: (r) => (r.lastGoodCopyAt ? ago(r.lastGoodCopyAt) : 'none') },
    ], bad, rows.length ? 'Every asset is protected as its policy says.' : 'No policy protects an asset yet.'));
  } catch (e) {
    box.append(failure(e));
  }
  return box;
}

function tile(label, n, state) {
  return h('div', { class: 'tile tile-' + state }, h('span', { class: 'n' }, String(n)), h('span', {}, label));
}

async function storage() {
  const box = h('section', { class: 'card wide', 'aria-labelledby': 'h-storage' }, h('h2', { id: 'h-storage' }, 'Storage'));
  try {
    const s = await api('GET', '/api/v1/storage?days=90');
    const t = s.total;
    const ratio = t.storedBytes > 0 ? (t.logicalBytes / t.storedBytes).toFixed(1) + '×' : '–';
    box.append(h('dl', { class: 'facts' },
      h('dt', {}, 'Protected data (all copies, as full copies)'), h('dd', {}, bytes(t.logicalBytes)),
      h('dt', {}, 'Stored'), h('dd', {}, bytes(t.storedBytes)),
      h('dt', {}, 'Saved by deduplication'), h('dd', {}, bytes(t.savedByDedupBytes)),
      h('dt', {}, 'Saved by compression'), h('dd', {}, bytes(t.savedByCompressionBytes)),
      h('dt', {}, 'Reduction'), h('dd', {}, ratio)));
    box.append(storageChart(s.series));
    box.append(table('Storage per target', [
      { label: 'Target', cell: (r) => r.name },
      { label: 'Copies', cell: (r) => (r.copies ?? '–') },
      { label: 'Logical', cell: (r) => bytes(r.logicalBytes), class: 'num' },
      { label: 'After dedup', cell: (r) => bytes(r.rawBytes), class: 'num' },
      { label: 'Stored', cell: (r) => bytes(r.storedBytes), class: 'num' },
      { label: 'Measured', cell: (r) => (r.at ? ago(r.at) : 'not yet') },
    ], s.targets, 'No targets yet.'));
  } catch (e) {
    box.append(failure(e));
  }
  return box;
}

async function recentJobs() {
  const box = h('section', { class: 'card wide', 'aria-labelledby': 'h-jobs' },
    h('h2', { id: 'h-jobs' }, 'Recent jobs ', h('a', { href: '#/jobs', class: 'more' }, 'all jobs')));
  try {
    box.append(jobRows(await api('GET', '/api/v1/jobs?limit=10'), 'Recent jobs'));
  } catch (e) {
    box.append(failure(e));
  }
  return box;
}

async function openAlerts() {
  const box = h('section', { class: 'card wide', 'aria-labelledby': 'h-alerts' },
    h('h2', { id: 'h-alerts' }, 'Open alerts ', h('a', { href: '#/alerts', class: 'more' }, 'all alerts')));
  try {
    const rows = await api('GET', '/api/v1/alerts?state=open&limit=10');
    box.append(table('Open alerts', [
      { label: 'Raised', cell: (r) => time(r.raisedAt) },
      { label: 'Kind', cell: (r) => r.kind },
      { label: 'Message', cell: (r) => r.message },
      { label: 'Open for', cell: (r) => duration((Date.now() - r.raisedAt) / 1000) },
      { label: 'Alert', cell: (r) => h('a', { href: '#/alerts' }, short(r.id)) },
    ], rows, 'No open alerts.'));
  } catch (e) {
    box.append(failure(e));
  }
  return box;
}
