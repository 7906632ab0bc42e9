//! The six self-mutating pipelines, in the deployment account: each app × each environment,
//! fed by the environment's branch of the app's repository. Each pipeline's synth step runs
//! this example narrowed to its own app and environment (`--app <app> --env <env>`), so the
//! assembly it deploys from holds its own stack and its own stage only. Prod's stage waits
//! for a manual approval.

use stackwright::codecommit::Repository;
use stackwright::pipelines::{
    AddStageOptions, CodePipeline, CodePipelineProps, CodePipelineSource, ManualApprovalStep,
    RustSynth,
};
use stackwright::prelude::*;
use stackwright::SecretsManagerSecretOptions;

use super::config::{Config, Env, Source};
use super::{tag, AppKind};

/// The id of the approval step before Prod.
pub const PROD_APPROVAL: &str = "PromoteToProd";

/// The construct id (and CloudFormation name) of the pipeline stack of `app` and `env`:
/// `<logical prefix><App><Env>Pipeline`.
pub fn pipeline_stack_id(config: &Config, app: AppKind, env: Env) -> String {
    format!(
        "{}{}{}Pipeline",
        config.naming.logical_id_prefix,
        app.title(),
        env.title()
    )
}

/// The pipeline stack that deploys `stage` (the stage of `app` in `env`).
pub fn build(root: &App, config: &Config, app: AppKind, env: Env, stage: &Stage) -> Stack {
    let id = pipeline_stack_id(config, app, env);
    let stack = Stack::new(
        root,
        &id,
        StackProps::default()
            .env(Environment::new(
                config.deployment.account.clone(),
                config.deployment.region.clone(),
            ))
            .stack_name(id.clone())
            .description(format!(
                "Deploys the data lake's {} app to {} from the branch {:?}",
                app.key(),
                env.title(),
                config.env(env).branch
            )),
    );
    tag(&stack, config, "Deployment");

    let repository = match app {
        AppKind::Infra => &config.repositories.infra,
        AppKind::Etl => &config.repositories.etl,
    };
    let branch = &config.env(env).branch;
    let source = match &config.source {
        Source::CodeCommit => CodePipelineSource::code_commit(
            &Repository::from_repository_name(&stack, "Repository", repository),
            branch,
        ),
        Source::GitHub {
            owner,
            token_secret_name,
        } => CodePipelineSource::git_hub(&format!("{owner}/{repository}"), branch)
            .authentication(SecretValue::secrets_manager(
                token_secret_name.clone(),
                SecretsManagerSecretOptions::new(),
            ))
            .polling(),
    };
    let synth = RustSynth::example("datalake").args(["--app", app.key(), "--env", env.key()]);
    let pipeline = CodePipeline::new(
        &stack,
        "Pipeline",
        CodePipelineProps::new(source, synth)
            .pipeline_name(config.resource_name(env, &format!("{}-pipeline", app.key()))),
    );
    let options = if env == Env::Prod {
        AddStageOptions::new().pre(ManualApprovalStep::new(PROD_APPROVAL).comment(format!(
            "Deploy the {} app to Prod ({})?",
            app.key(),
            config.env(env).account
        )))
    } else {
        AddStageOptions::new()
    };
    pipeline.add_stage(stage, options);
    stack
}
