import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError } from './api-client';
import { useT } from './i18n-provider';

/** The text to show for a failed request: the server's own message, already in the user's language. */
export function useErrorText(): (err: unknown) => string {
  const t = useT();
  return useCallback(
    (err: unknown) => {
      if (err instanceof ApiError) {
        if (err.code === 'network_error') return t('common.networkError');
        return err.message || t('common.unknownError', { status: err.status });
      }
      return t('common.unknownError', { status: '-' });
    },
    [t],
  );
}

/**
 * `showError(err)` shows a toast; `showError(err, form)` puts the message under the form field the
 * server blamed when that field is in the form, and falls back to a toast otherwise.
 */
export function useShowError(): (err: unknown, form?: FormInstance) => void {
  const { message } = App.useApp();
  const errorText = useErrorText();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      const text = errorText(err);
      const field = err instanceof ApiError ? err.field : undefined;
      if (form && field && hasField(form, field)) {
        form.setFields([{ name: field, errors: [text] }]);
        form.scrollToField(field, { block: 'center' });
        return;
      }
      message.error(text);
    },
    [message, errorText],
  );
}

function hasField(form: FormInstance, field: string): boolean {
  // getFieldsValue() lists every field mounted in the form, empty ones included.
  return Object.prototype.hasOwnProperty.call(form.getFieldsValue() ?? {}, field);
}
