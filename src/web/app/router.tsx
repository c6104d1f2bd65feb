import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppLayout } from './app-layout';
import type { Permission } from './api-types';
import { NotFoundPage } from './result-pages';
import { FullPageSpin, RequireAuth, RequirePermission } from './route-guards';

// Each page is its own chunk: the login page does not carry the audit log.
const LoginPage = lazy(() => import('../features/auth/login-page').then((m) => ({ default: m.LoginPage })));
const AcceptInvitePage = lazy(() => import('../features/auth/accept-invite-page').then((m) => ({ default: m.AcceptInvitePage })));
const HomePage = lazy(() => import('../features/home/home-page').then((m) => ({ default: m.HomePage })));
const ConversationsPage = lazy(() => import('../features/conversations/conversations-page').then((m) => ({ default: m.ConversationsPage })));
const InboxesPage = lazy(() => import('../features/inboxes/inboxes-page').then((m) => ({ default: m.InboxesPage })));
const QuickRepliesPage = lazy(() => import('../features/quick-replies/quick-replies-page').then((m) => ({ default: m.QuickRepliesPage })));
const LabelsPage = lazy(() => import('../features/labels/labels-page').then((m) => ({ default: m.LabelsPage })));
const UsersPage = lazy(() => import('../features/users/users-page').then((m) => ({ default: m.UsersPage })));
const RolesPage = lazy(() => import('../features/roles/roles-page').then((m) => ({ default: m.RolesPage })));
const AuditPage = lazy(() => import('../features/audit/audit-page').then((m) => ({ default: m.AuditPage })));
const TokensPage = lazy(() => import('../features/tokens/tokens-page').then((m) => ({ default: m.TokensPage })));
const AccountPage = lazy(() => import('../features/account/account-page').then((m) => ({ default: m.AccountPage })));
const TeamsPage = lazy(() => import('../features/teams/teams-page').then((m) => ({ default: m.TeamsPage })));
const RoutingPage = lazy(() => import('../features/routing/routing-page').then((m) => ({ default: m.RoutingPage })));
const WallboardPage = lazy(() => import('../features/wallboard/wallboard-page').then((m) => ({ default: m.WallboardPage })));
const KeyAccountsPage = lazy(() => import('../features/key-accounts/key-accounts-page').then((m) => ({ default: m.KeyAccountsPage })));
const OrdersPage = lazy(() => import('../features/orders/orders-page').then((m) => ({ default: m.OrdersPage })));
const OrderImportPage = lazy(() => import('../features/orders/import-wizard').then((m) => ({ default: m.OrderImportPage })));
const LoyaltyPage = lazy(() => import('../features/loyalty/loyalty-page').then((m) => ({ default: m.LoyaltyPage })));
const CustomersPage = lazy(() => import('../features/customers/customers-page').then((m) => ({ default: m.CustomersPage })));
const CustomerPage = lazy(() => import('../features/customers/customer-page').then((m) => ({ default: m.CustomerPage })));
const DuplicatesPage = lazy(() => import('../features/customer-merge/duplicates-page').then((m) => ({ default: m.DuplicatesPage })));
const CustomerAttributesPage = lazy(() => import('../features/customers/attributes-page').then((m) => ({ default: m.CustomerAttributesPage })));
const WorkOrdersPage = lazy(() => import('../features/work-orders/work-orders-page').then((m) => ({ default: m.WorkOrdersPage })));
const WorkOrderPage = lazy(() => import('../features/work-orders/work-order-page').then((m) => ({ default: m.WorkOrderPage })));
const WorkOrderSettingsPage = lazy(() => import('../features/work-order-settings/work-order-settings-page').then((m) => ({ default: m.WorkOrderSettingsPage })));
const WorkOrderReportsPage = lazy(() => import('../features/work-order-reports/work-order-reports-page').then((m) => ({ default: m.WorkOrderReportsPage })));
const ProfilePage = lazy(() => import('../features/profile/profile-page').then((m) => ({ default: m.ProfilePage })));

function guarded(permission: Permission, page: ReactNode) {
  return <RequirePermission permission={permission}>{page}</RequirePermission>;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/invite/:token" element={<AcceptInvitePage />} />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<HomePage />} />
          {/* One route for the list and an open conversation, so switching conversations keeps the list. */}
          <Route path="conversations/:id?" element={guarded('conversations.read', <ConversationsPage />)} />
          <Route path="settings/inboxes" element={guarded('inboxes.manage', <InboxesPage />)} />
          <Route path="settings/quick-replies" element={guarded('conversations.reply', <QuickRepliesPage />)} />
          <Route path="settings/labels" element={guarded('conversations.read', <LabelsPage />)} />
          {/* react-router ranks static segments first: /work-orders/reports wins over /work-orders/:id wherever it is listed. */}
          <Route path="work-orders" element={guarded('work_orders.read', <WorkOrdersPage />)} />
          <Route path="work-orders/:id" element={guarded('work_orders.read', <WorkOrderPage />)} />
          <Route path="work-orders/reports" element={guarded('work_orders.reports', <WorkOrderReportsPage />)} />
          <Route path="settings/work-orders" element={guarded('work_orders.settings', <WorkOrderSettingsPage />)} />
          <Route path="key-accounts" element={guarded('customers.read', <KeyAccountsPage />)} />
          <Route path="orders" element={guarded('customers.read', <OrdersPage />)} />
          <Route path="orders/import" element={guarded('orders.import', <OrderImportPage />)} />
          <Route path="customers" element={guarded('customers.read', <CustomersPage />)} />
          <Route path="customers/:id" element={guarded('customers.read', <CustomerPage />)} />
          <Route path="customer-duplicates" element={guarded('customers.read', <DuplicatesPage />)} />
          <Route path="settings/customer-attributes" element={guarded('customers.read', <CustomerAttributesPage />)} />
          <Route path="wallboard" element={guarded('routing.monitor', <WallboardPage />)} />
          <Route path="settings/teams" element={guarded('users.read', <TeamsPage />)} />
          <Route path="settings/routing" element={guarded('routing.manage', <RoutingPage />)} />
          <Route path="settings/loyalty" element={guarded('customers.read', <LoyaltyPage />)} />
          <Route path="settings/users" element={guarded('users.read', <UsersPage />)} />
          <Route path="settings/roles" element={guarded('users.read', <RolesPage />)} />
          <Route path="settings/audit" element={guarded('audit.read', <AuditPage />)} />
          <Route path="settings/tokens" element={guarded('tokens.manage', <TokensPage />)} />
          <Route path="settings/account" element={guarded('account.manage', <AccountPage />)} />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
