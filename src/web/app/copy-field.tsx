import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { App, Button, Input, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useT } from './i18n-provider';

export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the selection-based copy below.
  }
  // Plain-http deployments have no Clipboard API; a selected textarea still copies.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  document.body.removeChild(area);
  return ok;
}

/** A read-only value with a copy button: invitation links, token secrets. */
export function CopyField({ value, testId, copyTestId, monospace = false }: { value: string; testId?: string; copyTestId?: string; monospace?: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const onCopy = async () => {
    if (await copyText(value)) {
      setCopied(true);
      message.success(t('common.copied'));
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setCopied(false), 2000);
    } else {
      message.error(t('common.copyFailed'));
    }
  };

  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        readOnly
        value={value}
        onFocus={(e) => e.currentTarget.select()}
        data-testid={testId}
        style={monospace ? { fontFamily: 'SFMono-Regular, Consolas, "Liberation Mono", Menlo, monospace' } : undefined}
      />
      <Button type="primary" icon={copied ? <CheckOutlined /> : <CopyOutlined />} onClick={() => void onCopy()} data-testid={copyTestId}>
        {t('common.copy')}
      </Button>
    </Space.Compact>
  );
}
