use backup_dsl::backup_plan;

fn main() {
    let _plan = backup_plan! {
        plan Plan { rule daily(); }
        restore_testing_plan Tests { schedule: "cron(0 3 ? * SUN *)", include_vaults: ["*"] }
    };
}
