// Chinese names for demo customers. Surname shares follow the 2020 household-register statistics
// (王 7.1%, 李 7.0%, 张 6.7% …; the 100 listed cover about 86% of people); pinyin is kept beside each
// character so e-mail addresses and nicknames can be spelt from the name.

/** [surname, pinyin, share in percent] */
export const SURNAMES: ReadonlyArray<readonly [string, string, number]> = [
  ['王', 'wang', 7.12], ['李', 'li', 7.0], ['张', 'zhang', 6.74], ['刘', 'liu', 5.1], ['陈', 'chen', 4.61],
  ['杨', 'yang', 3.22], ['黄', 'huang', 2.45], ['赵', 'zhao', 2.19], ['吴', 'wu', 2.05], ['周', 'zhou', 1.94],
  ['徐', 'xu', 1.67], ['孙', 'sun', 1.54], ['马', 'ma', 1.48], ['朱', 'zhu', 1.42], ['胡', 'hu', 1.34],
  ['郭', 'guo', 1.3], ['何', 'he', 1.2], ['林', 'lin', 1.15], ['高', 'gao', 1.13], ['罗', 'luo', 1.04],
  ['郑', 'zheng', 0.99], ['梁', 'liang', 0.9], ['谢', 'xie', 0.84], ['宋', 'song', 0.8], ['唐', 'tang', 0.79],
  ['许', 'xu', 0.77], ['韩', 'han', 0.75], ['冯', 'feng', 0.72], ['邓', 'deng', 0.71], ['曹', 'cao', 0.7],
  ['彭', 'peng', 0.67], ['曾', 'zeng', 0.65], ['肖', 'xiao', 0.63], ['田', 'tian', 0.62], ['董', 'dong', 0.61],
  ['袁', 'yuan', 0.58], ['潘', 'pan', 0.56], ['于', 'yu', 0.55], ['蒋', 'jiang', 0.54], ['蔡', 'cai', 0.53],
  ['余', 'yu', 0.52], ['杜', 'du', 0.51], ['叶', 'ye', 0.5], ['程', 'cheng', 0.49], ['苏', 'su', 0.48],
  ['魏', 'wei', 0.47], ['吕', 'lv', 0.46], ['丁', 'ding', 0.45], ['任', 'ren', 0.44], ['沈', 'shen', 0.43],
  ['姚', 'yao', 0.42], ['卢', 'lu', 0.41], ['姜', 'jiang', 0.4], ['崔', 'cui', 0.39], ['钟', 'zhong', 0.38],
  ['谭', 'tan', 0.37], ['陆', 'lu', 0.36], ['汪', 'wang', 0.35], ['范', 'fan', 0.34], ['金', 'jin', 0.33],
  ['石', 'shi', 0.32], ['廖', 'liao', 0.31], ['贾', 'jia', 0.3], ['夏', 'xia', 0.29], ['韦', 'wei', 0.28],
  ['付', 'fu', 0.27], ['方', 'fang', 0.26], ['白', 'bai', 0.25], ['邹', 'zou', 0.24], ['孟', 'meng', 0.23],
  ['熊', 'xiong', 0.22], ['秦', 'qin', 0.21], ['邱', 'qiu', 0.2], ['江', 'jiang', 0.19], ['尹', 'yin', 0.18],
  ['薛', 'xue', 0.17], ['闫', 'yan', 0.16], ['段', 'duan', 0.15], ['雷', 'lei', 0.14], ['侯', 'hou', 0.13],
  ['龙', 'long', 0.12], ['史', 'shi', 0.11], ['陶', 'tao', 0.1], ['黎', 'li', 0.1], ['贺', 'he', 0.1],
  ['顾', 'gu', 0.1], ['毛', 'mao', 0.1], ['郝', 'hao', 0.09], ['龚', 'gong', 0.09], ['邵', 'shao', 0.09],
  ['万', 'wan', 0.09], ['钱', 'qian', 0.09], ['严', 'yan', 0.08], ['覃', 'qin', 0.08], ['武', 'wu', 0.08],
  ['戴', 'dai', 0.08], ['莫', 'mo', 0.08], ['孔', 'kong', 0.07], ['向', 'xiang', 0.07], ['汤', 'tang', 0.07],
  ['欧阳', 'ouyang', 0.03], ['上官', 'shangguan', 0.01], ['司马', 'sima', 0.01], ['诸葛', 'zhuge', 0.01],
];

/** Characters of given names, by the gender they are mostly given to, with pinyin. */
export const FEMALE_CHARS: ReadonlyArray<readonly [string, string]> = [
  ['丽', 'li'], ['静', 'jing'], ['敏', 'min'], ['燕', 'yan'], ['艳', 'yan'], ['娟', 'juan'], ['霞', 'xia'],
  ['芳', 'fang'], ['婷', 'ting'], ['雪', 'xue'], ['慧', 'hui'], ['玲', 'ling'], ['萍', 'ping'], ['红', 'hong'],
  ['洁', 'jie'], ['琳', 'lin'], ['颖', 'ying'], ['倩', 'qian'], ['璐', 'lu'], ['欣', 'xin'], ['怡', 'yi'],
  ['佳', 'jia'], ['梦', 'meng'], ['雨', 'yu'], ['涵', 'han'], ['萱', 'xuan'], ['瑶', 'yao'], ['琪', 'qi'],
  ['思', 'si'], ['诗', 'shi'], ['悦', 'yue'], ['馨', 'xin'], ['妍', 'yan'], ['彤', 'tong'], ['雯', 'wen'],
  ['月', 'yue'], ['蕾', 'lei'], ['蓉', 'rong'], ['晶', 'jing'], ['莉', 'li'], ['薇', 'wei'], ['婧', 'jing'],
  ['楠', 'nan'], ['露', 'lu'], ['丹', 'dan'], ['秀', 'xiu'], ['春', 'chun'], ['美', 'mei'], ['淑', 'shu'],
  ['晓', 'xiao'], ['雅', 'ya'], ['琴', 'qin'], ['桂', 'gui'], ['英', 'ying'], ['凤', 'feng'], ['兰', 'lan'],
];

