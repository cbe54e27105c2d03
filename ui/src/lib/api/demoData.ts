// Made-up customers for the fake backend (tests and the `?fake` browser preview). Deterministic:
// the same seed always gives the same book.
import type { Customer } from '../bindings/Customer';
import type { CustomerInput } from '../bindings/CustomerInput';
import type { FollowUp } from '../bindings/FollowUp';
import { METHODS } from '../followups';
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

/** A few made-up follow-ups around `now` (one done and one open per customer) for the first
 *  open customers, leaving every sixth without a next step. */
export function demoFollowUps(customers: Customer[], now: number, newId: () => string): FollowUp[] {
  const topics = ['产品演示', '报价跟进', '需求确认', '合同条款', '回访'];
  const actions = ['发送报价单', '安排上门演示', '确认采购数量', '跟进合同签署', '电话回访'];
  const hour = 3_600_000;
  const offsets = [-50, -3, 2, 5, 30, 60, 120, 400];
  const out: FollowUp[] = [];
  const open = customers.filter((c) => c.stage !== 'won' && c.stage !== 'lost').slice(0, 36);
  open.forEach((c, n) => {
    if (n % 6 === 5) return;
    const at = new Date(now - ((n % 5) + 2) * 24 * hour).toISOString();
    const earlier = new Date(Date.parse(at) - 7 * 24 * hour).toISOString();
    const base = {
      customerId: c.id, method: METHODS[n % METHODS.length], topic: topics[n % topics.length],
      feedback: n % 2 ? '对价格比较敏感' : '', result: '', nextBy: c.owner, by: c.owner, priority: PRIORITIES[n % 3],
      contact: c.contacts[0]?.name ?? '', createdAt: at, updatedAt: at,
    };
    out.push({ ...base, id: newId(), at: earlier, content: '初次沟通，了解需求', nextAction: '', nextAt: at, done: true });
    out.push({
      ...base, id: newId(), at, content: n % 4 === 3 ? '' : '介绍了产品方案，客户有兴趣',
      nextAction: actions[n % actions.length], nextAt: new Date(now + offsets[n % offsets.length] * hour).toISOString(), done: false,
    });
  });
  return out;
}
