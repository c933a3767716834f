use backup_dsl::backup_plan;

fn main() {
    let _no_vault = backup_plan! {
        organization Org { targets: ["ou-ab12-cdef3456"], regions: ["eu-west-1"] }
        plan Daily {
            rule daily();
            selection Tagged { resources: [tag("backup" == "daily")] }
        }
    };
    let _other = backup_plan! {
        organization Org { targets: ["ou-ab12-cdef3456"], regions: ["eu-west-1"] }
        vault Primary { name: "org-primary" }
        plan Daily {
            vault: from_name("prod"),
            rule daily();
            rule Copy {
                schedule: "cron(0 5 ? * * *)",
                vault: Primary,
                copy_to from_name("dr") { delete_after: 35 days }
            }
            selection Tagged { resources: [tag("backup" == "daily")] }
        }
    };
}
