//! The typed backup policy document: plans with their rules, Regions, selections, advanced
//! settings and scan settings, every value under a value-setting [`Operator`], optionally with
//! [`ChildControl`]s. Rendered to the policy's JSON in a fixed key order.

use serde_json::{json, Map, Value};

/// A value-setting operator (AWS Organizations "Inheritance operators").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `@@assign`: replaces the inherited value.
    Assign,
    /// `@@append`: adds to an inherited list.
    Append,
    /// `@@remove`: removes from an inherited list.
    Remove,
}

impl Operator {
    /// The operator's JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Operator::Assign => "@@assign",
            Operator::Append => "@@append",
            Operator::Remove => "@@remove",
        }
    }

    /// The operator of a JSON key, if it is one.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "@@assign" => Some(Operator::Assign),
            "@@append" => Some(Operator::Append),
            "@@remove" => Some(Operator::Remove),
            _ => None,
        }
    }
}

/// A value of `@@operators_allowed_for_child_policies`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChildControl {
    /// `@@all`: child policies may use every operator (the default).
    All,
    /// `@@none`: child policies may change nothing here.
    None,
    /// Child policies may use this operator.
    Operator(Operator),
}

impl ChildControl {
    /// The JSON value.
    pub fn key(self) -> &'static str {
        match self {
            ChildControl::All => "@@all",
            ChildControl::None => "@@none",
            ChildControl::Operator(operator) => operator.key(),
        }
    }
}

/// A value under an operator: `{"@@assign": value}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaf<T> {
    /// The operator.
    pub operator: Operator,
    /// The value.
    pub value: T,
}

impl<T> Leaf<T> {
    /// `{"@@assign": value}`.
    pub fn assign(value: T) -> Self {
        Self {
            operator: Operator::Assign,
            value,
        }
    }
}

impl<T: Clone + Into<Value>> Leaf<T> {
    fn to_json(&self) -> Value {
        json!({ self.operator.key(): self.value.clone().into() })
    }
}

/// A backup policy: its plans, keyed by plan name, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BackupPolicyDocument {
    /// The plans (`plans.<name>`).
    pub plans: Vec<(String, PolicyPlan)>,
}

/// One plan of a policy (`plans.<name>`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PolicyPlan {
    /// `regions`.
    pub regions: Option<Leaf<Vec<String>>>,
    /// `rules.<name>`.
    pub rules: Vec<(String, PolicyRule)>,
    /// `selections.tags.<name>` and `selections.resources.<name>`.
    pub selections: Vec<(String, PolicySelection)>,
    /// `advanced_backup_settings.ec2.windows_vss`: `enabled` or `disabled`.
    pub windows_vss: Option<Leaf<String>>,
    /// `advanced_backup_settings.s3.{backup_acls, backup_object_tags}`.
    pub s3_settings: Vec<(String, Leaf<String>)>,
    /// `backup_plan_tags.<id>`: tag key and value.
    pub backup_plan_tags: Vec<(String, PolicyTag)>,
    /// `scan_settings.GUARDDUTY`.
    pub scan_settings: Option<PolicyScanSettings>,
    /// `@@operators_allowed_for_child_policies` on the plan.
    pub child_controls: Vec<ChildControl>,
}

/// One rule of a plan (`rules.<name>`).
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyRule {
    /// `schedule_expression` (UTC).
    pub schedule_expression: Leaf<String>,
    /// `target_backup_vault_name`.
    pub target_backup_vault_name: Leaf<String>,
    /// `target_logically_air_gapped_backup_vault_arn`.
    pub target_logically_air_gapped_backup_vault_arn: Option<Leaf<String>>,
    /// `start_backup_window_minutes`.
    pub start_backup_window_minutes: Option<Leaf<String>>,
    /// `complete_backup_window_minutes`.
    pub complete_backup_window_minutes: Option<Leaf<String>>,
    /// `enable_continuous_backup`.
    pub enable_continuous_backup: Option<Leaf<String>>,
    /// `lifecycle`.
    pub lifecycle: PolicyLifecycle,
    /// `copy_actions.<destination ARN>`.
    pub copy_actions: Vec<PolicyCopyAction>,
    /// `recovery_point_tags.<id>`.
    pub recovery_point_tags: Vec<(String, PolicyTag)>,
    /// `index_actions.resource_types`.
    pub index_actions: Option<Leaf<Vec<String>>>,
    /// `scan_actions.GUARDDUTY.scan_mode`.
    pub scan_mode: Option<Leaf<String>>,
}

