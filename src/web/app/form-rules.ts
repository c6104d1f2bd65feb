import type { FormRule } from 'antd';
import type { Translate } from './i18n-provider';

/** The server's minimum (MIN_PASSWORD_LENGTH); checked here too so the user learns it before submitting. */
export const MIN_PASSWORD_LENGTH = 8;

export function requiredRule(t: Translate, field: string): FormRule {
  return { required: true, whitespace: true, message: t('form.required', { field }) };
}

export function selectRequiredRule(t: Translate, field: string): FormRule {
  return { required: true, message: t('form.selectRequired', { field }) };
}

export function newPasswordRules(t: Translate, field: string): FormRule[] {
  return [
    { required: true, message: t('form.required', { field }) },
    { min: MIN_PASSWORD_LENGTH, message: t('form.passwordMin', { min: MIN_PASSWORD_LENGTH }) },
  ];
}

/** The confirmation must equal the password typed in `passwordField`. */
export function confirmPasswordRules(t: Translate, field: string, passwordField: string): FormRule[] {
  return [
    { required: true, message: t('form.required', { field }) },
    ({ getFieldValue }) => ({
      validator: (_, value) => (!value || value === getFieldValue(passwordField) ? Promise.resolve() : Promise.reject(new Error(t('form.passwordMismatch')))),
    }),
  ];
}
