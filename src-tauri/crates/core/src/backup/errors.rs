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
