// Search: files by name across every copy (the catalog's file index), and one file's versions over time, each with a
// link to the copy that holds it.
import { api, bytes, fill, h, query, short, table, time } from '../lib.js';

export default async function search(view, r) {
  view.append(h('h1', { id: 'page-title' }, 'Search'));
  const q = h('input', { type: 'search', name: 'q', id: 'search-q', value: r.params.get('q') || '', autocomplete: 'off' });
  const form = h('form', { class: 'filters', role: 'search' },
    h('label', { for: 'search-q' }, 'File name contains'), q, h('button', { type: 'submit', class: 'primary' }, 'Search'));
  const out = h('div', { 'aria-live': 'polite' });
  view.append(form, out);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = '#/search' + query({ q: q.value.trim() });
  });
  const path = r.params.get('path');
  if (path) return versions(out, path);
  if (q.value.trim()) {
    const hits = await api('GET', '/api/v1/search' + query({ q: q.value.trim(), limit: 200 }));
    fill(out, table('Files found', [
      { label: 'Path', cell: (x) => h('a', { href: '#/search' + query({ q: q.value.trim(), path: x.path }) }, x.path) },
      { label: 'Copies', cell: (x) => String(x.versions), class: 'num' },
      { label: 'Newest', cell: (x) => time(x.newestTime) },
      { label: 'Size', cell: (x) => bytes(x.size), class: 'num' },
      { label: 'Open', cell: (x) => h('a', { href: `#/copies/${x.newestTarget}/${x.newestSnapshot}` + query({ path: parent(x.path) }) }, 'in copy ' + short(x.newestSnapshot)) },
    ], hits, 'No file name contains "' + q.value.trim() + '".'));
  } else {
    q.focus();
  }
}

function parent(p) {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

async function versions(out, path) {
  const rows = await api('GET', '/api/v1/search/versions' + query({ path }));
  fill(out, h('h2', {}, 'Versions of ', h('code', {}, path)), table('Versions of ' + path, [
    { label: 'Copy time', cell: (v) => time(v.time) },
    { label: 'Size', cell: (v) => bytes(v.size), class: 'num' },
    { label: 'Modified', cell: (v) => time(v.mtime) },
    { label: 'Changed', cell: (v) => (v.changed ? 'yes' : 'no') },
    { label: 'Copy', cell: (v) => h('a', { href: `#/copies/${v.targetId}/${v.snapshotId}` + query({ path: parent(path) }) }, short(v.snapshotId)) },
  ], rows, 'No versions.'));
}
