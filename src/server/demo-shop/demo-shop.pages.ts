import { DEMO_BRAND, DEMO_SHOPS } from '../demo/demo-catalogue.data.ts';
import type { DemoCatalogue, DemoGroup, DemoProduct } from '../demo/demo-catalogue.ts';
import { GROUP_TINTS, SUBGROUP_COPY } from './demo-shop.copy.ts';
import { html, raw, scriptJson, type Html } from './html.ts';
import { SHOP_CSS, SHOP_SCRIPT } from './demo-shop.styles.ts';

export const DEMO_NOTICE_ZH = '这是演示商店：在右下角以顾客身份咨询，再用另一个窗口登录店服后台以客服身份回复。';
export const DEMO_NOTICE_EN = 'This is a demo shop: ask as a shopper (bottom right), and answer as an agent in the ShopDesk back office in another window.';

/** What a page needs besides the catalogue: the web inbox the widget talks to, if there is one yet. */
export type PageContext = { inboxId: string | null };

export function formatYuan(cents: number): string {
  return `¥${(cents / 100).toFixed(2)}`;
}

/** The shop's home page: every product on sale, by group. */
export function renderHome(catalogue: DemoCatalogue, ctx: PageContext): string {
  const tops = topGroups(catalogue);
  const body = html`
    <section class="hero">
      <div>
        <h1>${DEMO_BRAND} · 官方商城</h1>
        <p>正品保障 · 满 99 元顺丰包邮 · 7 天无理由退货 · 会员积分抵现</p>
      </div>
    </section>
    ${tops.map((top) => {
      const subs = catalogue.groups.filter((g) => g.parentKey === top.key);
      return html`
        <section class="group" id="${top.key}">
          <h2>${top.name}</h2>
          ${subs.map((sub) => {
            const products = catalogue.products.filter((p) => p.groupKey === sub.key && p.status === 'active');
            if (!products.length) return '';
            return html`
              <h3>${sub.name}</h3>
              <div class="grid">${products.map((p) => productCard(p, top, sub))}</div>`;
          })}
        </section>`;
    })}`;
  return page({ title: `${DEMO_SHOPS.web}`, catalogue, ctx, body, product: null });
}

/** One product's page, with the chat widget carrying that product as the entry context. */
export function renderProduct(catalogue: DemoCatalogue, product: DemoProduct, ctx: PageContext): string {
  const sub = catalogue.groups.find((g) => g.key === product.groupKey);
  const top = catalogue.groups.find((g) => g.key === sub?.parentKey);
  const attrs = product.attributes as { spec?: string; brand?: string; shade?: string; skin_types?: string[] };
  const onSale = product.status === 'active';
  const related = catalogue.products.filter((p) => p.groupKey === product.groupKey && p.sku !== product.sku && p.status === 'active').slice(0, 4);
  const details: Array<[string, string | undefined]> = [
    ['品牌', attrs.brand],
    ['规格', attrs.spec],
    ['色号', attrs.shade],
    ['适合肤质', attrs.skin_types?.join('、')],
    ['商品编号', product.sku],
    ['发货', '付款后 48 小时内从杭州仓发货'],
  ];
  const body = html`
    <nav class="crumbs"><a href="/demo">首页</a> › ${top ? html`<a href="/demo#${top.key}">${top.name}</a> › ` : ''}${sub?.name ?? ''}</nav>
    <section class="product">
      <div class="photo" style="${tint(top)}"><span>${sub?.name ?? ''}</span><small>${DEMO_BRAND}</small></div>
      <div class="buy">
        <h1 data-testid="product-name">${product.name}</h1>
        <p class="lead">${SUBGROUP_COPY[product.groupKey] ?? ''}</p>
        <div class="price-box">
          <span class="price" data-testid="product-price">${formatYuan(product.priceCents)}</span>
          ${onSale ? html`<span class="tag">会员 9.5 折</span><span class="tag">满 299 减 30</span>` : html`<span class="tag off">已下架</span>`}
        </div>
        <dl class="options">
          <dt>规格</dt><dd><span class="pill on">${attrs.spec ?? '标准装'}</span></dd>
          ${attrs.shade ? html`<dt>色号</dt><dd><span class="pill on">${attrs.shade}</span></dd>` : ''}
          <dt>配送</dt><dd>顺丰包邮 · 预计 2–3 天送达</dd>
          <dt>服务</dt><dd>正品保障 · 7 天无理由退货 · 过敏包退</dd>
        </dl>
        <div class="actions">
          <button type="button" class="btn cart" data-fake-cart ${onSale ? '' : raw('disabled')}>加入购物车</button>
          <button type="button" class="btn ask" data-open-chat>咨询客服</button>
        </div>
      </div>
    </section>
    <section class="details">
      <h2>商品详情</h2>
      <table>${details.filter(([, v]) => v).map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</table>
      <p>${SUBGROUP_COPY[product.groupKey] ?? ''} 有任何疑问（肤质是否适合、用法、物流、售后），点右下角咨询在线客服。</p>
    </section>
    ${related.length ? html`<section class="group"><h2>同类推荐</h2><div class="grid">${related.map((p) => productCard(p, top, sub))}</div></section>` : ''}`;
  return page({ title: `${product.name} - ${DEMO_SHOPS.web}`, catalogue, ctx, body, product });
}

