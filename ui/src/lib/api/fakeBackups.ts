// The fake backend's export and backups (delegated to from fakeBackend.ts). The native dialogs
// of the real shell are stood in for by answers tests can set: the path an export is saved to
// (null = the user cancelled), the backup a restore picks (null = cancelled), or an error.
import type { BackupInfo } from '../bindings/BackupInfo';
import type { BackupReason } from '../bindings/BackupReason';
import type { BackupStatus } from '../bindings/BackupStatus';
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
  /** The password an encrypted `restorePick` was made with. */
  restorePassword = 'correct horse';
  /** Every restore asked for: the path and password. */
  restores: { token: string | undefined; password: string | null | undefined }[] = [];
  backupError: ErrorPayload | null = null;
  /** What the folder dialog picks: null = cancelled. */
  folderPick: string | null = null;
  /** The password new backups are encrypted with (the real one is kept in the book). */
  password: string | null = null;
  /** What failed since start, as the shell keeps it. */
  status: BackupStatus = { lastSuccess: null, failure: null, mirrorFailure: null, encrypted: false };
  private statusHandlers = new Set<() => void>();
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
      encrypted: false,
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
    if (this.backupError) {
      this.setStatus({ failure: { at: this.host.now().toISOString(), reason: 'manual', code: this.backupError.code, message: this.backupError.message } });
      throw new ApiError(this.backupError);
    }
    const n = this.host.customers();
    const b = this.info(this.host.now(), 'manual', n, this.host.followUps(), 20_000 + n * 900);
    b.encrypted = this.password !== null;
    this.backups.unshift(b);
    this.setStatus({ lastSuccess: b.createdAt, failure: null });
    return structuredClone(b);
  }

  /** As the shell: only over a damaged book, only a backup of the list; then it restarts. */
  async restoreDamaged(fileName: string, damaged: boolean, password: string | null = null): Promise<void> {
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
    const backup = this.backups.find((b) => b.fileName === fileName);
    if (backup?.encrypted && password !== this.restorePassword) {
      throw new ApiError(password
        ? { code: 'backupWrongPassword', message: en ? 'The backup password is wrong.' : '备份密码不正确。' }
        : { code: 'backupPasswordNeeded', message: en ? 'This backup is encrypted.' : '这个备份已用密码加密。' });
    }
    this.restoredOverDamaged.push(fileName);
  }

  async pickBackup(): Promise<BackupInfo | null> {
    return structuredClone(this.restorePick);
  }

  async restoreBackup(options?: { token?: string; password?: string | null }): Promise<BackupInfo | null> {
    this.restores.push({ token: options?.token, password: options?.password });
    if (this.restoreError) throw new ApiError(this.restoreError);
    // Like the backend: only what pickBackup handed out (its `path` is the token).
    if (options?.token && this.restorePick?.path !== options.token)
      throw new ApiError({ code: 'unknownFile', message: 'unknown file' });
    const pick = this.restorePick;
    if (pick?.encrypted) {
      const en = this.host.language() === 'en';
      if (!options?.password)
        throw new ApiError({ code: 'backupPasswordNeeded', message: en ? 'This backup is encrypted. Enter the backup password to restore it. Nothing was changed.' : '这个备份已用密码加密。请输入备份密码后再恢复。客户数据未改动。' });
      if (options.password !== this.restorePassword)
        throw new ApiError({ code: 'backupWrongPassword', message: en ? 'The backup password is wrong: this backup cannot be decrypted. Check the password (it is case-sensitive) and try again. Nothing was changed.' : '备份密码不正确，无法解密这个备份。请检查密码（区分大小写）后重试。客户数据未改动。' });
    }
    return structuredClone(pick);
  }

  async backupStatus(): Promise<BackupStatus> {
    return structuredClone({ ...this.status, encrypted: this.password !== null });
  }

  async setBackupPassword(password: string | null): Promise<BackupStatus> {
    if (password !== null && [...password].length < 8) {
      const en = this.host.language() === 'en';
      throw new ApiError({ code: 'invalidField', field: 'backupPassword', message: en ? 'Backup password is too short (at least 8 characters)' : '备份密码：太短（至少 8 个字符）' });
    }
    this.password = password;
    return this.backupStatus();
  }

  onStatus(handler: () => void): () => void {
    this.statusHandlers.add(handler);
    return () => void this.statusHandlers.delete(handler);
  }

  /** A background backup failed (or worked): as the shell records it and tells the UI. */
  setStatus(status: Partial<BackupStatus>) {
    this.status = { ...this.status, ...status };
    this.statusHandlers.forEach((h) => h());
  }
}
