use backup_dsl::backup_plan;

fn main() {
    let _org = backup_plan! {
        organization org_backup {
            targets: ["ou-ab12-cdef3456"],
        }
        plan Daily {
            vault: new Primary { name: "org-primary" },
            rule daily();
            selection Tagged { resources: [tag("backup" == "daily")] }
        }
    };
    let _twice = backup_plan! {
        organization Org {
            targets: ["ou-ab12-cdef3456"],
            regions: ["eu-west-1", "EU West", "eu-west-1"],
        }
        plan Daily {
            vault: new Primary { name: "org-primary" },
            rule daily();
            selection Tagged { resources: [tag("backup" == "daily")] }
        }
    };
}
