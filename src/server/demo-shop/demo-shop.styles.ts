/** The demo shop's stylesheet: a plain, believable cosmetics shop, readable on phones. */
export const SHOP_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#262626;background:#faf7f5;font-size:14px;line-height:1.6}
a{color:inherit;text-decoration:none}
.wrap{max-width:1180px;margin:0 auto;padding:0 20px}
.demo-note{background:#fff7e6;border-bottom:1px solid #ffd591;color:#874d00;font-size:13px;padding:8px 20px;text-align:center}
.no-inbox{max-width:1180px;margin:12px auto;padding:10px 14px;border:1px dashed #faad14;border-radius:8px;background:#fffbe6;color:#874d00;font-size:13px}
.top{background:#fff;border-bottom:1px solid #f0e6e6;position:sticky;top:0;z-index:10}
.bar{display:flex;align-items:center;gap:28px;height:64px}
.logo{font-size:22px;font-weight:700;color:#c2185b;letter-spacing:1px;white-space:nowrap}
.logo small{font-size:12px;font-weight:400;color:#8c8c8c;margin-left:8px;letter-spacing:0}
.bar nav{display:flex;gap:20px;overflow-x:auto;flex:1;scrollbar-width:none}
.bar nav a{white-space:nowrap;color:#595959}
.bar nav a:hover{color:#c2185b}
.cart-count{margin-left:auto;white-space:nowrap;color:#595959}
.cart-count b{display:inline-block;min-width:20px;padding:0 6px;border-radius:10px;background:#c2185b;color:#fff;font-size:12px;text-align:center}
.hero{margin:24px 0;padding:40px 36px;border-radius:16px;background:linear-gradient(120deg,#fce4ec,#f8bbd0 55%,#e1bee7);color:#6a1b4d}
.hero h1{margin:0 0 8px;font-size:30px}
.hero p{margin:0;font-size:15px}
.group{margin:32px 0}
.group h2{font-size:22px;margin:0 0 4px;padding-left:10px;border-left:4px solid #c2185b}
.group h3{font-size:15px;color:#8c8c8c;font-weight:500;margin:18px 0 10px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:16px}
.card{display:block;background:#fff;border-radius:12px;overflow:hidden;border:1px solid #f3e9e9;transition:box-shadow .15s,transform .15s}
.card:hover{box-shadow:0 8px 24px rgba(194,24,91,.12);transform:translateY(-2px)}
.card .photo{aspect-ratio:1/1}
.card-name{padding:10px 12px 0;height:58px;overflow:hidden;font-size:14px}
.card-price{padding:4px 12px 12px;color:#e4393c;font-size:18px;font-weight:600}
.photo{display:flex;flex-direction:column;align-items:center;justify-content:center;color:#8e2456;text-align:center}
.photo span{font-size:26px;font-weight:600;letter-spacing:4px}
.photo small{margin-top:6px;font-size:12px;opacity:.7;letter-spacing:2px}
.crumbs{margin:18px 0;color:#8c8c8c;font-size:13px}
.crumbs a:hover{color:#c2185b}
.product{display:grid;grid-template-columns:minmax(0,440px) minmax(0,1fr);gap:36px;background:#fff;border-radius:16px;padding:28px}
.product .photo{aspect-ratio:1/1;border-radius:12px}
.product .photo span{font-size:44px}
.buy h1{margin:0 0 8px;font-size:24px;line-height:1.4}
.lead{margin:0 0 16px;color:#8c8c8c}
.price-box{display:flex;align-items:center;gap:10px;flex-wrap:wrap;padding:14px 16px;border-radius:10px;background:#fff1f0;margin-bottom:18px}
.price{color:#e4393c;font-size:30px;font-weight:700}
.tag{border:1px solid #ffa39e;color:#cf1322;border-radius:4px;padding:0 6px;font-size:12px}
.tag.off{border-color:#d9d9d9;color:#8c8c8c}
.options{display:grid;grid-template-columns:64px 1fr;gap:12px 8px;margin:0 0 24px}
.options dt{color:#8c8c8c}
.options dd{margin:0}
.pill{display:inline-block;border:1px solid #d9d9d9;border-radius:6px;padding:2px 12px}
.pill.on{border-color:#c2185b;color:#c2185b;background:#fff0f6}
.actions{display:flex;gap:12px;flex-wrap:wrap}
.btn{font:inherit;font-size:16px;border:0;border-radius:24px;padding:12px 32px;cursor:pointer}
.btn.cart{background:linear-gradient(90deg,#ff7a45,#e4393c);color:#fff}
.btn.cart:disabled{background:#d9d9d9;cursor:not-allowed}
.btn.ask{background:#fff;color:#c2185b;border:1px solid #c2185b}
.details{margin:24px 0;background:#fff;border-radius:16px;padding:24px 28px}
.details h2{margin:0 0 12px;font-size:18px}
.details table{border-collapse:collapse;margin-bottom:12px}
.details th{font-weight:400;color:#8c8c8c;text-align:left;padding:4px 24px 4px 0;white-space:nowrap}
.details td{padding:4px 0}
.details p{margin:0;color:#595959}
.empty{text-align:center;padding:80px 0}
.empty a{color:#c2185b}
footer{margin-top:48px;padding:24px 0 96px;border-top:1px solid #f0e6e6;color:#8c8c8c;font-size:12px;text-align:center}
.toast{position:fixed;left:50%;top:30%;transform:translateX(-50%);background:rgba(0,0,0,.78);color:#fff;padding:12px 20px;border-radius:8px;z-index:20;max-width:80vw;text-align:center}
@media (max-width:720px){
.wrap{padding:0 12px}
.bar{gap:12px;height:auto;padding:10px 12px;flex-wrap:wrap}
.bar nav{order:3;flex-basis:100%;gap:16px}
.hero{padding:24px 20px;margin:16px 0}
.hero h1{font-size:22px}
.grid{grid-template-columns:repeat(2,minmax(0,1fr));gap:10px}
.card .photo span{font-size:20px}
.product{grid-template-columns:1fr;padding:16px;gap:16px}
.product .photo{aspect-ratio:16/10}
.btn{flex:1;padding:12px 0}
.details{padding:16px}
}
`;

/** The shop page's own behaviour: a fake cart and a button that opens the chat. No data in here. */
export const SHOP_SCRIPT = `
(function () {
  var toast = document.querySelector('[data-toast]');
  var count = document.querySelector('[data-cart-count]');
  var timer;
  function say(text) {
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(function () { toast.hidden = true; }, 2200);
  }
  document.addEventListener('click', function (e) {
    var target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    if (target.closest('[data-fake-cart]')) {
      count.textContent = String(Number(count.textContent) + 1);
      say('已加入购物车（演示商店不会真的下单）');
    }
    if (target.closest('[data-open-chat]')) {
      if (window.ShopDesk) window.ShopDesk.open();
      else say('客服窗口还没有加载');
    }
  });
})();
`;
