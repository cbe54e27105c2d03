// The fake backend's check of saved settings: the real validation's ranges, field paths and
// normalisation (trimmed sources, "9:00" → "09:00").
import type { Settings } from '../bindings/Settings';

type Invalid = (field: string, zh: string, en: string) => never;

const range = (min: number, max: number): [string, string] => [`须在 ${min} 至 ${max} 之间`, `must be between ${min} and ${max}`];

export function checkSettings(s: Settings, invalid: Invalid): Settings {
  s.sources = s.sources.map((x) => x.trim()).filter(Boolean);
  const seen = new Set<string>();
  s.sources.forEach((src, i) => {
    if (seen.has(src.toLowerCase())) invalid(`sources[${i}]`, '客户来源：重复', 'Source is used twice');
    seen.add(src.toLowerCase());
  });
  const days: [string, number, string, string][] = [
    ['schedule.highDays', s.schedule.highDays, '高优先级间隔', 'High priority interval'],
    ['schedule.mediumDays', s.schedule.mediumDays, '中优先级间隔', 'Medium priority interval'],
    ['schedule.lowDays', s.schedule.lowDays, '低优先级间隔', 'Low priority interval'],
    ['reminders.contractNoticeDays', s.reminders.contractNoticeDays, '合同到期提前提醒', 'Contract expiry notice'],
  ];
  for (const [field, value, zh, en] of days) {
    if (!Number.isInteger(value) || value < 0 || value > 365) {
      const [rz, re] = range(0, 365);
      invalid(field, `${zh}：${rz}`, `${en} ${re}`);
    }
  }
  if (!Number.isInteger(s.untouchedDays) || s.untouchedDays < 0 || s.untouchedDays > 3650) {
    const [rz, re] = range(0, 3650);
    invalid('untouchedDays', `超期未跟进天数：${rz}`, `Days before a customer counts as untouched ${re}`);
  }
  const keep: [keyof Settings['backupKeep'], number, number, string, string][] = [
    ['daily', 1, 365, '保留每日备份', 'Daily backups to keep'],
    ['weekly', 0, 520, '保留每周备份', 'Weekly backups to keep'],
    ['monthly', 0, 240, '保留每月备份', 'Monthly backups to keep'],
    ['beforeChange', 1, 100, '导入和恢复前的备份', 'Backups before imports and restores'],
  ];
  for (const [key, min, max, zh, en] of keep) {
    const value = s.backupKeep[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      const [rz, re] = range(min, max);
      invalid(`backupKeep.${key}`, `备份 – ${zh}：${rz}`, `Backups – ${en} ${re}`);
    }
  }
  s.backupMirror = s.backupMirror.trim();
  if (s.backupMirror && !/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(s.backupMirror))
    invalid('backupMirror', '第二备份文件夹：必须是完整的文件夹路径', 'Second backup folder must be a full folder path');
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.schedule.reminderTime.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
    invalid('schedule.reminderTime', '提醒时间：须为时刻，例如 09:00', 'Reminder time must be a time of day like 09:00');
  s.schedule.reminderTime = `${m[1].padStart(2, '0')}:${m[2]}`;
  return s;
}

/** The real backend's merge of a settings form (`edit_merge.rs`): a part `edited` left as
 * `opened` had it keeps `stored`'s value; objects merge key by key, anything else is taken whole. */
export function mergeSettingsEdit(stored: unknown, opened: unknown, edited: unknown): unknown {
  if (JSON.stringify(edited) === JSON.stringify(opened)) return stored;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(stored) || !isObject(opened) || !isObject(edited)) return edited;
  const out: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(edited)) out[key] = mergeSettingsEdit(stored[key] ?? null, opened[key] ?? null, value);
  return out;
}
