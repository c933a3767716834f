//! The rules of AWS Organizations backup policies (`orgpolicy-*`): the document's size, shape
//! and operators, what a backup policy can express of a plan, and the ARN forms it takes.
//!
//! Sources: AWS Organizations user guide, "Backup policy syntax and examples" and "Inheritance
//! operators" (\[ORG\]), "Quotas for AWS Organizations" (size), as summarised in the project's
//! reference `aws-backup-next.md` §2.1 and §2.5 (rule numbers there). The single-account rules
//! (cron, windows, lifecycle, names) are the rule book's own and are called unchanged.

use crate::problem::Violation;
use crate::rules::framework::did_you_mean;

/// Largest backup policy, in characters of its minified JSON (\[ORG\] quotas: "Maximum size of
/// a backup policy: 10,000 characters"; whitespace counts, so policies are emitted minified).
pub const MAX_POLICY_CHARS: usize = 10_000;

/// Most conditions in one selection (§2.1: "≤ 30 conditions per selection").
pub const MAX_POLICY_CONDITIONS: usize = 30;

/// The value-setting operators (\[ORG\] "Inheritance operators").
pub const VALUE_OPERATORS: [&str; 3] = ["@@assign", "@@append", "@@remove"];

/// The child-control key (\[ORG\] "Child control operators").
pub const CHILD_CONTROL_KEY: &str = "@@operators_allowed_for_child_policies";

/// The values a child-control list takes.
pub const CHILD_CONTROL_VALUES: [&str; 5] = ["@@all", "@@none", "@@assign", "@@append", "@@remove"];

/// The `resource_types` / `not_resource_types` patterns a backup policy documents, one per
/// supported service (\[ORG\] "Supported resource types"; `aws-backup-resource-types.json`
/// `policy_pattern`), and `*`.
pub const POLICY_RESOURCE_PATTERNS: [&str; 19] = [
    "*",
    "arn:aws:backup-gateway:*:*:vm/*",
    "arn:aws:cloudformation:*:*:stack/*",
    "arn:aws:dsql:*:*:cluster/*",
    "arn:aws:dynamodb:*:*:table/*",
    "arn:aws:ec2:*:*:instance/*",
    "arn:aws:ec2:*:*:volume/*",
    "arn:aws:elasticfilesystem:*:*:file-system/*",
    "arn:aws:rds:*:*:cluster:*",
    "arn:aws:rds:*:*:db:*",
    "arn:aws:redshift:*:*:cluster:*",
    "arn:aws:redshift-serverless:*:*:namespace/*",
    "arn:aws:s3:::*",
    "arn:aws:ssm-sap:*:*:HANA/*",
    "arn:aws:storagegateway:*:*:gateway/*",
    "arn:aws:timestream:*:*:database/*",
    "arn:aws:fsx:*:*:file-system/*",
    "arn:aws:fsx:*:*:volume/*",
    "arn:aws:eks:*:*:cluster/*",
];

/// The condition operators of a policy selection (§2.1).
pub const POLICY_CONDITION_OPERATORS: [&str; 4] = [
    "string_equals",
    "string_not_equals",
    "string_like",
    "string_not_like",
];

/// `orgpolicy-size` (§2.5 rule 1): the minified policy is at most 10,000 characters.
///
/// ```
/// use backup_dsl::rules::check_policy_size;
/// assert!(check_policy_size(10_000).is_ok());
/// assert_eq!(check_policy_size(10_001).unwrap_err().rule, "orgpolicy-size");
/// ```
pub fn check_policy_size(chars: usize) -> Result<(), Violation> {
    if chars <= MAX_POLICY_CHARS {
        return Ok(());
    }
    Err(Violation::error(
        "orgpolicy-size",
        format!("the backup policy is {chars} characters minified; AWS Organizations takes at most {MAX_POLICY_CHARS} characters per backup policy"),
        "split the plans over several backup policies (up to 10 may be attached to one root, OU or account)",
    ))
}

