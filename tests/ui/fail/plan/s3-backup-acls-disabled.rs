use backup_dsl::backup_plan;

fn main() {
    let _ = backup_plan! {
        plan Plan {
            s3_backup_options: { backup_acls: false },
            rule daily();
        }
    };
}
