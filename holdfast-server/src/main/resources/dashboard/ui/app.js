// The dashboard's shell: sign-in with a token, the navigation (only the pages the role may open), and a hash router
// that renders one page module into <main>. Each page sets body[data-ready] when its data is on screen, and the time
// it took is kept in window.holdfastLoad for the browser tests and the load measurements.
import { api, can, field, fill, h, session, showError, clearErrors } from './lib.js';
import overview from './pages/overview.js';
import protect from './pages/protect.js';
import jobs from './pages/jobs.js';
import copies from './pages/copies.js';
import search from './pages/search.js';
import alerts from './pages/alerts.js';
import audit from './pages/audit.js';
import prompts from './pages/prompts.js';
import settings from './pages/settings.js';

const PAGES = [
  { path: 'overview', title: 'Overview', render: overview, needs: 'job:read' },
  { path: 'protect', title: 'Assets & policies', render: protect, needs: 'policy:read' },
  { path: 'jobs', title: 'Jobs', render: jobs, needs: 'job:read' },
  { path: 'copies', title: 'Copies', render: copies, needs: 'copy:read' },
  { path: 'search', title: 'Search', render: search, needs: 'copy:read' },
  { path: 'alerts', title: 'Alerts', render: alerts, needs: 'alert:read' },
  { path: 'audit', title: 'Audit', render: audit, needs: 'audit:read' },
  { path: 'prompts', title: 'Prompt logs', render: prompts, needs: 'copy:read' },
  { path: 'settings', title: 'Settings', render: settings, needs: 'server:read' },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const menu = document.getElementById('menu');
let generation = 0;

/** The current route: #/page/rest?query → {page, rest: [..], params}. */
function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, q] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] || 'overview', rest: parts.slice(1), params: new URLSearchParams(q || '') };
}

async function render() {
  const my = ++generation;
  const started = performance.now();
  delete document.body.dataset.ready;
  if (!session.token) return signIn();
  if (!session.me) {
    try {
      session.me = await api('GET', '/api/v1/whoami');
    } catch (e) {
      return signIn(e.message);
    }
    drawChrome();
  }
  const r = route();
  const page = PAGES.find((p) => p.path === r.page);
  nav.querySelectorAll('a').forEach((a) => a.toggleAttribute('aria-current', a.dataset.page === r.page));
  if (!page || !can(page.needs)) {
    fill(main, h('h1', {}, 'Not here'), h('p', {}, page ? `Your role (${session.me.role}) may not open this page.` : 'No such page.'));
    return ready(my, started, r.page);
  }
  document.title = page.title + ' · Holdfast';
  const view = h('section', { 'aria-labelledby': 'page-title' });
  fill(main, view);
  try {
    await page.render(view, r, () => my === generation);
  } catch (e) {
    view.append(h('p', { class: 'form-error', role: 'alert' }, e.message || String(e)));
  }
  ready(my, started, r.page);
}

let firstRender = true;

function ready(my, started, page) {
  if (my !== generation) return;
  window.holdfastLoad = { page, ms: performance.now() - started, sinceNavigation: performance.now() };
  document.body.dataset.ready = page;
  // after moving to another page, keyboard and screen-reader users continue at its content, not at the link they used
  if (!firstRender && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
  firstRender = false;
}

function drawChrome() {
  fill(nav, h('ul', {}, PAGES.filter((p) => can(p.needs)).map((p) =>
    h('li', {}, h('a', { href: '#/' + p.path, 'data-page': p.path }, p.title)))));
  nav.hidden = false;
  menu.hidden = false;
  fill(document.getElementById('who'),
    h('span', { class: 'user' }, session.me.user, ' · ', h('span', { class: 'role' }, session.me.role)),
    h('button', { type: 'button', id: 'sign-out', onclick: () => signOut() }, 'Sign out'));
}

function signOut(message) {
  session.token = null;
  session.me = null;
  sessionStorage.removeItem('holdfast.token');
  nav.hidden = true;
  menu.hidden = true;
  fill(document.getElementById('who'));
  signIn(message);
}
session.onSignedOut = signOut;

function signIn(message) {
  document.title = 'Sign in · Holdfast';
  const token = h('input', { name: 'token', type: 'password', autocomplete: 'current-password', required: true, spellcheck: 'false' });
  const form = h('form', { class: 'card narrow', id: 'sign-in' },
    h('h1', { id: 'page-title' }, 'Sign in'),
    message ? h('p', { class: 'form-error', role: 'alert' }, message) : null,
    field('Token', token, 'An API token (hf_...): the first start of holdfast server prints the admin token; '
      + '"holdfast server token create --role ROLE" makes more.'),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    session.token = token.value.trim();
    try {
      session.me = await api('GET', '/api/v1/whoami');
      sessionStorage.setItem('holdfast.token', session.token);
      drawChrome();
      render();
    } catch (e) {
      session.token = null;
      showError(form, { field: 'token', message: e.status === 401 ? 'this token is unknown or revoked' : e.message });
    }
  });
  fill(main, form);
  token.focus();
  document.body.dataset.ready = 'sign-in';
}

menu.addEventListener('click', () => {
  const open = menu.getAttribute('aria-expanded') !== 'true';
  menu.setAttribute('aria-expanded', String(open));
  nav.classList.toggle('open', open);
});
nav.addEventListener('click', (ev) => {
  if (ev.target.closest('a')) {
    menu.setAttribute('aria-expanded', 'false');
    nav.classList.remove('open');
  }
});
window.addEventListener('hashchange', render);
render();
