// Copies: every snapshot in every target (paged), and one copy's tree: folders to open, files to download, model
// files to inspect (tensors, stored validation state), a restore wizard, and legal holds.
import { api, saveResponse, bytes, can, failure, fill, h, pager, query, short, table, time, toast } from '../lib.js';
import { restoreWizard } from './restore-wizard.js';

const PAGE = 50;
const MODEL = /\.(safetensors|gguf|onnx|pt|pth|bin|ckpt|npy|npz)$/i;

export default async function copies(view, r, current) {
  if (r.rest.length >= 2) return browse(view, r.rest[0], r.rest[1], r.params.get('path') || '/');
  view.append(h('h1', { id: 'page-title' }, 'Copies'));
  const [targets, assets] = await Promise.all([
    can('target:read') ? api('GET', '/api/v1/targets') : Promise.resolve([]),
    can('asset:read') ? api('GET', '/api/v1/assets') : Promise.resolve([]),
  ]);
  const tName = Object.fromEntries(targets.map((t) => [t.id, t.name]));
  const aName = Object.fromEntries(assets.map((a) => [a.id, a.name]));
  const target = h('select', { name: 'target', id: 'filter-target' }, h('option', { value: '' }, 'any'), targets.map((t) => h('option', { value: t.id }, t.name)));
  const asset = h('select', { name: 'asset', id: 'filter-asset' }, h('option', { value: '' }, 'any'), assets.map((a) => h('option', { value: a.id }, a.name)));
  const filters = h('form', { class: 'filters', role: 'search' },
    targets.length ? h('label', { class: 'inline' }, 'Target ', target) : null,
    assets.length ? h('label', { class: 'inline' }, 'Asset ', asset) : null);
  const list = h('div');
  view.append(filters, list);
  const cursors = [];
  let cursor = null;
  const load = async () => {
    const rows = await api('GET', '/api/v1/copies' + query({
      target: target.value, asset: asset.value, limit: PAGE + 1, before: cursor?.before, beforeId: cursor?.beforeId,
    }));
    if (!current()) return;
    const shown = rows.slice(0, PAGE);
    fill(list, table('Copies', [
      { label: 'Time', cell: (c) => time(c.time) },
      { label: 'Copy', cell: (c) => h('a', { href: `#/copies/${c.targetId}/${c.snapshotId}` }, short(c.snapshotId)) },
      { label: 'Target', cell: (c) => tName[c.targetId] || short(c.targetId) },
      { label: 'Asset', cell: (c) => (c.assetId ? aName[c.assetId] || short(c.assetId) : '–') },
      { label: 'Paths', cell: (c) => c.paths.join(', ') },
      { label: 'Size', cell: (c) => (c.summary?.total_bytes_processed !== undefined ? bytes(c.summary.total_bytes_processed) : '–'), class: 'num' },
      { label: 'Made by', cell: (c) => c.program + ' on ' + c.hostname },
    ], shown, 'No copies yet.'), pager(cursors.length > 0, rows.length > PAGE,
      () => { cursor = cursors.pop() || null; load(); },
      () => { cursors.push(cursor); const l = shown[shown.length - 1]; cursor = { before: l.time, beforeId: l.snapshotId }; load(); }));
  };
  filters.addEventListener('change', () => { cursors.length = 0; cursor = null; load(); });
  await load();
}

