//! Where each value of a template was written, stored compactly.
//!
//! One entry per value of the parsed tree, in pre-order (a value, then its children in order),
//! with the size of its subtree: 12 bytes a value, whatever the depth of nesting. A JSON pointer
//! is answered by walking the parsed value and this table together, so no pointer string is
//! stored (issue 10: a whole pointer string per value cost 4 GB on a 500 KB template nested
//! ~120 deep). Objects and arrays of [`WIDE`] entries or more (a `Resources` section) also keep
//! where each child starts, so a pointer into them costs one hash look-up instead of a walk past
//! every earlier sibling: a finding per resource stays linear in the number of resources.

use std::collections::HashMap;

use serde_json::Value;

/// Children from which an object or array is indexed.
const WIDE: usize = 16;

/// Marks a key hash shared by two keys of one object: such keys are found by walking.
const COLLIDED: usize = usize::MAX;

/// A 1-based line and column (columns count characters).
pub type Position = (usize, usize);

/// The position of every value of a parsed template, in the pre-order of its tree.
#[derive(Debug, Default)]
pub struct Positions {
    nodes: Vec<Node>,
    wide: Box<Wide>,
}

/// Where the children of wide objects and arrays start.
#[derive(Debug, Default)]
struct Wide {
    /// Wide objects: entry → (key hash → child entry, or [`COLLIDED`]).
    objects: HashMap<usize, HashMap<u64, usize>>,
    /// Wide arrays: entry → child entries.
    arrays: HashMap<usize, Vec<usize>>,
}

#[derive(Clone, Copy, Debug)]
struct Node {
    line: u32,
    column: u32,
    /// Entries in this value's subtree, itself included.
    size: u32,
}

fn narrow(number: usize) -> u32 {
    u32::try_from(number).unwrap_or(u32::MAX)
}

impl Positions {
    /// Starts a value written at `at`; its children follow until [`Positions::close`].
    pub fn open(&mut self, at: Position) -> usize {
        self.nodes.push(Node {
            line: narrow(at.0),
            column: narrow(at.1),
            size: 1,
        });
        self.nodes.len() - 1
    }

    /// Ends the value started as `index`: every entry pushed since belongs to it.
    pub fn close(&mut self, index: usize) {
        let size = narrow(self.nodes.len() - index);
        if let Some(node) = self.nodes.get_mut(index) {
            node.size = size;
        }
    }

    /// Ends the value started as `index`, which is `value`; indexes it when it is wide.
    pub fn close_value(&mut self, index: usize, value: &Value) {
        self.close(index);
        match value {
            Value::Object(map) if map.len() >= WIDE => {
                let mut children = HashMap::with_capacity(map.len());
                for (key, entry) in map.keys().zip(self.children(index)) {
                    children
                        .entry(hash(key))
                        .and_modify(|found| *found = COLLIDED)
                        .or_insert(entry);
                }
                self.wide.objects.insert(index, children);
            }
            Value::Array(items) if items.len() >= WIDE => {
                let children = self.children(index).take(items.len()).collect();
                self.wide.arrays.insert(index, children);
            }
            _ => {}
        }
    }

    /// The entries of the children of entry `index`, in order.
    fn children(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.skip(index);
        std::iter::successors(Some(index + 1), move |&entry| Some(self.skip(entry)))
            .take_while(move |&entry| entry < end)
    }

    /// A value without children, written at `at`.
    pub fn leaf(&mut self, at: Position) {
        self.open(at);
    }

    /// Entries recorded: one per value.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The position of the entry `index`.
    pub fn at(&self, index: usize) -> Option<Position> {
        let node = self.nodes.get(index)?;
        Some((node.line as usize, node.column as usize))
    }

    /// The entry following the subtree of entry `index` (its next sibling, if it has one).
    pub fn skip(&self, index: usize) -> usize {
        index
            + self
                .nodes
                .get(index)
                .map_or(1, |node| node.size.max(1) as usize)
    }

    /// The position of the value at `pointer` in `root` (the value these positions were
    /// recorded for), or of its nearest ancestor present in `root`.
    pub fn find(&self, root: &Value, pointer: &str) -> Option<Position> {
        let mut index = 0;
        let mut value = root;
        let mut found = self.at(0)?;
        let Some(path) = pointer.strip_prefix('/') else {
            return Some(found);
        };
        for raw in path.split('/') {
            let Some((entry, child)) = self.step(index, value, &unescape(raw)) else {
                break;
            };
            let Some(position) = self.at(entry) else {
                break;
            };
            (index, value, found) = (entry, child, position);
        }
        Some(found)
    }

