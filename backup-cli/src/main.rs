//! The `backup-dsl` command.

fn main() {}