/// `orgpolicy-shape` (§2.5 rule 2): `key` is one of `allowed` at `level` (a did-you-mean for a
/// near miss).
///
/// ```
/// use backup_dsl::rules::check_policy_key;
/// assert!(check_policy_key("a plan", "regions", &["rules", "regions"]).is_ok());
/// assert_eq!(check_policy_key("a plan", "region", &["rules", "regions"]).unwrap_err().help, "did you mean `regions`?");
/// ```
pub fn check_policy_key(level: &str, key: &str, allowed: &[&str]) -> Result<(), Violation> {
    if allowed.contains(&key) {
        return Ok(());
    }
    let list = allowed
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(Violation::error(
        "orgpolicy-shape",
        format!("`{key}` is not a key of {level} in a backup policy; it takes {list}"),
        match did_you_mean(key, allowed.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("remove `{key}`, or write one of {list}"),
        },
    ))
}

/// `orgpolicy-shape` (§2.5 rule 2): a required key is present. Missing from one policy it is
/// a warning (a parent or child policy may supply it); missing from an effective policy, the
/// plan is incomplete and AWS Backup cannot create it: an error.
///
/// ```
/// use backup_dsl::{rules::check_policy_required, Severity};
/// assert!(check_policy_required("plan `P`", "regions", true, true).is_ok());
/// assert_eq!(check_policy_required("plan `P`", "regions", false, false).unwrap_err().severity, Severity::Warning);
/// assert_eq!(check_policy_required("plan `P`", "regions", false, true).unwrap_err().severity, Severity::Error);
/// ```
pub fn check_policy_required(
    owner: &str,
    key: &str,
    present: bool,
    effective: bool,
) -> Result<(), Violation> {
    if present {
        return Ok(());
    }
    if effective {
        Err(Violation::error(
            "orgpolicy-shape",
            format!("{owner} has no `{key}` in the effective policy; AWS Backup cannot create an incomplete plan"),
            format!("add `{key}` to this policy or to a policy attached above the account"),
        ))
    } else {
        Err(Violation::warning(
            "orgpolicy-shape",
            format!("{owner} has no `{key}`; the plan is complete only if another attached policy supplies it"),
            format!("add `{key}`, or make sure a parent policy assigns it (`backup-dsl org effective` shows the result)"),
        ))
    }
}

/// `orgpolicy-shape`: a value of the wrong JSON type.
pub fn policy_type_error(key: &str, found: &str, expected: &str) -> Violation {
    Violation::error(
        "orgpolicy-shape",
        format!("`{key}` is {found}; a backup policy takes {expected} here"),
        format!("write {expected}"),
    )
}

/// `orgpolicy-operator` (§2.5 rule 3): every value is written under an operator
/// (`{"@@assign": …}`).
pub fn check_leaf_under_operator(key: &str, has_operator: bool) -> Result<(), Violation> {
    if has_operator {
        return Ok(());
    }
    Err(Violation::error(
        "orgpolicy-operator",
        format!("`{key}` is given without an operator; every value of a backup policy is set with `@@assign`, `@@append` or `@@remove`"),
        format!("write `\"{key}\": {{\"@@assign\": …}}`"),
    ))
}

/// `orgpolicy-operator` (§2.5 rule 3): `operator` is a value-setting operator, and
/// `@@append`/`@@remove` are used only on lists.
///
/// ```
/// use backup_dsl::rules::check_value_operator;
/// assert!(check_value_operator("regions", "@@append", true).is_ok());
/// assert!(check_value_operator("schedule_expression", "@@append", false).is_err());
/// assert!(check_value_operator("regions", "@@asign", true).is_err());
/// ```
pub fn check_value_operator(key: &str, operator: &str, is_list: bool) -> Result<(), Violation> {
    if !VALUE_OPERATORS.contains(&operator) {
        return Err(Violation::error(
            "orgpolicy-operator",
            format!("`{operator}` on `{key}` is not an operator; backup policies take `@@assign`, `@@append`, `@@remove` and `{CHILD_CONTROL_KEY}`"),
            match did_you_mean(operator, VALUE_OPERATORS) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "use `@@assign` to set the value".to_string(),
            },
        ));
    }
    if operator == "@@assign" || is_list {
        return Ok(());
    }
    Err(Violation::error(
        "orgpolicy-operator",
        format!("`{operator}` is used on `{key}`, which is not a list; `@@append` and `@@remove` apply to lists only"),
        "use `@@assign` to set the value",
    ))
}

