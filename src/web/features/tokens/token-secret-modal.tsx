import { Alert, Button, Modal, Typography } from 'antd';
import { CopyField } from '../../app/copy-field';
import { useT } from '../../app/i18n-provider';

/** The secret is shown once, right after creation; the server keeps only its hash. */
export function TokenSecretModal({ created, onClose }: { created: { name: string; secret: string } | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={Boolean(created)}
      title={t('tokens.secret.title')}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      width={560}
      footer={
        <Button type="primary" onClick={onClose} data-testid="token-secret-done">
          {t('tokens.secret.done')}
        </Button>
      }
    >
      {created && (
        <>
          <Alert type="warning" showIcon title={t('tokens.secret.warning')} style={{ margin: '16px 0' }} />
          <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
            {t('tokens.secret.label', { name: created.name })}
          </Typography.Text>
          <CopyField value={created.secret} testId="token-secret" copyTestId="token-secret-copy" monospace />
        </>
      )}
    </Modal>
  );
}
