//! Where each value of a template was written, stored compactly.
//!
//! One entry per value of the parsed tree, in pre-order (a value, then its children in order),
//! with the size of its subtree: 12 bytes a value, whatever the depth of nesting. A JSON pointer
//! is answered by walking the parsed value and this table together, so no pointer string is
//! stored (issue 10: a whole pointer string per value cost 4 GB on a 500 KB template nested
//! ~120 deep).

use serde_json::Value;

/// A 1-based line and column (columns count characters).
pub type Position = (usize, usize);

/// The position of every value of a parsed template, in the pre-order of its tree.
#[derive(Debug, Default)]
pub struct Positions {
    nodes: Vec<Node>,
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

    /// A value without children, written at `at`.
    pub fn leaf(&mut self, at: Position) {
        self.open(at);
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
            let segment = unescape(raw);
            let Some((nth, child)) = child(value, &segment) else {
                break;
            };
            let mut entry = index + 1;
            for _ in 0..nth {
                entry = self.skip(entry);
            }
            let Some(position) = self.at(entry) else {
                break;
            };
            (index, value, found) = (entry, child, position);
        }
        Some(found)
    }
}

/// A JSON pointer segment with `~1` and `~0` decoded.
fn unescape(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('~') {
        raw.replace("~1", "/").replace("~0", "~").into()
    } else {
        raw.into()
    }
}

/// The rank of `segment` among the children of `value`, and that child.
fn child<'v>(value: &'v Value, segment: &str) -> Option<(usize, &'v Value)> {
    match value {
        // The map keeps insertion order (serde_json's `preserve_order`), which is the order
        // the entries were recorded in.
        Value::Object(map) => map
            .iter()
            .enumerate()
            .find_map(|(nth, (key, child))| (key == segment).then_some((nth, child))),
        Value::Array(items) => {
            let nth: usize = segment.parse().ok()?;
            Some((nth, items.get(nth)?))
        }
        _ => None,
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

    #[test]
    fn missing_values_give_the_nearest_ancestor() {
        let (value, positions) = sample();
        assert_eq!(positions.find(&value, "/b/7"), Some((2, 6)));
        assert_eq!(positions.find(&value, "/a/x~0~1/deeper"), Some((3, 14)));
        assert_eq!(positions.find(&value, "/zzz"), Some((1, 1)));
        assert_eq!(Positions::default().find(&value, "/b"), None);
    }
}
