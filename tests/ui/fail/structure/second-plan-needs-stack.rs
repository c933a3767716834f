use backup_dsl::backup_plan;

fn main() {
    let _plan = backup_plan! {
        plan A { rule daily(); }
        plan B { rule daily(); }
    };
}
