// Jobs: the list (filter by state and kind, paged 50 at a time, refreshed while jobs run) and one job with its live
// progress (rate, ETA), result, log (followed), and cancel.
import { api, badge, bytes, can, duration, failure, fill, h, pager, query, short, table, time, toast } from '../lib.js';

const STATES = ['', 'queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled', 'interrupted'];
const KINDS = ['', 'backup', 'restore', 'replicate', 'tier', 'verify', 'drill', 'prune', 'lock', 'sync', 'index'];
const PAGE = 50;

export default async function jobs(view, r, current) {
  if (r.rest[0]) return job(view, r.rest[0], current);
  view.append(h('h1', { id: 'page-title' }, 'Jobs'));
  const state = select('state', 'State', STATES, r.params.get('state'));
  const kind = select('kind', 'Kind', KINDS, r.params.get('kind'));
  const filters = h('form', { class: 'filters', role: 'search' }, state.box, kind.box);
  const list = h('div', { 'aria-live': 'polite' });
  view.append(filters, list);
  const cursors = [];
  let cursor = null;
  let timer = null;
  const load = async () => {
    clearTimeout(timer);
    const rows = await api('GET', '/api/v1/jobs' + query({
      state: state.el.value, kind: kind.el.value, limit: PAGE + 1, before: cursor?.before, beforeId: cursor?.beforeId,
    }));
    if (!current()) return;
    const more = rows.length > PAGE;
    const shown = rows.slice(0, PAGE);
    fill(list, jobRows(shown, 'Jobs'), pager(cursors.length > 0, more,
      () => { cursor = cursors.pop() || null; load(); },
      () => { cursors.push(cursor); const l = shown[shown.length - 1]; cursor = { before: l.createdAt, beforeId: l.id }; load(); }));
    if (shown.some((j) => j.state === 'running' || j.state === 'queued')) timer = setTimeout(() => current() && load(), 2000);
  };
  filters.addEventListener('change', () => { cursors.length = 0; cursor = null; load(); });
  await load();
}

function select(name, label, options, value) {
  const el = h('select', { name, id: 'filter-' + name },
    options.map((o) => h('option', { value: o, selected: o === value || null }, o || 'any')));
  return { el, box: h('label', { class: 'inline' }, label + ' ', el) };
}

/** The jobs table, shared with the overview. */
export function jobRows(rows, caption) {
  return table(caption, [
    { label: 'Job', cell: (j) => h('a', { href: '#/jobs/' + j.id }, short(j.id)) },
    { label: 'Kind', cell: (j) => j.kind + (j.stage && j.stage !== j.kind ? ' (' + j.stage + ')' : '') },
    { label: 'State', cell: (j) => badge(j.state) },
    { label: 'Progress', cell: (j) => progress(j) },
    { label: 'Created', cell: (j) => time(j.createdAt) },
    { label: 'Took', cell: (j) => (j.startedAt ? duration(((j.finishedAt || Date.now()) - j.startedAt) / 1000) : '–') },
    { label: 'By', cell: (j) => j.requestedBy },
  ], rows, 'No jobs match.');
}

function progress(j) {
  const p = j.progress;
  if (j.state !== 'running' || !p) return j.error ? h('span', { class: 'error-text' }, j.error) : '–';
  const pct = p.percentDone ?? null;
  return h('span', { class: 'progress' },
    pct !== null ? h('progress', { max: 100, value: pct, 'aria-label': 'percent done' }) : null,
    ' ', pct !== null ? pct + ' % · ' : '', bytes(p.bytesPerSecond) + '/s',
    p.etaSeconds !== undefined ? ' · ETA ' + duration(p.etaSeconds) : '');
}

async function job(view, id, current) {
  const head = h('h1', { id: 'page-title' }, 'Job ' + short(id));
  const body = h('div', { 'aria-live': 'polite' });
  const log = h('pre', { class: 'log', tabindex: '0', 'aria-label': 'Job log' });
  view.append(h('p', {}, h('a', { href: '#/jobs' }, '← Jobs')), head, body,
    h('h2', {}, 'Log'), log);
  let after = 0;
  const draw = (j) => {
    const p = j.progress || {};
    fill(body,
      h('dl', { class: 'facts' },
        h('dt', {}, 'Kind'), h('dd', {}, j.kind + (j.stage ? ' · stage ' + j.stage : '')),
        h('dt', {}, 'State'), h('dd', { id: 'job-state' }, badge(j.state)),
        h('dt', {}, 'Attempt'), h('dd', {}, String(j.attempt)),
        h('dt', {}, 'Created'), h('dd', {}, time(j.createdAt) + ' by ' + j.requestedBy),
        h('dt', {}, 'Started'), h('dd', {}, time(j.startedAt)),
        h('dt', {}, 'Finished'), h('dd', {}, time(j.finishedAt)),
        j.state === 'running' ? [
          h('dt', {}, 'Progress'), h('dd', {}, progress(j)),
          h('dt', {}, 'Done'), h('dd', {}, (p.filesDone ?? 0) + ' files, ' + bytes(p.bytesDone)
            + (p.bytesTotal !== undefined ? ' of ' + bytes(p.bytesTotal) : '')),
        ] : null,
        j.error ? [h('dt', {}, 'Error'), h('dd', { class: 'error-text' }, j.error)] : null),
      j.result ? [h('h2', {}, 'Result'), h('pre', { class: 'json' }, JSON.stringify(j.result, null, 2))] : null,
      h('div', { class: 'actions' },
        can('job:cancel') && (j.state === 'queued' || j.state === 'running')
          ? h('button', { type: 'button', class: 'danger', onclick: () => cancel(j) }, 'Cancel job') : null));
  };
  const cancel = async (j) => {
    try {
      draw(await api('POST', '/api/v1/jobs/' + j.id + '/cancel'));
      toast('Cancel requested');
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  const tick = async () => {
    let j;
    try {
      j = await api('GET', '/api/v1/jobs/' + encodeURIComponent(id));
    } catch (e) {
      fill(body, failure(e));
      return;
    }
    if (!current()) return;
    const lines = await api('GET', '/api/v1/jobs/' + j.id + '/logs?after=' + after);
    for (const l of lines) {
      log.append(time(l.at) + '  ' + l.line + '\n');
      after = l.seq;
    }
    draw(j);
    if (j.state === 'queued' || j.state === 'running') setTimeout(() => current() && tick(), 1000);
  };
  await tick();
}
