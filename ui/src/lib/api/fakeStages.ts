// The fake backend's check of the saved pipeline stages and of "who I am", mirroring the real
// rules: every built-in stage exactly once, 成交 then 流失 last, a custom stage named, names
// trimmed and at most 20 characters, no name twice (nor a built-in's Chinese or English name
// on another stage), at most 6 custom stages, and a custom stage still used by customers or
// opportunities not removed. `me` is empty or an active salesperson of the owner list.
import type { OwnerInfo } from '../bindings/OwnerInfo';
import type { Stage } from '../bindings/Stage';
import type { StageSetting } from '../bindings/StageSetting';
import { en } from '../i18n/en';
import { zh, type Key } from '../i18n/zh';
import { STAGES } from '../model';

/** Fails with a message for the field (the `Fail` of the caller picks the user's language). */
export type Fail = (zh: string, en: string) => never;

const MAX_NAME = 20;
const MAX_CUSTOM = 6;
const CUSTOM: Stage[] = ['custom1', 'custom2', 'custom3', 'custom4', 'custom5', 'custom6'];

const builtInNames = (s: Stage): string[] => (STAGES.includes(s) ? [zh[`stage.${s}` as Key], en[`stage.${s}` as Key]] : []);

/** The checked, trimmed stages; `before` are the stages saved so far, `used` counts the
 *  customers and opportunities at a stage. */
export function checkStages(list: StageSetting[], before: StageSetting[], used: (stage: Stage) => number, fail: Fail): StageSetting[] {
  const stages = list.map((s) => ({ stage: s.stage, name: s.name.trim(), ...(s.tasks ? { tasks: s.tasks.map((t) => ({ ...t, title: t.title.trim(), assignee: t.assignee.trim() })) } : {}) }));
  const seen = new Set<Stage>();
  for (const { stage } of stages) {
    if (seen.has(stage) || !(STAGES.includes(stage) || CUSTOM.includes(stage)))
      fail('销售阶段：每个阶段只能出现一次', 'Stages: each stage may appear only once');
    seen.add(stage);
  }
  if (STAGES.some((s) => !seen.has(s)))
    fail('销售阶段：须包含每个内置阶段', 'Stages: every built-in stage must be included');
  if (stages.at(-2)?.stage !== 'won' || stages.at(-1)?.stage !== 'lost')
    fail('销售阶段：“成交”和“流失”须依次排在最后', 'Stages: Won and Lost must be the last two, in this order');
  if (stages.filter((s) => CUSTOM.includes(s.stage)).length > MAX_CUSTOM)
    fail(`销售阶段：自定义阶段最多 ${MAX_CUSTOM} 个`, `Stages: at most ${MAX_CUSTOM} custom stages`);
  const taken = new Map<string, Stage>();
  for (const s of STAGES) for (const n of builtInNames(s)) taken.set(n.toLowerCase(), s);
  const named = new Set<string>();
  for (const { stage, name } of stages) {
    if (!name) {
      if (CUSTOM.includes(stage)) fail('销售阶段：自定义阶段须有名称', 'Stages: a custom stage needs a name');
      continue;
    }
    if ([...name].length > MAX_NAME)
      fail(`销售阶段：“${name}”太长（最多 ${MAX_NAME} 个字符）`, `Stages: “${name}” is too long (at most ${MAX_NAME} characters)`);
    const key = name.toLowerCase();
    const owner = taken.get(key);
    if (named.has(key) || (owner !== undefined && owner !== stage))
      fail(`销售阶段：名称“${name}”重复`, `Stages: the name “${name}” is used twice`);
    named.add(key);
  }
  for (const old of before) {
    if (!CUSTOM.includes(old.stage) || seen.has(old.stage)) continue;
    const n = used(old.stage);
    if (n > 0)
      fail(
        `销售阶段：“${old.name}”仍有 ${n} 位客户或销售机会在用，不能删除`,
        `Stages: “${old.name}” is still used by ${n} customers or opportunities and cannot be removed`,
      );
  }
  return stages;
}

/** The checked "who I am": empty, or an active person of the owner list. */
export function checkMe(me: string, owners: OwnerInfo[], fail: Fail): string {
  const name = me.trim();
  if (!name) return '';
  const person = owners.find((o) => o.name === name);
  if (!person) fail('我是：不在负责人名单中', 'I am is not a salesperson in the owner list');
  if (person.archived) fail('我是：已归档（已离职），请选择在职的负责人', 'I am has been archived (left); choose an active salesperson');
  return name;
}
