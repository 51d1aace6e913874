// Prompt logs: find where one person's records are, and (security officer) erase them everywhere with a reason; the
// erasure certificate is shown and can be saved.
import { api, can, clearErrors, field, fill, h, showError, table } from '../lib.js';

export default async function prompts(view) {
  view.append(h('h1', { id: 'page-title' }, 'Prompt logs'),
    h('p', { class: 'hint' }, 'Each subject\'s records are encrypted with the subject\'s own key; erasing destroys the key, '
      + 'so the records are unreadable in every copy, including immutable ones.'));
  const subject = h('input', { name: 'subject', id: 'subject', autocomplete: 'off' });
  const form = h('form', { class: 'card', id: 'subject-form' }, field('Subject (the value of the asset\'s subject field)', subject),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Find')));
  const out = h('div', { 'aria-live': 'polite' });
  view.append(form, out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    try {
      const r = await api('POST', '/api/v1/subjects/find', { subject: subject.value });
      fill(out, h('h2', {}, 'Subject ', h('code', {}, r.subjectHash.slice(0, 16))),
        h('p', { id: 'subject-state' }, r.erased ? 'Erased: the records can no longer be read.' : `Records in ${r.copies.length} copies.`),
        table('Copies holding the subject', [
          { label: 'Copy', cell: (c) => c.snapshot.slice(0, 8) },
          { label: 'Log', cell: (c) => c.path },
          { label: 'Records', cell: (c) => String(c.records), class: 'num' },
        ], r.copies, 'No copy holds records of this subject.'),
        !r.erased && can('erase') ? eraseForm(subject.value, out) : null);
    } catch (e) {
      showError(form, e);
    }
  });
}

function eraseForm(subject, out) {
  const reason = h('textarea', { name: 'reason', id: 'erase-reason', rows: 2 });
  const confirmBox = h('input', { type: 'checkbox', name: 'confirm', id: 'erase-confirm' });
  const form = h('form', { class: 'card danger-zone', id: 'erase-form' }, h('h2', {}, 'Erase this subject'),
    field('Reason (recorded in the certificate and the audit trail)', reason),
    h('label', { class: 'check' }, confirmBox, ' I understand that this cannot be undone'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, 'Erase')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    if (!confirmBox.checked) return showError(form, { field: 'confirm', message: 'tick the box to confirm' });
    try {
      const cert = await api('POST', '/api/v1/subjects/erase', { subject, reason: reason.value.trim() });
      const text = JSON.stringify(cert, null, 2);
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      fill(out, h('section', { class: 'card', id: 'certificate' }, h('h2', {}, 'Erasure certificate #' + cert.seq),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Subject'), h('dd', {}, cert.subjectHash),
          h('dt', {}, 'Time'), h('dd', {}, cert.time),
          h('dt', {}, 'By'), h('dd', {}, cert.operator + ' on ' + cert.host),
          h('dt', {}, 'Reason'), h('dd', {}, cert.reason),
          h('dt', {}, 'Keys destroyed'), h('dd', {}, String(cert.keyIds.length)),
          h('dt', {}, 'Copies affected'), h('dd', {}, String(cert.snapshots.length)),
          h('dt', {}, 'Chain hash'), h('dd', {}, h('code', {}, cert.hash))),
        h('a', { href: url, download: `erasure-${cert.seq}.json` }, 'Save the certificate'),
        h('pre', { class: 'json' }, text)));
    } catch (e) {
      showError(form, e);
    }
  });
  return form;
}
