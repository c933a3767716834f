//! Procedural macro behind `backup-dsl`'s `backup_plan!`. An implementation detail: use it
//! through the `backup-dsl` facade.
