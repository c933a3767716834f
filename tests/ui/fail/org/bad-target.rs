use backup_dsl::backup_plan;

fn main() {
    let _org = backup_plan! {
        organization Org {
            targets: ["ou-AB12-cdef3456", "r-ab12", "r-ab12"],
            regions: ["eu-west-1"],
            management_account: "1234",
        }
        plan Daily {
            vault: new Primary { name: "org-primary" },
            rule daily();
            selection Tagged { resources: [tag("backup" == "daily")] }
        }
    };
}
