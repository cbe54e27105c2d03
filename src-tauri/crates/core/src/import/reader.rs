//! Reading an untrusted file in a separate process, the way browsers parse: the app's own
//! binary started in reader mode ([`READER_ARG`]) reads the file under limits and hands the
//! table back over a pipe, so a file that exhausts memory, loops or crashes a parser ends
//! the reader, never the app, and the user reads "this file is damaged or too large".
//!
//! Decisions:
//! - The child limits itself first thing ([`Limits`]): address space and CPU time through
//!   `setrlimit` on Linux and macOS (macOS does not enforce the address-space limit; the
//!   CPU limit and the parent's wall-clock watchdog still hold there), and on Windows
//!   through a Job Object the child joins (committed memory and CPU time per process).
//! - The parent sends the request (path, sheet, encoding) as postcard on the child's stdin;
//!   the child answers on stdout with frames (a u32 length, then postcard): first the head
//!   (what the file is, or the domain's error for it), then one frame per row. The parent
//!   never holds the file's bytes, and holds the table once, row by row as it arrives.
//! - A child that ends before its last frame is judged by how it ended: out of memory (the
//!   allocator's message on stderr), out of time (SIGXCPU, SIGKILL at the hard limit, or the
//!   watchdog), or another crash, each worded by [`file_error::too_demanding`].
use crate::error::{CoreError, Result};
use crate::export::JsonExport;
use crate::import::file::read_file;
use crate::import::file_error::{self, ReaderStop};
use crate::import::guard::shorten;
use crate::import::source::{Source, Table};
use crate::import::workbook::SheetInfo;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// The argument that starts a binary in reader mode (see [`serve_if_asked`]).
pub const READER_ARG: &str = "--rapport-read-file";

/// The largest frame a parent accepts (a row of cells of at most 1 MB each).
const MAX_FRAME: usize = 512 * 1024 * 1024;

/// The JSON of a book travels in frames of this size.
const BOOK_FRAME: usize = 4 * 1024 * 1024;

/// What the reader process may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Address space in bytes: a 1,048,576-row sheet reads within it; a file built to blow
    /// memory does not.
    pub memory: u64,
    /// CPU seconds.
    pub cpu_seconds: u64,
    /// Wall-clock time before the parent ends the child (a file that blocks, on a network
    /// share that hangs).
    pub wall: Duration,
}

pub const LIMITS: Limits = Limits {
    memory: 4 << 30,
    cpu_seconds: 120,
    wall: Duration::from_secs(600),
};

/// A file to read, and which of its tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadRequest {
    pub path: PathBuf,
    pub sheet: Option<String>,
    pub encoding: Option<String>,
}

/// A file recognised and one table read from it.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRead {
    pub file_name: String,
    /// "xlsx", "xls", "ods", "csv", "vcf" or "json".
    pub format: &'static str,
    pub sheets: Vec<SheetInfo>,
    pub table: Table,
    /// A Rapport JSON export (then `table` is empty).
    pub book: Option<Arc<JsonExport>>,
}

/// Reads the file in this process: what the reader process runs. The file's bytes and the
/// parsed workbook are let go before the table is returned.
pub fn read_here(request: &ReadRequest) -> Result<FileRead> {
    let file_name = file_name(&request.path);
    let mut source = Source::open(read_file(&request.path)?, &file_name)?;
    let table = source.table(request.sheet.as_deref(), request.encoding.as_deref())?;
    Ok(FileRead {
        format: source.format(),
        sheets: source.sheets(),
        book: source.book(),
        file_name,
        table,
    })
}

/// The name shown for the file at `path`.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The first frame of an answer.
#[derive(Serialize, Deserialize)]
enum Head {
    Read {
        file_name: String,
        format: String,
        sheets: Vec<SheetInfo>,
        sheet: Option<String>,
        encoding: Option<(String, bool)>,
        rows: u64,
    },
    /// A JSON export, checked: `bytes` of compact JSON follow in frames of at most
    /// [`BOOK_FRAME`] bytes, read back with `json_book::parse`.
    Book { file_name: String, bytes: u64 },
    /// A [`CoreError::File`] (any other error arrives as its English text).
    Refused {
        code: String,
        zh: String,
        en: String,
    },
}

/// Starts reader processes: `exe` with [`READER_ARG`], under `limits`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReaderProcess {
    exe: PathBuf,
    limits: Limits,
    /// Variables set for the child only.
    env: Vec<(String, String)>,
}

impl ReaderProcess {
    /// `exe` must call [`serve_if_asked`] first thing in `main` (the app does).
    pub fn new(exe: PathBuf) -> Self {
        ReaderProcess {
            exe,
            limits: LIMITS,
            env: Vec::new(),
        }
    }

