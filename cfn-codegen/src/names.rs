//! Rust names for CloudFormation names.

/// `backup_backup_plan` for `AWS::Backup::BackupPlan`, `iam_role` for `AWS::IAM::Role`.
pub fn module_name(type_name: &str) -> String {
    let mut parts = type_name.split("::").skip(1);
    let service = parts.next().unwrap_or_default().to_ascii_lowercase();
    let resource = parts.next().unwrap_or_default();
    format!("{service}_{}", snake(resource))
}

/// `CfnBackupPlan` for `AWS::Backup::BackupPlan` (CDK's L1 class name).
pub fn resource_struct(type_name: &str) -> String {
    format!("Cfn{}", type_name.rsplit("::").next().unwrap_or_default())
}

/// `sns_topic_arn` for `SNSTopicArn`, `administration_role_arn` for `AdministrationRoleARN`;
/// Rust keywords get a trailing underscore (`type_`).
pub fn field_name(property: &str) -> String {
    let name = snake(property);
    const KEYWORDS: [&str; 12] = [
        "type", "match", "ref", "self", "mod", "use", "where", "loop", "fn", "in", "move", "async",
    ];
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// PascalCase (with acronyms) to snake_case.
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let previous = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.push('_');
        }
    }
    out
}

/// `SCHEMA_BACKUP_RULE_RESOURCE_TYPE` for the shape of `BackupRuleResourceType`.
pub fn shape_static(struct_name: &str) -> String {
    format!("SHAPE_{}", snake(struct_name).to_ascii_uppercase())
}

/// A name for the items of a list property: `Tag` for `Tags`, else `<name>Item`.
pub fn item_name(property: &str) -> String {
    match property.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with(['s', 'u']) => stem.to_string(),
        _ => format!("{property}Item"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(module_name("AWS::Backup::BackupPlan"), "backup_backup_plan");
        assert_eq!(module_name("AWS::IAM::Role"), "iam_role");
        assert_eq!(field_name("SNSTopicArn"), "sns_topic_arn");
        assert_eq!(
            field_name("AdministrationRoleARN"),
            "administration_role_arn"
        );
        assert_eq!(field_name("Type"), "type_");
        assert_eq!(field_name("S3BucketName"), "s3_bucket_name");
        assert_eq!(item_name("Tags"), "Tag");
        assert_eq!(item_name("Status"), "StatusItem");
    }
}
