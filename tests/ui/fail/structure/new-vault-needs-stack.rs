use backup_dsl::backup_plan;

fn main() {
    let _plan = backup_plan! {
        plan A {
            vault: new Main {},
            rule daily();
        }
    };
}
