// The demo shop: 花漾美妆 (HuaYang Beauty), a cosmetics and skincare brand selling on Tmall, Taobao,
// JD, its own site and a small Shopify store. Groups are two levels deep, as routing rules use them
// ("面部护肤 questions go to the skincare team").

export const DEMO_BRAND = '花漾美妆';

export const DEMO_SHOPS = {
  tmall: '花漾美妆官方旗舰店',
  taobao: '花漾美妆淘宝店',
  jd: '花漾美妆京东旗舰店',
  web: '花漾美妆官网商城',
  shopify: 'HuaYang Beauty Global',
} as const;

/** A product line: "name|spec|price in yuan". */
export type SubgroupData = { name: string; code: string; products: readonly string[] };
export type GroupData = { name: string; subgroups: readonly SubgroupData[] };

export const CATALOGUE: readonly GroupData[] = [
  {
    name: '面部护肤',
    subgroups: [
      { name: '洁面', code: 'FC-CL', products: ['氨基酸温和洁面乳|120g|69', '控油清爽洁面泡沫|150ml|59', '积雪草舒缓洁颜蜜|120ml|89', '深层清洁泥膜洁面|100g|99'] },
      { name: '卸妆', code: 'FC-MR', products: ['温和净颜卸妆水|400ml|89', '植物精粹卸妆油|200ml|129', '清透卸妆膏|100g|109'] },
      { name: '化妆水', code: 'FC-TN', products: ['玻尿酸补水保湿爽肤水|150ml|99', '烟酰胺亮肤精华水|150ml|139', '积雪草舒缓修护水|200ml|119', '水杨酸控油收敛水|150ml|109', '神经酰胺屏障修护水|120ml|159'] },
      { name: '精华', code: 'FC-SE', products: ['玻尿酸补水精华液|30ml|169', '377美白淡斑精华|30ml|239', '视黄醇抗初老精华|30ml|299', '胜肽紧致抗皱精华|30ml|329', '烟酰胺提亮精华|50ml|199', '二裂酵母修护精华|50ml|269', '维C焕亮精华|30ml|219'] },
      { name: '乳液面霜', code: 'FC-CR', products: ['保湿修护乳液|100ml|129', '神经酰胺修护面霜|50g|199', '胜肽紧致面霜|50g|299', '清爽控油凝露|50g|119', '人参滋养晚霜|50g|349'] },
      { name: '面膜', code: 'FC-MK', products: ['玻尿酸补水面膜|10片|99', '积雪草舒缓面膜|10片|109', '美白亮肤面膜|10片|119', '睡眠免洗面膜|100g|89', '清洁泥膜|100g|79'] },
      { name: '眼部护理', code: 'FC-EY', products: ['胜肽紧致眼霜|15g|259', '咖啡因淡化黑眼圈眼霜|20g|189', '熬夜修护眼部精华|20ml|229'] },
      { name: '防晒', code: 'FC-SS', products: ['清透水感防晒乳 SPF50+ PA++++|50ml|129', '户外防水防晒霜 SPF50+|60ml|109', '素颜隔离防晒霜|40g|119', '清爽防晒喷雾 SPF50+|150ml|99'] },
    ],
  },
  {
    name: '彩妆',
    subgroups: [
      { name: '口红唇釉', code: 'MU-LP', products: ['丝绒哑光口红 #316 枫叶红|3.5g|139', '丝绒哑光口红 #999 正红|3.5g|139', '丝绒哑光口红 #520 豆沙色|3.5g|139', '水光镜面唇釉 #02 奶茶色|5ml|119', '水光镜面唇釉 #07 番茄红|5ml|119', '滋润修护润唇膏|4g|49'] },
      { name: '底妆', code: 'MU-FD', products: ['轻薄持妆粉底液 自然色|30ml|199', '轻薄持妆粉底液 象牙白|30ml|199', '水润遮瑕气垫BB霜|15g×2|179', '三色遮瑕膏|5g|89', '控油妆前乳|30ml|109'] },
      { name: '眼妆', code: 'MU-EY', products: ['九色大地色眼影盘|9g|159', '纤长卷翘睫毛膏|8ml|99', '极细防水眼线笔|0.5g|69', '自然持久眉笔|0.3g|49'] },
      { name: '腮红修容', code: 'MU-BL', products: ['柔雾单色腮红 蜜桃色|5g|89', '高光修容盘|10g|129'] },
      { name: '定妆', code: 'MU-ST', products: ['控油定妆散粉|8g|119', '持妆定妆喷雾|100ml|99'] },
    ],
  },
  {
    name: '身体护理',
    subgroups: [
      { name: '沐浴', code: 'BD-BW', products: ['白茶香氛沐浴露|500ml|69', '樱花香氛沐浴露|500ml|69', '海盐去角质磨砂膏|200g|89'] },
      { name: '身体乳', code: 'BD-LT', products: ['烟酰胺亮白身体乳|250ml|99', '果酸焕肤身体乳|250ml|109', '香氛保湿身体乳|300ml|89'] },
      { name: '手部护理', code: 'BD-HD', products: ['香氛护手霜礼盒|30g×5|79', '修护护手霜|50g|39'] },
    ],
  },
  {
    name: '香水香氛',
    subgroups: [
      { name: '香水', code: 'FR-PF', products: ['白茶淡香水|50ml|299', '玫瑰淡香水|50ml|299', '小苍兰淡香精|30ml|259'] },
      { name: '家居香氛', code: 'FR-HM', products: ['大豆香薰蜡烛|200g|129', '无火藤条香薰|150ml|99'] },
    ],
  },
  {
    name: '男士护理',
    subgroups: [
      { name: '男士护肤', code: 'MN-SK', products: ['男士控油洁面乳|150g|69', '男士保湿乳液|100ml|99', '男士水乳套装|2件|169', '男士剃须泡沫|200ml|49'] },
    ],
  },
  {
    name: '美妆工具',
    subgroups: [
      { name: '化妆刷具', code: 'TL-BR', products: ['化妆刷套装|12支|129', '美妆蛋|3个|39', '气垫粉扑|4片|19', '睫毛夹|1个|35', '化妆棉|222片|19'] },
    ],
  },
  {
    name: '套装礼盒',
    subgroups: [
      { name: '护肤套装', code: 'GS-SK', products: ['补水保湿护肤套装|5件|399', '抗初老护肤套装|4件|699', '敏感肌修护套装|4件|459'] },
      { name: '节日礼盒', code: 'GS-GF', products: ['口红礼盒|3支|359', '新春限定礼盒|6件|599', '七夕限定香水礼盒|2件|499', '圣诞限定美妆礼盒|8件|499'] },
    ],
  },
];

/** Limited editions that are off sale today; they still turn up in older orders. */
export const OFF_SALE = new Set(['七夕限定香水礼盒', '圣诞限定美妆礼盒']);

/** Groups that sell more in summer (sunscreen) or around festivals (gift boxes). */
export const SUMMER_SUBGROUPS = new Set(['FC-SS', 'BD-LT', 'BD-BW']);
export const FESTIVE_SUBGROUPS = new Set(['GS-SK', 'GS-GF', 'MU-LP', 'FR-PF']);
