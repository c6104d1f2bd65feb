/**
 * The widget's stylesheet, scoped by its shadow root. `:host` declarations are !important because
 * important rules from inside a shadow tree beat the page's, so a shop's `div { … !important }`
 * cannot move or hide the widget.
 */
export const STYLES = `
:host{all:initial!important;display:block!important;position:fixed!important;right:0!important;bottom:0!important;width:0!important;height:0!important;z-index:2147483000!important;visibility:visible!important;opacity:1!important;transform:none!important}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.sd{--c:#1677ff;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:14px;line-height:1.5;color:#1f2329;-webkit-font-smoothing:antialiased;text-align:left}
button{font:inherit;color:inherit;background:none;border:0;margin:0;padding:0;cursor:pointer}
button:focus-visible,textarea:focus-visible,input:focus-visible{outline:2px solid var(--c);outline-offset:1px}
.launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;background:var(--c);color:#fff;display:flex;align-items:center;justify-content:center;box-shadow:0 6px 20px rgba(0,0,0,.22);transition:transform .15s}
.launcher:hover{transform:scale(1.06)}
.launcher .i-close,.open .launcher .i-chat{display:none}
.open .launcher .i-close{display:block}
.badge{position:absolute;top:-3px;right:-3px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#f5222d;color:#fff;font-size:12px;line-height:20px;text-align:center;box-shadow:0 0 0 2px #fff}
.panel{position:fixed;right:20px;bottom:88px;width:360px;height:560px;max-height:calc(100vh - 108px);background:#fff;border-radius:12px;box-shadow:0 12px 48px rgba(0,0,0,.2);display:flex;flex-direction:column;overflow:hidden}
.head{flex:none;display:flex;align-items:center;gap:8px;padding:12px 10px 12px 16px;background:var(--c);color:#fff}
.title{flex:1;min-width:0}
.name{font-size:16px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.presence{display:flex;align-items:center;gap:6px;font-size:12px;opacity:.92}
.dot{width:8px;height:8px;border-radius:50%;background:#52c41a;box-shadow:0 0 0 2px rgba(255,255,255,.55)}
.away .dot{background:#c4c8cf}
.x{flex:none;width:34px;height:34px;border-radius:50%;display:flex;align-items:center;justify-content:center}
.x:hover{background:rgba(255,255,255,.16)}
.banner{flex:none;padding:5px 12px;background:#fffbe6;border-bottom:1px solid #ffe58f;color:#ad6800;font-size:12px;text-align:center}
.queue{flex:none;padding:6px 12px;background:#e6f4ff;border-bottom:1px solid #bae0ff;color:#0958d9;font-size:12px;text-align:center}
.body{flex:1;min-height:0;display:flex;flex-direction:column;background:#f5f6f8}
.chat{flex:1;min-height:0;display:flex;flex-direction:column}
.list{flex:1;min-height:0;overflow-y:auto;overscroll-behavior:contain;padding:14px 12px 6px}
.row{display:flex;flex-direction:column;align-items:flex-start;margin:0 0 12px}
.row.me{align-items:flex-end}
.who{margin:0 0 3px 4px;font-size:12px;color:#8a919f}
.bubble{max-width:82%;padding:8px 12px;border-radius:4px 12px 12px 12px;background:#fff;color:#1f2329;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.me .bubble{border-radius:12px 4px 12px 12px;background:var(--c);color:#fff}
.pending .bubble{opacity:.7}
.files{display:flex;flex-direction:column;gap:6px;padding:4px}
.files>div{padding:2px 8px 4px}
.bare{padding:0;background:none!important;box-shadow:none}
.thumb{display:block;line-height:0;cursor:zoom-in}
.thumb img{display:block;max-width:220px;max-height:220px;min-width:48px;min-height:48px;border-radius:8px;background:#eef0f3;object-fit:cover}
.viewer{position:absolute;top:0;left:0;right:0;bottom:0;z-index:3;display:flex;align-items:center;justify-content:center;padding:52px 12px 12px;background:rgba(0,0,0,.88);cursor:zoom-out}
.viewer img{display:block;max-width:100%;max-height:100%;object-fit:contain;border-radius:4px}
.viewer.loading img{opacity:.6}
.viewer .x{position:absolute;top:8px;right:8px;color:#fff}
.file{display:flex;align-items:center;gap:8px;max-width:240px;padding:8px 10px;border-radius:8px;background:rgba(0,0,0,.06);text-align:left}
.fn{min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;text-decoration:underline}
.fs{flex:none;font-size:12px;opacity:.75}
.meta{display:flex;align-items:center;gap:6px;margin:3px 4px 0;font-size:11px;color:#a0a6b1}
.ok{color:#52c41a;font-weight:700}
.bad{color:#f5222d}
.retry{color:var(--c);text-decoration:underline}
.event,.divider{margin:4px auto 12px;font-size:12px;color:#8a919f;text-align:center}
.divider{display:flex;align-items:center;gap:8px}
.divider::before,.divider::after{content:"";flex:1;height:1px;background:#e3e6ea}
.typing{flex:none;padding:0 16px 6px;font-size:12px;color:#8a919f}
.typing i{display:inline-block;width:4px;height:4px;margin-left:3px;border-radius:50%;background:currentColor;animation:sd-blink 1.2s infinite}
.typing i:nth-child(2){animation-delay:.2s}.typing i:nth-child(3){animation-delay:.4s}
@keyframes sd-blink{0%,80%,100%{opacity:.2}40%{opacity:1}}
.note{flex:none;display:flex;justify-content:space-between;align-items:center;gap:8px;padding:8px 12px;background:#fff;border-top:1px solid #eef0f3;font-size:12px;color:#595f6d}
.link{color:var(--c);font-size:12px;text-decoration:underline}
.emojis{flex:none;display:grid;grid-template-columns:repeat(8,1fr);gap:2px;max-height:168px;overflow-y:auto;padding:8px;background:#fff;border-top:1px solid #eef0f3}
.emojis button{padding:6px 0;border-radius:6px;font-size:20px;line-height:1.2;font-family:"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji",sans-serif}
.emojis button:hover,.icon:hover{background:#f0f2f5}
.composer{flex:none;display:flex;align-items:flex-end;gap:6px;padding:8px;background:#fff;border-top:1px solid #eef0f3}
textarea,input{font:inherit;color:#1f2329;background:#fff;border:1px solid #d9dce1;border-radius:8px;outline:none;margin:0}
textarea:focus,input:focus{border-color:var(--c)}
.composer textarea{flex:1;min-width:0;height:36px;max-height:120px;padding:7px 10px;line-height:20px;resize:none}
.icon{flex:none;width:36px;height:36px;border-radius:8px;display:flex;align-items:center;justify-content:center;color:#6b7280}
.send,.send:hover{background:var(--c);color:#fff}
.send:disabled{opacity:.4;cursor:default}
.form,.center{flex:1;min-height:0;overflow-y:auto;display:flex;flex-direction:column;gap:12px;padding:18px 16px;background:#fff}
.center{align-items:center;justify-content:center;text-align:center}
h3{margin:0;font-size:16px;font-weight:600}
p{margin:0;color:#595f6d;font-size:13px}
label{display:flex;flex-direction:column;gap:4px;font-size:13px;color:#1f2329}
.form input,.form textarea{padding:8px 10px}
.form textarea{min-height:96px;resize:vertical}
.err{color:#f5222d;font-size:12px}
.primary{padding:10px;border-radius:8px;background:var(--c);color:#fff;font-weight:600}
.primary:disabled{opacity:.6;cursor:default}
.big{font-size:44px;line-height:1;color:#52c41a}
.wo-open{flex:none;display:flex;align-items:center;gap:4px;height:30px;padding:0 10px;border-radius:15px;background:rgba(255,255,255,.18);color:#fff;font-size:12px;white-space:nowrap}
.wo-open:hover{background:rgba(255,255,255,.28)}
.wo{flex:1;min-height:0;display:flex;flex-direction:column}
.wo-bar{flex:none;display:flex;align-items:center;gap:8px;padding:8px 12px;background:#fff;border-bottom:1px solid #eef0f3}
.wo-bar h3{font-size:15px}
.back{display:flex;align-items:center;gap:2px;padding:4px 8px 4px 4px;border-radius:6px;color:#595f6d;font-size:13px}
.back:hover{background:#f0f2f5}
.wo-scroll{flex:1;min-height:0;overflow-y:auto;overscroll-behavior:contain;padding:12px}
.wo-state{padding:28px 12px;text-align:center;color:#8a919f}
.wo-state.bad{color:#f5222d}
.wo-scroll>.link{display:block;margin:0 auto 12px}
.wo-item{margin:0 0 12px;padding:12px 14px;border-radius:10px;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.wo-top{display:flex;align-items:flex-start;justify-content:space-between;gap:8px}
.wo-title{font-weight:600;overflow-wrap:anywhere;word-break:break-word}
.wo-tag{flex:none;padding:0 8px;border-radius:10px;font-size:12px;line-height:20px;white-space:nowrap;background:#e6f4ff;color:#0958d9}
.wo-tag.pending_customer{background:#fff7e6;color:#d46b08}
.wo-tag.pending_team{background:#f9f0ff;color:#531dab}
.wo-tag.resolved{background:#f6ffed;color:#389e0d}
.wo-tag.closed{background:#f0f0f0;color:#595959}
.wo-meta{margin:2px 0 0;font-size:12px;color:#8a919f}
.wo-replies{margin:10px 0 0;padding:0;list-style:none;border-top:1px solid #eef0f3}
.wo-replies li{padding:8px 0 0}
.wo-who{font-size:12px;color:#8a919f}
.wo-text{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.wo-none{margin:8px 0 0;font-size:12px;color:#8a919f}
@media (max-width:480px){
.panel{top:0;left:0;right:0;bottom:0;width:100%;height:100%;max-height:none;border-radius:0}
.open .launcher{display:none}
.head{padding-top:calc(12px + env(safe-area-inset-top))}
.composer{padding-bottom:calc(8px + env(safe-area-inset-bottom))}
.composer textarea,.form input,.form textarea{font-size:16px}
}
`;
