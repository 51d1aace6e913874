// Small helpers shared by the pages: DOM building (text only, never HTML from data), the API client, formatting,
// tables with paging, form errors next to the field at fault, and notices.

/** Builds an element: h('a', {href: '#/', class: 'x', onclick: fn}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'for') el.htmlFor = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** An error the API answered: status, code, message and the field at fault. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

const session = { token: sessionStorage.getItem('holdfast.token'), me: null, onSignedOut: () => {} };
export { session };

/** Calls the API; resolves to the parsed JSON (or the Response with raw: true); rejects with an ApiError. */
export async function api(method, path, body, { raw = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (session.token) headers.Authorization = 'Bearer ' + session.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'unreachable', 'the server did not answer: is it running? (' + e.message + ')');
  }
  if (res.status === 401 && session.token) {
    session.onSignedOut('Your token is no longer valid: sign in again.');
  }
  if (!res.ok) {
    let err = { code: 'http_' + res.status, message: res.statusText };
    try {
      err = (await res.json()).error || err;
    } catch (e) {
      // not JSON: keep the status text
    }
    throw new ApiError(res.status, err.code, err.message, err.field);
  }
  if (raw) return res;
  if (res.status === 204) return null;
  return res.json();
}

/** Builds a query string from the defined, non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

/** Whether the signed-in role holds the permission (the server enforces it anyway). */
export function can(permission) {
  return !!session.me && session.me.permissions.includes(permission);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
export function bytes(n) {
  if (n === null || n === undefined) return '–';
  let v = Number(n);
  let i = 0;
  while (Math.abs(v) >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? v.toFixed(0) : v.toFixed(v < 10 ? 2 : 1)) + ' ' + UNITS[i];
}

export function time(ms) {
  if (ms === null || ms === undefined) return '–';
  const d = typeof ms === 'string' ? new Date(ms) : new Date(Number(ms));
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
}

export function ago(ms) {
  if (!ms) return 'never';
  return duration((Date.now() - ms) / 1000) + ' ago';
}

export function short(id) {
  return id ? String(id).slice(0, 8) : '–';
}

/** A coloured state label; the text carries the meaning, the colour repeats it. */
export function badge(state) {
  return h('span', { class: 'badge badge-' + String(state).replace(/[^a-z-]/g, '') }, state);
}

/**
 * A table: columns [{label, cell: row => node|text, class}], rows; empty: the sentence shown when there are none.
 */
export function table(caption, columns, rows, empty = 'Nothing here yet.') {
  if (!rows.length) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' },
    h('table', {},
      h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, columns.map((c) => h('td', { class: c.class, 'data-label': c.label }, c.cell(r))))))));
}

/** "Newer" and "Older" buttons for a list paged by a cursor. */
export function pager(hasNewer, hasOlder, onNewer, onOlder) {
  return h('div', { class: 'pager' },
    h('button', { type: 'button', disabled: !hasNewer, onclick: onNewer }, '← Newer'),
    h('button', { type: 'button', disabled: !hasOlder, onclick: onOlder }, 'Older →'));
}

/** A labelled form field; the input gets the name the API reports as the field at fault. */
export function field(label, input, hint) {
  const id = input.id || 'f-' + Math.random().toString(36).slice(2, 9);
  input.id = id;
  const err = h('p', { class: 'field-error', id: id + '-error', hidden: true });
  const hintEl = hint ? h('p', { class: 'hint', id: id + '-hint' }, hint) : null;
  input.setAttribute('aria-describedby', [hint ? id + '-hint' : null, id + '-error'].filter(Boolean).join(' '));
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hintEl, err);
}

/** Clears the errors shown in a form. */
export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => { e.hidden = true; e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const top = form.querySelector('.form-error');
  if (top) { top.hidden = true; top.textContent = ''; }
}

/**
 * Shows an API error in a form: next to the input whose data-field (or name) is the error's field, or the nearest
 * parent field (stages[0].every falls back to stages[0], then stages), else at the top of the form.
 */
export function showError(form, err) {
  clearErrors(form);
  let f = err.field;
  while (f) {
    const input = form.querySelector(`[data-field="${CSS.escape(f)}"]`) || form.querySelector(`[name="${CSS.escape(f)}"]`);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      const box = document.getElementById(input.id + '-error');
      if (box) {
        box.textContent = err.field + ': ' + err.message;
        box.hidden = false;
        return;
      }
      break; // no place for the message next to it: show it at the top of the form
    }
    f = f.includes('.') ? f.slice(0, f.lastIndexOf('.')) : f.includes('[') ? f.slice(0, f.lastIndexOf('[')) : null;
  }
  let top = form.querySelector('.form-error');
  if (!top) {
    top = h('p', { class: 'form-error', role: 'alert' });
    form.prepend(top);
  }
  top.textContent = (err.field ? err.field + ': ' : '') + err.message;
  top.hidden = false;
}

/** Saves a fetched response's body as a file called name (the browser's download). */
export async function saveResponse(res, name) {
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: name, class: 'sr-only' });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 60000); // the download manager reads the blob later
}

/** A short notice at the bottom of the screen. */
export function toast(message, kind = 'ok') {
  const t = h('div', { class: 'toast toast-' + kind }, message);
  document.getElementById('toasts').append(t);
  setTimeout(() => t.remove(), 6000);
}

/** An error box for a page whose data could not be loaded. */
export function failure(err) {
  return h('p', { class: 'form-error', role: 'alert' }, err.message || String(err));
}

/** Lines of a textarea as a list, blanks dropped. */
export function lines(text) {
  return String(text || '').split('\n').map((s) => s.trim()).filter(Boolean);
}

/** A modal dialog (native <dialog>): resolves when closed. */
export function dialog(title, body, actions) {
  const d = h('dialog', { 'aria-labelledby': 'dlg-title' }, h('h2', { id: 'dlg-title' }, title), body,
    h('div', { class: 'actions' }, actions));
  document.body.append(d);
  d.addEventListener('close', () => d.remove());
  d.showModal();
  return d;
}