export function renderNotFound(catalogue: DemoCatalogue, ctx: PageContext): string {
  const body = html`<section class="empty"><h1>商品不存在或已下架</h1><p><a href="/demo">返回商城首页</a></p></section>`;
  return page({ title: `商品不存在 - ${DEMO_SHOPS.web}`, catalogue, ctx, body, product: null });
}

function topGroups(catalogue: DemoCatalogue): DemoGroup[] {
  return catalogue.groups.filter((g) => g.parentKey === null).sort((a, b) => a.sort - b.sort);
}

function tint(top: DemoGroup | undefined): string {
  const [a, b] = GROUP_TINTS[top?.key ?? ''] ?? ['#f3f4f6', '#e5e7eb'];
  return `background:linear-gradient(135deg,${a},${b})`;
}

function productCard(p: DemoProduct, top: DemoGroup | undefined, sub: DemoGroup | undefined): Html {
  return html`
    <a class="card" href="/demo/products/${encodeURIComponent(p.sku)}" data-sku="${p.sku}">
      <div class="photo" style="${tint(top)}"><span>${sub?.name ?? ''}</span><small>${DEMO_BRAND}</small></div>
      <div class="card-name">${p.name}</div>
      <div class="card-price">${formatYuan(p.priceCents)}</div>
    </a>`;
}

function page(opts: { title: string; catalogue: DemoCatalogue; ctx: PageContext; body: Html; product: DemoProduct | null }): string {
  const { ctx, product } = opts;
  const settings = { locale: 'zh-CN', ...(product ? { product: { id: product.sku, name: product.name } } : {}) };
  const widget = ctx.inboxId
    ? html`<script>window.ShopDeskSettings = ${raw(scriptJson(settings))};</script>
<script src="/widget.js" data-inbox="${ctx.inboxId}" async></script>`
    : html`<div class="no-inbox" data-testid="no-inbox">还没有网页渠道，客服窗口暂不显示：请先启动店服并完成初始化（会为每个账号创建默认的网页收件箱）。<br>No web inbox yet, so the chat widget is not shown.</div>`;
  return `<!doctype html>${html`
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
<style>${raw(SHOP_CSS)}</style>
</head>
<body>
<div class="demo-note" data-testid="demo-note">${DEMO_NOTICE_ZH} / ${DEMO_NOTICE_EN}</div>
<header class="top">
  <div class="wrap bar">
    <a class="logo" href="/demo">${DEMO_BRAND}<small>官网商城</small></a>
    <nav>${topGroups(opts.catalogue).map((g) => html`<a href="/demo#${g.key}">${g.name}</a>`)}</nav>
    <span class="cart-count">购物车 <b data-cart-count>0</b></span>
  </div>
</header>
<main class="wrap">${opts.body}</main>
<footer><div class="wrap">© ${DEMO_BRAND} · 演示数据，并非真实商店 · 客服系统由 ShopDesk 店服提供</div></footer>
<div class="toast" data-toast hidden></div>
<script>${raw(SHOP_SCRIPT)}</script>
${widget}
</body>
</html>`.value}`;
}
