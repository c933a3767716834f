//! The shape of a backup policy document (AWS Organizations "Backup policy syntax"): which keys
//! each level takes, which are ids chosen by the author, and which values are lists (the only
//! values `@@append` and `@@remove` apply to).

/// What a node of the document is.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Shape {
    /// An object with fixed keys (a level name for messages, its fields).
    Object(&'static str, &'static [(&'static str, Shape)]),
    /// An object whose keys are the author's ids (a block name when ids are
    /// case-insensitive, for `orgpolicy-case-collision`), each of the given shape.
    Ids(Option<&'static str>, &'static Shape),
    /// A single value under an operator (written as a string).
    Text,
    /// A list of strings under an operator.
    List,
}

const LIFECYCLE: Shape = Shape::Object(
    "a lifecycle",
    &[
        ("move_to_cold_storage_after_days", Shape::Text),
        ("delete_after_days", Shape::Text),
        ("opt_in_to_archive_for_supported_resources", Shape::Text),
    ],
);

const TAG: Shape = Shape::Object(
    "a tag",
    &[("tag_key", Shape::Text), ("tag_value", Shape::Text)],
);

const COPY_ACTION: Shape = Shape::Object(
    "a copy action",
    &[
        ("target_backup_vault_arn", Shape::Text),
        ("lifecycle", LIFECYCLE),
    ],
);

const RULE: Shape = Shape::Object(
    "a rule",
    &[
        ("schedule_expression", Shape::Text),
        ("target_backup_vault_name", Shape::Text),
        ("target_logically_air_gapped_backup_vault_arn", Shape::Text),
        ("start_backup_window_minutes", Shape::Text),
        ("complete_backup_window_minutes", Shape::Text),
        ("enable_continuous_backup", Shape::Text),
        ("lifecycle", LIFECYCLE),
        ("copy_actions", Shape::Ids(None, &COPY_ACTION)),
        (
            "recovery_point_tags",
            Shape::Ids(Some("recovery_point_tags"), &TAG),
        ),
        (
            "index_actions",
            Shape::Object("`index_actions`", &[("resource_types", Shape::List)]),
        ),
        (
            "scan_actions",
            Shape::Object(
                "`scan_actions`",
                &[(
                    "GUARDDUTY",
                    Shape::Object("`scan_actions.GUARDDUTY`", &[("scan_mode", Shape::Text)]),
                )],
            ),
        ),
    ],
);

const CONDITION: Shape = Shape::Object(
    "a condition",
    &[
        ("condition_key", Shape::Text),
        ("condition_value", Shape::Text),
    ],
);

const CONDITIONS: Shape = Shape::Object(
    "`conditions`",
    &[
        ("string_equals", Shape::Ids(None, &CONDITION)),
        ("string_not_equals", Shape::Ids(None, &CONDITION)),
        ("string_like", Shape::Ids(None, &CONDITION)),
        ("string_not_like", Shape::Ids(None, &CONDITION)),
    ],
);

const TAG_SELECTION: Shape = Shape::Object(
    "a tag selection",
    &[
        ("iam_role_arn", Shape::Text),
        ("tag_key", Shape::Text),
        ("tag_value", Shape::List),
        ("conditions", CONDITIONS),
    ],
);

const RESOURCE_SELECTION: Shape = Shape::Object(
    "a resource selection",
    &[
        ("iam_role_arn", Shape::Text),
        ("resource_types", Shape::List),
        ("not_resource_types", Shape::List),
        ("conditions", CONDITIONS),
    ],
);

const PLAN: Shape = Shape::Object(
    "a plan",
    &[
        ("regions", Shape::List),
        ("rules", Shape::Ids(None, &RULE)),
        (
            "selections",
            Shape::Object(
                "`selections`",
                &[
                    ("tags", Shape::Ids(Some("selections.tags"), &TAG_SELECTION)),
                    ("resources", Shape::Ids(None, &RESOURCE_SELECTION)),
                ],
            ),
        ),
        (
            "advanced_backup_settings",
            Shape::Object(
                "`advanced_backup_settings`",
                &[
                    (
                        "ec2",
                        Shape::Object(
                            "`advanced_backup_settings.ec2`",
                            &[("windows_vss", Shape::Text)],
                        ),
                    ),
                    (
                        "s3",
                        Shape::Object(
                            "`advanced_backup_settings.s3`",
                            &[
                                ("backup_acls", Shape::Text),
                                ("backup_object_tags", Shape::Text),
                            ],
                        ),
                    ),
                ],
            ),
        ),
        (
            "backup_plan_tags",
            Shape::Ids(Some("backup_plan_tags"), &TAG),
        ),
        (
            "scan_settings",
            Shape::Object(
                "`scan_settings`",
                &[(
                    "GUARDDUTY",
                    Shape::Object(
                        "`scan_settings.GUARDDUTY`",
                        &[
                            ("resource_types", Shape::List),
                            ("scanner_role_arn", Shape::Text),
                        ],
                    ),
                )],
            ),
        ),
    ],
);

/// The whole document: `{"plans": {<name>: <plan>}}`.
pub(crate) const DOCUMENT: Shape =
    Shape::Object("the backup policy", &[("plans", Shape::Ids(None, &PLAN))]);
