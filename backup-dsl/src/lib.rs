//! AWS Backup policy as compiler-checked Rust code, synthesized to CloudFormation.
//!
//! (The language reference is being written; see `backup_plan!`.)

pub use backup_synth::*;

/// Declares backup plans, checked at compile time. See the crate documentation.
#[macro_export]
macro_rules! backup_plan {
    ($($body:tt)*) => {
        $crate::__private::backup_plan_impl! { $crate; $($body)* }
    };
}

#[doc(hidden)]
pub mod __private {
    pub use backup_macros::backup_plan_impl;
    pub use backup_synth::*;
}
