import { TranslationOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import type { Locale } from '../i18n/messages';
import { api } from './api-client';
import type { User } from './api-types';
import { useAuth } from './auth-provider';
import { useI18n } from './i18n-provider';
import { useErrorText } from './use-api-error';

/** Switches the language at once; a signed-in user's choice is saved to the profile too. */
export function useChangeLocale(): { changeLocale: (next: Locale) => Promise<void>; saving: boolean } {
  const { setLocale, t } = useI18n();
  const { status, setUser } = useAuth();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [saving, setSaving] = useState(false);

  const changeLocale = async (next: Locale) => {
    setLocale(next);
    if (status !== 'authenticated') return;
    setSaving(true);
    try {
      const { user } = await api.patch<{ user: User }>('/api/auth/profile', { locale: next });
      setUser(user);
    } catch (err) {
      message.warning(t('lang.saveFailed', { message: errorText(err) }));
    } finally {
      setSaving(false);
    }
  };

  return { changeLocale, saving };
}

export function LanguageSwitch({ type = 'text' }: { type?: 'text' | 'default' }) {
  const { locale, t } = useI18n();
  const { changeLocale, saving } = useChangeLocale();
  const next: Locale = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Tooltip title={t('lang.switch')}>
      <Button
        type={type}
        icon={<TranslationOutlined />}
        onClick={() => void changeLocale(next)}
        disabled={saving}
        data-testid="lang-switch"
        aria-label={t('lang.switch')}
        lang={next}
      >
        {t(next === 'en' ? 'lang.en' : 'lang.zh-CN')}
      </Button>
    </Tooltip>
  );
}