async function browse(view, targetId, snap, path) {
  const copy = await api('GET', `/api/v1/copies/${targetId}/${snap}`);
  const base = `#/copies/${targetId}/${copy.snapshotId}`;
  view.append(h('p', {}, h('a', { href: '#/copies' }, '← Copies')),
    h('h1', { id: 'page-title' }, 'Copy ' + short(copy.snapshotId) + ' of ' + time(copy.time)));
  const crumbs = [h('a', { href: base + '?path=/' }, 'root')];
  let acc = '';
  for (const part of path.split('/').filter(Boolean)) {
    acc += '/' + part;
    crumbs.push(' / ', h('a', { href: base + '?path=' + encodeURIComponent(acc) }, part));
  }
  const panel = h('div', { id: 'panel', 'aria-live': 'polite' });
  view.append(h('nav', { class: 'crumbs', 'aria-label': 'Folder' }, crumbs),
    h('div', { class: 'actions' },
      can('restore:run') ? h('button', { type: 'button', class: 'primary', id: 'restore-folder', onclick: () => restoreWizard(copy, path, true) },
        path === '/' ? 'Restore this copy…' : 'Restore this folder…') : null,
      can('hold:add') ? h('button', { type: 'button', onclick: () => hold(copy, 'hold') }, 'Legal hold…') : null,
      can('hold:remove') ? h('button', { type: 'button', onclick: () => hold(copy, 'release') }, 'Lift hold…') : null));
  let entries;
  try {
    entries = await api('GET', `/api/v1/copies/${targetId}/${copy.snapshotId}/tree` + query({ path }));
  } catch (e) {
    view.append(failure(e));
    return;
  }
  view.append(table('Entries of ' + path, [
    { label: 'Name', cell: (e) => (e.type === 'dir' ? h('a', { href: base + '?path=' + encodeURIComponent(e.path) }, e.name + '/') : e.name) },
    { label: 'Type', cell: (e) => e.type },
    { label: 'Size', cell: (e) => (e.type === 'file' ? bytes(e.size) : '–'), class: 'num' },
    { label: 'Modified', cell: (e) => time(e.mtime) },
    { label: 'Actions', cell: (e) => h('div', { class: 'row-actions' },
      e.type === 'file' && can('restore:run') ? h('button', { type: 'button', 'aria-label': 'Download ' + e.name, onclick: () => download(copy, e) }, 'Download') : null,
      e.type === 'file' && MODEL.test(e.name) ? h('button', { type: 'button', 'aria-label': 'Inspect model ' + e.name, onclick: () => model(copy, e, panel) }, 'Tensors') : null,
      can('restore:run') && (e.type === 'file' || e.type === 'dir')
        ? h('button', { type: 'button', 'aria-label': 'Restore ' + e.name, onclick: () => restoreWizard(copy, e.path, e.type === 'dir') }, 'Restore…') : null) },
  ], entries, 'This folder is empty.'), panel);
}

async function download(copy, e) {
  try {
    const res = await api('GET', `/api/v1/copies/${copy.targetId}/${copy.snapshotId}/file` + query({ path: e.path }), undefined, { raw: true });
    await saveResponse(res, e.name);
  } catch (err) {
    toast(err.message, 'error');
  }
}

async function model(copy, e, panel) {
  fill(panel, h('p', {}, 'Reading the header of ' + e.name + '…'));
  try {
    const m = await api('GET', `/api/v1/copies/${copy.targetId}/${copy.snapshotId}/model` + query({ path: e.path }));
    const st = m.stored;
    fill(panel, h('section', { class: 'card', 'aria-labelledby': 'h-model' },
      h('h2', { id: 'h-model' }, 'Model ' + e.name),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Validation at backup'), h('dd', { id: 'model-status' }, st ? st.status + (st.problem ? ': ' + st.problem : '') : 'not recorded'),
        h('dt', {}, 'Format'), h('dd', {}, m.format || (m.model ? '?' : 'not a model file')),
        m.headerError ? [h('dt', {}, 'Header'), h('dd', { class: 'error-text' }, m.headerError)] : null,
        m.tensorCount !== undefined ? [h('dt', {}, 'Tensors'), h('dd', {}, String(m.tensorCount))] : null,
        m.parameters !== undefined ? [h('dt', {}, 'Parameters'), h('dd', {}, Number(m.parameters).toLocaleString('en'))] : null,
        m.dtypes ? [h('dt', {}, 'Types'), h('dd', {}, Object.entries(m.dtypes).map(([k, v]) => k + ' × ' + v).join(', '))] : null),
      m.warnings?.length ? h('ul', {}, m.warnings.map((w) => h('li', {}, w))) : null,
      m.tensors ? table('Tensors', [
        { label: 'Tensor', cell: (t) => t.name },
        { label: 'Type', cell: (t) => t.dtype },
        { label: 'Shape', cell: (t) => '[' + t.shape.join(', ') + ']' },
        { label: 'Bytes', cell: (t) => bytes(t.bytes), class: 'num' },
      ], m.tensors) : null));
  } catch (err) {
    fill(panel, failure(err));
  }
}

async function hold(copy, what) {
  const reason = prompt(what === 'hold' ? 'Reason for the legal hold (recorded):' : 'Reason for lifting the hold (recorded):');
  if (!reason) return;
  try {
    await api('POST', `/api/v1/copies/${copy.targetId}/${copy.snapshotId}/${what}`, { reason });
    toast(what === 'hold' ? 'Copy held' : 'Hold lifted');
  } catch (e) {
    toast(e.message, 'error');
  }
}