    /// Sets `key` in the child's environment.
    pub fn with_env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Reads `request` in a reader process (see the module notes).
    pub fn read(&self, request: &ReadRequest) -> Result<FileRead> {
        let child = Command::new(&self.exe)
            .arg(READER_ARG)
            .arg(self.limits.memory.to_string())
            .arg(self.limits.cpu_seconds.to_string())
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| CoreError::Storage(format!("starting the file reader: {e}")))?;
        let (answer, ended, stderr) = self.talk(child, request);
        let (status, timed_out) =
            ended.map_err(|e| CoreError::Storage(format!("waiting for the file reader: {e}")))?;
        match answer {
            Ok(read) if status.success() => Ok(read),
            // The domain refused the file: its own words, whatever the exit.
            Err(Some(refused)) => Err(refused),
            _ => Err(self.stopped(status, &stderr, timed_out)),
        }
    }

    /// Sends the request and reads the answer while a watchdog holds the child: it ends the
    /// child past the wall-clock limit, then reaps it.
    fn talk(&self, mut child: Child, request: &ReadRequest) -> Talk {
        let stderr = child.stderr.take().map(|mut err| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = err.read_to_string(&mut text);
                text
            })
        });
        let (stdin, stdout) = (child.stdin.take(), child.stdout.take());
        let (done, wait) = mpsc::channel::<()>();
        let wall = self.limits.wall;
        let watchdog = std::thread::spawn(move || {
            let expired = matches!(
                wait.recv_timeout(wall),
                Err(mpsc::RecvTimeoutError::Timeout)
            );
            if expired {
                // SIGKILL on Unix, TerminateProcess on Windows; the child is not reaped yet.
                let _ = child.kill();
            }
            child.wait().map(|status| (status, expired))
        });
        let sent = stdin.map(|mut stdin| {
            postcard::to_allocvec(request)
                .map_err(std::io::Error::other)
                .and_then(|bytes| stdin.write_all(&bytes))
        });
        let answer = match (sent, stdout) {
            (Some(Ok(())), Some(stdout)) => receive(std::io::BufReader::new(stdout)),
            _ => Err(None),
        };
        let _ = done.send(());
        let ended = watchdog
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the reader's watchdog failed")));
        let stderr = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
        (answer, ended, stderr)
    }

    /// The error for a child that did not answer whole.
    fn stopped(&self, status: ExitStatus, stderr: &str, timed_out: bool) -> CoreError {
        let limits = self.limits;
        if timed_out {
            let limit = limits.wall.as_secs();
            return file_error::too_demanding(ReaderStop::Time { limit }, "");
        }
        if stderr.contains("memory allocation of") || stderr.contains("capacity overflow") {
            let limit = limits.memory;
            return file_error::too_demanding(ReaderStop::Memory { limit }, "");
        }
        if cpu_exhausted(status) {
            let limit = limits.cpu_seconds;
            return file_error::too_demanding(ReaderStop::Time { limit }, "");
        }
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
        let how = last.map_or_else(|| status.to_string(), shorten);
        file_error::too_demanding(ReaderStop::Crashed, &how)
    }
}

/// What [`ReaderProcess::talk`] learns: the answer (`Err(None)` when it broke off), how the
/// child ended and whether the watchdog ended it, and the child's stderr.
type Talk = (
    std::result::Result<FileRead, Option<CoreError>>,
    std::io::Result<(ExitStatus, bool)>,
    String,
);

/// Reads the head and the rows.
fn receive(mut out: impl Read) -> std::result::Result<FileRead, Option<CoreError>> {
    let mut buf = Vec::new();
    let head: Head = frame(&mut out, &mut buf).ok_or(None)?;
    let (file_name, format, sheets, sheet, encoding, count) = match head {
        Head::Refused { code, zh, en } => return Err(Some(refused(&code, zh, en))),
        Head::Book { file_name, bytes } => return receive_book(out, &mut buf, file_name, bytes),
        Head::Read {
            file_name,
            format,
            sheets,
            sheet,
            encoding,
            rows,
        } => (file_name, format, sheets, sheet, encoding, rows),
    };
    let mut rows = Vec::with_capacity(usize::try_from(count).unwrap_or(0).min(1 << 20));
    for _ in 0..count {
        rows.push(frame::<Vec<String>>(&mut out, &mut buf).ok_or(None)?);
    }
    Ok(FileRead {
        file_name,
        format: static_format(&format),
        sheets,
        table: Table {
            rows,
            sheet,
            encoding,
        },
        book: None,
    })
}

