// Alerts: open, acknowledged and resolved alerts (paged); acknowledging one takes a note.
import { api, badge, can, fill, h, pager, query, short, table, time, toast, field, showError, clearErrors } from '../lib.js';

const PAGE = 50;

export default async function alerts(view, r, current) {
  view.append(h('h1', { id: 'page-title' }, 'Alerts'));
  const state = h('select', { name: 'state', id: 'alert-state' },
    ['active', 'open', 'acknowledged', 'resolved', ''].map((s) => h('option', { value: s, selected: s === (r.params.get('state') ?? 'active') || null }, s || 'all')));
  const filters = h('form', { class: 'filters', role: 'search' }, h('label', { class: 'inline' }, 'State ', state));
  const list = h('div');
  view.append(filters, list);
  const cursors = [];
  let before = null;
  const load = async () => {
    const rows = await api('GET', '/api/v1/alerts' + query({ state: state.value, before, limit: PAGE + 1 }));
    if (!current()) return;
    const shown = rows.slice(0, PAGE);
    fill(list, table('Alerts', [
      { label: 'Raised', cell: (a) => time(a.raisedAt) },
      { label: 'Kind', cell: (a) => a.kind },
      { label: 'Message', cell: (a) => a.message },
      { label: 'State', cell: (a) => badge(a.state) },
      { label: 'Acknowledged', cell: (a) => (a.ackAt ? `${time(a.ackAt)} by ${a.ackBy}: ${a.ackNote || ''}` : '–') },
      { label: 'Actions', cell: (a) => (a.state === 'open' && can('alert:ack')
        ? h('button', { type: 'button', 'aria-label': 'Acknowledge alert ' + short(a.id), onclick: () => ack(a, load) }, 'Acknowledge…') : '–') },
    ], shown, 'No alerts in this state.'), pager(cursors.length > 0, rows.length > PAGE,
      () => { before = cursors.pop() ?? null; load(); },
      () => { cursors.push(before); before = shown[shown.length - 1].raisedAt; load(); }));
  };
  filters.addEventListener('change', () => { cursors.length = 0; before = null; load(); });
  await load();
}

function ack(a, reload) {
  const note = h('textarea', { name: 'note', id: 'ack-note', rows: 3, required: true });
  const form = h('form', { id: 'ack-form' }, h('p', {}, a.message), field('Note (what was done, who follows up)', note),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Acknowledge'),
      h('button', { type: 'button', onclick: () => d.close() }, 'Cancel')));
  const d = h('dialog', { 'aria-labelledby': 'ack-title' }, h('h2', { id: 'ack-title' }, 'Acknowledge alert'), form);
  document.body.append(d);
  d.addEventListener('close', () => d.remove());
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    try {
      await api('POST', `/api/v1/alerts/${a.id}/ack`, { note: note.value.trim() });
      d.close();
      toast('Alert acknowledged');
      reload();
    } catch (e) {
      showError(form, e);
    }
  });
  d.showModal();
  note.focus();
}
