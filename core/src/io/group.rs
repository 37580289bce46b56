//! Grouping releases by ocid without holding the input in memory.
//!
//! Releases of one process may be scattered over a feed, so nothing can be merged before the
//! whole input has been read. [`OcidGroups`] keeps an index (ocid → where each release is) and
//! the releases themselves as compact JSON: in memory up to a budget, then in a temporary spill
//! file. Compact JSON is several times smaller than parsed values, and handing out bytes lets
//! the caller parse them where it merges (in parallel). Merging takes the releases of a batch
//! of ocids at a time, so peak memory is the budget, the index and one batch, whatever the size
//! of the input.

use serde_json::Value;
use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::PathBuf;

/// A release as compact JSON, with the tag given when it was added.
pub type TaggedJson = (Box<[u8]>, u32);

/// Where a release is.
#[derive(Debug)]
enum Slot {
    /// Compact JSON in memory.
    Memory(Box<[u8]>),
    /// Compact JSON in the spill file.
    Spilled { offset: u64, len: u32 },
    /// Already taken.
    Taken,
}

/// The releases of one ocid, in input order.
#[derive(Debug)]
struct Group {
    ocid: Box<str>,
    slots: Vec<(Slot, u32)>,
}

/// Releases grouped by ocid, in order of first appearance.
///
/// Each release carries a small tag of the caller's choosing (`u32`, e.g. the index of the
/// package it came from) which is handed back with it.
#[derive(Debug)]
pub struct OcidGroups {
    groups: Vec<Group>,
    index: HashMap<Box<str>, usize>,
    memory: usize,
    budget: usize,
    spill: Option<Spill>,
    releases: u64,
}

#[derive(Debug)]
struct Spill {
    file: File,
    path: PathBuf,
    len: u64,
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Bytes of compact JSON kept in memory before spilling to disk.
pub const DEFAULT_MEMORY_BUDGET: usize = 128 * 1024 * 1024;

impl Default for OcidGroups {
    fn default() -> Self {
        Self::with_memory_budget(DEFAULT_MEMORY_BUDGET)
    }
}

impl OcidGroups {
    /// Groups that keep up to `budget` bytes of releases in memory, then spill to a temporary
    /// file (removed when the groups are dropped).
    pub fn with_memory_budget(budget: usize) -> Self {
        OcidGroups { groups: Vec::new(), index: HashMap::new(), memory: 0, budget, spill: None, releases: 0 }
    }

    /// Adds a release of `ocid`. `tag` is returned with the release when it is taken.
    pub fn push(&mut self, ocid: &str, release: &Value, tag: u32) -> std::io::Result<()> {
        let bytes = serde_json::to_vec(release).map_err(std::io::Error::other)?;
        self.push_json(ocid, bytes, tag)
    }

