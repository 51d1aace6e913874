// Settings: targets (add with a password that is sealed and never shown again, sync, remove), users and tokens (a new
// token is shown once), webhooks, and the roles with their permissions.
import { api, can, clearErrors, field, fill, h, lines, showError, table, time, toast } from '../lib.js';

export default async function settings(view) {
  view.append(h('h1', { id: 'page-title' }, 'Settings'));
  const reload = () => { location.hash = '#/settings?t=' + Date.now(); };
  const parts = [];
  if (can('target:read')) parts.push(targets(reload));
  if (can('user:read')) parts.push(users(reload));
  if (can('webhook:read')) parts.push(webhooks(reload));
  parts.push(roles());
  view.append(...(await Promise.all(parts)));
}

async function targets(reload) {
  const list = await api('GET', '/api/v1/targets');
  const box = h('section', { 'aria-labelledby': 'h-targets' }, h('h2', { id: 'h-targets' }, 'Targets'),
    table('Targets', [
      { label: 'Name', cell: (t) => t.name },
      { label: 'Location', cell: (t) => h('code', {}, t.location) },
      { label: 'Settings', cell: (t) => t.env.join(', ') || '–' },
      { label: 'Added', cell: (t) => time(t.createdAt) },
      { label: 'Actions', cell: (t) => (can('target:write') ? h('div', { class: 'row-actions' },
        h('button', { type: 'button', onclick: () => post(`/api/v1/targets/${t.id}/sync`, 'Catalog refresh queued') }, 'Sync'),
        h('button', { type: 'button', class: 'danger', onclick: () => del(`/api/v1/targets/${t.id}`, `Remove target ${t.name} from the catalog? Its data stays.`, reload) }, 'Remove')) : '–') },
    ], list, 'No targets yet.'));
  if (!can('target:write')) return box;
  const name = h('input', { name: 'name', autocomplete: 'off' });
  const loc = h('input', { name: 'location', placeholder: '/srv/backups/repo or s3:https://host/bucket/prefix', autocomplete: 'off' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password' });
  const env = h('textarea', { name: 'env', rows: 2, placeholder: 'AWS_ACCESS_KEY_ID=...' });
  const init = h('input', { type: 'checkbox', name: 'init', id: 'target-init' });
  const form = h('form', { class: 'card', id: 'target-form' }, h('h3', {}, 'Add a target'),
    field('Name', name), field('Location (as for holdfast -r)', loc), field('Repository password', password),
    field('Storage settings (NAME=value per line; sealed, never shown)', env),
    h('label', { class: 'check' }, init, ' Create the repository (init)'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add target')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const e = {};
    for (const l of lines(env.value)) {
      const i = l.indexOf('=');
      if (i > 0) e[l.slice(0, i)] = l.slice(i + 1);
    }
    try {
      await api('POST', '/api/v1/targets', { name: name.value.trim(), location: loc.value.trim(), password: password.value, env: e, init: init.checked });
      toast('Added target ' + name.value.trim());
      reload();
    } catch (err) {
      showError(form, err);
    }
  });
  box.append(form);
  return box;
}

async function users(reload) {
  const [us, tokens] = await Promise.all([api('GET', '/api/v1/users'), api('GET', '/api/v1/tokens')]);
  const shown = h('div', { id: 'new-token', 'aria-live': 'polite' });
  const box = h('section', { 'aria-labelledby': 'h-users' }, h('h2', { id: 'h-users' }, 'Users and tokens'),
    table('Users', [
      { label: 'User', cell: (u) => u.name },
      { label: 'Role', cell: (u) => u.role },
      { label: 'Added', cell: (u) => time(u.createdAt) },
      { label: 'Actions', cell: (u) => (can('user:write') ? h('div', { class: 'row-actions' },
        h('button', { type: 'button', onclick: () => newToken(u, shown, reload) }, 'New token'),
        h('button', { type: 'button', class: 'danger', onclick: () => del(`/api/v1/users/${u.id}`, `Remove user ${u.name} and revoke the user's tokens?`, reload) }, 'Remove')) : '–') },
    ], us), shown,
    h('h3', {}, 'Live tokens'),
    table('Tokens', [
      { label: 'User', cell: (t) => t.user },
      { label: 'Role', cell: (t) => t.role },
      { label: 'Label', cell: (t) => t.label },
      { label: 'Made', cell: (t) => time(t.createdAt) },
      { label: 'Last used', cell: (t) => time(t.lastUsedAt) },
      { label: 'Actions', cell: (t) => (can('user:write') ? h('button', { type: 'button', class: 'danger',
        onclick: () => del(`/api/v1/tokens/${t.id}`, `Revoke ${t.user}'s token "${t.label}"?`, reload) }, 'Revoke') : '–') },
    ], tokens));
  if (can('user:write')) {
    const name = h('input', { name: 'name', autocomplete: 'off' });
    const role = h('select', { name: 'role' }, ['operator', 'restore', 'auditor', 'security-officer', 'admin'].map((r) => h('option', { value: r }, r)));
    const form = h('form', { class: 'card', id: 'user-form' }, h('h3', {}, 'Add a user'), field('Name', name), field('Role', role),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add user')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      try {
        await api('POST', '/api/v1/users', { name: name.value.trim(), role: role.value });
        toast('Added user ' + name.value.trim());
        reload();
      } catch (e) {
        showError(form, e);
      }
    });
    box.append(form);
  }
  return box;
}

