import { DeleteOutlined, DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Descriptions, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { privacyApi, type RevealedContact } from './customer-privacy-api';

/**
 * 个人信息 actions for the customer page: reveal the full contact (customers.contact.read, audited),
 * export the customer's data, erase it (customers.privacy). Shows nothing a role may not do.
 */
export function PrivacyActions({ customerId, onErased }: { customerId: string; onErased?: () => void }) {
  const t = useT();
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useShowError();
  const [revealed, setRevealed] = useState<RevealedContact | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [erasing, setErasing] = useState(false);
  const [exporting, setExporting] = useState(false);

  const reveal = async () => {
    setRevealing(true);
    try {
      setRevealed(await privacyApi.reveal(customerId));
    } catch (err) {
      showError(err);
    } finally {
      setRevealing(false);
    }
  };
  const download = async () => {
    setExporting(true);
    try {
      await privacyApi.download(customerId);
      message.success(t('privacy.exported'));
    } catch (err) {
      showError(err);
    } finally {
      setExporting(false);
    }
  };

  const canReveal = can('customers.contact.read');
  const canPrivacy = can('customers.privacy');
  if (!canReveal && !canPrivacy) return null;
  return (
    <Space wrap data-testid="privacy-actions">
      {canReveal && (
        <Button icon={<EyeOutlined />} loading={revealing} onClick={reveal} title={t('privacy.revealHint')} data-testid="privacy-reveal">
          {t('privacy.reveal')}
        </Button>
      )}
      {canPrivacy && (
        <>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={download} data-testid="privacy-export">
            {t('privacy.export')}
          </Button>
          <Button danger icon={<DeleteOutlined />} onClick={() => setErasing(true)} data-testid="privacy-erase">
            {t('privacy.erase')}
          </Button>
        </>
      )}
      <Modal open={Boolean(revealed)} title={t('privacy.reveal')} footer={null} onCancel={() => setRevealed(null)} destroyOnHidden>
        {revealed && (
          <>
            <Typography.Paragraph type="secondary">{t('privacy.revealHint')}</Typography.Paragraph>
            <Descriptions size="small" column={1} data-testid="privacy-revealed">
              <Descriptions.Item label={t('privacy.phone')}>{revealed.phone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('privacy.email')}>{revealed.email ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('privacy.address')}>{[revealed.address.province, revealed.address.city, revealed.address.district].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('privacy.identities')}>{revealed.identities.map((i) => i.value).join('，') || '—'}</Descriptions.Item>
            </Descriptions>
          </>
        )}
      </Modal>
      <EraseModal customerId={customerId} open={erasing} onClose={() => setErasing(false)} onErased={() => { setErasing(false); message.success(t('privacy.erased')); onErased?.(); }} />
    </Space>
  );
}

function EraseModal({ customerId, open, onClose, onErased }: { customerId: string; open: boolean; onClose: () => void; onErased: () => void }) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm<{ confirmed: boolean; reason?: string }>();
  const confirmed = Form.useWatch('confirmed', form);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await privacyApi.erase(customerId, v.reason?.trim() || undefined);
      onErased();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('privacy.erase.title')} okText={t('privacy.erase')} okButtonProps={{ danger: true, disabled: !confirmed }} cancelText={t('common.cancel')} confirmLoading={saving} onOk={submit} onCancel={onClose} destroyOnHidden>
      <Alert type="error" showIcon title={t('privacy.erase.warning')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" data-testid="erase-form">
        <Form.Item name="reason" label={t('privacy.erase.reason')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="confirmed" valuePropName="checked">
          <Checkbox data-testid="erase-confirm">{t('privacy.erase.confirm')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
