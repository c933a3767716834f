use backup_dsl::backup_plan;

fn main() {
    let _plan = backup_plan! {
        plan Daily = daily_35_day_retention;
        framework Audit {
            control BACKUP_RECOVERY_POINT_ENCRYPTED;
        }
    };
}
