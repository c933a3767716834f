use backup_dsl::backup_plan;

fn main() {
    let _ = backup_plan! {
        tiering_configuration Warm { tier_down_after: 60 days }
    };
}
