use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        organization InStack { targets: ["ou-ab12-cdef3456"], regions: ["eu-west-1"] }
        plan Daily {
            vault: new Primary { name: "org-primary" },
            rule daily();
        }
    }
    let _empty = backup_plan! {
        organization NoPlan { targets: ["ou-ab12-cdef3456"], regions: ["eu-west-1"], color: "blue" }
        organization Second { targets: ["ou-ab12-cdef3456"], regions: ["eu-west-1"] }
        legal_hold Hold { title: "t", description: "d" }
    };
}
