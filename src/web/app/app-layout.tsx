import { DownOutlined, LogoutOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Dropdown, Flex, Layout, Menu, Spin, Typography, theme, type MenuProps } from 'antd';
import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { AppLogo } from './app-logo';
import { useAuth, useSession } from './auth-provider';
import { useT } from './i18n-provider';
import { LanguageSwitch } from './language-switch';
import { NAV_ITEMS, navKeyFor, visibleNavItems, type NavItem } from './nav-items';
import { useShowError } from './use-api-error';
import { useDocumentTitle } from './use-document-title';
import { useRolesCatalog } from './use-roles-catalog';
import { AgentStatusSwitch } from '../features/presence/agent-status-switch';
import { NotificationsBell } from '../features/notifications/notifications-bell';

const SIDER_KEY = 'shopdesk.sider.collapsed';
const HEADER_HEIGHT = 56;

function readCollapsed(): boolean {
  try {
    return window.localStorage.getItem(SIDER_KEY) === '1';
  } catch {
    return false;
  }
}

export function AppLayout() {
  const t = useT();
  const { token } = theme.useToken();
  const { can, logout } = useAuth();
  const { user, account } = useSession();
  const { roleLabel } = useRolesCatalog();
  const { message } = App.useApp();
  const showError = useShowError();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const selectedKey = navKeyFor(location.pathname);
  const current = NAV_ITEMS.find((item) => item.path === selectedKey && (item.path !== '/' || location.pathname === '/'));
  useDocumentTitle(current ? t(current.label) : undefined);

  const toggle = (value: boolean) => {
    setCollapsed(value);
    try {
      window.localStorage.setItem(SIDER_KEY, value ? '1' : '0');
    } catch {
      // Not remembering the sider is harmless.
    }
  };

  const items = visibleNavItems(can);
  const toMenuItem = (item: NavItem) => ({ key: item.path, icon: item.icon, label: t(item.label) });
  const settings = items.filter((i) => i.section === 'settings');
  const menuItems: MenuProps['items'] = [
    ...items.filter((i) => i.section === 'main').map(toMenuItem),
    // A collapsed sider has no room for the group's title; a divider separates the section instead.
    ...(settings.length
      ? collapsed
        ? [{ type: 'divider' as const, key: 'settings-divider' }, ...settings.map(toMenuItem)]
        : [{ type: 'group' as const, key: 'settings', label: t('nav.settings'), children: settings.map(toMenuItem) }]
      : []),
    ...items.filter((i) => i.section === 'personal').map(toMenuItem),
  ];

  // Signing out leaves the layout: the route guard then sends the browser to the login page.
  const onLogout = async () => {
    try {
      await logout();
      message.success(t('nav.loggedOut'));
    } catch (err) {
      showError(err);
    }
  };

  const userMenu: MenuProps = {
    items: [
      { key: 'profile', icon: <UserOutlined />, label: <span data-testid="menu-profile">{t('nav.profile')}</span> },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="logout">{t('nav.logout')}</span> },
    ],
    onClick: ({ key }) => {
      if (key === 'profile') navigate('/profile');
      if (key === 'logout') void onLogout();
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        theme="light"
        width={216}
        collapsible
        collapsed={collapsed}
        onCollapse={toggle}
        breakpoint="lg"
        style={{ borderRight: `1px solid ${token.colorBorderSecondary}`, position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <Flex align="center" justify={collapsed ? 'center' : 'flex-start'} style={{ height: HEADER_HEIGHT, padding: collapsed ? 0 : '0 20px' }}>
          <AppLogo collapsed={collapsed} size={28} />
        </Flex>
        <Menu
          mode="inline"
          selectedKeys={current ? [current.path] : []}
          items={menuItems}
          onClick={({ key }) => navigate(key)}
          style={{ borderInlineEnd: 'none' }}
          data-testid="side-menu"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 10,
            height: HEADER_HEIGHT,
            lineHeight: `${HEADER_HEIGHT}px`,
            padding: '0 24px',
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <Flex align="center" justify="space-between" style={{ height: '100%' }} gap={16}>
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              <ShopOutlined style={{ color: token.colorPrimary }} />
              <Typography.Text strong ellipsis data-testid="account-name">
                {account.name}
              </Typography.Text>
            </Flex>
            <Flex align="center" gap={8}>
              {can('conversations.reply') && <AgentStatusSwitch />}
              <NotificationsBell />
              <LanguageSwitch />
              <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
                <Button type="text" data-testid="user-menu" style={{ height: 40, paddingInline: 8 }}>
                  <Flex align="center" gap={8}>
                    <Avatar size={28} style={{ background: token.colorPrimary }}>
                      {user.name.slice(0, 1).toUpperCase()}
                    </Avatar>
                    <Flex vertical align="flex-start" style={{ lineHeight: 1.25 }}>
                      <Typography.Text style={{ maxWidth: 160 }} ellipsis>
                        {user.name}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {roleLabel(user.role)}
                      </Typography.Text>
                    </Flex>
                    <DownOutlined style={{ fontSize: 10, color: token.colorTextTertiary }} />
                  </Flex>
                </Button>
              </Dropdown>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <Suspense
            fallback={
              <Flex justify="center" style={{ padding: 80 }}>
                <Spin />
              </Flex>
            }
          >
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