    /// The entry and value of the child `segment` of `value`, entry `index`.
    fn step<'v>(
        &self,
        index: usize,
        value: &'v Value,
        segment: &str,
    ) -> Option<(usize, &'v Value)> {
        match value {
            Value::Object(map) => {
                let child = map.get(segment)?;
                let indexed = self
                    .wide
                    .objects
                    .get(&index)
                    .and_then(|children| children.get(&hash(segment)))
                    .filter(|&&entry| entry != COLLIDED);
                let entry = match indexed {
                    Some(&entry) => entry,
                    // The map keeps insertion order (serde_json's `preserve_order`), which is
                    // the order the entries were recorded in.
                    None => self.nth_child(index, map.keys().position(|key| key == segment)?),
                };
                Some((entry, child))
            }
            Value::Array(items) => {
                let nth: usize = segment.parse().ok()?;
                let child = items.get(nth)?;
                let entry = match self.wide.arrays.get(&index) {
                    Some(children) => *children.get(nth)?,
                    None => self.nth_child(index, nth),
                };
                Some((entry, child))
            }
            _ => None,
        }
    }

    /// The entry of the `nth` child of entry `index`, by walking its earlier siblings.
    fn nth_child(&self, index: usize, nth: usize) -> usize {
        (0..nth).fold(index + 1, |entry, _| self.skip(entry))
    }
}

/// FNV-1a: a fast, deterministic hash of an object key.
fn hash(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A JSON pointer segment with `~1` and `~0` decoded.
fn unescape(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('~') {
        raw.replace("~1", "/").replace("~0", "~").into()
    } else {
        raw.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `{"b": [10, 11], "a": {"x~/": 1}}` recorded by hand, in pre-order.
    fn sample() -> (Value, Positions) {
        let value = json!({"b": [10, 11], "a": {"x~/": 1}});
        let mut positions = Positions::default();
        let root = positions.open((1, 1));
        let list = positions.open((2, 6));
        positions.leaf((2, 7));
        positions.leaf((2, 11));
        positions.close(list);
        let inner = positions.open((3, 6));
        positions.leaf((3, 14));
        positions.close(inner);
        positions.close(root);
        (value, positions)
    }

    #[test]
    fn pointers_walk_objects_and_arrays_in_insertion_order() {
        let (value, positions) = sample();
        assert_eq!(positions.find(&value, ""), Some((1, 1)));
        assert_eq!(positions.find(&value, "/b"), Some((2, 6)));
        assert_eq!(positions.find(&value, "/b/1"), Some((2, 11)));
        assert_eq!(positions.find(&value, "/a"), Some((3, 6)));
        assert_eq!(positions.find(&value, "/a/x~0~1"), Some((3, 14)));
    }

    /// An object and an array of `n` entries each, recorded as the readers record them.
    fn wide(n: usize) -> (Value, Positions) {
        let mut positions = Positions::default();
        let root = positions.open((1, 1));
        let object = positions.open((2, 1));
        let mut map = serde_json::Map::new();
        for i in 0..n {
            let inner = positions.open((3 + i, 5));
            positions.leaf((3 + i, 9));
            let value = json!([i]);
            positions.close_value(inner, &value);
            map.insert(format!("k{i}"), value);
        }
        let map = Value::Object(map);
        positions.close_value(object, &map);
        let array = positions.open((9999, 1));
        let items: Vec<Value> = (0..n).map(|i| json!(i)).collect();
        for i in 0..n {
            positions.leaf((10_000 + i, 3));
        }
        let items = Value::Array(items);
        positions.close_value(array, &items);
        let value = json!({"o": map, "a": items});
        positions.close_value(root, &value);
        (value, positions)
    }

    #[test]
    fn wide_and_narrow_collections_give_the_same_answers() {
        for n in [3, WIDE - 1, WIDE, 100] {
            let (value, positions) = wide(n);
            assert_eq!(positions.wide.objects.len(), usize::from(n >= WIDE), "{n}");
            for i in 0..n {
                assert_eq!(
                    positions.find(&value, &format!("/o/k{i}")),
                    Some((3 + i, 5))
                );
                assert_eq!(
                    positions.find(&value, &format!("/o/k{i}/0")),
                    Some((3 + i, 9))
                );
                assert_eq!(
                    positions.find(&value, &format!("/a/{i}")),
                    Some((10_000 + i, 3))
                );
            }
            assert_eq!(positions.find(&value, "/o/missing"), Some((2, 1)));
            assert_eq!(positions.find(&value, &format!("/a/{n}")), Some((9999, 1)));
        }
    }

    #[test]
    fn keys_whose_hashes_collide_are_found_by_walking() {
        let (value, mut positions) = wide(WIDE);
        let children = positions.wide.objects.values_mut().next().expect("indexed");
        for entry in children.values_mut() {
            *entry = COLLIDED;
        }
        assert_eq!(positions.find(&value, "/o/k7/0"), Some((10, 9)));
    }

    #[test]
    fn missing_values_give_the_nearest_ancestor() {
        let (value, positions) = sample();
        assert_eq!(positions.find(&value, "/b/7"), Some((2, 6)));
        assert_eq!(positions.find(&value, "/a/x~0~1/deeper"), Some((3, 14)));
        assert_eq!(positions.find(&value, "/zzz"), Some((1, 1)));
        assert_eq!(Positions::default().find(&value, "/b"), None);
    }
}