/// `orgpolicy-operator` (§2.5 rule 3): a child-control list takes `@@all` or `@@none` alone,
/// or any of `@@assign`, `@@append`, `@@remove`.
///
/// ```
/// use backup_dsl::rules::check_child_controls;
/// assert!(check_child_controls(&["@@none"]).is_ok());
/// assert!(check_child_controls(&["@@assign", "@@append"]).is_ok());
/// assert!(check_child_controls(&["@@none", "@@assign"]).is_err());
/// assert!(check_child_controls(&["@@merge"]).is_err());
/// ```
pub fn check_child_controls(values: &[&str]) -> Result<(), Violation> {
    if let Some(bad) = values.iter().find(|v| !CHILD_CONTROL_VALUES.contains(v)) {
        return Err(Violation::error(
            "orgpolicy-operator",
            format!("`{bad}` is not a value of `{CHILD_CONTROL_KEY}`; it takes `@@all`, `@@none`, or some of `@@assign`, `@@append`, `@@remove`"),
            match did_you_mean(bad, CHILD_CONTROL_VALUES) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "write `[\"@@none\"]` to forbid changes below, or list the operators child policies may use".to_string(),
            },
        ));
    }
    let alone = values.iter().find(|v| matches!(**v, "@@all" | "@@none"));
    match alone {
        Some(value) if values.len() > 1 => Err(Violation::error(
            "orgpolicy-operator",
            format!("`{value}` is listed with other values in `{CHILD_CONTROL_KEY}`; `@@all` and `@@none` stand alone"),
            format!("write `[\"{value}\"]` alone, or list only `@@assign`, `@@append`, `@@remove`"),
        )),
        _ => Ok(()),
    }
}

/// `orgpolicy-timezone` (§2.5 rule 4): a backup policy's schedule is UTC; a rule in another
/// time zone cannot be expressed. `utc` is the same schedule in UTC when one exists (a zone
/// without daylight saving time).
///
/// ```
/// use backup_dsl::rules::check_policy_timezone;
/// assert!(check_policy_timezone("Etc/UTC", "cron(0 5 ? * * *)", None).is_ok());
/// let v = check_policy_timezone("Asia/Tokyo", "cron(0 5 ? * * *)", Some("cron(0 20 ? * * *)")).unwrap_err();
/// assert!(v.help.contains("cron(0 20 ? * * *)"));
/// ```
pub fn check_policy_timezone(
    zone: &str,
    expression: &str,
    utc: Option<&str>,
) -> Result<(), Violation> {
    if matches!(zone, "UTC" | "Etc/UTC" | "") {
        return Ok(());
    }
    Err(Violation::error(
        "orgpolicy-timezone",
        format!("the rule runs `{expression}` in time zone `{zone}`; a backup policy's `schedule_expression` is always UTC and takes no time zone"),
        match utc {
            Some(rewrite) => format!("`{zone}` has a fixed UTC offset: write `{rewrite}` in UTC and remove `schedule_timezone`"),
            None => format!("`{zone}` changes its UTC offset (daylight saving time, or a schedule that crosses midnight in UTC): write the schedule in UTC, with one rule per UTC offset if the local hour matters"),
        },
    ))
}

