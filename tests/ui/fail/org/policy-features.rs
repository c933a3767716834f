use backup_dsl::backup_plan;

fn main() {
    let _org = backup_plan! {
        organization Org { targets: ["ou-ab12-cdef3456"], regions: ["eu-west-1"] }
        plan Daily {
            vault: new Primary { name: "org-primary" },
            rule Daily {
                schedule: "cron(0 5 ? * * *)",
                schedule_timezone: "Asia/Tokyo",
            }
            selection Table { resources: [dynamodb_table("orders")] }
        }
    };
}
