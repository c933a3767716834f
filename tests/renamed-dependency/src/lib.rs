//! `backup_plan!` through a dependency renamed to `policy`: the expansion reaches the facade
//! by `$crate`, never by the name `backup_dsl`.

#![deny(warnings)]

/// A plan written through the renamed facade.
pub fn plan() -> policy::BackupPlan {
    policy::backup_plan! {
        plan Renamed {
            rule weekly();
            selection Tagged { resources: [tag("backup" == "true")] }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn expands_through_a_renamed_dependency() {
        let mut stack = policy::Stack::new("Stack");
        stack.add(super::plan());
        assert!(stack.synth().is_ok());
    }
}
