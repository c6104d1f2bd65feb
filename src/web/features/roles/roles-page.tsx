import { CheckCircleFilled, MinusOutlined } from '@ant-design/icons';
import { Card, Col, Flex, Row, Spin, Table, Tag, Tooltip, Typography, theme, type TableColumnsType } from 'antd';
import type { PermissionInfo, RoleInfo } from '../../app/api-types';
import { useSession } from '../../app/auth-provider';
import { useI18n } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import { useRolesCatalog } from '../../app/use-roles-catalog';
import { pickLocalized } from '../../i18n/messages';

type Row = PermissionInfo & { groupSpan: number };

/** Permissions ordered by group (first appearance), each group's first row spanning the group cell. */
function toRows(permissions: PermissionInfo[]): Row[] {
  const groups: string[] = [];
  for (const p of permissions) if (!groups.includes(p.group)) groups.push(p.group);
  return groups.flatMap((group) => {
    const members = permissions.filter((p) => p.group === group);
    return members.map((p, i) => ({ ...p, groupSpan: i === 0 ? members.length : 0 }));
  });
}

export function RolesPage() {
  const { locale, t } = useI18n();
  const { token } = theme.useToken();
  const { user } = useSession();
  const { catalog, error, retry } = useRolesCatalog();
  const errorText = useErrorText();

  if (error && !catalog) return <LoadError message={errorText(error)} onRetry={retry} />;
  if (!catalog) {
    return (
      <Flex justify="center" style={{ padding: 80 }}>
        <Spin />
      </Flex>
    );
  }

  const groupLabel = (group: string) => {
    const info = catalog?.permissions.find((p) => p.group === group);
    return info ? pickLocalized(info.groupLabel, locale) : group;
  };

  const roleColumns: TableColumnsType<Row> = catalog.roles.map((role: RoleInfo) => ({
    key: role.key,
    align: 'center' as const,
    width: 96,
    title: (
      <Tooltip title={pickLocalized(role.description, locale)}>
        <span style={role.key === user.role ? { color: token.colorPrimary } : undefined}>{pickLocalized(role.label, locale, role.key)}</span>
      </Tooltip>
    ),
    onCell: () => (role.key === user.role ? { style: { background: token.colorPrimaryBg } } : {}),
    render: (_: unknown, perm: Row) =>
      role.permissions.includes(perm.key) ? (
        <CheckCircleFilled style={{ color: token.colorSuccess, fontSize: 16 }} aria-label={t('roles.granted')} />
      ) : (
        <MinusOutlined style={{ color: token.colorTextQuaternary }} aria-label={t('roles.notGranted')} />
      ),
  }));

  const columns: TableColumnsType<Row> = [
    {
      key: 'group',
      title: t('roles.group'),
      dataIndex: 'group',
      width: 96,
      onCell: (row) => ({ rowSpan: row.groupSpan }),
      render: (group: string) => <Typography.Text strong>{groupLabel(group)}</Typography.Text>,
    },
    {
      key: 'permission',
      title: t('roles.permission'),
      render: (_, perm) => (
        <Flex vertical>
          <span>{pickLocalized(perm.label, locale, perm.key)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} code>
            {perm.key}
          </Typography.Text>
        </Flex>
      ),
    },
    ...roleColumns,
  ];

  return (
    <>
      <PageHeader title={t('nav.roles')} subtitle={t('roles.subtitle')} />
      <Card title={t('roles.matrix')} style={{ marginBottom: 16 }} styles={{ body: { padding: 0 } }}>
        <Table<Row>
          rowKey="key"
          size="middle"
          bordered
          columns={columns}
          dataSource={toRows(catalog.permissions)}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="roles-matrix"
        />
      </Card>
      <Card title={t('roles.descriptions')}>
        <Row gutter={[16, 16]}>
          {catalog.roles.map((role) => (
            <Col key={role.key} xs={24} md={12} xl={8}>
              <Flex
                vertical
                gap={6}
                style={{
                  height: '100%',
                  padding: 14,
                  borderRadius: token.borderRadiusLG,
                  border: `1px solid ${role.key === user.role ? token.colorPrimaryBorder : token.colorBorderSecondary}`,
                  background: role.key === user.role ? token.colorPrimaryBg : undefined,
                }}
                data-testid={`role-card-${role.key}`}
              >
                <Flex align="center" gap={8} wrap>
                  <Typography.Text strong>{pickLocalized(role.label, locale, role.key)}</Typography.Text>
                  {role.key === user.role && <Tag color="blue">{t('roles.yourRole')}</Tag>}
                  <Typography.Text type="secondary" style={{ marginInlineStart: 'auto', fontSize: 12 }}>
                    {role.permissions.length === 1 ? t('roles.permissionCountOne') : t('roles.permissionCount', { count: role.permissions.length })}
                  </Typography.Text>
                </Flex>
                <Typography.Text type="secondary">{pickLocalized(role.description, locale)}</Typography.Text>
              </Flex>
            </Col>
          ))}
        </Row>
      </Card>
    </>
  );
}