/// A lifecycle (`lifecycle`), of a rule or a copy action; days as strings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PolicyLifecycle {
    /// `move_to_cold_storage_after_days`.
    pub move_to_cold_storage_after_days: Option<Leaf<String>>,
    /// `delete_after_days`.
    pub delete_after_days: Option<Leaf<String>>,
    /// `opt_in_to_archive_for_supported_resources`.
    pub opt_in_to_archive_for_supported_resources: Option<Leaf<String>>,
}

/// A copy action: its key and `target_backup_vault_arn` are the same ARN.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyCopyAction {
    /// The destination vault's ARN (`$account` for the running account).
    pub target_backup_vault_arn: String,
    /// The copy's lifecycle.
    pub lifecycle: PolicyLifecycle,
}

/// A tag (`tag_key`, `tag_value`) of recovery points or of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyTag {
    /// `tag_key`.
    pub key: String,
    /// `tag_value`.
    pub value: String,
}

/// A condition of a selection (`conditions.<operator>.<name>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyCondition {
    /// `string_equals`, `string_not_equals`, `string_like` or `string_not_like`.
    pub operator: &'static str,
    /// The condition's id.
    pub name: String,
    /// `condition_key`: `aws:ResourceTag/<key>`.
    pub key: String,
    /// `condition_value`.
    pub value: String,
}

/// A selection: by one tag key, or by resource types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicySelection {
    /// `selections.tags.<name>`.
    Tags {
        /// `iam_role_arn`.
        iam_role_arn: String,
        /// `tag_key`.
        tag_key: String,
        /// `tag_value`.
        tag_value: Vec<String>,
        /// `conditions`.
        conditions: Vec<PolicyCondition>,
    },
    /// `selections.resources.<name>`.
    Resources {
        /// `iam_role_arn`.
        iam_role_arn: String,
        /// `resource_types`.
        resource_types: Vec<String>,
        /// `not_resource_types`.
        not_resource_types: Vec<String>,
        /// `conditions`.
        conditions: Vec<PolicyCondition>,
    },
}

/// `scan_settings.GUARDDUTY`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyScanSettings {
    /// `resource_types`.
    pub resource_types: Vec<String>,
    /// `scanner_role_arn`.
    pub scanner_role_arn: String,
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        map.insert(key.to_string(), value);
    }
}

fn controls(map: &mut Map<String, Value>, controls: &[ChildControl]) {
    if !controls.is_empty() {
        let values: Vec<&str> = controls.iter().map(|c| c.key()).collect();
        map.insert(crate::rules::CHILD_CONTROL_KEY.to_string(), json!(values));
    }
}

impl BackupPolicyDocument {
    /// The policy's JSON: `{"plans": {…}}`, keys in a fixed order.
    pub fn to_json(&self) -> Value {
        let plans: Map<String, Value> = self
            .plans
            .iter()
            .map(|(name, plan)| (name.clone(), plan.to_json()))
            .collect();
        json!({ "plans": plans })
    }
}

impl PolicyPlan {
    fn to_json(&self) -> Value {
        let mut map = Map::new();
        controls(&mut map, &self.child_controls);
        put(
            &mut map,
            "regions",
            self.regions.as_ref().map(Leaf::to_json),
        );
        let rules: Map<String, Value> = self
            .rules
            .iter()
            .map(|(name, rule)| (name.clone(), rule.to_json()))
            .collect();
        map.insert("rules".into(), Value::Object(rules));
        map.insert("selections".into(), self.selections_json());
        put(&mut map, "advanced_backup_settings", self.advanced_json());
        if !self.backup_plan_tags.is_empty() {
            map.insert("backup_plan_tags".into(), tags_json(&self.backup_plan_tags));
        }
        put(
            &mut map,
            "scan_settings",
            self.scan_settings.as_ref().map(|s| {
                json!({"GUARDDUTY": {
                    "resource_types": {"@@assign": s.resource_types},
                    "scanner_role_arn": {"@@assign": s.scanner_role_arn},
                }})
            }),
        );
        Value::Object(map)
    }

    fn selections_json(&self) -> Value {
        let mut tags = Map::new();
        let mut resources = Map::new();
        for (name, selection) in &self.selections {
            match selection {
                PolicySelection::Tags {
                    iam_role_arn,
                    tag_key,
                    tag_value,
                    conditions,
                } => {
                    let mut entry = Map::new();
                    entry.insert("iam_role_arn".into(), json!({"@@assign": iam_role_arn}));
                    entry.insert("tag_key".into(), json!({"@@assign": tag_key}));
                    entry.insert("tag_value".into(), json!({"@@assign": tag_value}));
                    put(&mut entry, "conditions", conditions_json(conditions));
                    tags.insert(name.clone(), Value::Object(entry));
                }
                PolicySelection::Resources {
                    iam_role_arn,
                    resource_types,
                    not_resource_types,
                    conditions,
                } => {
                    let mut entry = Map::new();
                    entry.insert("iam_role_arn".into(), json!({"@@assign": iam_role_arn}));
                    entry.insert("resource_types".into(), json!({"@@assign": resource_types}));
                    if !not_resource_types.is_empty() {
                        entry.insert(
                            "not_resource_types".into(),
                            json!({"@@assign": not_resource_types}),
                        );
                    }
                    put(&mut entry, "conditions", conditions_json(conditions));
                    resources.insert(name.clone(), Value::Object(entry));
                }
            }
        }
        let mut map = Map::new();
        if !tags.is_empty() {
            map.insert("tags".into(), Value::Object(tags));
        }
        if !resources.is_empty() {
            map.insert("resources".into(), Value::Object(resources));
        }
        Value::Object(map)
    }

