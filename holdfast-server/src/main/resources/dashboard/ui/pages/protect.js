// Assets and policies: lists, and forms to add and change them. The server validates; its error names the field at
// fault (paths, stages[1].every, ...) and the form shows the message next to that field.
import { api, badge, can, clearErrors, field, fill, h, lines, showError, table, time, toast } from '../lib.js';
import { policyForm } from './policy-form.js';

export default async function protect(view, r) {
  view.append(h('h1', { id: 'page-title' }, 'Assets & policies'));
  const [assets, policies, targets] = await Promise.all([
    api('GET', '/api/v1/assets'),
    api('GET', '/api/v1/policies'),
    can('target:read') ? api('GET', '/api/v1/targets') : Promise.resolve([]),
  ]);
  const editor = h('div', { id: 'editor' });
  const reload = () => { location.hash = '#/protect?t=' + Date.now(); };
  const open = (form) => {
    fill(editor, form);
    editor.scrollIntoView({ block: 'start' });
    editor.querySelector('input:not([disabled]),select:not([disabled])')?.focus({ preventScroll: true });
  };
  const openAsset = (a) => open(assetForm(a, reload));
  const openPolicy = (p) => open(policyForm(p, assets, targets, reload));

  view.append(h('section', { 'aria-labelledby': 'h-policies' },
    h('h2', { id: 'h-policies' }, 'Policies'),
    can('policy:write') ? h('button', { type: 'button', class: 'primary', id: 'new-policy', onclick: () => openPolicy(null) }, 'New policy') : null,
    table('Policies', [
      { label: 'Name', cell: (p) => p.name },
      { label: 'Assets', cell: (p) => p.assets.join(', ') },
      { label: 'Target', cell: (p) => p.target },
      { label: 'Stages', cell: (p) => p.stages.map(stageText).join(' → ') },
      { label: 'Next run', cell: (p) => (p.paused ? badge('paused') : nextRun(p)) },
      { label: 'Actions', cell: (p) => policyActions(p, openPolicy, reload) },
    ], policies, 'No policies yet.')));

  view.append(h('section', { 'aria-labelledby': 'h-assets' },
    h('h2', { id: 'h-assets' }, 'Assets'),
    can('asset:write') ? h('button', { type: 'button', class: 'primary', id: 'new-asset', onclick: () => openAsset(null) }, 'New asset') : null,
    table('Assets', [
      { label: 'Name', cell: (a) => a.name },
      { label: 'Kind', cell: (a) => a.kind },
      { label: 'What', cell: (a) => (a.kind === 'command' ? a.command.join(' ') + ' → ' + a.filename : a.paths.join(', ')) },
      { label: 'Changed', cell: (a) => time(a.updatedAt) },
      { label: 'Actions', cell: (a) => (can('asset:write') ? h('div', { class: 'row-actions' },
        h('button', { type: 'button', onclick: () => openAsset(a) }, 'Edit'),
        h('button', { type: 'button', class: 'danger', onclick: () => remove('assets', a, reload) }, 'Delete')) : '–') },
    ], assets, 'No assets yet.')));
  view.append(editor);
  const want = r.params.get('edit');
  if (want) {
    const p = policies.find((x) => x.name === want);
    if (p) openPolicy(p);
  }
}

function stageText(s) {
  const when = s.every ? 'every ' + s.every : s.cron ? 'cron ' + s.cron : s.type === 'replicate' ? 'after backup' : '';
  return s.type + (s.name && s.name !== s.type ? ' "' + s.name + '"' : '') + (when ? ' (' + when + ')' : '');
}

function nextRun(p) {
  const next = p.schedule.map((s) => s.nextAt).filter(Boolean).sort()[0];
  return next ? time(next) : '–';
}

