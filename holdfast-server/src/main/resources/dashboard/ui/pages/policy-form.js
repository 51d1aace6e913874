// The policy form: name, assets, target, and ordered stages, each a row whose inputs carry the API's field names
// (stages[0].every, stages[1].to, ...) so a validation error lands next to the input at fault.
import { api, clearErrors, field, fill, h, showError, toast } from '../lib.js';

const TYPES = ['backup', 'replicate', 'tier', 'verify', 'drill', 'prune', 'lock'];
const KEEP = [['keepLast', 'last'], ['keepHourly', 'hourly'], ['keepDaily', 'daily'], ['keepWeekly', 'weekly'], ['keepMonthly', 'monthly'], ['keepYearly', 'yearly']];

export function policyForm(p, assets, targets, done) {
  const name = h('input', { name: 'name', value: p?.name ?? '', required: true, autocomplete: 'off' });
  const target = targetSelect('target', targets, p?.target);
  const assetBox = h('fieldset', { 'data-field': 'assets', id: 'policy-assets', tabindex: '-1' }, h('legend', {}, 'Assets'),
    assets.length ? assets.map((a) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'asset', value: a.name, checked: p ? p.assets.includes(a.name) || p.assets.includes(a.id) : false }), ' ', a.name))
      : h('p', { class: 'hint' }, 'Add an asset first.'),
    h('p', { class: 'field-error', id: 'policy-assets-error', hidden: true }));
  const stageList = h('ol', { class: 'stages', 'data-field': 'stages', id: 'policy-stages', tabindex: '-1' });
  const stageError = h('p', { class: 'field-error', id: 'policy-stages-error', hidden: true });
  const redraw = (stages) => fill(stageList, stages.map((s, i) => stageRow(s, i, targets, stages, redraw)));
  const stages = (p?.stages || [{ type: 'backup', every: '1h', retention: { keepLast: 7 } }]).map((s) => ({ ...s }));
  redraw(stages);
  const form = h('form', { class: 'card', id: 'policy-form', 'aria-labelledby': 'h-policy-form' },
    h('h2', { id: 'h-policy-form' }, p ? 'Change policy ' + p.name : 'New policy'),
    field('Name', name), field('Target backups go to', target), assetBox,
    h('fieldset', {}, h('legend', {}, 'Stages, in order'), stageList, stageError,
      h('button', { type: 'button', id: 'add-stage', onclick: () => { collect(stageList, stages); stages.push({ type: 'verify', every: '1d' }); redraw(stages); } }, 'Add stage')),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, p ? 'Save policy' : 'Add policy'),
      h('button', { type: 'button', onclick: () => form.remove() }, 'Close')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    collect(stageList, stages);
    const body = {
      name: name.value.trim(),
      assets: [...form.querySelectorAll('input[name=asset]:checked')].map((c) => c.value),
      target: target.value,
      stages: stages.map(clean),
    };
    try {
      await api(p ? 'PUT' : 'POST', '/api/v1/policies' + (p ? '/' + p.id : ''), body);
      toast((p ? 'Saved ' : 'Added ') + body.name);
      done();
    } catch (e) {
      showError(form, e);
    }
  });
  return form;
}

function targetSelect(fieldName, targets, value) {
  return h('select', { name: fieldName, 'data-field': fieldName },
    h('option', { value: '' }, '(choose a target)'),
    targets.map((t) => h('option', { value: t.name, selected: t.name === value || t.id === value || null }, t.name)));
}

function stageRow(s, i, targets, stages, redraw) {
  const f = (key) => `stages[${i}].${key}`;
  const input = (key, label, attrs = {}) => {
    const el = h('input', { 'data-field': f(key), 'data-key': key, id: `st-${i}-${key}`, value: s[key] ?? '', ...attrs });
    return field(label, el);
  };
  const type = h('select', { 'data-field': f('type'), 'data-key': 'type', id: `st-${i}-type` },
    TYPES.map((t) => h('option', { value: t, selected: t === s.type || null }, t)));
  type.addEventListener('change', () => { collectRow(type.closest('li'), s); s.type = type.value; redraw(stages); });
  const needsTo = s.type === 'replicate' || s.type === 'tier';
  const to = targetSelect(f('to'), targets, s.to);
  to.dataset.key = 'to';
  to.id = `st-${i}-to`;
  const ret = s.retention || {};
  const keeps = (s.type === 'backup' || s.type === 'replicate')
    ? h('fieldset', { class: 'keep', 'data-field': f('retention'), id: `st-${i}-retention`, tabindex: '-1' },
      h('legend', {}, 'Keep'), KEEP.map(([k, label]) => h('label', { class: 'inline' }, label + ' ',
        h('input', { type: 'number', min: 0, 'data-keep': k, value: ret[k] || '', size: 3 }))),
      h('label', { class: 'inline' }, 'within ', h('input', { 'data-keep': 'keepWithin', value: ret.keepWithin || '', size: 6, placeholder: '30d' })),
      h('p', { class: 'field-error', id: `st-${i}-retention-error`, hidden: true }))
    : null;
  const row = h('li', { class: 'stage', 'data-field': `stages[${i}]`, id: `st-${i}`, tabindex: '-1' },
    h('div', { class: 'stage-fields' },
      field('Type', type),
      input('name', 'Name (optional)'),
      input('every', 'Every', { placeholder: '15m, 1h, 1d' }),
      input('cron', 'or cron', { placeholder: '0 2 * * *' }),
      needsTo ? field('To target', to) : null,
      s.type === 'verify' ? input('subsetPercent', 'Read % per run', { type: 'number', min: 1, max: 100 }) : null,
      s.type === 'tier' ? input('olderThanDays', 'Older than (days)', { type: 'number', min: 1 }) : null),
    keeps,
    h('p', { class: 'field-error', id: `st-${i}-error`, hidden: true }),
    h('button', { type: 'button', class: 'danger small', 'aria-label': `Remove stage ${i + 1}`,
      onclick: () => { collect(row.parentElement, stages); stages.splice(i, 1); redraw(stages); } }, 'Remove'));
  return row;
}

/** Reads every row's inputs back into the stage objects. */
function collect(list, stages) {
  [...list.children].forEach((li, i) => collectRow(li, stages[i]));
}

function collectRow(li, s) {
  if (!li || !s) return;
  li.querySelectorAll('[data-key]').forEach((el) => { s[el.dataset.key] = el.value; });
  const keep = li.querySelectorAll('[data-keep]');
  if (keep.length) {
    s.retention = {};
    keep.forEach((el) => { if (el.value !== '') s.retention[el.dataset.keep] = el.dataset.keep === 'keepWithin' ? el.value : Number(el.value); });
  }
}

/** The stage as the API takes it: empty fields left out, numbers as numbers. */
function clean(s) {
  const out = { type: s.type };
  for (const k of ['name', 'every', 'cron', 'to']) if (s[k]) out[k] = s[k];
  for (const k of ['subsetPercent', 'olderThanDays']) if (s[k] !== undefined && s[k] !== '') out[k] = Number(s[k]);
  if (s.retention && Object.keys(s.retention).length) out.retention = s.retention;
  return out;
}