    fn advanced_json(&self) -> Option<Value> {
        let mut map = Map::new();
        if let Some(vss) = &self.windows_vss {
            map.insert("ec2".into(), json!({"windows_vss": vss.to_json()}));
        }
        if !self.s3_settings.is_empty() {
            let s3: Map<String, Value> = self
                .s3_settings
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect();
            map.insert("s3".into(), Value::Object(s3));
        }
        (!map.is_empty()).then_some(Value::Object(map))
    }
}

fn conditions_json(conditions: &[PolicyCondition]) -> Option<Value> {
    if conditions.is_empty() {
        return None;
    }
    let mut by_operator = Map::new();
    for condition in conditions {
        let entry = by_operator
            .entry(condition.operator.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(entry) = entry {
            entry.insert(
                condition.name.clone(),
                json!({
                    "condition_key": {"@@assign": condition.key},
                    "condition_value": {"@@assign": condition.value},
                }),
            );
        }
    }
    Some(Value::Object(by_operator))
}

fn tags_json(tags: &[(String, PolicyTag)]) -> Value {
    let map: Map<String, Value> = tags
        .iter()
        .map(|(id, tag)| {
            (
                id.clone(),
                json!({"tag_key": {"@@assign": tag.key}, "tag_value": {"@@assign": tag.value}}),
            )
        })
        .collect();
    Value::Object(map)
}

impl PolicyLifecycle {
    fn to_json(&self) -> Option<Value> {
        let mut map = Map::new();
        let fields = [
            (
                "move_to_cold_storage_after_days",
                &self.move_to_cold_storage_after_days,
            ),
            ("delete_after_days", &self.delete_after_days),
            (
                "opt_in_to_archive_for_supported_resources",
                &self.opt_in_to_archive_for_supported_resources,
            ),
        ];
        for (key, leaf) in fields {
            put(&mut map, key, leaf.as_ref().map(Leaf::to_json));
        }
        (!map.is_empty()).then_some(Value::Object(map))
    }
}

impl PolicyRule {
    fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert(
            "schedule_expression".into(),
            self.schedule_expression.to_json(),
        );
        map.insert(
            "target_backup_vault_name".into(),
            self.target_backup_vault_name.to_json(),
        );
        let optional = [
            (
                "target_logically_air_gapped_backup_vault_arn",
                &self.target_logically_air_gapped_backup_vault_arn,
            ),
            (
                "start_backup_window_minutes",
                &self.start_backup_window_minutes,
            ),
            (
                "complete_backup_window_minutes",
                &self.complete_backup_window_minutes,
            ),
            ("enable_continuous_backup", &self.enable_continuous_backup),
        ];
        for (key, leaf) in optional {
            put(&mut map, key, leaf.as_ref().map(Leaf::to_json));
        }
        put(&mut map, "lifecycle", self.lifecycle.to_json());
        if !self.copy_actions.is_empty() {
            let copies: Map<String, Value> = self
                .copy_actions
                .iter()
                .map(|copy| {
                    let mut entry = Map::new();
                    entry.insert(
                        "target_backup_vault_arn".into(),
                        json!({"@@assign": copy.target_backup_vault_arn}),
                    );
                    put(&mut entry, "lifecycle", copy.lifecycle.to_json());
                    (copy.target_backup_vault_arn.clone(), Value::Object(entry))
                })
                .collect();
            map.insert("copy_actions".into(), Value::Object(copies));
        }
        if !self.recovery_point_tags.is_empty() {
            map.insert(
                "recovery_point_tags".into(),
                tags_json(&self.recovery_point_tags),
            );
        }
        put(
            &mut map,
            "index_actions",
            self.index_actions
                .as_ref()
                .map(|leaf| json!({"resource_types": leaf.to_json()})),
        );
        put(
            &mut map,
            "scan_actions",
            self.scan_mode
                .as_ref()
                .map(|leaf| json!({"GUARDDUTY": {"scan_mode": leaf.to_json()}})),
        );
        Value::Object(map)
    }
}