async function newToken(u, shown, reload) {
  const label = prompt(`A label for ${u.name}'s new token (where it is used):`, 'dashboard');
  if (label === null) return;
  try {
    const t = await api('POST', '/api/v1/tokens', { user: u.name, label });
    fill(shown, h('div', { class: 'card notice' }, h('p', {}, `${u.name}'s new token (${t.role}); it is shown this once:`),
      h('input', { readonly: true, value: t.token, 'aria-label': 'New token', id: 'new-token-value', size: 50 }),
      h('button', { type: 'button', onclick: () => { shown.replaceChildren(); reload(); } }, 'Done')));
  } catch (e) {
    toast(e.message, 'error');
  }
}

async function webhooks(reload) {
  const list = await api('GET', '/api/v1/webhooks');
  const box = h('section', { 'aria-labelledby': 'h-webhooks' }, h('h2', { id: 'h-webhooks' }, 'Webhooks'),
    table('Webhooks', [
      { label: 'URL', cell: (w) => h('code', {}, w.url) },
      { label: 'Events', cell: (w) => w.events.join(', ') },
      { label: 'Added', cell: (w) => time(w.createdAt) },
      { label: 'Actions', cell: (w) => (can('webhook:write') ? h('button', { type: 'button', class: 'danger',
        onclick: () => del(`/api/v1/webhooks/${w.id}`, `Remove the webhook to ${w.url}?`, reload) }, 'Remove') : '–') },
    ], list, 'No webhooks.'));
  if (can('webhook:write')) {
    const url = h('input', { name: 'url', type: 'url', placeholder: 'https://hooks.example.com/holdfast' });
    const secret = h('input', { name: 'secret', type: 'password', autocomplete: 'new-password' });
    const form = h('form', { class: 'card', id: 'webhook-form' }, h('h3', {}, 'Add a webhook'),
      field('URL', url), field('Signing secret (HMAC-SHA256; never shown again)', secret),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add webhook')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      try {
        await api('POST', '/api/v1/webhooks', { url: url.value.trim(), secret: secret.value });
        reload();
      } catch (e) {
        showError(form, e);
      }
    });
    box.append(form);
  }
  return box;
}

async function roles() {
  const rs = await api('GET', '/api/v1/roles');
  return h('section', { 'aria-labelledby': 'h-roles' }, h('h2', { id: 'h-roles' }, 'Roles'),
    table('Roles and their permissions', [
      { label: 'Role', cell: (r) => r.role },
      { label: 'Permissions', cell: (r) => r.permissions.join(', ') },
    ], rs));
}

async function post(path, message) {
  try {
    await api('POST', path);
    toast(message);
  } catch (e) {
    toast(e.message, 'error');
  }
}

async function del(path, question, reload) {
  if (!confirm(question)) return;
  try {
    await api('DELETE', path);
    reload();
  } catch (e) {
    toast(e.message, 'error');
  }
}
