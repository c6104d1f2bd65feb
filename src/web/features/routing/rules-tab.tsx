import { ArrowDownOutlined, ArrowUpOutlined, InfoCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Flex, Popconfirm, Space, Switch, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { RuleDrawer } from './rule-drawer';
import { describeActions, describeConditions, targetNeedsOnline } from './rule-summary';
import { routingApi, type RoutingRule } from './routing-api';
import type { RoutingOptions } from './use-routing-options';

/** fallbackTeamName: null when none is set, undefined while the settings load. */
type Props = { options: RoutingOptions; fallbackTeamName: string | null | undefined; onOpenSettings: () => void };

/** The ordered rules: checked from the top, the first that matches decides. */
export function RulesTab({ options, fallbackTeamName, onOpenSettings }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const errorText = useErrorText();
  const list = useRequest((signal) => routingApi.rules(signal), []);
  const [editing, setEditing] = useState<RoutingRule | null | undefined>(undefined);
  const [busy, setBusy] = useState<string | null>(null);
  const rules = [...(list.data ?? [])].sort((a, b) => a.position - b.position);

  const replace = (rule: RoutingRule) => list.setData((items) => (items ?? []).map((r) => (r.id === rule.id ? rule : r)));

  const setEnabled = async (rule: RoutingRule, enabled: boolean) => {
    setBusy(rule.id);
    try {
      replace(await routingApi.updateRule(rule.id, { enabled }));
      message.success(t(enabled ? 'routing.rules.enabledOn' : 'routing.rules.enabledOff', { name: rule.name }));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };

  const move = async (index: number, by: -1 | 1) => {
    const ids = rules.map((r) => r.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved);
    // Shown in the new order at once; the server's answer (or a reload on failure) settles it.
    list.setData((items) => (items ?? []).map((r) => ({ ...r, position: ids.indexOf(r.id) })));
    setBusy(moved);
    try {
      const items = await routingApi.reorder(ids);
      if (Array.isArray(items)) list.setData(() => items);
    } catch (err) {
      showError(err);
      list.reload();
    } finally {
      setBusy(null);
    }
  };

  const remove = async (rule: RoutingRule) => {
    try {
      await routingApi.removeRule(rule.id);
      list.setData((items) => (items ?? []).filter((r) => r.id !== rule.id));
      message.success(t('routing.rules.deleted', { name: rule.name }));
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<RoutingRule> = [
    {
      title: t('routing.rules.col.order'),
      key: 'order',
      width: 64,
      align: 'center',
      render: (_, __, index) => <Typography.Text strong>{index + 1}</Typography.Text>,
    },
    {
      title: t('routing.rules.col.name'),
      key: 'name',
      width: 180,
      render: (_, r) => (
        <Typography.Text strong type={r.enabled ? undefined : 'secondary'} data-testid="rule-row-name">
          {r.name}
        </Typography.Text>
      ),
    },
    {
      title: t('routing.rules.col.conditions'),
      key: 'conditions',
      render: (_, r) => (
        <Typography.Text type={r.enabled ? undefined : 'secondary'} data-testid="rule-row-conditions">
          {describeConditions(r.conditions, options.names, t)}
        </Typography.Text>
      ),
    },
    {
      title: t('routing.rules.col.actions'),
      key: 'actions',
      width: 260,
      render: (_, r) => (
        <Typography.Text type={r.enabled ? undefined : 'secondary'} data-testid="rule-row-actions">
          {describeActions(r.actions, options.names, t)}
          {targetNeedsOnline(r.actions) && (
            <Tooltip title={t('routing.action.onlineOnly')}>
              <InfoCircleOutlined style={{ marginInlineStart: 6, color: 'rgba(0,0,0,0.45)' }} aria-label={t('routing.action.onlineOnly')} />
            </Tooltip>
          )}
        </Typography.Text>
      ),
    },
    {
      title: t('routing.rules.col.enabled'),
      key: 'enabled',
      width: 72,
      render: (_, r) => <Switch size="small" checked={r.enabled} loading={busy === r.id} onChange={(on) => void setEnabled(r, on)} aria-label={t('routing.rules.enableAria', { name: r.name })} data-testid={`rule-enabled-${r.name}`} />,
    },
    {
      title: t('common.actions'),
      key: 'ops',
      width: 188,
      render: (_, r, index) => (
        <Space size={0}>
          <Tooltip title={t('routing.rules.moveUp')}>
            <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0 || busy !== null} onClick={() => void move(index, -1)} aria-label={t('routing.rules.moveUpAria', { name: r.name })} />
          </Tooltip>
          <Tooltip title={t('routing.rules.moveDown')}>
            <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === rules.length - 1 || busy !== null} onClick={() => void move(index, 1)} aria-label={t('routing.rules.moveDownAria', { name: r.name })} />
          </Tooltip>
          <Button type="link" size="small" onClick={() => setEditing(r)} aria-label={t('routing.rules.editAria', { name: r.name })} data-testid={`rule-edit-${r.name}`}>
            {t('common.edit')}
          </Button>
          <Popconfirm title={t('routing.rules.deleteConfirm', { name: r.name })} okText={t('common.delete')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={() => remove(r)}>
            <Button type="link" size="small" danger aria-label={t('routing.rules.deleteAria', { name: r.name })} data-testid={`rule-delete-${r.name}`}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('routing.rules.howItWorks')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="rule-create">
          {t('routing.rules.create')}
        </Button>
      </Flex>
      {list.error && !list.data ? (
        <LoadError message={errorText(list.error)} onRetry={list.reload} />
      ) : (
        <Table<RoutingRule>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rules}
          loading={list.loading}
          pagination={false}
          tableLayout="fixed"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('routing.rules.empty')} /> }}
          data-testid="rules-table"
        />
      )}
      {fallbackTeamName !== undefined && (
      <Alert
        type={fallbackTeamName ? 'info' : 'warning'}
        showIcon
        style={{ marginTop: 12 }}
        title={fallbackTeamName ? t('routing.rules.fallback', { team: fallbackTeamName }) : t('routing.rules.noFallback')}
        action={
          <Button size="small" type="link" onClick={onOpenSettings}>
            {t('routing.rules.openSettings')}
          </Button>
        }
        data-testid="rules-fallback"
      />
      )}
      <RuleDrawer
        editing={editing}
        options={options}
        onClose={() => setEditing(undefined)}
        onSaved={(rule, created) => {
          list.setData((items) => [...(items ?? []).filter((r) => r.id !== rule.id), rule]);
          message.success(t(created ? 'routing.rules.created' : 'routing.rules.saved', { name: rule.name }));
          setEditing(undefined);
        }}
      />
    </>
  );
}
