import { RightOutlined } from '@ant-design/icons';
import { Avatar, Card, Col, Descriptions, Flex, Row, Tag, Typography, theme } from 'antd';
import { Link } from 'react-router-dom';
import { useAuth, useSession } from '../../app/auth-provider';
import { formatDateTime } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { visibleNavItems } from '../../app/nav-items';
import { useRolesCatalog } from '../../app/use-roles-catalog';

export function HomePage() {
  const t = useT();
  const { token } = theme.useToken();
  const { can } = useAuth();
  const { user, account } = useSession();
  const { roleLabel, specialisationLabel } = useRolesCatalog();
  const links = visibleNavItems(can).filter((item) => item.path !== '/');

  return (
    <Flex vertical gap={16}>
      <Card data-testid="welcome-card">
        <Flex gap={20} align="center" wrap>
          <Avatar size={64} style={{ background: token.colorPrimary, fontSize: 28, flex: 'none' }}>
            {user.name.slice(0, 1).toUpperCase()}
          </Avatar>
          <Flex vertical gap={4} style={{ flex: 1, minWidth: 240 }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('home.greeting', { name: user.name })}
            </Typography.Title>
            <Typography.Text type="secondary">{t('home.intro')}</Typography.Text>
          </Flex>
        </Flex>
        <Descriptions
          style={{ marginTop: 20 }}
          column={{ xs: 1, sm: 2, lg: 4 }}
          size="small"
          items={[
            { key: 'account', label: t('home.account'), children: account.name },
            {
              key: 'role',
              label: t('home.role'),
              children: (
                <Flex gap={4} wrap>
                  <Tag color="blue">{roleLabel(user.role)}</Tag>
                  {user.specialisation && <Tag>{specialisationLabel(user.specialisation)}</Tag>}
                </Flex>
              ),
            },
            { key: 'email', label: t('home.email'), children: user.email },
            { key: 'lastLogin', label: t('home.lastLogin'), children: formatDateTime(user.lastLoginAt) || t('common.never') },
          ]}
        />
      </Card>

      <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
        {t('home.quickLinks')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {links.map((item) => (
          <Col key={item.path} xs={24} sm={12} xl={8}>
            <Link to={item.path} data-testid={`quick-link-${item.path.split('/').pop()}`}>
              <Card hoverable size="small" styles={{ body: { padding: 16 } }}>
                <Flex align="center" gap={14}>
                  <Flex
                    align="center"
                    justify="center"
                    style={{ width: 40, height: 40, flex: 'none', borderRadius: 8, background: token.colorPrimaryBg, color: token.colorPrimary, fontSize: 18 }}
                  >
                    {item.icon}
                  </Flex>
                  <Flex vertical style={{ flex: 1, minWidth: 0 }}>
                    <Typography.Text strong>{t(item.label)}</Typography.Text>
                    <Typography.Text type="secondary" ellipsis style={{ fontSize: 13 }}>
                      {t(item.description)}
                    </Typography.Text>
                  </Flex>
                  <RightOutlined style={{ color: token.colorTextQuaternary }} />
                </Flex>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Flex>
  );
}
