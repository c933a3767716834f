//! Organization scale: how large the member template grows with the number of vaults (the
//! StackSet carries it inline, at most 51,200 characters: `stackset-template-size`), how
//! large the backup policy grows with the number of plans (at most 10,000 characters:
//! `orgpolicy-size`), and what synthesizing the whole unit (`OrgBackup::app` and the cloud
//! assembly in memory) costs.
//!
//! Run with `cargo bench -p backup-synth --bench org_scale [-- RUNS]` (default 21 runs; the
//! median is printed).

use std::time::Instant;

use backup_synth::{
    BackupPlan, BackupResource, BackupSelection, BackupVault, Duration, LockConfiguration,
    OrgBackup,
};

/// An organization of `vaults` locked vaults and `plans` plans of the ready-made
/// `daily_weekly_monthly_5_year_retention` kind, each with a tag selection, in 2 Regions.
fn organization(vaults: usize, plans: usize) -> OrgBackup {
    let mut org = OrgBackup::new("OrgBackup")
        .targets(["ou-ab12-prod1234", "ou-ab12-stag1234", "ou-ab12-devl1234"])
        .regions(["eu-west-1", "eu-central-1"]);
    let first = BackupVault::new("Vault0").name("org-vault-0");
    for index in 0..plans {
        org = org.plan(
            BackupPlan::daily_weekly_monthly_5_year_retention(format!("Plan{index}"))
                .vault(&first)
                .selection(
                    BackupSelection::new("Tagged")
                        .resource(BackupResource::tag("backup", format!("plan-{index}"))),
                ),
        );
    }
    for index in 0..vaults {
        org = org.vault(
            BackupVault::new(format!("Vault{index}"))
                .name(format!("org-vault-{index}"))
                .lock_configuration(
                    LockConfiguration::new(Duration::days(7)).max_retention(Duration::days(3650)),
                ),
        );
    }
    org
}

fn member_chars(org: &OrgBackup) -> Option<usize> {
    let template = org.member_template().ok()?;
    Some(serde_json::to_string(template.json()).ok()?.chars().count())
}

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(21);
    println!("member template (TemplateBody, compact JSON) by number of locked vaults:");
    println!("vaults\tchars\tfits 51,200");
    for vaults in [1, 10, 50, 100, 150, 200] {
        let chars = member_chars(&organization(vaults, 1));
        let shown = chars.map_or("-".to_string(), |c| c.to_string());
        println!("{vaults}\t{shown}\t{}", chars.is_some_and(|c| c <= 51_200));
    }
    let most = (1..=500)
        .take_while(|&v| member_chars(&organization(v, 1)).is_some_and(|c| c <= 51_200))
        .last()
        .unwrap_or(0);
    println!("most locked vaults under the limit: {most}");
    println!();
    println!("backup policy (minified) by number of 5-year plans (3 rules, 1 tag selection):");
    println!("plans\tchars");
    for plans in [1, 5, 10, 15, 20] {
        let chars = organization(1, plans)
            .policy_json()
            .map_or("over the limit".to_string(), |p| {
                p.chars().count().to_string()
            });
        println!("{plans}\t{chars}");
    }
    let most = (1..=200)
        .take_while(|&p| organization(1, p).policy_json().is_ok())
        .last()
        .unwrap_or(0);
    println!("most 5-year plans under 10,000 characters: {most}");
    println!();
    println!("synthesis of the app (management stack + StackSet + policy), median of {runs} runs:");
    println!("vaults\tplans\tms");
    for (vaults, plans) in [(1, 1), (10, 5), (100, 12)] {
        let org = organization(vaults, plans);
        let ms = median_ms(runs, || {
            let assembly = org.app().and_then(|app| app.synth());
            assert!(assembly.is_ok(), "the organization synthesizes");
        });
        println!("{vaults}\t{plans}\t{ms:.2}");
    }
}
