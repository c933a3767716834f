//! CDK's logical-id and unique-name algorithm (`makeUniqueId`), so stacks move between CDK
//! and this crate without replacing resources.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use md5::{Digest, Md5};

/// Path components CDK hides entirely.
const HIDDEN_ID: &str = "Default";
/// Path components CDK hides from the human part only.
const HIDDEN_FROM_HUMAN_ID: &str = "Resource";
const HASH_LEN: usize = 8;
const MAX_HUMAN_LEN: usize = 240;
const MAX_ID_LEN: usize = 255;

/// The unique id CDK derives from construct path components (`makeUniqueId`).
///
/// ```
/// use backup_dsl::ids::unique_id;
/// assert_eq!(unique_id(&["Plan", "Resource"]), "PlanDAF4E53A");
/// assert_eq!(unique_id(&["L1Vault"]), "L1Vault");
/// ```
pub fn unique_id<S: AsRef<str>>(components: &[S]) -> String {
    unique_id_of(components.iter().map(AsRef::as_ref))
}

/// [`unique_id`] of the components `components` yields.
fn unique_id_of<'a>(components: impl Iterator<Item = &'a str> + Clone) -> String {
    let visible = || components.clone().filter(|c| *c != HIDDEN_ID);
    let mut first_two = visible();
    if let (Some(single), None) = (first_two.next(), first_two.next()) {
        let candidate = alphanumeric(single);
        if candidate.len() <= MAX_ID_LEN {
            return candidate;
        }
    }
    let mut id = String::with_capacity(48);
    let mut last_kept: Option<&str> = None;
    for component in visible() {
        // A component that the previous one kept ends with is dropped (CDK's `removeDupes`).
        if last_kept.is_some_and(|last| last.ends_with(component)) {
            continue;
        }
        last_kept = Some(component);
        if component != HIDDEN_FROM_HUMAN_ID {
            push_alphanumeric(&mut id, component);
        }
    }
    id.truncate(MAX_HUMAN_LEN);
    push_path_hash(&mut id, visible());
    id
}

/// The logical id of the resource at `path` (components below the stack, `/`-separated ids
/// of the constructs down to the CloudFormation resource).
///
/// ```
/// use backup_dsl::logical_id;
/// assert_eq!(logical_id("Plan/Vault/Resource"), "PlanVault0284B0C2");
/// ```
pub fn logical_id(path: &str) -> String {
    unique_id_of(path.split('/'))
}

/// [`logical_id`] of the path made of `components` (no `/` joined first).
pub(crate) fn logical_id_of<'a>(components: impl Iterator<Item = &'a str> + Clone) -> String {
    unique_id_of(components)
}

/// The logical id of the resource an L2 construct at `path` creates: [`logical_id`] of
/// `<path>/Resource`.
pub(crate) fn resource_logical_id(path: &str) -> String {
    unique_id_of(path.split('/').chain([HIDDEN_FROM_HUMAN_ID]))
}

/// The name CDK generates for a construct (`Names.uniqueId` over the path below the app,
/// stage and stack ids included), keeping its last `max_len` characters.
///
/// ```
/// use backup_dsl::ids::generated_name;
/// assert_eq!(generated_name(&["Stack", "Plan", "Vault"], 50), "StackPlanVaultB68E2030");
/// ```
pub fn generated_name<S: AsRef<str>>(components_below_app: &[S], max_len: usize) -> String {
    generated_name_of(components_below_app.iter().map(AsRef::as_ref), max_len)
}

/// [`generated_name`] of the components `components` yields.
pub(crate) fn generated_name_of<'a>(
    components: impl Iterator<Item = &'a str> + Clone,
    max_len: usize,
) -> String {
    let mut id = unique_id_of(components);
    let skip = id.len().saturating_sub(max_len);
    id.drain(..skip);
    id
}

/// Appends the ASCII letters and digits of `component` (all of it, in one copy, when it has
/// nothing else).
fn push_alphanumeric(id: &mut String, component: &str) {
    if component.bytes().all(|b| b.is_ascii_alphanumeric()) {
        id.push_str(component);
    } else {
        id.extend(component.chars().filter(char::is_ascii_alphanumeric));
    }
}

/// Appends the first eight hex digits of the MD5 of the components joined with `/`.
fn push_path_hash<'a>(id: &mut String, components: impl Iterator<Item = &'a str>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut hasher = Md5::new();
    for (index, component) in components.enumerate() {
        if index > 0 {
            hasher.update(b"/");
        }
        hasher.update(component.as_bytes());
    }
    let digest = hasher.finalize();
    for byte in &digest[..HASH_LEN / 2] {
        id.push(char::from(HEX[usize::from(byte >> 4)]));
        id.push(char::from(HEX[usize::from(byte & 0x0F)]));
    }
}

fn alphanumeric(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    push_alphanumeric(&mut kept, text);
    kept
}

