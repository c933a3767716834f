use backup_dsl::backup_plan;

fn main() {
    let _org = backup_plan! {
        organization Org {
            targets: ["111122223333", account_in("222233334444"), account_in("333344445555", "444455556666")],
            regions: ["eu-west-1"],
        }
        plan Daily {
            vault: new Primary { name: "org-primary" },
            rule daily();
            selection Tagged { resources: [tag("backup" == "daily")] }
        }
    };
}
