// Made-up customers for the fake backend (tests and the `?fake` browser preview). Deterministic:
// the same seed always gives the same book.
import type { CustomerInput } from '../bindings/CustomerInput';
import { CATEGORIES, DEFAULT_SOURCES, PRIORITIES, STAGES, emptyInput } from '../model';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '强', '洋', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '建华', '晓东', '海燕', '志强'];
const CITIES = ['上海', '北京', '深圳', '杭州', '成都', '苏州', '南京', '广州', '武汉', '宁波'];
const TRADES = ['华信', '鼎盛', '博远', '恒通', '金桥', '瑞丰', '宏达', '新元', '天成', '中联', '嘉禾', '启明'];
const SUFFIX = ['科技有限公司', '贸易有限公司', '制造有限公司', '物流有限公司', '电子有限公司', '餐饮管理有限公司'];
const INDUSTRIES = ['制造业', '零售', '物流', '餐饮', '软件', '教育', '医疗器械', '建材'];
const OWNERS = ['王强', '李娜', '张伟', 'Emily Chen'];
const TAGS = ['VIP', '老客户', '展会2024', '需回访', '华东', '大客户', '价格敏感'];

/** A small seeded PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoCustomers(count: number, seed = 7): CustomerInput[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const out: CustomerInput[] = [];
  for (let i = 0; i < count; i++) {
    const person = pick(SURNAMES) + pick(GIVEN);
    const isCompany = r() < 0.75;
    const company = pick(CITIES) + pick(TRADES) + pick(SUFFIX);
    const stage = pick(STAGES);
    const input = emptyInput();
    const phone = `1${3 + Math.floor(r() * 6)}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
    const tags = TAGS.filter(() => r() < 0.18);
    Object.assign(input, {
      kind: isCompany ? 'company' : 'person',
      name: isCompany ? company : person,
      company: isCompany ? company : r() < 0.5 ? pick(CITIES) + pick(TRADES) + pick(SUFFIX) : '',
      position: isCompany ? '' : pick(['经理', '总监', '采购主管', '店长']),
      phones: [phone],
      emails: r() < 0.7 ? [`contact${i + 1}@example.com`] : [],
      wechatIds: [],
      industry: pick(INDUSTRIES),
      source: pick(DEFAULT_SOURCES),
      owner: pick(OWNERS),
      category: r() < 0.15 ? null : pick(CATEGORIES),
      stage,
      lostReason: stage === 'lost' ? pick(['价格太高', '选择了竞争对手', '项目取消']) : '',
      priority: pick(PRIORITIES),
      contacts: isCompany
        ? [{ name: person, title: pick(['总经理', '采购经理', '技术总监']), phone, email: '', birthday: null, role: 'decisionMaker' }]
        : [],
      tags,
    } satisfies Partial<CustomerInput>);
    out.push(input);
  }
  return out;
}