/// A fast hash for sets of the stack's own names (FxHash's mixing, as rustc uses for its own
/// tables): the names are the user's, so the flooding SipHash guards against cannot happen.
#[derive(Debug, Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(SEED);
        }
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (the table's bucket index) poorly mixed: rotate the
        // well-mixed high bits down, as rustc-hash 2 does.
        self.0.rotate_left(26)
    }
}

/// A set hashed with [`IdHasher`].
pub(crate) type FastHashSet<T> = HashSet<T, BuildHasherDefault<IdHasher>>;

/// A hash map keyed by the stack's own names, with [`IdHasher`].
pub(crate) type FastHashMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// Names met so far with a value each: a list searched in order while few are expected
/// (cheaper than hashing, above all in `backup_plan!`, whose checks run unoptimized), a hash
/// map when many are (no quadratic cost). Chosen up front from the expected count.
pub(crate) enum NameMap<'a, V> {
    /// At most [`NameMap::FEW`] names expected.
    Few(Vec<(Cow<'a, str>, V)>),
    /// More.
    Many(FastHashMap<Cow<'a, str>, V>),
}

impl<'a, V> NameMap<'a, V> {
    /// Up to how many expected names a list is used.
    const FEW: usize = 16;

    /// Room for `count` names.
    pub(crate) fn for_count(count: usize) -> Self {
        if count <= Self::FEW {
            Self::Few(Vec::with_capacity(count))
        } else {
            Self::Many(FastHashMap::with_capacity_and_hasher(
                count,
                Default::default(),
            ))
        }
    }

    /// Records `name` with `value` (replacing an earlier value); whether it was there before.
    pub(crate) fn insert(&mut self, name: Cow<'a, str>, value: V) -> bool {
        match self {
            Self::Few(entries) => {
                if let Some((_, known)) = entries.iter_mut().find(|(known, _)| *known == name) {
                    *known = value;
                    return true;
                }
                entries.push((name, value));
                false
            }
            Self::Many(entries) => entries.insert(name, value).is_some(),
        }
    }

    /// The value of `name`, if it was recorded.
    pub(crate) fn get(&self, name: &str) -> Option<&V> {
        match self {
            Self::Few(entries) => entries
                .iter()
                .find(|(known, _)| known == name)
                .map(|(_, v)| v),
            Self::Many(entries) => entries.get(name),
        }
    }
}

/// Names met so far ([`NameMap`] without values).
pub(crate) type Seen<'a> = NameMap<'a, ()>;

impl<'a> Seen<'a> {
    /// Records `name`; whether it was met before.
    pub(crate) fn repeated(&mut self, name: Cow<'a, str>) -> bool {
        self.insert(name, ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_finds_repeats_few_and_many() {
        let names: Vec<String> = (0..40).map(|i| format!("Rule{i}")).collect();
        for count in [0, 3, 8, 9, 16, 17, 40] {
            let mut seen = Seen::for_count(count);
            for name in &names[..count] {
                assert!(!seen.repeated(name.as_str().into()), "{name} is new");
            }
            for name in &names[..count] {
                assert!(seen.repeated(name.as_str().into()), "{name} repeats");
            }
            assert!(!seen.repeated("Rule40".into()));
        }
    }

    #[test]
    fn name_maps_find_every_name_and_keep_the_last_value() {
        let ids: Vec<String> = (0..40).map(|i| format!("Vault{i}")).collect();
        for count in [4, 16, 17, 40] {
            let mut vaults = NameMap::for_count(count);
            for id in &ids[..count] {
                vaults.insert(Cow::Borrowed(id.as_str()), None);
            }
            for id in &ids[..count] {
                assert_eq!(vaults.get(id), Some(&None), "{id}");
                vaults.insert(Cow::Borrowed(id.as_str()), Some(7));
            }
            vaults.insert(Cow::Borrowed("Vault3"), Some(30));
            assert_eq!(vaults.get("Vault3"), Some(&Some(30)));
            assert_eq!(vaults.get("Vault2"), Some(&Some(7)));
            assert!(vaults.get("Vault40").is_none());
        }
    }

    #[test]
    fn matches_cdk_ids() {
        assert_eq!(logical_id("Plan/Resource"), "PlanDAF4E53A");
        assert_eq!(logical_id("Plan/Vault/Resource"), "PlanVault0284B0C2");
        assert_eq!(
            logical_id("Plan/Selection/Role/Resource"),
            "PlanSelectionRole6D10F4B7"
        );
        assert_eq!(
            logical_id("Plan/Selection/Resource"),
            "PlanSelectionF88CBC04"
        );
        assert_eq!(logical_id("Vault/Resource"), "Vault23237E5B");
        assert_eq!(
            generated_name(&["Prod", "Stack", "Plan", "Vault"], 50),
            "ProdStackPlanVaultF4233F09"
        );
        assert_eq!(
            generated_name(&["my-backup-stack", "Plan", "Vault"], 50),
            "mybackupstackPlanVaultEF3B2CD4"
        );
    }
}