/// The JSON of a book, `bytes` long, in frames.
fn receive_book(
    mut out: impl Read,
    buf: &mut Vec<u8>,
    file_name: String,
    bytes: u64,
) -> std::result::Result<FileRead, Option<CoreError>> {
    let total = usize::try_from(bytes).map_err(|_| None)?;
    if total as u64 > 2 * crate::import::source::MAX_FILE_BYTES {
        return Err(None);
    }
    let mut json = Vec::with_capacity(total);
    while json.len() < total {
        let part: Vec<u8> = frame(&mut out, buf).ok_or(None)?;
        if part.is_empty() || json.len() + part.len() > total {
            return Err(None);
        }
        json.extend_from_slice(&part);
    }
    let book = crate::import::json_book::parse(&json).map_err(Some)?;
    Ok(FileRead {
        file_name,
        format: "json",
        sheets: Vec::new(),
        table: Table {
            rows: Vec::new(),
            sheet: None,
            encoding: None,
        },
        book: Some(Arc::new(book)),
    })
}

/// One frame: a u32 LE length, then that many bytes of postcard. `None` if the stream ends
/// or the frame does not decode.
fn frame<T: for<'de> Deserialize<'de>>(out: &mut impl Read, buf: &mut Vec<u8>) -> Option<T> {
    let mut len = [0u8; 4];
    out.read_exact(&mut len).ok()?;
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME {
        return None;
    }
    buf.clear();
    buf.resize(len, 0);
    out.read_exact(buf).ok()?;
    postcard::from_bytes(buf).ok()
}

fn put_frame<T: Serialize>(out: &mut impl Write, value: &T) -> std::io::Result<()> {
    let bytes = postcard::to_allocvec(value).map_err(std::io::Error::other)?;
    let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&bytes)
}

/// The domain's error back from the wire (codes are `&'static str` in [`CoreError::File`]).
fn refused(code: &str, zh: String, en: String) -> CoreError {
    const CODES: [&str; 13] = [
        "emptyFile",
        "notAFile",
        "notASpreadsheet",
        "fileTooLarge",
        "nothingToImport",
        "unreadableFile",
        "unreadableWorkbook",
        "unreadableText",
        "unreadableVcard",
        "damagedFile",
        "storage",
        "notRapportJson",
        "jsonTooNew",
    ];
    let code = CODES
        .into_iter()
        .find(|c| *c == code)
        .unwrap_or("damagedFile");
    CoreError::File { code, zh, en }
}

fn static_format(format: &str) -> &'static str {
    ["xlsx", "xls", "ods", "csv", "vcf", "json"]
        .into_iter()
        .find(|f| *f == format)
        .unwrap_or("csv")
}

/// In `main`, before anything else: when started with [`READER_ARG`], serves one request
/// and returns the exit code; otherwise `None` and the program goes on.
pub fn serve_if_asked() -> Option<i32> {
    serve_if_asked_with(|| {})
}

/// [`serve_if_asked`], running `first` under the limits before serving (the test reader
/// misbehaves there).
pub fn serve_if_asked_with(first: impl FnOnce()) -> Option<i32> {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() != Some(READER_ARG) {
        return None;
    }
    let memory = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(LIMITS.memory);
    let cpu_seconds = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(LIMITS.cpu_seconds);
    limit_self(memory, cpu_seconds);
    first();
    Some(serve(std::io::stdin().lock(), std::io::stdout().lock()))
}

/// Answers one request read from `input` on `output`; the exit code.
pub fn serve(mut input: impl Read, output: impl Write) -> i32 {
    let mut out = std::io::BufWriter::new(output);
    let mut bytes = Vec::new();
    let request: Option<ReadRequest> = input
        .read_to_end(&mut bytes)
        .ok()
        .and_then(|_| postcard::from_bytes(&bytes).ok());
    let Some(request) = request else {
        return 2;
    };
    let written = match read_here(&request) {
        Ok(read) => answer(&mut out, read),
        Err(e) => {
            let (code, zh, en) = match e {
                CoreError::File { code, zh, en } => (code.to_owned(), zh, en),
                other => ("storage".to_owned(), other.to_string(), other.to_string()),
            };
            put_frame(&mut out, &Head::Refused { code, zh, en })
        }
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(_) => 3,
    }
}

fn answer(out: &mut impl Write, read: FileRead) -> std::io::Result<()> {
    if let Some(book) = &read.book {
        let json = crate::import::json_book::to_wire(book).map_err(std::io::Error::other)?;
        let head = Head::Book {
            file_name: read.file_name,
            bytes: json.len() as u64,
        };
        put_frame(out, &head)?;
        for part in json.chunks(BOOK_FRAME) {
            put_frame(out, &part)?;
        }
        return Ok(());
    }
    let Table {
        rows,
        sheet,
        encoding,
    } = read.table;
    let head = Head::Read {
        file_name: read.file_name,
        format: read.format.to_owned(),
        sheets: read.sheets,
        sheet,
        encoding,
        rows: rows.len() as u64,
    };
    put_frame(out, &head)?;
    for row in &rows {
        put_frame(out, row)?;
    }
    Ok(())
}

