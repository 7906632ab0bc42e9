//! The data lake: the reference design for a data lake and its ETL jobs, deployed into Dev,
//! Test and Prod accounts by self-mutating pipelines in a deployment account. See
//! `docs/datalake.md`.
//!
//! Two apps, each with its own repository and its own pipelines:
//! - the infrastructure app ([`infra`]): the VPC stack and the S3 zones stack;
//! - the ETL app ([`etl`]): the audit table, the Glue jobs and the state machine.
//!
//! One cloud assembly holds everything: for each environment a stage `Dev`, `Test`, `Prod`
//! (in the environment's account and region) holding one nested stage per app, `Infra` and
//! `Etl`, which its pipeline deploys; and the pipeline stacks, in the deployment account.
//! [`Selection`] narrows the assembly to one app and/or one environment: what each
//! pipeline's synth step builds.

pub mod cli;
pub mod config;
pub mod etl;
pub mod infra;
pub mod pipelines;

use stackwright::prelude::*;

use self::config::{Config, Env};

/// One of the two apps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum AppKind {
    /// The VPC and the S3 zones.
    Infra,
    /// The audit table, the Glue jobs, the functions and the state machine.
    Etl,
}

impl AppKind {
    /// Both apps, in deployment order.
    pub const ALL: [AppKind; 2] = [AppKind::Infra, AppKind::Etl];

    /// The id of the app's stage in each environment: `Infra`, `Etl`.
    pub fn title(self) -> &'static str {
        match self {
            AppKind::Infra => "Infra",
            AppKind::Etl => "Etl",
        }
    }

    /// `infra`, `etl`: the value of `--app`.
    pub fn key(self) -> &'static str {
        match self {
            AppKind::Infra => "infra",
            AppKind::Etl => "etl",
        }
    }
}

/// What to build: both apps and every environment, or a part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    /// Only this app.
    pub app: Option<AppKind>,
    /// Only this environment.
    pub env: Option<Env>,
}

impl Selection {
    /// The selected apps.
    pub fn apps(self) -> Vec<AppKind> {
        AppKind::ALL
            .into_iter()
            .filter(|a| self.app.is_none_or(|s| s == *a))
            .collect()
    }

    /// The selected environments.
    pub fn envs(self) -> Vec<Env> {
        Env::ALL
            .into_iter()
            .filter(|e| self.env.is_none_or(|s| s == *e))
            .collect()
    }
}

/// The folder of the job code, the SQL files and the functions (`examples/datalake`).
pub fn assets_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datalake")
}

/// Builds the selected apps and environments of the data lake into `app`.
///
/// The configured availability zones of each environment answer the CDK's zone lookup
/// (context `availability-zones:account=..:region=..`, unless the CDK CLI passed it): synthesis
/// needs no credentials, in a pipeline's synth step as on a laptop.
pub fn build(app: &App, config: &Config, selection: Selection) {
    for env in selection.envs() {
        let settings = config.env(env);
        let zones_key = format!(
            "availability-zones:account={}:region={}",
            settings.account, settings.region
        );
        if app.context(&zones_key).is_none() {
            app.set_context(zones_key, config.availability_zones(env));
        }
        let environment = Stage::new(
            app,
            env.title(),
            StageProps::default().env(Environment::new(
                settings.account.clone(),
                settings.region.clone(),
            )),
        );
        for kind in selection.apps() {
            let stage = Stage::new(&environment, kind.title(), StageProps::default());
            match kind {
                AppKind::Infra => infra::build(&stage, config, env),
                AppKind::Etl => etl::build(&stage, config, env),
            }
            pipelines::build(app, config, kind, env, &stage);
        }
    }
}

/// A stack of an app's stage: named `<Env><logical prefix><name>` in CloudFormation whatever
/// its place in the tree, described, and tagged with the four tags of the design.
pub(crate) fn new_stack(
    stage: &Stage,
    config: &Config,
    env: Env,
    name: &str,
    description: &str,
) -> Stack {
    let id = format!("{}{name}", config.naming.logical_id_prefix);
    let stack = Stack::new(
        stage,
        &id,
        StackProps::default()
            .stack_name(format!("{}{id}", env.title()))
            .description(description)
            .termination_protection(env == Env::Prod),
    );
    tag(&stack, config, env.title());
    stack
}

/// The tag names (after the prefix) of every stack.
const TAG_NAMES: [&str; 4] = ["cost-center", "environment", "team", "application"];

/// The four tags of every stack ([`TAG_NAMES`]): cost center, environment, team, application.
pub(crate) fn tag(scope: &impl Scope, config: &Config, environment: &str) {
    let values = [
        config.tags.cost_center.as_str(),
        environment,
        config.tags.team.as_str(),
        config.tags.application.as_str(),
    ];
    let tags = Tags::of(scope);
    for (name, value) in TAG_NAMES.into_iter().zip(values) {
        tags.add(config.tag_key(name), value);
    }
}

/// Leaves a KMS key's tags to its stack: CloudFormation applies the stack's tags (the
/// manifest's, which the CDK CLI passes) to the key when it creates it, so nothing is lost,
/// and a template without `Tags` on keys deploys on moto too, whose CloudFormation fails on
/// tagged keys (it reads `TagKey` where templates say `Key`).
pub(crate) fn untag_key(key: &impl Scope, config: &Config) {
    for name in TAG_NAMES {
        Tags::of(key).remove(config.tag_key(name));
    }
}

/// Records in a resource's `Metadata` that checkov should skip these checks, each with the
/// reason (`checkov: {skip: [{id, comment}]}`): the suppression sits next to the construct it
/// concerns.
pub(crate) fn skip_checks(resource: &CfnResource, checks: &[(&str, &str)]) {
    let skips = Value::list_of(checks.iter().map(|(id, comment)| {
        Value::map_of([("id", Value::from(*id)), ("comment", Value::from(*comment))])
    }));
    resource.add_resource_metadata("checkov", Value::map_of([("skip", skips)]));
}
