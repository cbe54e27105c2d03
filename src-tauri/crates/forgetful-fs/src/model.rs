//! The filesystem's state, kept twice: what programs see now, and what a disk would still hold
//! after losing power — only what `fsync` (files) and `fsync` on a folder (its names) made
//! durable, as POSIX promises and no more. A new file's name, a rename or an unlink survives a
//! cut only once its folder was synced; a file's bytes only once the file was.
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::time::SystemTime;

pub const ROOT: u64 = 1;
/// Dirty tracking granularity: a sync copies only the pages written since the last one.
const PAGE: usize = 4096;

pub type Errno = i32;

pub enum Body {
    File {
        data: Vec<u8>,
        synced: Vec<u8>,
        dirty: BTreeSet<usize>,
    },
    Dir {
        entries: BTreeMap<OsString, u64>,
        synced: BTreeMap<OsString, u64>,
    },
}

pub struct Node {
    pub body: Body,
    pub perm: u16,
    pub mtime: SystemTime,
}

impl Node {
    pub fn is_dir(&self) -> bool {
        matches!(self.body, Body::Dir { .. })
    }

    pub fn size(&self) -> u64 {
        match &self.body {
            Body::File { data, .. } => data.len() as u64,
            Body::Dir { .. } => 4096,
        }
    }
}

pub struct Model {
    nodes: BTreeMap<u64, Node>,
    next: u64,
    /// Set at the cut: every later request fails with EIO.
    pub cut: bool,
}

impl Default for Model {
    fn default() -> Model {
        let root = Node {
            body: Body::Dir {
                entries: BTreeMap::new(),
                synced: BTreeMap::new(),
            },
            perm: 0o755,
            mtime: SystemTime::now(),
        };
        Model {
            nodes: BTreeMap::from([(ROOT, root)]),
            next: ROOT + 1,
            cut: false,
        }
    }
}

impl Model {
    pub fn node(&self, ino: u64) -> Result<&Node, Errno> {
        self.nodes.get(&ino).ok_or(libc::ENOENT)
    }

    fn node_mut(&mut self, ino: u64) -> Result<&mut Node, Errno> {
        self.nodes.get_mut(&ino).ok_or(libc::ENOENT)
    }

    fn entries(&self, dir: u64) -> Result<&BTreeMap<OsString, u64>, Errno> {
        match &self.node(dir)?.body {
            Body::Dir { entries, .. } => Ok(entries),
            Body::File { .. } => Err(libc::ENOTDIR),
        }
    }

    fn entries_mut(&mut self, dir: u64) -> Result<&mut BTreeMap<OsString, u64>, Errno> {
        match &mut self.node_mut(dir)?.body {
            Body::Dir { entries, .. } => Ok(entries),
            Body::File { .. } => Err(libc::ENOTDIR),
        }
    }

    pub fn lookup(&self, dir: u64, name: &OsStr) -> Result<u64, Errno> {
        self.entries(dir)?.get(name).copied().ok_or(libc::ENOENT)
    }

    /// A new file or folder named `name` in `dir`.
    pub fn create(
        &mut self,
        dir: u64,
        name: &OsStr,
        is_dir: bool,
        perm: u16,
    ) -> Result<u64, Errno> {
        if self.entries(dir)?.contains_key(name) {
            return Err(libc::EEXIST);
        }
        let ino = self.next;
        self.next += 1;
        let body = if is_dir {
            Body::Dir {
                entries: BTreeMap::new(),
                synced: BTreeMap::new(),
            }
        } else {
            Body::File {
                data: Vec::new(),
                synced: Vec::new(),
                dirty: BTreeSet::new(),
            }
        };
        let mtime = SystemTime::now();
        self.nodes.insert(ino, Node { body, perm, mtime });
        self.entries_mut(dir)?.insert(name.to_os_string(), ino);
        Ok(ino)
    }

    /// Removes a name; the node stays (an open file or the durable state may still use it).
    pub fn remove(&mut self, dir: u64, name: &OsStr, want_dir: bool) -> Result<(), Errno> {
        let ino = self.lookup(dir, name)?;
        let node = self.node(ino)?;
        match (&node.body, want_dir) {
            (Body::Dir { entries, .. }, true) if !entries.is_empty() => {
                return Err(libc::ENOTEMPTY)
            }
            (Body::Dir { .. }, false) => return Err(libc::EISDIR),
            (Body::File { .. }, true) => return Err(libc::ENOTDIR),
            _ => {}
        }
        self.entries_mut(dir)?.remove(name);
        Ok(())
    }

