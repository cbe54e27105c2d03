import { formatNumber } from '../i18n/index.svelte';

/** A file size as people read it: 48 KB, 1.7 MB (the backup lists). */
export function fileSize(raw: number | bigint): string {
  const n = Number(raw);
  if (n < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(n / 1024)))} KB`;
  return `${formatNumber(Math.round((n / (1024 * 1024)) * 10) / 10)} MB`;
}