#[cfg(unix)]
fn limit_self(memory: u64, cpu_seconds: u64) {
    let set = |resource, soft: u64, hard: u64| {
        let limit = libc::rlimit {
            rlim_cur: soft as libc::rlim_t,
            rlim_max: hard as libc::rlim_t,
        };
        // SAFETY: setrlimit reads the struct it is given and changes only this process.
        unsafe { libc::setrlimit(resource, &limit) };
    };
    set(libc::RLIMIT_AS, memory, memory);
    // SIGXCPU at the soft limit, SIGKILL at the hard one.
    set(libc::RLIMIT_CPU, cpu_seconds, cpu_seconds + 5);
    // A crashing reader leaves no core file behind.
    set(libc::RLIMIT_CORE, 0, 0);
}

/// Windows has no rlimits: the reader joins a Job Object of its own that caps the memory it
/// may commit (an allocation past it fails, as with `RLIMIT_AS`) and its CPU time (the
/// system ends it). The handle stays open for the life of the process.
#[cfg(windows)]
fn limit_self(memory: u64, cpu_seconds: u64) {
    use windows_sys::Win32::System::JobObjects::{
        AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation,
        SetInformationJobObject, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
        JOB_OBJECT_LIMIT_PROCESS_MEMORY, JOB_OBJECT_LIMIT_PROCESS_TIME,
    };
    use windows_sys::Win32::System::Threading::GetCurrentProcess;
    let mut info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION::default();
    info.BasicLimitInformation.LimitFlags =
        JOB_OBJECT_LIMIT_PROCESS_MEMORY | JOB_OBJECT_LIMIT_PROCESS_TIME;
    info.ProcessMemoryLimit = usize::try_from(memory).unwrap_or(usize::MAX);
    // In 100-nanosecond ticks.
    info.BasicLimitInformation.PerProcessUserTimeLimit =
        i64::try_from(cpu_seconds.saturating_mul(10_000_000)).unwrap_or(i64::MAX);
    // SAFETY: an anonymous job with default security; `info` outlives the call that reads
    // it, with its true size; the pseudo-handle of this process needs no closing.
    unsafe {
        let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
        if job.is_null() {
            return;
        }
        let size = std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32;
        let set = SetInformationJobObject(
            job,
            JobObjectExtendedLimitInformation,
            std::ptr::from_ref(&info).cast(),
            size,
        );
        if set != 0 {
            AssignProcessToJobObject(job, GetCurrentProcess());
        }
    }
}

#[cfg(not(any(unix, windows)))]
fn limit_self(_memory: u64, _cpu_seconds: u64) {}

#[cfg(unix)]
fn cpu_exhausted(status: ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    matches!(status.signal(), Some(libc::SIGXCPU) | Some(libc::SIGKILL))
}

#[cfg(not(unix))]
fn cpu_exhausted(_status: ExitStatus) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_travels_through_frames() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("客户.csv");
        std::fs::write(&path, "客户名称,电话\n华为,13800138000\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let request = ReadRequest {
            path,
            sheet: None,
            encoding: None,
        };
        let mut wire = Vec::new();
        let code = serve(
            &postcard::to_allocvec(&request).unwrap_or_default()[..],
            &mut wire,
        );
        assert_eq!(code, 0);
        let read = receive(&wire[..]).unwrap_or_else(|_| panic!("no answer"));
        assert_eq!(read, read_here(&request).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(read.table.rows[1], vec!["华为", "13800138000"]);
    }

    #[test]
    fn a_refusal_travels_in_both_languages() {
        let request = ReadRequest {
            path: PathBuf::from("/no/such/file.xlsx"),
            sheet: None,
            encoding: None,
        };
        let mut wire = Vec::new();
        serve(
            &postcard::to_allocvec(&request).unwrap_or_default()[..],
            &mut wire,
        );
        match receive(&wire[..]) {
            Err(Some(CoreError::File { code, zh, en })) => {
                assert_eq!(code, "unreadableFile");
                assert!(zh.contains("无法读取") && en.contains("Could not read"));
            }
            other => panic!("not refused: {:?}", other.map(|r| r.file_name)),
        }
    }

    #[test]
    fn a_broken_answer_is_no_answer() {
        assert!(matches!(receive(&[9u8, 0, 0][..]), Err(None)));
        assert!(matches!(receive(&[][..]), Err(None)));
    }
}
