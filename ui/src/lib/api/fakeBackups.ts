// The fake backend's export and backups (delegated to from fakeBackend.ts). The native dialogs
// of the real shell are stood in for by answers tests can set: the path an export is saved to
// (null = the user cancelled), the backup a restore picks (null = cancelled), or an error.
import type { BackupInfo } from '../bindings/BackupInfo';
import type { BackupReason } from '../bindings/BackupReason';
import type { ErrorPayload } from '../bindings/ErrorPayload';
import type { Language } from '../bindings/Language';
import type { ListQuery } from '../bindings/ListQuery';
import { ApiError, type ExportFormat } from './backend';

export interface BackupHost {
  customers(): number;
  followUps(): number;
  language(): Language;
  now(): Date;
}

/** A size in bytes as BackupInfo types it (bigint from ts-rs for now, a number later). */
function bytes(n: number): BackupInfo['sizeBytes'] {
  return n as unknown as BackupInfo['sizeBytes'];
}

const DAY = 86_400_000;

export class FakeBackups {
  /** Newest first, as the real list; two made-up backups until a test sets its own. */
  private made: BackupInfo[] | null = null;
  /** Where the "save dialog" saves an export; null = cancelled; undefined = a default name. */
  exportPath: string | null | undefined = undefined;
  exportError: ErrorPayload | null = null;
  /** What the "open dialog" of a restore picks: null = cancelled (the default). */
  restorePick: BackupInfo | null = null;
  restoreError: ErrorPayload | null = null;
  backupError: ErrorPayload | null = null;
  /** The start-up screen's restore of a damaged book fails with this. */
  restoreDamagedError: ErrorPayload | null = null;
  /** Backups restored over a damaged book (file names). */
  restoredOverDamaged: string[] = [];
  /** Every export written: format, query (null = the whole book) and path. */
  exports: { format: ExportFormat; query: ListQuery | null; path: string }[] = [];
  private seq = 0;

  constructor(private host: BackupHost) {}

  /** Made on first use: the host's clock is not running yet while the backend is built. */
  get backups(): BackupInfo[] {
    if (!this.made) {
      const now = this.host.now().getTime();
      this.made = [
        this.info(new Date(now - DAY), 'daily', 12, 30, 48_213),
        this.info(new Date(now - 3 * DAY), 'beforeImport', 9, 21, 1_734_002),
      ];
    }
    return this.made;
  }

  set backups(list: BackupInfo[]) {
    this.made = list;
  }

  private info(at: Date, reason: BackupReason, customers: number, followUps: number, size: number): BackupInfo {
    this.seq += 1;
    const stamp = at.toISOString().replace(/[-:]/g, '').slice(0, 15);
    const fileName = `rapport-${stamp}-${reason}-${this.seq}.rapport-backup`;
    return {
      fileName,
      path: `/home/user/.local/share/rapport/backups/${fileName}`,
      createdAt: at.toISOString(),
      reason,
      schemaVersion: 3,
      sizeBytes: bytes(size),
      customers,
      followUps,
    };
  }

  async exportCustomers(format: ExportFormat, query: ListQuery | null): Promise<string | null> {
    if (this.exportError) throw new ApiError(this.exportError);
    if (this.exportPath === null) return null;
    const en = this.host.language() === 'en';
    const stem = format === 'ics' ? (en ? 'follow-ups' : '待跟进') : en ? 'customers' : '客户';
    const d = this.host.now();
    const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const path = this.exportPath ?? `/home/user/${stem}-${day}.${format}`;
    this.exports.push({ format, query: structuredClone(query), path });
    return path;
  }

  async listBackups(): Promise<BackupInfo[]> {
    return structuredClone(this.backups);
  }

  async backupNow(): Promise<BackupInfo> {
    if (this.backupError) throw new ApiError(this.backupError);
    const n = this.host.customers();
    const b = this.info(this.host.now(), 'manual', n, this.host.followUps(), 20_000 + n * 900);
    this.backups.unshift(b);
    return structuredClone(b);
  }

  /** As the shell: only over a damaged book, only a backup of the list; then it restarts. */
  async restoreDamaged(fileName: string, damaged: boolean): Promise<void> {
    const en = this.host.language() === 'en';
    if (!damaged) {
      throw new ApiError({ code: 'bookNotDamaged', message: en ? 'The customer book is not damaged.' : '客户数据并未损坏。' });
    }
    if (this.restoreDamagedError) throw new ApiError(this.restoreDamagedError);
    if (!this.backups.some((b) => b.fileName === fileName)) {
      throw new ApiError({
        code: 'backupNotListed',
        message: en ? `There is no backup “${fileName}”. Nothing was changed.` : `没有备份“${fileName}”。客户数据未改动。`,
      });
    }
    this.restoredOverDamaged.push(fileName);
  }

  async restoreBackup(): Promise<BackupInfo | null> {
    if (this.restoreError) throw new ApiError(this.restoreError);
    return structuredClone(this.restorePick);
  }
}