    pub fn rename(
        &mut self,
        from: (u64, &OsStr),
        to: (u64, &OsStr),
        no_replace: bool,
        exchange: bool,
    ) -> Result<(), Errno> {
        let moving = self.lookup(from.0, from.1)?;
        let target = self.entries(to.0)?.get(to.1).copied();
        if exchange {
            let target = target.ok_or(libc::ENOENT)?;
            self.entries_mut(from.0)?
                .insert(from.1.to_os_string(), target);
            self.entries_mut(to.0)?.insert(to.1.to_os_string(), moving);
            return Ok(());
        }
        if let Some(target) = target {
            if no_replace {
                return Err(libc::EEXIST);
            }
            let (a, b) = (self.node(moving)?, self.node(target)?);
            match (&a.body, &b.body) {
                (_, Body::Dir { entries, .. }) if !entries.is_empty() => {
                    return Err(libc::ENOTEMPTY)
                }
                (Body::File { .. }, Body::Dir { .. }) => return Err(libc::EISDIR),
                (Body::Dir { .. }, Body::File { .. }) => return Err(libc::ENOTDIR),
                _ => {}
            }
        }
        self.entries_mut(from.0)?.remove(from.1);
        self.entries_mut(to.0)?.insert(to.1.to_os_string(), moving);
        Ok(())
    }

    pub fn read(&self, ino: u64, offset: u64, size: u32) -> Result<&[u8], Errno> {
        match &self.node(ino)?.body {
            Body::File { data, .. } => {
                let start = (offset as usize).min(data.len());
                let end = start.saturating_add(size as usize).min(data.len());
                Ok(&data[start..end])
            }
            Body::Dir { .. } => Err(libc::EISDIR),
        }
    }

    pub fn write(&mut self, ino: u64, offset: u64, bytes: &[u8]) -> Result<(), Errno> {
        let node = self.node_mut(ino)?;
        node.mtime = SystemTime::now();
        let Body::File { data, dirty, .. } = &mut node.body else {
            return Err(libc::EISDIR);
        };
        let start = offset as usize;
        let end = start + bytes.len();
        if data.len() < end {
            data.resize(end, 0);
        }
        data[start..end].copy_from_slice(bytes);
        dirty.extend(start / PAGE..end.div_ceil(PAGE));
        Ok(())
    }

    pub fn set_size(&mut self, ino: u64, size: u64) -> Result<(), Errno> {
        let node = self.node_mut(ino)?;
        node.mtime = SystemTime::now();
        let Body::File { data, dirty, .. } = &mut node.body else {
            return Err(libc::EISDIR);
        };
        // A shorter or longer file: its size is part of what the next sync makes durable.
        let (old, new) = (data.len(), size as usize);
        data.resize(new, 0);
        dirty.extend(old.min(new) / PAGE..old.max(new).div_ceil(PAGE));
        Ok(())
    }

    pub fn set_perm(&mut self, ino: u64, perm: u16) -> Result<(), Errno> {
        self.node_mut(ino)?.perm = perm;
        Ok(())
    }

    /// `fsync` of a file (its bytes and size) or of a folder (its names).
    pub fn sync(&mut self, ino: u64) -> Result<(), Errno> {
        match &mut self.node_mut(ino)?.body {
            Body::File {
                data,
                synced,
                dirty,
            } => {
                synced.resize(data.len(), 0);
                for page in std::mem::take(dirty) {
                    let start = page * PAGE;
                    let end = (start + PAGE).min(data.len());
                    if start < end {
                        synced[start..end].copy_from_slice(&data[start..end]);
                    }
                }
            }
            Body::Dir { entries, synced } => synced.clone_from(entries),
        }
        Ok(())
    }

    pub fn list(&self, dir: u64) -> Result<Vec<(OsString, u64, bool)>, Errno> {
        self.entries(dir)?
            .iter()
            .map(|(name, ino)| Ok((name.clone(), *ino, self.node(*ino)?.is_dir())))
            .collect()
    }

    /// Writes what survives a power cut into `to` (an existing, empty folder).
    pub fn write_durable(&self, to: &Path) -> std::io::Result<()> {
        self.write_durable_dir(ROOT, to)
    }

    fn write_durable_dir(&self, dir: u64, to: &Path) -> std::io::Result<()> {
        let Some(Node {
            body: Body::Dir { synced, .. },
            ..
        }) = self.nodes.get(&dir)
        else {
            return Ok(());
        };
        for (name, ino) in synced {
            let path = to.join(name);
            match self.nodes.get(ino).map(|n| &n.body) {
                Some(Body::Dir { .. }) => {
                    std::fs::create_dir(&path)?;
                    self.write_durable_dir(*ino, &path)?;
                }
                Some(Body::File { synced, .. }) => std::fs::write(&path, synced)?,
                None => {}
            }
        }
        Ok(())
    }
}
