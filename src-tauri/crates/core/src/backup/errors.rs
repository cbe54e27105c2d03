//! Why a backup cannot be read or written, worded for the user in both languages
//! ([`CoreError::File`]). Every refusal of a file says that the book was not changed.
use crate::error::CoreError;
use std::path::Path;

pub fn not_a_backup() -> CoreError {
    CoreError::file(
        "notABackup",
        "这不是客脉的备份文件（.rapportbak），无法恢复。请选择客脉生成的备份。客户数据未改动。",
        "This file is not a Rapport backup (.rapportbak) and cannot be restored. Choose a backup Rapport made. Nothing was changed.",
    )
}

pub fn too_new() -> CoreError {
    CoreError::file(
        "backupTooNew",
        "这个备份由更新版本的客脉创建，当前版本无法读取。请先升级客脉，再恢复这个备份。客户数据未改动。",
        "This backup was made by a newer version of Rapport and this version cannot read it. Update Rapport, then restore it. Nothing was changed.",
    )
}

pub fn damaged() -> CoreError {
    CoreError::file(
        "backupDamaged",
        "备份文件已损坏或不完整（可能在复制时被截断），无法恢复。请换一个备份。客户数据未改动。",
        "The backup file is damaged or incomplete (perhaps cut off while being copied) and cannot be restored. Choose another backup. Nothing was changed.",
    )
}

pub fn too_large(limit: u64) -> CoreError {
    let gb = limit >> 30;
    CoreError::file(
        "backupTooLarge",
        format!("这个备份解压后超过 {gb} GB，已拒绝读取。客户数据未改动。"),
        format!(
            "This backup would unpack to more than {gb} GB and was not read. Nothing was changed."
        ),
    )
}

pub fn unreadable(path: &Path, e: &std::io::Error) -> CoreError {
    let path = path.display();
    CoreError::file(
        "backupUnreadable",
        format!("无法读取文件 {path}（{e}）。客户数据未改动。"),
        format!("Could not read the file {path} ({e}). Nothing was changed."),
    )
}

pub fn write_failed(path: &Path, e: &std::io::Error) -> CoreError {
    let path = path.display();
    CoreError::file(
        "backupFailed",
        format!("无法写入备份 {path}（{e}）。请检查磁盘空间和文件夹权限。客户数据未改动。"),
        format!("Could not write the backup {path} ({e}). Check the free disk space and the folder's permissions. The book was not changed."),
    )
}

pub fn password_needed() -> CoreError {
    CoreError::file(
        "backupPasswordNeeded",
        "这个备份已用密码加密。请输入备份密码后再恢复。客户数据未改动。",
        "This backup is encrypted. Enter the backup password to restore it. Nothing was changed.",
    )
}

pub fn wrong_password() -> CoreError {
    CoreError::file(
        "backupWrongPassword",
        "备份密码不正确，无法解密这个备份。请检查密码（区分大小写）后重试。客户数据未改动。",
        "The backup password is wrong: this backup cannot be decrypted. Check the password (it is case-sensitive) and try again. Nothing was changed.",
    )
}

/// The backup was written but reading it back did not give what was written.
pub fn verify_failed(path: &Path) -> CoreError {
    let path = path.display();
    CoreError::file(
        "backupVerifyFailed",
        format!("备份 {path} 写入后读回校验失败（磁盘或存储设备可能有问题），这个备份不可用，已删除。客户数据未改动。"),
        format!("The backup {path} did not read back as it was written (the disk or drive may be failing); it cannot be used and was removed. The book was not changed."),
    )
}

pub fn mirror_missing(dir: &Path) -> CoreError {
    let dir = dir.display();
    CoreError::file(
        "backupMirrorMissing",
        format!("第二备份文件夹 {dir} 不存在（U 盘是否已插入？同步文件夹是否已移动？）。备份已保存在本机，但没有复制过去。"),
        format!("The second backup folder {dir} does not exist (is the USB stick plugged in? was the synced folder moved?). The backup was kept on this computer but not copied there."),
    )
}

pub fn mirror_failed(dir: &Path, detail: &str) -> CoreError {
    let dir = dir.display();
    CoreError::file(
        "backupMirrorFailed",
        format!("无法把备份复制到第二备份文件夹 {dir}（{detail}）。备份已保存在本机。"),
        format!("Could not copy the backup to the second backup folder {dir} ({detail}). The backup was kept on this computer."),
    )
}

pub fn migration_backup_failed(inner: &CoreError) -> CoreError {
    let (zh, en) = match inner {
        CoreError::File { zh, en, .. } => (zh.clone(), en.clone()),
        other => (other.to_string(), other.to_string()),
    };
    CoreError::file(
        "backupBeforeMigrationFailed",
        format!("这个客户簿需要升级到新格式，但升级前的备份没有成功，所以没有升级：{zh}"),
        format!("This book needs to be upgraded to a newer layout, but the backup taken before upgrading failed, so it was not upgraded: {en}"),
    )
}
