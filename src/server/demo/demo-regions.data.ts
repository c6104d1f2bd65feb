// The 31 provincial divisions of mainland China with a few cities and districts each. The weight is
// the 2020 census population (millions) times a rough online-shopping factor (the coast and the big
// cities buy more), so the demo's customer map looks like a real shop's.

export type City = { name: string; weight: number; districts: readonly string[] };
export type Province = { name: string; weight: number; cities: readonly City[] };

const city = (name: string, weight: number, districts: string): City => ({ name, weight, districts: districts.split(' ') });

export const PROVINCES: readonly Province[] = [
  { name: '广东省', weight: 126 * 1.5, cities: [city('广州市', 4, '天河区 越秀区 海珠区 白云区 番禺区'), city('深圳市', 4, '南山区 福田区 宝安区 龙岗区 龙华区'), city('东莞市', 2, '南城街道 东城街道 长安镇'), city('佛山市', 2, '禅城区 南海区 顺德区')] },
  { name: '山东省', weight: 101 * 1.0, cities: [city('济南市', 3, '历下区 市中区 槐荫区'), city('青岛市', 3, '市南区 崂山区 黄岛区'), city('烟台市', 1, '芝罘区 莱山区')] },
  { name: '河南省', weight: 99 * 0.8, cities: [city('郑州市', 4, '金水区 二七区 中原区 管城回族区'), city('洛阳市', 1.5, '西工区 洛龙区'), city('南阳市', 1, '卧龙区 宛城区')] },
  { name: '江苏省', weight: 85 * 1.4, cities: [city('南京市', 3, '玄武区 鼓楼区 建邺区 江宁区'), city('苏州市', 3, '姑苏区 吴中区 虎丘区'), city('无锡市', 1.5, '梁溪区 滨湖区')] },
  { name: '四川省', weight: 84 * 0.9, cities: [city('成都市', 5, '武侯区 锦江区 青羊区 成华区 金牛区'), city('绵阳市', 1, '涪城区 游仙区')] },
  { name: '河北省', weight: 75 * 0.8, cities: [city('石家庄市', 3, '长安区 桥西区 裕华区'), city('保定市', 1.5, '竞秀区 莲池区'), city('唐山市', 1.5, '路南区 路北区')] },
  { name: '湖南省', weight: 66 * 0.9, cities: [city('长沙市', 4, '岳麓区 芙蓉区 天心区 雨花区'), city('株洲市', 1, '天元区 芦淞区')] },
  { name: '浙江省', weight: 65 * 1.6, cities: [city('杭州市', 4, '西湖区 拱墅区 上城区 滨江区 余杭区'), city('宁波市', 2, '海曙区 鄞州区'), city('温州市', 1.5, '鹿城区 瓯海区')] },
  { name: '安徽省', weight: 61 * 0.8, cities: [city('合肥市', 3, '蜀山区 包河区 庐阳区'), city('芜湖市', 1, '镜湖区 鸠江区')] },
  { name: '湖北省', weight: 58 * 1.0, cities: [city('武汉市', 5, '江汉区 武昌区 洪山区 江岸区'), city('宜昌市', 1, '西陵区 伍家岗区')] },
  { name: '广西壮族自治区', weight: 50 * 0.8, cities: [city('南宁市', 3, '青秀区 兴宁区'), city('桂林市', 1, '秀峰区 七星区'), city('柳州市', 1, '城中区 鱼峰区')] },
  { name: '云南省', weight: 47 * 0.8, cities: [city('昆明市', 4, '五华区 盘龙区 官渡区'), city('大理白族自治州', 1, '大理市')] },
  { name: '江西省', weight: 45 * 0.8, cities: [city('南昌市', 3, '东湖区 西湖区 红谷滩区'), city('赣州市', 1, '章贡区')] },
  { name: '辽宁省', weight: 43 * 0.9, cities: [city('沈阳市', 3, '和平区 沈河区 皇姑区'), city('大连市', 2, '中山区 沙河口区')] },
  { name: '福建省', weight: 41 * 1.2, cities: [city('福州市', 2, '鼓楼区 台江区 仓山区'), city('厦门市', 2, '思明区 湖里区'), city('泉州市', 1.5, '丰泽区 鲤城区')] },
  { name: '陕西省', weight: 40 * 0.9, cities: [city('西安市', 5, '雁塔区 碑林区 未央区'), city('宝鸡市', 1, '渭滨区 金台区')] },
  { name: '贵州省', weight: 39 * 0.7, cities: [city('贵阳市', 3, '南明区 云岩区 观山湖区'), city('遵义市', 1, '红花岗区 汇川区')] },
  { name: '山西省', weight: 35 * 0.8, cities: [city('太原市', 3, '小店区 迎泽区 杏花岭区'), city('大同市', 1, '平城区')] },
  { name: '重庆市', weight: 32 * 1.0, cities: [city('重庆市', 1, '渝中区 江北区 南岸区 渝北区 沙坪坝区')] },
  { name: '黑龙江省', weight: 32 * 0.7, cities: [city('哈尔滨市', 3, '南岗区 道里区 香坊区'), city('大庆市', 1, '萨尔图区')] },
  { name: '新疆维吾尔自治区', weight: 26 * 0.5, cities: [city('乌鲁木齐市', 1, '天山区 沙依巴克区')] },
  { name: '上海市', weight: 25 * 1.9, cities: [city('上海市', 1, '浦东新区 徐汇区 静安区 黄浦区 闵行区 长宁区')] },
  { name: '甘肃省', weight: 25 * 0.6, cities: [city('兰州市', 1, '城关区 七里河区')] },
  { name: '内蒙古自治区', weight: 24 * 0.7, cities: [city('呼和浩特市', 2, '新城区 赛罕区'), city('包头市', 1, '昆都仑区')] },
  { name: '吉林省', weight: 24 * 0.7, cities: [city('长春市', 3, '朝阳区 南关区 绿园区'), city('吉林市', 1, '船营区')] },
  { name: '北京市', weight: 22 * 1.9, cities: [city('北京市', 1, '朝阳区 海淀区 东城区 西城区 丰台区 通州区')] },
  { name: '天津市', weight: 14 * 1.2, cities: [city('天津市', 1, '和平区 南开区 河西区 滨海新区')] },
  { name: '海南省', weight: 10 * 0.9, cities: [city('海口市', 2, '美兰区 龙华区'), city('三亚市', 1, '吉阳区 天涯区')] },
  { name: '宁夏回族自治区', weight: 7 * 0.7, cities: [city('银川市', 1, '兴庆区 金凤区')] },
  { name: '青海省', weight: 6 * 0.6, cities: [city('西宁市', 1, '城东区 城中区')] },
  { name: '西藏自治区', weight: 4 * 0.4, cities: [city('拉萨市', 1, '城关区')] },
];
