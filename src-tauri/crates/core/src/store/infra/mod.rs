//! What every record type's writes stand on: the one transaction over all trees (`tx`), key
//! and value encodings (`keys`, `codec`, `sparse_json`), durability (`durable`), the schema
//! version and its migrations (`version_file`, `migrate*`), the index check (`verify`), the
//! change log the analytics facts follow (`touched`) and the quiet snapshot backups read.
pub(in crate::store) mod codec;
pub(in crate::store) mod durable;
pub(in crate::store) mod keys;
pub(in crate::store) mod migrate;
pub(in crate::store) mod migrate_authors;
pub(in crate::store) mod snapshot;
pub(in crate::store) mod sparse_json;
pub(in crate::store) mod touched;
pub(in crate::store) mod tx;
pub(in crate::store) mod verify;

pub(in crate::store) mod version_file;
