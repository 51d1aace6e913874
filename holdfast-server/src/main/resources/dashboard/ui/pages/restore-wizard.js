// The restore wizard: 1. what (a file, a folder or the whole copy), 2. where (a directory on the server under an
// allowed restore root, or, for a whole copy, another target), 3. confirm; then the job page follows the restore.
import { api, can, clearErrors, field, h, showError } from '../lib.js';

export async function restoreWizard(copy, path, isDir) {
  const targets = can('target:read') ? await api('GET', '/api/v1/targets').catch(() => []) : [];
  const others = targets.filter((t) => t.id !== copy.targetId);
  const whole = path === '/';
  const what = whole ? 'the whole copy' : (isDir ? 'folder ' : 'file ') + path;
  const to = h('input', { name: 'to', id: 'restore-to', placeholder: '/srv/restore/...', autocomplete: 'off' });
  const overwrite = h('input', { type: 'checkbox', name: 'overwrite', id: 'restore-overwrite' });
  const toTarget = h('select', { name: 'toTarget', id: 'restore-target' }, others.map((t) => h('option', { value: t.id }, t.name)));
  const modeDir = h('input', { type: 'radio', name: 'mode', value: 'dir', id: 'mode-dir', checked: true });
  const modeTarget = h('input', { type: 'radio', name: 'mode', value: 'target', id: 'mode-target', disabled: !whole || !others.length });
  const dirBox = h('div', { class: 'indent' }, field('Directory', to), h('label', { class: 'check' }, overwrite, ' Overwrite files that exist there'));
  const targetBox = h('div', { class: 'indent', hidden: true }, others.length ? field('Target', toTarget) : null);
  const mode = () => { dirBox.hidden = !modeDir.checked; targetBox.hidden = !modeTarget.checked; };
  modeDir.addEventListener('change', mode);
  modeTarget.addEventListener('change', mode);
  const steps = [
    h('fieldset', { class: 'step' }, h('legend', {}, 'Step 1 of 3: what'),
      h('p', {}, 'Restore ', h('strong', {}, what), ' of copy ', h('code', {}, copy.snapshotId.slice(0, 8)), '.'),
      h('p', { class: 'hint' }, 'Every restored file is read back and compared with the copy.')),
    h('fieldset', { class: 'step' }, h('legend', {}, 'Step 2 of 3: where'),
      h('label', { class: 'check' }, modeDir, ' A directory on the server (under an allowed restore root)'),
      dirBox,
      h('label', { class: 'check' }, modeTarget, ' Another target',
        !whole ? ' (only a whole copy can go to another target)' : !others.length ? ' (no other target you may use)' : ''),
      targetBox),
    h('fieldset', { class: 'step' }, h('legend', {}, 'Step 3 of 3: confirm'), h('p', { id: 'restore-summary' })),
  ];
  let step = 0;
  const back = h('button', { type: 'button', id: 'wizard-back', onclick: () => go(step - 1) }, 'Back');
  const next = h('button', { type: 'submit', class: 'primary', id: 'wizard-next' }, 'Next');
  const cancel = h('button', { type: 'button', onclick: () => d.close() }, 'Cancel');
  const form = h('form', { id: 'restore-wizard', method: 'dialog' }, steps, h('div', { class: 'actions' }, back, next, cancel));
  const d = h('dialog', { 'aria-labelledby': 'wizard-title', class: 'wizard' }, h('h2', { id: 'wizard-title' }, 'Restore'), form);
  document.body.append(d);
  d.addEventListener('close', () => d.remove());
  const body = () => (modeTarget.checked
    ? { toTarget: toTarget.value }
    : { path: whole ? null : path, to: to.value.trim(), overwrite: overwrite.checked });
  const go = (n) => {
    clearErrors(form);
    if (n === 2) {
      const b = body();
      document.getElementById('restore-summary').textContent = b.toTarget
        ? `Copy the whole copy into target ${toTarget.selectedOptions[0]?.textContent}.`
        : `Restore ${what} into ${b.to}${b.overwrite ? ', overwriting existing files' : ', keeping existing files'}.`;
    }
    step = Math.max(0, Math.min(2, n));
    steps.forEach((s, i) => { s.hidden = i !== step; });
    back.disabled = step === 0;
    next.textContent = step === 2 ? 'Start restore' : 'Next';
    steps[step].querySelector('input,select,button')?.focus();
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (step === 1 && modeDir.checked && !to.value.trim().startsWith('/')) {
      showError(form, { field: 'to', message: 'give an absolute directory on the server' });
      return;
    }
    if (step < 2) return go(step + 1);
    try {
      const job = await api('POST', `/api/v1/copies/${copy.targetId}/${copy.snapshotId}/restore`, body());
      d.close();
      location.hash = '#/jobs/' + job.id;
    } catch (e) {
      go(1);
      showError(form, e);
    }
  });
  d.showModal();
  go(0);
}
