use backup_dsl::backup_plan;

fn main() {
    let _plan = backup_plan! {
        key VaultKey {}
        topic Alerts { display_name: "Backups" }
        plan Plan { rule daily(); }
    };
}