export const MALE_CHARS: ReadonlyArray<readonly [string, string]> = [
  ['伟', 'wei'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['勇', 'yong'], ['杰', 'jie'], ['涛', 'tao'],
  ['明', 'ming'], ['超', 'chao'], ['刚', 'gang'], ['平', 'ping'], ['辉', 'hui'], ['鹏', 'peng'], ['华', 'hua'],
  ['飞', 'fei'], ['鑫', 'xin'], ['波', 'bo'], ['斌', 'bin'], ['宇', 'yu'], ['浩', 'hao'], ['凯', 'kai'],
  ['健', 'jian'], ['俊', 'jun'], ['帆', 'fan'], ['博', 'bo'], ['文', 'wen'], ['翔', 'xiang'], ['昊', 'hao'],
  ['然', 'ran'], ['旭', 'xu'], ['阳', 'yang'], ['坤', 'kun'], ['峰', 'feng'], ['毅', 'yi'], ['志', 'zhi'],
  ['建', 'jian'], ['国', 'guo'], ['东', 'dong'], ['林', 'lin'], ['海', 'hai'], ['亮', 'liang'], ['成', 'cheng'],
  ['子', 'zi'], ['轩', 'xuan'], ['哲', 'zhe'], ['睿', 'rui'], ['泽', 'ze'], ['晨', 'chen'], ['嘉', 'jia'],
];

/** Two-character given names popular for those born after 2000 (female, then male). */
export const MODERN_FEMALE_NAMES = ['梓涵', '欣怡', '诗涵', '雨桐', '可欣', '子涵', '梓萱', '思涵', '语嫣', '一诺', '依诺', '若曦', '梦瑶', '紫萱', '欣妍', '雨涵', '佳怡', '思琪'];
export const MODERN_MALE_NAMES = ['子轩', '浩然', '宇轩', '梓豪', '俊杰', '浩宇', '子墨', '宇航', '皓轩', '博文', '一鸣', '思远', '天佑', '铭泽', '嘉懿', '明哲'];

/** Pinyin for the characters of the modern names above that the character lists do not hold. */
export const EXTRA_PINYIN: Readonly<Record<string, string>> = {
  梓: 'zi', 桐: 'tong', 可: 'ke', 语: 'yu', 嫣: 'yan', 一: 'yi', 诺: 'nuo', 依: 'yi', 若: 'ruo', 曦: 'xi',
  紫: 'zi', 豪: 'hao', 墨: 'mo', 航: 'hang', 皓: 'hao', 鸣: 'ming', 远: 'yuan', 天: 'tian', 佑: 'you',
  铭: 'ming', 懿: 'yi',
};

/** Pieces of 淘宝-style nicknames: "爱笑的小鱼", "会飞的猫", "小雪酱", "Coco_li". */
export const NICK_ADJECTIVES = ['爱笑的', '会飞的', '吃不胖的', '快乐的', '安静的', '努力的', '贪吃的', '睡不醒的', '温柔的', '勇敢的', '懒懒的', '爱美的', '追风的', '失眠的', '元气满满的', '佛系的'];
export const NICK_NOUNS = ['小鱼', '猫', '兔子', '小土豆', '橘子', '小熊', '柠檬', '小太阳', '棉花糖', '奶茶', '蘑菇', '小鹿', '星星', '西瓜', '企鹅', '考拉', '小仙女', '少年', '大白', '芒果'];
export const NICK_SUFFIXES = ['酱', '呀', '宝宝', '子', '丫', '哒', '仔', ''];
export const ENGLISH_FEMALE_NAMES = ['Amy', 'Coco', 'Vivian', 'Lily', 'Cherry', 'Grace', 'Luna', 'Momo', 'Kiki', 'Tina', 'Sunny', 'Angela', 'Jenny'];
export const ENGLISH_MALE_NAMES = ['Kevin', 'Jason', 'Leo', 'Eric', 'Tony', 'Max', 'Alex'];

/** Personal e-mail domains, by share among Chinese online shoppers who give one. */
export const EMAIL_DOMAINS: ReadonlyArray<readonly [string, number]> = [
  ['qq.com', 55], ['163.com', 20], ['126.com', 7], ['foxmail.com', 4], ['sina.com', 4], ['gmail.com', 4], ['outlook.com', 4], ['139.com', 2],
];

/** Mobile prefixes in use by China Mobile, China Unicom and China Telecom, with rough shares. */
export const MOBILE_PREFIXES: ReadonlyArray<readonly [string, number]> = [
  ['134', 3], ['135', 5], ['136', 5], ['137', 5], ['138', 7], ['139', 7], ['147', 1], ['150', 4], ['151', 4],
  ['152', 3], ['157', 2], ['158', 4], ['159', 4], ['178', 2], ['182', 3], ['183', 2], ['184', 1], ['187', 3],
  ['188', 3], ['195', 1], ['198', 2], ['130', 3], ['131', 3], ['132', 3], ['155', 3], ['156', 3], ['166', 2],
  ['175', 1], ['176', 2], ['185', 3], ['186', 4], ['196', 1], ['133', 3], ['149', 1], ['153', 3], ['173', 2],
  ['177', 2], ['180', 3], ['181', 3], ['189', 4], ['190', 1], ['191', 2], ['193', 1], ['199', 3],
];
