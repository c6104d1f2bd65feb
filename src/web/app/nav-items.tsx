import { ApartmentOutlined, ApiOutlined, AuditOutlined, BranchesOutlined, CrownOutlined, DashboardOutlined, CommentOutlined, InboxOutlined, HomeOutlined, SafetyCertificateOutlined, ShopOutlined, TagsOutlined, TeamOutlined, ThunderboltOutlined, UserOutlined } from '@ant-design/icons';
import { GiftOutlined } from '@ant-design/icons';
import { ShoppingOutlined } from '@ant-design/icons';
import { ContactsOutlined, ProfileOutlined } from '@ant-design/icons';
import { MergeCellsOutlined } from '@ant-design/icons';
import { FileDoneOutlined } from '@ant-design/icons';
import { FundOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/messages';
import type { Permission } from './api-types';

export type NavItem = {
  path: string;
  label: MessageKey;
  description: MessageKey;
  icon: ReactNode;
  /** Shown only to users with this permission; no permission means everyone. */
  permission?: Permission;
  section: 'main' | 'settings' | 'personal';
};

/** Every page of the signed-in app, once: the menu, the home page's quick links and the route guards read it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'nav.home', description: 'home.intro', icon: <HomeOutlined />, section: 'main' },
  { path: '/conversations', label: 'nav.conversations', description: 'home.desc.conversations', icon: <CommentOutlined />, permission: 'conversations.read', section: 'main' },
  { path: '/work-orders', label: 'nav.workOrders', description: 'home.desc.workOrders', icon: <FileDoneOutlined />, permission: 'work_orders.read', section: 'main' },
  { path: '/customers', label: 'nav.customers', description: 'home.desc.customers', icon: <ContactsOutlined />, permission: 'customers.read', section: 'main' },
  { path: '/customer-duplicates', label: 'nav.customerDuplicates', description: 'home.desc.customerDuplicates', icon: <MergeCellsOutlined />, permission: 'customers.read', section: 'main' },
  { path: '/orders', label: 'nav.orders', description: 'home.desc.orders', icon: <ShoppingOutlined />, permission: 'customers.read', section: 'main' },
  { path: '/key-accounts', label: 'nav.keyAccounts', description: 'home.desc.keyAccounts', icon: <CrownOutlined />, permission: 'customers.read', section: 'main' },
  { path: '/work-orders/reports', label: 'nav.workOrderReports', description: 'home.desc.workOrderReports', icon: <FundOutlined />, permission: 'work_orders.reports', section: 'main' },
  { path: '/wallboard', label: 'nav.wallboard', description: 'home.desc.wallboard', icon: <DashboardOutlined />, permission: 'routing.monitor', section: 'main' },
  { path: '/settings/inboxes', label: 'nav.inboxes', description: 'home.desc.inboxes', icon: <InboxOutlined />, permission: 'inboxes.manage', section: 'settings' },
  { path: '/settings/quick-replies', label: 'nav.quickReplies', description: 'home.desc.quickReplies', icon: <ThunderboltOutlined />, permission: 'conversations.reply', section: 'settings' },
  { path: '/settings/labels', label: 'nav.labels', description: 'home.desc.labels', icon: <TagsOutlined />, permission: 'conversations.read', section: 'settings' },
  { path: '/settings/teams', label: 'nav.teams', description: 'home.desc.teams', icon: <ApartmentOutlined />, permission: 'users.read', section: 'settings' },
  { path: '/settings/routing', label: 'nav.routing', description: 'home.desc.routing', icon: <BranchesOutlined />, permission: 'routing.manage', section: 'settings' },
  { path: '/settings/work-orders', label: 'nav.workOrderSettings', description: 'home.desc.workOrderSettings', icon: <ScheduleOutlined />, permission: 'work_orders.settings', section: 'settings' },
  { path: '/settings/loyalty', label: 'nav.loyalty', description: 'home.desc.loyalty', icon: <GiftOutlined />, permission: 'customers.read', section: 'settings' },
  { path: '/settings/customer-attributes', label: 'nav.customerAttributes', description: 'home.desc.customerAttributes', icon: <ProfileOutlined />, permission: 'customers.read', section: 'settings' },
  { path: '/settings/users', label: 'nav.users', description: 'home.desc.users', icon: <TeamOutlined />, permission: 'users.read', section: 'settings' },
  { path: '/settings/roles', label: 'nav.roles', description: 'home.desc.roles', icon: <SafetyCertificateOutlined />, permission: 'users.read', section: 'settings' },
  { path: '/settings/audit', label: 'nav.audit', description: 'home.desc.audit', icon: <AuditOutlined />, permission: 'audit.read', section: 'settings' },
  { path: '/settings/tokens', label: 'nav.tokens', description: 'home.desc.tokens', icon: <ApiOutlined />, permission: 'tokens.manage', section: 'settings' },
  { path: '/settings/account', label: 'nav.account', description: 'home.desc.account', icon: <ShopOutlined />, permission: 'account.manage', section: 'settings' },
  { path: '/profile', label: 'nav.profile', description: 'home.desc.profile', icon: <UserOutlined />, section: 'personal' },
];

export function visibleNavItems(can: (permission: Permission) => boolean): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || can(item.permission));
}

/** The menu entry a location belongs to: the longest path that prefixes it. */
export function navKeyFor(pathname: string): string {
  let best = '/';
  for (const item of NAV_ITEMS) {
    if (item.path !== '/' && (pathname === item.path || pathname.startsWith(`${item.path}/`)) && item.path.length > best.length) best = item.path;
  }
  return best;
}
