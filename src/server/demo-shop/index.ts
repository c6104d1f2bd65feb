export { demoShopRoutes, firstWebInboxId, type DemoShopDeps } from './demo-shop.routes.ts';
