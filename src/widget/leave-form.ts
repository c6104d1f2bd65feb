import { h } from './dom.ts';
import type { Translate } from './i18n.ts';

export type LeaveForm = { name: string; contact: string; body: string };

/** A phone number (digits, spaces, dashes, an optional +) or an email address. */
const CONTACT = /^(\+?[\d\s-]{6,20}|[^\s@]+@[^\s@]+\.[^\s@]+)$/;

/**
 * The leave-a-message form shown when no agent is available. `submit` answers an error to show,
 * or null when the message was stored; `done` then shows the thank-you.
 */
export function leaveForm(t: Translate, historyLink: HTMLElement, submit: (form: LeaveForm) => Promise<string | null>, done: (contact: string) => void): HTMLFormElement {
  const field = (label: string, control: HTMLInputElement | HTMLTextAreaElement) => {
    const err = h('span', { class: 'err', hidden: true });
    return { el: h('label', {}, label, control, err), control, err };
  };
  const name = field(t('leaveName'), h('input', { name: 'name', maxlength: '80', autocomplete: 'name', 'data-testid': 'sd-leave-name' }));
  const contact = field(t('leaveContact'), h('input', { name: 'contact', maxlength: '254', autocomplete: 'email', 'data-testid': 'sd-leave-contact' }));
  const body = field(t('leaveBody'), h('textarea', { name: 'body', maxlength: '5000', 'data-testid': 'sd-leave-body' }));
  const formError = h('p', { class: 'err', hidden: true, role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'sd-leave-submit' }, t('leaveSubmit'));
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'sd-leave' },
    h('h3', {}, t('leaveTitle')), h('p', {}, t('leaveIntro')), historyLink, name.el, contact.el, body.el, formError, button);
  const setError = (f: { err: HTMLElement }, text: string | null) => {
    f.err.hidden = !text;
    f.err.textContent = text ?? '';
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = { name: name.control.value.trim(), contact: contact.control.value.trim(), body: body.control.value.trim() };
    const contactOk = CONTACT.test(values.contact);
    setError(name, values.name ? null : t('leaveNeedName'));
    setError(contact, contactOk ? null : t('leaveNeedContact'));
    setError(body, values.body ? null : t('leaveNeedBody'));
    if (!values.name || !contactOk || !values.body) return;
    button.disabled = true;
    button.textContent = t('leaveSending');
    formError.hidden = true;
    const failure = await submit(values);
    button.disabled = false;
    button.textContent = t('leaveSubmit');
    if (failure) {
      formError.hidden = false;
      formError.textContent = failure;
      return;
    }
    body.control.value = '';
    done(values.contact);
  });
  return form;
}