/// `orgpolicy-selection` (§2.5 rule 5): a selected resource is one of the documented
/// resource-type patterns (or `*`); a backup policy cannot select a specific resource.
///
/// ```
/// use backup_dsl::rules::check_policy_resource;
/// assert!(check_policy_resource("arn:aws:dynamodb:*:*:table/*").is_ok());
/// assert!(check_policy_resource("arn:aws-us-gov:dynamodb:*:*:table/*").is_ok());
/// assert!(check_policy_resource("arn:aws:dynamodb:eu-west-1:123456789012:table/orders").is_err());
/// ```
pub fn check_policy_resource(arn: &str) -> Result<(), Violation> {
    // The patterns are written in the `aws` partition; GovCloud and China use their own.
    let in_aws = ["arn:aws-us-gov:", "arn:aws-cn:"]
        .iter()
        .find_map(|p| arn.strip_prefix(p))
        .map(|rest| format!("arn:aws:{rest}"));
    let normalised = in_aws.as_deref().unwrap_or(arn);
    if POLICY_RESOURCE_PATTERNS.contains(&normalised) {
        return Ok(());
    }
    Err(Violation::error(
        "orgpolicy-selection",
        format!("`{arn}` is not expressible in a backup policy: a policy selects resource types (`arn:aws:dynamodb:*:*:table/*`, …, or `*`), not specific resources"),
        "select by tag (tag the resources and select the tag), or by a resource-type pattern such as `arn:aws:ec2:*:*:volume/*`",
    ))
}

/// `orgpolicy-selection` (§2.5 rule 5): a tag selection of a policy has one tag key (with a
/// list of values); `ListOfTags` with several keys is not expressible in one selection.
///
/// ```
/// use backup_dsl::rules::check_policy_tag_keys;
/// assert!(check_policy_tag_keys(&["backup", "backup"]).is_ok());
/// assert!(check_policy_tag_keys(&["backup", "stage"]).is_err());
/// ```
pub fn check_policy_tag_keys(keys: &[&str]) -> Result<(), Violation> {
    let mut distinct: Vec<&str> = keys.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() <= 1 {
        return Ok(());
    }
    let list = distinct
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(Violation::error(
        "orgpolicy-selection",
        format!("the selection selects by {} tag keys ({list}); a backup policy's tag selection takes one tag key with a list of values", distinct.len()),
        "split the selection into one selection per tag key (selections of a plan add up, as `ListOfTags` entries do)",
    ))
}

/// `orgpolicy-selection` (§2.5 rule 5): one selection selects by tag or by resource type, not
/// both (`selections.tags` and `selections.resources` are separate blocks).
pub fn check_policy_selection_kind(tags: usize, resources: usize) -> Result<(), Violation> {
    if tags == 0 || resources == 0 {
        return Ok(());
    }
    Err(Violation::error(
        "orgpolicy-selection",
        format!("the selection mixes {tags} tag(s) and {resources} resource pattern(s); a backup policy selection is either a tag selection or a resource selection"),
        "split it into a tag selection and a resource selection",
    ))
}

/// `orgpolicy-selection` (§2.5 rule 5): at most 30 conditions per selection.
///
/// ```
/// assert!(backup_dsl::rules::check_policy_condition_count(31).is_err());
/// ```
pub fn check_policy_condition_count(count: usize) -> Result<(), Violation> {
    if count <= MAX_POLICY_CONDITIONS {
        return Ok(());
    }
    Err(Violation::error(
        "orgpolicy-selection",
        format!("the selection has {count} conditions; a backup policy selection takes at most {MAX_POLICY_CONDITIONS}"),
        "merge conditions with `string_like` patterns, or split the selection",
    ))
}

/// `orgpolicy-selection` (§2.5 rule 5): a condition key is `aws:ResourceTag/<key>`.
///
/// ```
/// assert!(backup_dsl::rules::check_policy_condition_key("aws:ResourceTag/stage").is_ok());
/// assert!(backup_dsl::rules::check_policy_condition_key("stage").is_err());
/// ```
pub fn check_policy_condition_key(key: &str) -> Result<(), Violation> {
    match key.strip_prefix("aws:ResourceTag/") {
        Some(tag) if !tag.is_empty() => Ok(()),
        _ => Err(Violation::error(
            "orgpolicy-selection",
            format!("condition key `{key}` is not a resource tag; a backup policy condition takes `aws:ResourceTag/<tag key>`"),
            format!("write `aws:ResourceTag/{}`", key.rsplit('/').next().unwrap_or(key)),
        )),
    }
}

