// Audit: the tamper-evident trail, newest first, filtered by actor and action (paged), the chain verified on demand,
// and the whole trail exported as JSON lines.
import { api, saveResponse, can, fill, h, pager, query, table, time, toast } from '../lib.js';

const PAGE = 100;

export default async function audit(view, r, current) {
  view.append(h('h1', { id: 'page-title' }, 'Audit'));
  const actor = h('input', { name: 'actor', id: 'audit-actor', value: r.params.get('actor') || '', size: 12 });
  const action = h('input', { name: 'action', id: 'audit-action', value: r.params.get('action') || '', size: 14, placeholder: 'policy.*' });
  const result = h('p', { id: 'verify-result', 'aria-live': 'polite' });
  const filters = h('form', { class: 'filters', role: 'search' },
    h('label', { class: 'inline' }, 'Actor ', actor), h('label', { class: 'inline' }, 'Action ', action),
    h('button', { type: 'submit' }, 'Filter'),
    h('button', { type: 'button', id: 'verify-chain', onclick: verify }, 'Verify chain'),
    can('audit:export') ? h('button', { type: 'button', onclick: exportAll }, 'Export') : null);
  const list = h('div');
  view.append(filters, result, list);
  const cursors = [];
  let before = null;
  async function verify() {
    try {
      const v = await api('GET', '/api/v1/audit/verify');
      result.className = v.ok ? 'ok-text' : 'error-text';
      result.textContent = v.ok ? `The chain of ${v.rows} rows is intact.` : `Broken at row ${v.firstBadSeq}: ${v.problem}`;
    } catch (e) {
      toast(e.message, 'error');
    }
  }
  const load = async () => {
    const rows = await api('GET', '/api/v1/audit' + query({ actor: actor.value.trim(), action: action.value.trim(), before, limit: PAGE + 1 }));
    if (!current()) return;
    const shown = rows.slice(0, PAGE);
    fill(list, table('Audit rows', [
      { label: '#', cell: (e) => String(e.seq), class: 'num' },
      { label: 'Time', cell: (e) => time(e.at) },
      { label: 'Actor', cell: (e) => e.actor },
      { label: 'Action', cell: (e) => e.action },
      { label: 'Object', cell: (e) => e.object },
      { label: 'Detail', cell: (e) => h('code', { class: 'detail' }, e.detail) },
    ], shown, 'No audit rows match.'), pager(cursors.length > 0, rows.length > PAGE,
      () => { before = cursors.pop() ?? null; load(); },
      () => { cursors.push(before); before = shown[shown.length - 1].seq; load(); }));
  };
  filters.addEventListener('submit', (ev) => { ev.preventDefault(); cursors.length = 0; before = null; load(); });
  await load();
}

async function exportAll() {
  try {
    const res = await api('GET', '/api/v1/audit/export', undefined, { raw: true });
    await saveResponse(res, 'holdfast-audit.jsonl');
  } catch (e) {
    toast(e.message, 'error');
  }
}
