import { App, Button, Card, Empty, Flex, Popconfirm, Skeleton, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth-provider';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useDocumentTitle } from '../../app/use-document-title';
import { TierBadge } from '../loyalty/tier-badge';
import { customerMergeApi, displayName, type DuplicateCustomer, type DuplicatePair } from './customer-merge-api';
import { MergeConfirmModal } from './merge-confirm-modal';
import { ReasonTags } from './reason-tags';

const PAGE = 20;
const pairKey = (p: DuplicatePair) => `${p.customers[0].id}|${p.customers[1].id}`;

/** 重复客户: suggested pairs, strongest first, each compared side by side; a member merges or dismisses. */
export function DuplicatesPage() {
  const t = useT();
  useDocumentTitle(t('nav.customerDuplicates'));
  const errorText = useErrorText();
  const [items, setItems] = useState<DuplicatePair[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [scannedAt, setScannedAt] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useShowError();

  const load = useCallback(async (after: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await customerMergeApi.duplicates({ limit: PAGE, ...(after ? { cursor: after } : {}) });
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setScannedAt(page.scannedAt);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load, version]);

  const scan = async () => {
    setScanning(true);
    try {
      const r = await customerMergeApi.scan();
      message.success(t('merge.scanDone', { n: r.pairs }));
      setVersion((v) => v + 1);
    } catch (err) {
      showError(err);
    } finally {
      setScanning(false);
    }
  };

  const drop = (p: DuplicatePair) => setItems((current) => current.filter((x) => pairKey(x) !== pairKey(p)));

  return (
    <>
      <PageHeader
        title={t('nav.customerDuplicates')}
        subtitle={t('merge.subtitle')}
        extra={
          <>
            {scannedAt && <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>{t('merge.scannedAt', { at: formatDateTimeShort(scannedAt) })}</Typography.Text>}
            {can('customers.manage') && <Button loading={scanning} onClick={scan} data-testid="duplicates-scan">{t('merge.scan')}</Button>}
            <Button onClick={() => setVersion((v) => v + 1)}>{t('common.refresh')}</Button>
          </>
        }
      />
      {error ? (
        <LoadError message={errorText(error)} onRetry={() => void load(null)} />
      ) : items.length === 0 && loading ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t('merge.empty')} />
      ) : (
        <Flex vertical gap={16}>
          {items.map((p) => (
            <PairCard key={pairKey(p)} pair={p} onDone={() => drop(p)} />
          ))}
          {cursor && (
            <Button block loading={loading} onClick={() => void load(cursor)}>
              {t('common.loadMore')}
            </Button>
          )}
        </Flex>
      )}
    </>
  );
}

type Row = { key: string; label: string; render: (c: DuplicateCustomer) => React.ReactNode };

function PairCard({ pair, onDone }: { pair: DuplicatePair; onDone: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useAuth();
  const showError = useShowError();
  const canManage = can('customers.manage');
  const [merging, setMerging] = useState<{ survivorId: string; fromId: string } | null>(null);
  const [a, b] = pair.customers;

  const dismiss = async () => {
    try {
      await customerMergeApi.dismiss([a.id, b.id]);
      message.success(t('merge.dismissed'));
      onDone();
    } catch (err) {
      showError(err);
    }
  };

  const rows: Row[] = [
    { key: 'name', label: t('merge.compare.name'), render: (c) => <Link to={`/customers/${encodeURIComponent(c.id)}`}>{displayName(c)}</Link> },
    { key: 'phone', label: t('merge.compare.phone'), render: (c) => c.phone ?? '—' },
    { key: 'email', label: t('merge.compare.email'), render: (c) => c.email ?? '—' },
    { key: 'tier', label: t('merge.compare.tier'), render: (c) => <TierBadge tier={c.tier} /> },
    { key: 'source', label: t('merge.compare.source'), render: (c) => (c.sourcePlatform ? t(`customers.platform.${c.sourcePlatform}`) : '—') },
    { key: 'spend', label: t('merge.compare.spend'), render: (c) => `¥${c.lifetimeSpend}` },
    { key: 'orders', label: t('merge.compare.orders'), render: (c) => c.orderCount },
    { key: 'lastOrder', label: t('merge.compare.lastOrder'), render: (c) => (c.lastOrderAt ? formatDateTimeShort(c.lastOrderAt) : '—') },
    { key: 'createdAt', label: t('merge.compare.createdAt'), render: (c) => formatDateTimeShort(c.createdAt) },
  ];
  const keepButton = (survivor: DuplicateCustomer, from: DuplicateCustomer) =>
    canManage && (
      <Button size="small" type="primary" ghost onClick={() => setMerging({ survivorId: survivor.id, fromId: from.id })} data-testid="merge-keep">
        {t('merge.keepThis')}
      </Button>
    );

  return (
    <Card
      size="small"
      data-testid="duplicate-pair"
      title={<ReasonTags reasons={pair.reasons} sameName={pair.sameName} />}
      extra={
        canManage && (
          <Popconfirm title={t('merge.dismissConfirm')} okText={t('merge.dismiss')} cancelText={t('common.cancel')} onConfirm={dismiss}>
            <Button size="small" type="link">{t('merge.dismiss')}</Button>
          </Popconfirm>
        )
      }
    >
      <Table<Row>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        columns={[
          { key: 'label', dataIndex: 'label', width: 110, render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text> },
          { key: 'a', title: <Flex justify="space-between" align="center" gap={8}>{displayName(a)}{keepButton(a, b)}</Flex>, render: (_, r) => r.render(a) },
          { key: 'b', title: <Flex justify="space-between" align="center" gap={8}>{displayName(b)}{keepButton(b, a)}</Flex>, render: (_, r) => r.render(b) },
        ]}
      />
      {canManage && <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>{t('merge.keepHint')}</Typography.Text>}
      {merging && (
        <MergeConfirmModal
          survivorId={merging.survivorId}
          fromId={merging.fromId}
          onClose={() => setMerging(null)}
          onMerged={(m) => {
            setMerging(null);
            onDone();
            navigate(`/customers/${encodeURIComponent(m.survivor.id)}`);
          }}
        />
      )}
    </Card>
  );
}