/// `orgpolicy-copy-key` (§2.5 rule 6): a copy action's key is byte-equal to its
/// `target_backup_vault_arn` (without it, AWS uses the lower-cased key and the copy fails).
///
/// ```
/// use backup_dsl::rules::check_copy_key;
/// let arn = "arn:aws:backup:us-west-2:$account:backup-vault:DR";
/// assert!(check_copy_key(arn, Some(arn)).is_ok());
/// assert!(check_copy_key(arn, None).is_err());
/// ```
pub fn check_copy_key(key: &str, target: Option<&str>) -> Result<(), Violation> {
    match target {
        Some(target) if target == key => Ok(()),
        Some(target) => Err(Violation::error(
            "orgpolicy-copy-key",
            format!("the copy action's key `{key}` differs from its `target_backup_vault_arn` `{target}`; a backup policy requires them equal"),
            format!("write the destination ARN in both places: `\"{target}\": {{\"target_backup_vault_arn\": {{\"@@assign\": \"{target}\"}}, …}}`"),
        )),
        None => Err(Violation::error(
            "orgpolicy-copy-key",
            format!("the copy action `{key}` has no `target_backup_vault_arn`; AWS then copies to the lower-cased key, which names no vault"),
            format!("add `\"target_backup_vault_arn\": {{\"@@assign\": \"{key}\"}}`"),
        )),
    }
}

/// `orgpolicy-copy-key` (§2.5 rule 6): a copy destination is a vault ARN whose account is
/// `$account` (the running account) or a 12-digit account, in a named Region. `$region` is
/// documented only for the air-gapped target: in a copy destination it is a warning.
///
/// ```
/// use backup_dsl::{rules::check_policy_copy_arn, Severity};
/// assert!(check_policy_copy_arn("arn:aws:backup:us-west-2:$account:backup-vault:DR").is_ok());
/// assert!(check_policy_copy_arn("arn:aws:backup:us-west-2:111111111111:backup-vault:DR").is_ok());
/// assert_eq!(check_policy_copy_arn("arn:aws:backup:$region:$account:backup-vault:DR").unwrap_err().severity, Severity::Warning);
/// assert!(check_policy_copy_arn("arn:aws:backup:us-west-2:acct:backup-vault:DR").is_err());
/// ```
pub fn check_policy_copy_arn(arn: &str) -> Result<(), Violation> {
    let fields: Vec<&str> = arn.splitn(7, ':').collect();
    let region = match fields.as_slice() {
        ["arn", partition, "backup", region, account, "backup-vault", name]
            if partition.starts_with("aws")
                && !region.is_empty()
                && (*account == "$account"
                    || super::is_account_id(account))
                && !name.is_empty() =>
        {
            *region
        }
        _ => {
            return Err(Violation::error(
                "orgpolicy-copy-key",
                format!("copy destination `{arn}` is not a vault ARN a backup policy takes: `arn:aws:backup:<region>:<$account or 12-digit account>:backup-vault:<name>`"),
                "write the destination vault's ARN with its Region, `$account` for the running account or the 12-digit account of another one",
            ))
        }
    };
    if region != "$region" && !region.starts_with('$') {
        return Ok(());
    }
    Err(Violation::warning(
        "orgpolicy-copy-key",
        format!("copy destination `{arn}` uses `{region}` for its Region; AWS documents `$region` only in `target_logically_air_gapped_backup_vault_arn`"),
        "name the destination Region (`us-west-2`); to copy within each Region, verify with `ListEffectivePolicyValidationErrors` after attaching",
    ))
}