    /// Adds a release of `ocid` already written as compact JSON (e.g. in parallel, with
    /// [`Reader::read_with`](super::Reader::read_with)).
    pub fn push_json(&mut self, ocid: &str, bytes: Vec<u8>, tag: u32) -> std::io::Result<()> {
        let slot = if self.memory + bytes.len() <= self.budget {
            self.memory += bytes.len();
            Slot::Memory(bytes.into_boxed_slice())
        } else {
            let len = u32::try_from(bytes.len())
                .map_err(|_| std::io::Error::other(format!("a release of {ocid} exceeds 4 GiB")))?;
            let spill = match &mut self.spill {
                Some(spill) => spill,
                None => self.spill.insert(Spill::create()?),
            };
            let offset = spill.len;
            spill.file.write_all(&bytes)?;
            spill.len += bytes.len() as u64;
            Slot::Spilled { offset, len }
        };
        let at = match self.index.get(ocid) {
            Some(&at) => at,
            None => {
                self.groups.push(Group { ocid: ocid.into(), slots: Vec::new() });
                self.index.insert(ocid.into(), self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        self.groups[at].slots.push((slot, tag));
        self.releases += 1;
        Ok(())
    }

    /// Number of distinct ocids.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether no release was added.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Number of releases added.
    pub fn releases(&self) -> u64 {
        self.releases
    }

    /// Whether some releases were written to the spill file.
    pub fn spilled(&self) -> bool {
        self.spill.is_some()
    }

    /// The ocids in order of first appearance.
    pub fn ocids(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().map(|g| &*g.ocid)
    }

    /// Takes the releases of the `n`th ocid (in order of first appearance), in input order, as
    /// compact JSON, each with its tag. Taking a group twice gives its releases once.
    pub fn take_json(&mut self, n: usize) -> std::io::Result<(&str, Vec<TaggedJson>)> {
        let group = &mut self.groups[n];
        let mut out = Vec::with_capacity(group.slots.len());
        for (slot, tag) in &mut group.slots {
            match std::mem::replace(slot, Slot::Taken) {
                Slot::Memory(bytes) => {
                    self.memory = self.memory.saturating_sub(bytes.len());
                    out.push((bytes, *tag));
                }
                Slot::Spilled { offset, len } => {
                    let spill = self.spill.as_mut().ok_or_else(|| std::io::Error::other("spill file missing"))?;
                    let mut buffer = vec![0; len as usize];
                    read_at(&mut spill.file, offset, &mut buffer)?;
                    out.push((buffer.into_boxed_slice(), *tag));
                }
                Slot::Taken => {}
            }
        }
        Ok((&group.ocid, out))
    }

    /// [`take_json`](Self::take_json), parsed.
    pub fn take(&mut self, n: usize) -> std::io::Result<(&str, Vec<(Value, u32)>)> {
        let (ocid, releases) = self.take_json(n)?;
        let parsed = releases
            .into_iter()
            .map(|(bytes, tag)| Ok((serde_json::from_slice(&bytes).map_err(std::io::Error::other)?, tag)))
            .collect::<std::io::Result<_>>()?;
        Ok((ocid, parsed))
    }
}

impl Spill {
    fn create() -> std::io::Result<Spill> {
        let dir = std::env::temp_dir();
        for attempt in 0..100u32 {
            let path = dir.join(format!("edca-spill-{}-{attempt}.jsonl", std::process::id()));
            match File::options().read(true).write(true).create_new(true).open(&path) {
                Ok(file) => return Ok(Spill { file, path, len: 0 }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("could not create a spill file in the temporary folder"))
    }
}

fn read_at(file: &mut File, offset: u64, buffer: &mut [u8]) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(buffer, offset)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read, Seek, SeekFrom};
        let end = file.stream_position()?;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buffer)?;
        file.seek(SeekFrom::Start(end))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn release(ocid: &str, id: u32) -> Value {
        json!({"ocid": ocid, "id": id.to_string(), "date": "2020-01-01T00:00:00Z", "n": 1.50})
    }

    #[test]
    fn groups_by_first_appearance_and_keeps_input_order() {
        let mut groups = OcidGroups::default();
        for (ocid, id) in [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)] {
            groups.push(ocid, &release(ocid, id), id).unwrap();
        }
        assert_eq!(groups.ocids().collect::<Vec<_>>(), ["b", "a", "c"]);
        let (ocid, releases) = groups.take(1).unwrap();
        assert_eq!(ocid, "a");
        let tags: Vec<u32> = releases.iter().map(|(_, t)| *t).collect();
        assert_eq!(tags, [2, 5]);
        assert_eq!(releases[0].0, release("a", 2));
        assert!(!groups.spilled());
    }

    #[test]
    fn spills_past_the_budget_and_reads_back_exactly() {
        let mut groups = OcidGroups::with_memory_budget(200);
        for id in 0..50 {
            let ocid = format!("ocds-x-{}", id % 7);
            groups.push(&ocid, &release(&ocid, id), id).unwrap();
        }
        assert!(groups.spilled());
        assert_eq!(groups.releases(), 50);
        let mut seen = 0;
        for n in 0..groups.len() {
            let (ocid, releases) = groups.take(n).unwrap();
            let ocid = ocid.to_owned();
            for (value, tag) in releases {
                assert_eq!(value, release(&ocid, tag));
                seen += 1;
            }
        }
        assert_eq!(seen, 50);
    }
}
