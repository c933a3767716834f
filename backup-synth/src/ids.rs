//! CDK's logical-id and unique-name algorithm (`makeUniqueId`), so stacks move between CDK
//! and this crate without replacing resources.

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
    let components: Vec<&str> = components
        .iter()
        .map(AsRef::as_ref)
        .filter(|c| *c != HIDDEN_ID)
        .collect();
    if let [single] = components.as_slice() {
        let candidate = alphanumeric(single);
        if candidate.len() <= MAX_ID_LEN {
            return candidate;
        }
    }
    let mut human: String = without_repeats(&components)
        .into_iter()
        .filter(|c| *c != HIDDEN_FROM_HUMAN_ID)
        .map(alphanumeric)
        .collect();
    human.truncate(MAX_HUMAN_LEN);
    human + &path_hash(&components)
}

/// The logical id of the resource at `path` (components below the stack, `/`-separated ids
/// of the constructs down to the CloudFormation resource).
///
/// ```
/// use backup_dsl::logical_id;
/// assert_eq!(logical_id("Plan/Vault/Resource"), "PlanVault0284B0C2");
/// ```
pub fn logical_id(path: &str) -> String {
    let components: Vec<&str> = path.split('/').collect();
    unique_id(&components)
}

/// The name CDK generates for a construct (`Names.uniqueId` over the path below the app,
/// stage and stack ids included), keeping its last `max_len` characters.
///
/// ```
/// use backup_dsl::ids::generated_name;
/// assert_eq!(generated_name(&["Stack", "Plan", "Vault"], 50), "StackPlanVaultB68E2030");
/// ```
pub fn generated_name<S: AsRef<str>>(components_below_app: &[S], max_len: usize) -> String {
    let id = unique_id(components_below_app);
    let skip = id.len().saturating_sub(max_len);
    id[skip..].to_string()
}

fn path_hash(components: &[&str]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let digest = Md5::digest(components.join("/").as_bytes());
    let mut hex = String::with_capacity(HASH_LEN);
    for byte in &digest[..HASH_LEN / 2] {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0F)]));
    }
    hex
}

fn without_repeats<'a>(components: &[&'a str]) -> Vec<&'a str> {
    let mut kept: Vec<&str> = Vec::with_capacity(components.len());
    for component in components {
        if kept.last().is_none_or(|last| !last.ends_with(component)) {
            kept.push(component);
        }
    }
    kept
}

fn alphanumeric(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
