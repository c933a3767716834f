use backup_dsl::backup_plan;

fn main() {
    let _plan = backup_plan! {
        air_gapped_vault AirGapped { min_retention: 7 days, max_retention: 30 days }
        plan Plan { rule daily(); }
    };
}
