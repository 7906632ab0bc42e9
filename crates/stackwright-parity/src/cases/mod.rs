//! The registered cases. Each `<case>` here is a module `src/cases/<case>.rs` with
//! `pub fn build(app: &App)` (the app in stackwright) and `pub const IGNORED: &[Ignore]` (the
//! differences it accepts, usually none), and an aws-cdk-lib app `apps/<case>.js`.

use crate::Case;

/// Declares the case modules and lists them in [`CASES`], from one list of names.
macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(pub mod $name;)*

        /// Every case, in the order they are reported.
        pub const CASES: &[Case] = &[$(Case {
            name: stringify!($name),
            build: $name::build,
            ignored: $name::IGNORED,
        }),*];
    };
}

cases! {
    l1_cross_stack,
    iam_kms_lambda,
    events_lambda,
    events_targets,
    lambda_vpc,
    s3,
    dynamodb,
    stepfunctions,
    stepfunctions_flows,
    ec2,
    small_services,
    scale,
    cicd_build,
    cicd_pipeline,
}
