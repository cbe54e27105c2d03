import { describe, expect, it } from 'vitest';
import { pinyinMatches, textMatches } from './pinyin';

// The same cases as rapport-core's pinyin_search tests: one rule on both sides.
describe('pinyin search rule', () => {
  it('finds a name by initials, full or mixed spelling', () => {
    for (const q of ['zs', 'zhangsan', 'zhangs', 'zsan', 'zhang san', 'ZS', 'zhan', 'z', 'san']) {
      expect(pinyinMatches(q, '张三'), q).toBe(true);
    }
    for (const q of ['zss', 'zhangsanx', 'sz', 'hs', 'zh1', '张']) {
      expect(pinyinMatches(q, '张三'), q).toBe(false);
    }
  });

  it('matches consecutive characters anywhere in the text', () => {
    for (const q of ['hd', 'huadong', 'huad', 'shhd', 'hdmy', 'dongmao', 'gs']) {
      expect(pinyinMatches(q, '上海华东贸易有限公司'), q).toBe(true);
    }
    expect(pinyinMatches('shd', '上海华东贸易有限公司')).toBe(false);
  });

  it('matches polyphonic surnames by any reading, ü as v or u', () => {
    for (const [q, name] of [
      ['shanx', '单雄'], ['danx', '单雄'], ['zengg', '曾国'], ['cengg', '曾国'],
      ['xiem', '解明'], ['jiem', '解明'], ['qiuy', '仇勇'], ['chouy', '仇勇'],
      ['lvf', '吕方'], ['luf', '吕方'],
    ]) {
      expect(pinyinMatches(q, name), `${q} → ${name}`).toBe(true);
    }
  });

  it('reads Latin letters in the text as syllables and skips signs', () => {
    expect(pinyinMatches('abchd', 'ABC华东')).toBe(true);
    expect(pinyinMatches('shhd', '上海 · 华东')).toBe(true);
    expect(pinyinMatches('zs', 'Zhang San')).toBe(false);
  });

  it('the pickers match a substring or pinyin', () => {
    expect(textMatches('', '李娜')).toBe(true);
    expect(textMatches('emily', 'Emily Chen')).toBe(true);
    expect(textMatches('ln', '李娜')).toBe(true);
    expect(textMatches('娜', '李娜')).toBe(true);
    expect(textMatches('wq', '李娜')).toBe(false);
  });
});
