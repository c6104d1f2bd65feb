import { ReloadOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, Flex, Input, Segmented, Table, Tag, Tooltip, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { STATUS_COLORS } from './agent-status';
import { ProductAgentsModal } from './product-agents-modal';
import { groupTreeOptions } from './team-tree';
import { agentLabel, productRoutingApi, type Agent, type ProductRouting } from './teams-api';

type Props = { agents: readonly Agent[]; canManage: boolean };

/** Products and their agents are the supervisor's to see and set (GET /api/routing/products needs teams.manage). */
export function ProductsTab(props: Props) {
  const t = useT();
  if (!props.canManage) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('teams.products.managersOnly')} data-testid="products-managers-only" />;
  return <ProductsTable {...props} />;
}
type Bound = 'all' | 'true' | 'false';

const PAGE_SIZE = 20;

/** 专属客服: products and the agents their customers go to first (seed 001: each visa product has its own). */
function ProductsTable({ agents, canManage }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [q, setQ] = useState('');
  const [groupId, setGroupId] = useState<string | undefined>(undefined);
  const [bound, setBound] = useState<Bound>('all');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<ProductRouting | null>(null);

  const groups = useRequest((signal) => productRoutingApi.groups(signal), []);
  const products = useRequest(
    (signal) => productRoutingApi.list({ q: q || undefined, groupId, bound: bound === 'all' ? undefined : bound, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }, signal),
    [q, groupId, bound, page],
  );
  const groupOptions = useMemo(() => groupTreeOptions(groups.data ?? [], (g) => `${g.name} (${g.products})`), [groups.data]);
  const byUser = useMemo(() => new Map(agents.map((a) => [a.userId, a])), [agents]);

  // Any change of filter starts again at the first page.
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  const columns: TableColumnsType<ProductRouting> = [
    {
      title: t('teams.products.col.product'),
      key: 'product',
      render: (_, p) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text ellipsis style={{ maxWidth: 320 }} data-testid="product-name-cell">
            {p.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: p.sku, tooltips: false }}>
            {p.sku}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('teams.products.col.group'), key: 'group', width: 150, render: (_, p) => p.groupName ?? <Typography.Text type="secondary">—</Typography.Text> },
    {
      title: t('teams.products.col.agents'),
      key: 'agents',
      render: (_, p) =>
        p.agents.length ? (
          <Flex gap={4} wrap data-testid="product-agents-cell">
            {p.agents.map((x) => {
              const agent = byUser.get(x.userId);
              return (
                <Tag key={x.userId} bordered={false} style={{ marginInlineEnd: 0 }}>
                  {agent && <Badge color={STATUS_COLORS[agent.status]} style={{ marginInlineEnd: 4 }} />}
                  {agent ? agentLabel(agent) : x.name}
                </Tag>
              );
            })}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('teams.products.unbound')}</Typography.Text>
        ),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, p) => (
        <Button type="link" size="small" onClick={() => setEditing(p)} aria-label={t('teams.products.bindOf', { name: p.name })} data-testid={`product-bind-${p.id}`}>
          {t('teams.products.bind')}
        </Button>
      ),
    });
  }

  const filtered = Boolean(q || groupId || bound !== 'all');

  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('teams.products.intro')}
      </Typography.Paragraph>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('teams.products.search')}
          aria-label={t('teams.products.search')}
          onSearch={(v) => filter(setQ)(v.trim())}
          onChange={(e) => !e.target.value && filter(setQ)('')}
          style={{ width: 260 }}
          data-testid="products-search"
        />
        <TreeSelect
          allowClear
          showSearch
          treeNodeFilterProp="title"
          treeDefaultExpandAll
          placeholder={t('teams.products.allGroups')}
          aria-label={t('teams.products.filterGroup')}
          value={groupId}
          onChange={filter(setGroupId)}
          treeData={groupOptions}
          loading={groups.loading}
          style={{ width: 200 }}
          data-testid="products-group-filter"
        />
        <Segmented<Bound>
          value={bound}
          onChange={filter(setBound)}
          options={[
            { value: 'all', label: t('teams.products.boundAll') },
            { value: 'true', label: t('teams.products.boundYes') },
            { value: 'false', label: t('teams.products.boundNo') },
          ]}
          aria-label={t('teams.products.filterBound')}
          data-testid="products-bound-filter"
        />
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={products.reload} aria-label={t('common.refresh')} />
        </Tooltip>
      </Flex>
      {products.error && !products.data ? (
        <LoadError message={errorText(products.error)} onRetry={products.reload} />
      ) : (
        <Table<ProductRouting>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={products.data?.items ?? []}
          loading={products.loading}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: products.data?.total ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            showTotal: (total) => t('teams.products.total', { total }),
            onChange: setPage,
          }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: products.loading && !products.data ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(filtered ? 'teams.products.emptyFiltered' : 'teams.products.empty')} /> }}
          data-testid="products-table"
        />
      )}
      <ProductAgentsModal
        product={editing}
        agents={agents}
        onClose={() => setEditing(null)}
        onSaved={(product) => {
          // Under 已绑定 / 未绑定 the row may no longer belong; reload rather than show it wrongly.
          if (bound !== 'all') products.reload();
          else products.setData((d) => (d ? { ...d, items: d.items.map((p) => (p.id === product.id ? product : p)) } : d));
          message.success(t('teams.products.saved', { name: product.name }));
          setEditing(null);
        }}
      />
    </>
  );
}