/// `orgpolicy-lag-arn` (§2.5 rule 7): a logically air-gapped target is exactly
/// `arn:aws:backup:$region:$account:backup-vault:<name>`.
///
/// ```
/// use backup_dsl::rules::check_policy_air_gapped_arn;
/// assert!(check_policy_air_gapped_arn("arn:aws:backup:$region:$account:backup-vault:AirGapped").is_ok());
/// assert!(check_policy_air_gapped_arn("arn:aws:backup:us-east-1:$account:backup-vault:AirGapped").is_err());
/// ```
pub fn check_policy_air_gapped_arn(arn: &str) -> Result<(), Violation> {
    let name = arn
        .strip_prefix("arn:")
        .and_then(|rest| rest.split_once(':'))
        .filter(|(partition, _)| partition.starts_with("aws"))
        .and_then(|(_, rest)| rest.strip_prefix("backup:$region:$account:backup-vault:"));
    if name.is_some_and(|n| !n.is_empty() && !n.contains(':')) {
        return Ok(());
    }
    let vault = arn.rsplit(':').next().unwrap_or("<name>");
    Err(Violation::error(
        "orgpolicy-lag-arn",
        format!("`target_logically_air_gapped_backup_vault_arn` is `{arn}`; a backup policy takes `arn:aws:backup:$region:$account:backup-vault:<name>`, the vault of each account and Region"),
        format!("write `arn:aws:backup:$region:$account:backup-vault:{vault}`"),
    ))
}

/// `orgpolicy-role-arn` (§2.5 rule 8): a role of a backup policy (`iam_role_arn`,
/// `scanner_role_arn`) is `arn:<partition>:iam::$account:role/<path/><name>`, the role of each
/// member account. A role ARN of one 12-digit account is a warning (AWS Backup runs each
/// account's plan with a role of that account, so every other account's jobs fail; attached to
/// that one account it works); anything else is not a role ARN: an error.
///
/// ```
/// use backup_dsl::{rules::check_policy_role_arn, Severity};
/// assert!(check_policy_role_arn("arn:aws:iam::$account:role/Backup").is_ok());
/// assert!(check_policy_role_arn("arn:aws-us-gov:iam::$account:role/path/Backup").is_ok());
/// assert_eq!(check_policy_role_arn("arn:aws:iam::123456789012:role/Backup").unwrap_err().severity, Severity::Warning);
/// assert_eq!(check_policy_role_arn("Backup").unwrap_err().severity, Severity::Error);
/// ```
pub fn check_policy_role_arn(arn: &str) -> Result<(), Violation> {
    let parts = arn
        .strip_prefix("arn:")
        .and_then(|rest| rest.split_once(':'))
        .filter(|(partition, _)| partition.starts_with("aws"))
        .and_then(|(partition, rest)| {
            let rest = rest.strip_prefix("iam::")?;
            let (account, role) = rest.split_once(":role/")?;
            Some((partition, account, role))
        })
        .filter(|(_, _, role)| !role.is_empty() && !role.ends_with('/'));
    let rewrite =
        |partition: &str, role: &str| format!("arn:{partition}:iam::$account:role/{role}");
    match parts {
        Some((_, "$account", _)) => Ok(()),
        Some((partition, account, role))
            if super::is_account_id(account) =>
        {
            Err(Violation::warning(
                "orgpolicy-role-arn",
                format!("role `{arn}` is the role of account {account} only; a backup policy runs in each account it reaches, with that account's role"),
                format!("write `{}` and create that role in every member account", rewrite(partition, role)),
            ))
        }
        _ => {
            let name = arn.rsplit_once(":role/").map_or("<name>", |(_, r)| r);
            Err(Violation::error(
                "orgpolicy-role-arn",
                format!("role `{arn}` is not the form a backup policy takes: `arn:aws:iam::$account:role/<name>`, the role of each member account"),
                format!("write `arn:aws:iam::$account:role/{name}` (`arn:aws-us-gov:…` in GovCloud) and create that role in every member account"),
            ))
        }
    }
}

/// `orgpolicy-case-collision` (§2.5 rule 9): ids under `recovery_point_tags`,
/// `backup_plan_tags` and `selections.tags` are case-insensitive: two that differ only by case
/// collide.
///
/// ```
/// use backup_dsl::rules::check_policy_id_case;
/// assert!(check_policy_id_case("recovery_point_tags", "Owner", None).is_ok());
/// assert!(check_policy_id_case("recovery_point_tags", "owner", Some("Owner")).is_err());
/// ```
pub fn check_policy_id_case(block: &str, id: &str, earlier: Option<&str>) -> Result<(), Violation> {
    match earlier {
        None => Ok(()),
        Some(first) => Err(Violation::error(
            "orgpolicy-case-collision",
            format!("`{id}` and `{first}` under `{block}` differ only by case; AWS Organizations reads these ids lower-cased, so they are the same entry"),
            format!("rename `{id}` so that it differs from `{first}` in more than case"),
        )),
    }
}

