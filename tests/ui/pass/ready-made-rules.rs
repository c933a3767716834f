//! Every ready-made rule, with and without a vault argument.
use backup_dsl::backup_plan;

fn main() {
    let plan = backup_plan! {
        plan Plan {
            rule daily();
            rule weekly();
            rule monthly_1_year(from_name("archive"));
            rule monthly_5_year();
            rule monthly_7_year(from_arn("arn:aws:backup:us-east-1:123456789012:backup-vault:long"));
        }
    };
    let names: Vec<_> = (0..plan.rules().len()).map(|i| plan.rule_name(i)).collect();
    assert_eq!(
        names,
        [
            "Daily",
            "Weekly",
            "Monthly1Year",
            "Monthly5Year",
            "Monthly7Year"
        ]
    );
}
