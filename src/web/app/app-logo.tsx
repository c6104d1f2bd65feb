import { Flex, Typography, theme } from 'antd';

/** The 店 mark and the product name; the name hides when the sider is collapsed. */
export function AppLogo({ collapsed = false, size = 32 }: { collapsed?: boolean; size?: number }) {
  const { token } = theme.useToken();
  return (
    <Flex align="center" gap={10} style={{ minWidth: 0 }}>
      <span
        aria-hidden
        style={{
          display: 'inline-flex',
          alignItems: 'center',
          justifyContent: 'center',
          flex: 'none',
          width: size,
          height: size,
          borderRadius: size / 4,
          background: `linear-gradient(135deg, ${token.colorPrimary}, #36cfc9)`,
          color: '#fff',
          fontWeight: 700,
          fontSize: size * 0.55,
        }}
      >
        店
      </span>
      {!collapsed && (
        <Typography.Text strong style={{ fontSize: size * 0.5, whiteSpace: 'nowrap' }}>
          店服 <span style={{ color: token.colorTextSecondary, fontWeight: 500 }}>ShopDesk</span>
        </Typography.Text>
      )}
    </Flex>
  );
}
