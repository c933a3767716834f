use backup_dsl::backup_plan;

fn main() {
    let _org = backup_plan! {
        organization Org { targets: ["ou-ab12-cdef3456"], regions: ["eu-west-1"] }
        plan Daily {
            vault: new Primary { name: "org-primary" },
            rule daily();
            selection Tagged {
                resources: [tag("backup" == "daily")],
                role: "arn:aws:iam::$account:role/Other",
            }
        }
    };
}