/// `orgpolicy-scan` (§2.5 rule 10): a rule's `scan_actions` need the plan's `scan_settings`
/// for the same scanner (an error: the policy is refused); settings without actions are a
/// warning (nothing is scanned).
///
/// ```
/// use backup_dsl::{rules::check_policy_scan, Severity};
/// assert!(check_policy_scan(true, true).is_ok());
/// assert_eq!(check_policy_scan(true, false).unwrap_err().severity, Severity::Error);
/// assert_eq!(check_policy_scan(false, true).unwrap_err().severity, Severity::Warning);
/// ```
pub fn check_policy_scan(has_actions: bool, has_settings: bool) -> Result<(), Violation> {
    match (has_actions, has_settings) {
        (true, false) => Err(Violation::error(
            "orgpolicy-scan",
            "the rule has `scan_actions.GUARDDUTY` but the plan has no `scan_settings.GUARDDUTY`; a backup policy needs both for scanning",
            "add `scan_settings.GUARDDUTY` with `resource_types` and `scanner_role_arn` to the plan",
        )),
        (false, true) => Err(Violation::warning(
            "orgpolicy-scan",
            "the plan has `scan_settings.GUARDDUTY` but no rule has `scan_actions`; nothing is scanned",
            "add `scan_actions.GUARDDUTY.scan_mode` to the rules whose backups should be scanned, or remove the settings",
        )),
        _ => Ok(()),
    }
}

/// `orgpolicy-shape`: a setting that takes `enabled` or `disabled` (`windows_vss`,
/// `backup_acls`, `backup_object_tags`; \[ORG\] "advanced backup settings"), or a scan mode.
///
/// ```
/// use backup_dsl::rules::check_policy_choice;
/// assert!(check_policy_choice("windows_vss", "enabled", &["enabled", "disabled"]).is_ok());
/// assert!(check_policy_choice("windows_vss", "on", &["enabled", "disabled"]).is_err());
/// ```
pub fn check_policy_choice(key: &str, value: &str, allowed: &[&str]) -> Result<(), Violation> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let list = allowed
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    Err(Violation::error(
        "orgpolicy-shape",
        format!("`{key}` is `{value}`; a backup policy takes {list}"),
        match did_you_mean(value, allowed.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("write {list}"),
        },
    ))
}

/// `orgpolicy-vault-name`: a vault a backup policy names must have a fixed name, the same in
/// every member account (the policy creates no vault; §2.1 "vault must already exist in every
/// account and Region").
pub fn check_policy_vault_named(vault: &str, name: Option<&str>) -> Result<(), Violation> {
    if name.is_some_and(|n| !n.is_empty()) {
        return Ok(());
    }
    Err(Violation::error(
        "orgpolicy-vault-name",
        format!("vault `{vault}` has no fixed name; a backup policy names its vaults, which must exist with that name in every member account and Region"),
        format!("give `{vault}` a name (`.name(\"…\")`), or name an existing vault with `VaultRef::from_name`"),
    ))
}

/// `orgpolicy-vault-name`: a vault reference a backup policy cannot name (a vault of another
/// stack, a raw template resource, a vault name resolved at deploy time).
pub fn policy_vault_unnamed(what: &str) -> Violation {
    Violation::error(
        "orgpolicy-vault-name",
        format!("{what} cannot be named in a backup policy; the policy names each vault by its literal name or ARN"),
        "name the vault with `VaultRef::from_name(\"…\")` (same account and Region) or `VaultRef::from_arn(\"arn:aws:backup:<region>:$account:backup-vault:<name>\")`",
    )
}

