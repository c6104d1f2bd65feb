import { Alert, Button, Card, Descriptions, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { ordersApi } from './orders-api';

/** The order webhook's address and signing secret, for admins who connect a shop system. */
export function OrderWebhookCard() {
  const t = useT();
  const showError = useShowError();
  const info = useRequest((signal) => ordersApi.webhook(signal), []);
  const [secret, setSecret] = useState<string | null>(null);

  const rotate = async () => {
    try {
      const next = await ordersApi.rotateWebhookSecret();
      setSecret(next.secret);
      info.setData(() => next);
    } catch (err) {
      showError(err);
    }
  };

  if (!info.data) return null;
  return (
    <Card title={t('orderWebhook.title')} style={{ marginTop: 16 }}
      extra={<Popconfirm title={t('orderWebhook.rotateConfirm')} onConfirm={rotate}><Button>{t('orderWebhook.rotate')}</Button></Popconfirm>}>
      <Typography.Paragraph type="secondary">{t('orderWebhook.hint')}</Typography.Paragraph>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('orderWebhook.url')}><Typography.Text code copyable>{info.data.urlTemplate}</Typography.Text></Descriptions.Item>
        <Descriptions.Item label={t('orderWebhook.secret')}>
          {info.data.secretHint ? `${info.data.secretHint} · ${formatDateTime(info.data.rotatedAt)}` : t('orderWebhook.none')}
        </Descriptions.Item>
      </Descriptions>
      {secret && <Alert type="warning" showIcon message={t('orderWebhook.newSecret')} description={<Typography.Text code copyable>{secret}</Typography.Text>} />}
    </Card>
  );
}
