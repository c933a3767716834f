// A spliced value of the wrong Rust type: rustc's error points at the splice only, with no
// note into backup-dsl's own source (such a path would make a user's snapshot unportable).
use backup_dsl::backup_plan;

fn main() {
    let retention = "35 days";
    let _plan = backup_plan! {
        plan Plan {
            rule Daily {
                delete_after: { retention },
                enable_continuous_backup: { 1 },
            }
        }
    };
}