/// `orgpolicy-copy-key` (§2.1: `$region` is documented only for the air-gapped target): a copy
/// to a vault of the same Region needs that Region's name, so it is expressible only when the
/// policy covers one Region.
pub fn check_policy_same_region_copy(vault: &str, regions: usize) -> Result<(), Violation> {
    if regions == 1 {
        return Ok(());
    }
    Err(Violation::error(
        "orgpolicy-copy-key",
        format!("the copy to vault `{vault}` is a copy within the Region, but the policy covers {regions} Regions; a backup policy copy destination names its Region (`$region` is documented only for `target_logically_air_gapped_backup_vault_arn`)"),
        "copy to a vault in a named Region with `VaultRef::from_arn(\"arn:aws:backup:<region>:$account:backup-vault:<name>\")`, or give the policy one Region",
    ))
}

/// Most backup policies attached to one root, OU or account (\[ORG\] quotas: "Maximum number of
/// policies of a type attached to a root, OU, or account: 10"; `orgpolicy-attach-limit`).
pub const MAX_POLICIES_PER_TARGET: usize = 10;

/// `orgpolicy-attach-limit`: at most 10 backup policies attached to one target.
///
/// ```
/// use backup_dsl::rules::check_policy_attach_limit;
/// assert!(check_policy_attach_limit("ou-ab12-cdefgh34", 10).is_ok());
/// assert_eq!(check_policy_attach_limit("ou-ab12-cdefgh34", 11).unwrap_err().rule, "orgpolicy-attach-limit");
/// ```
pub fn check_policy_attach_limit(target: &str, count: usize) -> Result<(), Violation> {
    if count <= MAX_POLICIES_PER_TARGET {
        return Ok(());
    }
    Err(Violation::error(
        "orgpolicy-attach-limit",
        format!("{count} backup policies are attached to `{target}`; AWS Organizations attaches at most {MAX_POLICIES_PER_TARGET} policies of a type to one root, OU or account"),
        "merge plans into fewer policies, or attach some to the parent OU",
    ))
}

/// `orgpolicy-inheritance` (§2.5 rule 12): a policy below uses an operator that a policy above
/// does not allow there (`@@operators_allowed_for_child_policies`); AWS Organizations ignores
/// the change (a warning: the effective policy is still made, without it).
///
/// ```
/// use backup_dsl::rules::check_child_operator;
/// assert!(check_child_operator("child", "@@assign", &["@@assign", "@@append"]).is_ok());
/// assert_eq!(check_child_operator("child", "@@assign", &["@@none"]).unwrap_err().rule, "orgpolicy-inheritance");
/// ```
pub fn check_child_operator(
    policy: &str,
    operator: &str,
    allowed: &[&str],
) -> Result<(), Violation> {
    if allowed.contains(&"@@all") || allowed.contains(&operator) {
        return Ok(());
    }
    let list = allowed
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(Violation::warning(
        "orgpolicy-inheritance",
        format!("policy `{policy}` uses `{operator}` here, but a policy attached above allows child policies only {list} here; AWS Organizations ignores this change"),
        "change the value in the policy attached above, or allow the operator there with `@@operators_allowed_for_child_policies`",
    ))
}

/// `orgpolicy-size`: a policy file that fits minified but not as written (AWS counts its
/// whitespace when it is saved as written, e.g. `aws organizations create-policy --content
/// file://…`): a warning.
///
/// ```
/// use backup_dsl::{rules::check_policy_written_size, Severity};
/// assert!(check_policy_written_size(9_000, 8_000).is_ok());
/// assert_eq!(check_policy_written_size(12_000, 8_000).unwrap_err().severity, Severity::Warning);
/// ```
pub fn check_policy_written_size(written: usize, minified: usize) -> Result<(), Violation> {
    if written <= MAX_POLICY_CHARS || minified > MAX_POLICY_CHARS {
        return Ok(());
    }
    Err(Violation::warning(
        "orgpolicy-size",
        format!("the policy file is {written} characters as written ({minified} minified); AWS Organizations counts whitespace, so it takes this file only minified"),
        "upload it minified, e.g. `jq -c . policy.json`",
    ))
}