function policyActions(p, openPolicy, reload) {
  const act = async (what, label) => {
    try {
      const res = await api('POST', `/api/v1/policies/${p.id}/${what}`, what === 'run' ? {} : undefined);
      toast(label);
      if (what === 'run' && Array.isArray(res) && res.length) location.hash = '#/jobs/' + res[0].id;
      else reload();
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  return h('div', { class: 'row-actions' },
    can('policy:run') ? h('button', { type: 'button', 'aria-label': 'Run ' + p.name + ' now', onclick: () => act('run', 'Started ' + p.name) }, 'Run now') : null,
    can('policy:write') ? [
      h('button', { type: 'button', onclick: () => openPolicy(p) }, 'Edit'),
      p.paused ? h('button', { type: 'button', onclick: () => act('resume', 'Resumed') }, 'Resume')
        : h('button', { type: 'button', onclick: () => act('pause', 'Paused') }, 'Pause'),
      h('button', { type: 'button', class: 'danger', onclick: () => remove('policies', p, reload) }, 'Delete'),
    ] : null);
}

async function remove(kind, item, reload) {
  if (!confirm(`Delete ${kind === 'assets' ? 'asset' : 'policy'} ${item.name}? Its copies stay.`)) return;
  try {
    await api('DELETE', `/api/v1/${kind}/${item.id}`);
    toast('Deleted ' + item.name);
    reload();
  } catch (e) {
    toast(e.message, 'error');
  }
}

function assetForm(a, done) {
  const kind = h('select', { name: 'kind', disabled: !!a }, ['paths', 'command', 'prompt-log', 'postgres'].map((k) => h('option', { value: k, selected: a?.kind === k || null }, k)));
  const name = h('input', { name: 'name', value: a?.name ?? '', required: true, autocomplete: 'off' });
  const paths = h('textarea', { name: 'paths', rows: 3 }, (a?.paths || []).join('\n'));
  const excludes = h('textarea', { name: 'excludes', rows: 2 }, (a?.excludes || []).join('\n'));
  const command = h('textarea', { name: 'command', rows: 3 }, (a?.command || []).join('\n'));
  const filename = h('input', { name: 'filename', value: a?.filename ?? '' });
  const subject = h('input', { name: 'subject', value: a?.subject ?? '', placeholder: '/user_id' });
  const tags = h('input', { name: 'tags', value: (a?.tags || []).join(', ') });
  const dsn = h('input', { name: 'dsn', value: a?.dsn ?? '', placeholder: 'postgresql://postgres@localhost:5432/postgres', autocomplete: 'off' });
  const pre = h('input', { name: 'pre', value: a?.pre ?? '', autocomplete: 'off' });
  const post = h('input', { name: 'post', value: a?.post ?? '', autocomplete: 'off' });
  const groups = {
    paths: () => [field('Paths (one absolute path per line)', paths), field('Excludes (one pattern per line)', excludes)],
    command: () => [field('Command (program, then one argument per line; no shell)', command), field('File name of its output', filename)],
    'prompt-log': () => [field('Prompt log (absolute path)', paths), field('Subject field (JSON pointer)', subject)],
    postgres: () => [field('Cluster (no password: the server reads ~/.pgpass)', dsn)],
  };
  const kindBox = h('div');
  const show = () => fill(kindBox, groups[kind.value]());
  kind.addEventListener('change', show);
  const form = h('form', { class: 'card', id: 'asset-form', 'aria-labelledby': 'h-asset-form' },
    h('h2', { id: 'h-asset-form' }, a ? 'Change asset ' + a.name : 'New asset'),
    field('Name', name), field('Kind', kind), kindBox, field('Extra tags (comma-separated)', tags),
    field('Command before the backup (sh -c; optional)', pre), field('Command after it, also after a failure (optional)', post),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, a ? 'Save asset' : 'Add asset'),
      h('button', { type: 'button', onclick: () => form.remove() }, 'Close')));
  show();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = {
      name: name.value.trim(), kind: kind.value, paths: lines(paths.value), excludes: lines(excludes.value),
      command: lines(command.value), filename: filename.value.trim() || null, subject: subject.value.trim() || null,
      tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean),
      dsn: dsn.value.trim() || null, pre: pre.value.trim() || null, post: post.value.trim() || null,
    };
    try {
      await api(a ? 'PUT' : 'POST', '/api/v1/assets' + (a ? '/' + a.id : ''), body);
      toast((a ? 'Saved ' : 'Added ') + body.name);
      done();
    } catch (e) {
      showError(form, e);
    }
  });
  return form;
}
