import { Alert, App, Flex, List, Modal, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { customerMergeApi, displayName, type CustomerMerge, type MergeCounts } from './customer-merge-api';
import { ReasonTags } from './reason-tags';

type Props = { survivorId: string; fromId: string; onClose: () => void; onMerged: (merge: CustomerMerge) => void };

/** What will move, said before anything does: the merge confirm dialog (合并确认). */
export function MergeConfirmModal({ survivorId, fromId, onClose, onMerged }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const showError = useShowError();
  const preview = useRequest((signal) => customerMergeApi.preview(survivorId, fromId, signal), [survivorId, fromId]);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    try {
      const merge = await customerMergeApi.merge(survivorId, fromId);
      message.success(t('merge.done'));
      onMerged(merge);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const p = preview.data;
  const moves = (m: MergeCounts) => [
    m.orders > 0 && t('merge.confirm.orders', { n: m.orders }),
    m.conversations > 0 && t('merge.confirm.conversations', { n: m.conversations }),
    m.identities > 0 && t('merge.confirm.identities', { n: m.identities }),
    m.points > 0 && t('merge.confirm.points', { n: m.points }),
    m.notes > 0 && t('merge.confirm.notes', { n: m.notes }),
    m.events > 0 && t('merge.confirm.events', { n: m.events }),
    m.keyAccount && t('merge.confirm.keyAccount'),
  ].filter((x): x is string => Boolean(x));

  return (
    <Modal
      open
      title={t('merge.confirm.title')}
      okText={t('merge.confirm.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !p, loading: busy, danger: true }}
      onOk={confirm}
      onCancel={onClose}
      width={560}
    >
      {preview.error ? (
        <LoadError message={errorText(preview.error)} onRetry={preview.reload} />
      ) : !p ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={12}>
          <div>
            <Typography.Text strong>{t('merge.confirm.keep', { name: displayName(p.survivor) })}</Typography.Text>
            <br />
            <Typography.Text type="secondary">{t('merge.confirm.from', { name: displayName(p.merged) })}</Typography.Text>
          </div>
          {p.reasons.length > 0 ? <ReasonTags reasons={p.reasons} /> : <Alert type="warning" showIcon message={t('merge.confirm.noReason')} />}
          {moves(p.moves).length > 0 ? (
            <>
              <Typography.Text>{t('merge.confirm.moves')}</Typography.Text>
              <List size="small" bordered dataSource={moves(p.moves)} renderItem={(line) => <List.Item>{line}</List.Item>} />
            </>
          ) : (
            <Typography.Text data-testid="merge-moves-nothing">{t('merge.confirm.nothing')}</Typography.Text>
          )}
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('merge.confirm.fields')}</Typography.Paragraph>
          <Alert type="info" showIcon message={t('merge.confirm.after')} />
        </Flex>
      )}
    </Modal>
  );
}

