//! What the pipeline becomes at synthesis: its stages and actions, made from the app stages'
//! stacks as the tree holds them then.

use std::collections::BTreeMap;

use stackwright_aws::arn::ArnParts;
use stackwright_aws::codebuild::{
    BuildEnvironment, BuildImage, BuildSpec, BuildSpecArtifacts, Cache, EnvironmentVariable,
    LocalCacheMode, Phase, Project, ProjectProps, Source,
};
use stackwright_aws::codepipeline::{
    Artifact, Capability, CloudFormationCreateReplaceChangeSetAction,
    CloudFormationExecuteChangeSetAction, CodeBuildAction, ManualApprovalAction,
    Stage as PipelineStage,
};
use stackwright_aws::iam::{Condition, PolicyStatement, Principal, Role, RoleProps};
use stackwright_core::{Construct, Fn, Scope, Stack, Stage, Synthesizer, Val};

use crate::pipeline::{Inner, WaveState};
use crate::steps::{Step, StepKind};
use crate::synth::{RustSynth, SynthCache};

/// The change set every deploy action creates and executes.
pub const CHANGE_SET_NAME: &str = "PipelineChange";
/// The artifact holding the synthesized cloud assembly.
pub const SYNTH_OUTPUT: &str = "Synth_Output";
/// The bootstrap roles the self-mutation may assume (by their `aws-cdk:bootstrap-role` tag).
const BOOTSTRAP_ROLE_TAGS: [&str; 3] = ["image-publishing", "file-publishing", "deploy"];

/// One stack the pipeline deploys, with what its actions need.
struct Deployment {
    stack: Stack,
    /// `Storage` for `Prod/Storage`: the path below the app stage, `.`-separated.
    local_name: String,
    template_path: String,
    /// The template configuration file passing the stack's tags, when it has tags.
    template_configuration: Option<String>,
    asset_manifest: Option<String>,
    account: String,
    region: String,
    qualifier: String,
}

/// Builds the pipeline: runs once, from the prepare callback.
pub(crate) fn build(inner: &Inner) {
    inner.built.set(true);
    let node = inner.construct.node();
    let Some(env) = Stack::of(&inner.construct).map(|s| s.environment()) else {
        node.add_error("a pipeline must be created inside a stack");
        return;
    };
    let (Some(account), Some(region)) = (env.account, env.region) else {
        node.add_error(
            "the pipeline's stack needs an explicit account and region (StackProps::env): \
             the pipeline assumes roles of the accounts it deploys to",
        );
        return;
    };
    for problem in inner.props.source.problems() {
        node.add_error(problem);
    }
    let waves = inner.waves.borrow().clone();
    let plan = plan_deployments(inner, &waves, &region);
    let mut builder = Builder {
        inner,
        account,
        roles: BTreeMap::new(),
        code_build_role: None,
        source: Artifact::new(format!("{}_Source", inner.props.source.action_name())),
        synth_output: Artifact::new(SYNTH_OUTPUT),
    };
    builder.source_stage();
    builder.synth_stage();
    if inner.props.self_mutation {
        builder.self_mutation_stage();
    }
    builder.assets_stage(&plan);
    for (index, (wave, deployments)) in waves.iter().zip(&plan).enumerate() {
        builder.wave_stage(&waves, index, wave, deployments);
    }
}

/// The stacks of each stage of each wave, checked: environment, region, synthesizer.
fn plan_deployments(inner: &Inner, waves: &[WaveState], region: &str) -> Vec<Vec<Vec<Deployment>>> {
    let pipeline_path = inner.construct.node().path();
    waves
        .iter()
        .map(|wave| {
            wave.stages
                .iter()
                .map(|(stage, _)| {
                    stacks_of(stage)
                        .into_iter()
                        .filter_map(|stack| deployment(&pipeline_path, stage, stack, region))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The stacks of `stage` itself (not of stages nested in it), in tree order.
fn stacks_of(stage: &Stage) -> Vec<Stack> {
    stage
        .node()
        .find_all()
        .into_iter()
        .filter_map(|n| Stack::from_node(&n))
        .filter(|s| enclosing_stage(s.node()).as_ref() == Some(stage))
        .collect()
}

/// The nearest stage above `node`.
fn enclosing_stage(node: &stackwright_core::Node) -> Option<Stage> {
    std::iter::successors(node.parent(), stackwright_core::Node::parent)
        .find_map(|n| Stage::from_node(&n))
}

/// The directory of `stage`'s nested assembly, from the root of the cloud assembly.
fn assembly_path(stage: &Stage) -> String {
    let mut dirs: Vec<String> =
        std::iter::successors(Some(stage.clone()), |s| enclosing_stage(s.node()))
            .map(|s| s.assembly_directory())
            .collect();
    dirs.reverse();
    dirs.join("/")
}

/// Checks `stack` and describes its deployment; `None` (with an error at the stack's path)
/// when it cannot be deployed by the pipeline.
fn deployment(pipeline: &str, stage: &Stage, stack: Stack, region: &str) -> Option<Deployment> {
    let node = stack.node();
    let env = stack.environment();
    let (Some(stack_account), Some(stack_region)) = (env.account, env.region) else {
        node.add_error(format!(
            "the pipeline {pipeline} deploys this stack: it needs an explicit account and region \
             (StackProps::env or StageProps::env)"
        ));
        return None;
    };
    if stack_region != region {
        node.add_error(format!(
            "the pipeline {pipeline} is in {region} and this stack in {stack_region}: \
             cross-region deployment needs an artifact bucket replicated to {stack_region}, \
             which stackwright pipelines do not create; deploy it from a pipeline in \
             {stack_region}"
        ));
        return None;
    }
    let Synthesizer::Bootstrapped { qualifier, .. } = stack.props().synthesizer else {
        node.add_error(format!(
            "the pipeline {pipeline} deploys this stack with the bootstrap roles of its account: \
             it needs the bootstrapped synthesizer, not the bootstrapless one"
        ));
        return None;
    };
    let below_stage = node
        .path()
        .strip_prefix(&format!("{}/", stage.node().path()))
        .unwrap_or_default()
        .replace('/', ".");
    let directory = assembly_path(stage);
    let artifact_id = stack.artifact_id();
    let template_path = format!("{directory}/{artifact_id}.template.json");
    let template_configuration = (!stack.tags().is_empty()).then(|| {
        stack.write_template_configuration();
        format!("{template_path}.config.json")
    });
    Some(Deployment {
        local_name: below_stage,
        template_path,
        template_configuration,
        asset_manifest: stack
            .has_file_assets()
            .then(|| format!("{directory}/{artifact_id}.assets.json")),
        account: stack_account,
        region: stack_region,
        qualifier,
        stack,
    })
}

/// The name of the bootstrap role `kind` (`deploy`, `cfn-exec`, ...) of a target environment.
fn bootstrap_role_name(d: &Deployment, kind: &str) -> String {
    stackwright_core::bootstrap_role_name(&d.qualifier, kind, &d.account, &d.region)
}

/// The `Fn::Sub` text of the ARN of the bootstrap role `kind` of a target environment.
fn bootstrap_role_arn_sub(d: &Deployment, kind: &str) -> String {
    stackwright_core::bootstrap_role_arn_sub(&d.qualifier, kind, &d.account, &d.region)
}

/// `arn:<partition>:iam::<account>:role/<name>` (`name` may be a pattern such as `*`).
fn iam_role_arn(scope: &impl Scope, account: &str, name: &str) -> Val<String> {
    ArnParts::new("iam", format!("role/{name}"))
        .no_region()
        .account(account)
        .format(scope)
}

/// An action to add to a deployment stage, before run orders are sorted.
struct Planned {
    name: String,
    run_order: i64,
    what: PlannedKind,
}

enum PlannedKind {
    Step(Step),
    Prepare(usize, usize),
    Deploy(usize, usize),
}

struct Builder<'a> {
    inner: &'a Inner,
    account: String,
    /// Imported bootstrap roles, by role name.
    roles: BTreeMap<String, Role>,
    code_build_role: Option<Role>,
    source: Artifact,
    synth_output: Artifact,
}

impl Builder<'_> {
    fn scope(&self) -> &Construct {
        &self.inner.construct
    }

    /// The role every CodeBuild action runs as (`CodeBuildActionRole`), which the pipeline's
    /// role may assume: one for all of them, as CDK Pipelines does.
    fn code_build_role(&mut self) -> Role {
        let pipeline_role = self.inner.pipeline.role().role_arn();
        let scope = self.inner.construct.clone();
        self.code_build_role
            .get_or_insert_with(|| {
                Role::new(
                    &scope,
                    "CodeBuildActionRole",
                    RoleProps::new(Principal::arn(pipeline_role)),
                )
            })
            .clone()
    }

    fn code_build_action(
        &mut self,
        name: &str,
        project: &Project,
        input: &Artifact,
    ) -> CodeBuildAction {
        let role = self.code_build_role();
        CodeBuildAction::new(name, project, input).role(&role)
    }

    /// A bootstrap role of a target environment, imported once (grants to it go to the
    /// resources' policies).
    fn bootstrap_role(&mut self, d: &Deployment, kind: &str) -> Role {
        let inner = self.inner;
        self.imported_role(d, kind, |name| {
            iam_role_arn(&inner.construct, &d.account, name)
        })
    }

    /// The CloudFormation execution role of a target environment, imported once. Its ARN is
    /// an `Fn::Sub` (aws-cdk-lib writes an `Fn::Join`, which cfn-lint rejects in an action's
    /// configuration: E3703).
    fn execution_role(&mut self, d: &Deployment) -> Role {
        self.imported_role(d, "cfn-exec", |_| {
            Fn::sub(&bootstrap_role_arn_sub(d, "cfn-exec"))
        })
    }

    /// The bootstrap role `kind` of a target environment, imported once under its name with
    /// the ARN `arn` makes of that name.
    fn imported_role(
        &mut self,
        d: &Deployment,
        kind: &str,
        arn: impl FnOnce(&str) -> Val<String>,
    ) -> Role {
        let name = bootstrap_role_name(d, kind);
        let scope = self.inner.construct.clone();
        self.roles
            .entry(name.clone())
            .or_insert_with(|| {
                Role::from_role_arn_immutable(&scope, &name, arn(&name), &name, &d.account)
            })
            .clone()
    }

    fn source_stage(&self) {
        let stage = self.inner.pipeline.add_stage("Source");
        self.inner.props.source.add_to(&stage, &self.source);
    }

    /// `Build`/`Synth`: the Rust app in CodeBuild, writing the cloud assembly.
    fn synth_stage(&mut self) {
        let synth = &self.inner.props.synth;
        let stage = self.inner.pipeline.add_stage("Build");
        let scope = stage.action_scope("Synth");
        let mut spec = BuildSpec::new();
        if !synth.install().is_empty() {
            spec = spec.install(Phase::commands(synth.install().to_vec()));
        }
        spec = spec
            .build(Phase::commands(synth.build_commands()))
            .artifacts(
                BuildSpecArtifacts::new(["**/*"]).base_directory(synth.output_directory.as_str()),
            );
        let cache = match synth.cache {
            SynthCache::ArtifactBucket => {
                spec = spec.cache_paths(synth.cache_paths());
                Cache::bucket(self.inner.pipeline.artifact_bucket(), Some("synth-cache"))
            }
            SynthCache::Local => {
                spec = spec.cache_paths(synth.cache_paths());
                Cache::local([LocalCacheMode::Custom])
            }
            SynthCache::None => Cache::None,
        };
        let mut props = self
            .project_props(&stage, "Synth", spec, synth_environment(synth))
            .cache(cache);
        for (name, value) in synth.variables() {
            props = props.environment_variable(
                name.as_str(),
                EnvironmentVariable::plain_text(value.as_str()),
            );
        }
        let project = Project::new(&scope, "CdkBuildProject", props);
        let action = self
            .code_build_action("Synth", &project, &self.source.clone())
            .output(&self.synth_output);
        stage.add_action(&action);
    }

    /// `UpdatePipeline`/`SelfMutate`: `cdk deploy` of the pipeline's own stack from the
    /// synthesized assembly.
    fn self_mutation_stage(&mut self) {
        let stage = self.inner.pipeline.add_stage("UpdatePipeline");
        let scope = Construct::new(self.scope(), "UpdatePipeline");
        let stack_path = Stack::of(self.scope())
            .map(|s| s.node().path())
            .unwrap_or_default();
        let spec = BuildSpec::new()
            .install(Phase::commands([format!(
                "npm install -g aws-cdk@{}",
                self.inner.props.cli_version
            )]))
            .build(Phase::commands([format!(
                "cdk -a . deploy {} --require-approval=never --verbose",
                crate::synth::quote(&stack_path)
            )]));
        let props = self.project_props(
            &stage,
            "SelfMutate",
            spec,
            BuildEnvironment::new(BuildImage::standard_7_0()),
        );
        let project = Project::new(&scope, "SelfMutation", props);
        project.add_to_role_policy(
            PolicyStatement::allow()
                .action("sts:AssumeRole")
                .resource(iam_role_arn(self.scope(), &self.account, "*"))
                .condition(
                    Condition::string_equals(
                        "iam:ResourceTag/aws-cdk:bootstrap-role",
                        stackwright_core::Value::list_of(BOOTSTRAP_ROLE_TAGS),
                    )
                    .for_any_value(),
                ),
        );
        project.add_to_role_policy(
            PolicyStatement::allow()
                .action("cloudformation:DescribeStacks")
                .all_resources(),
        );
        project.add_to_role_policy(
            PolicyStatement::allow()
                .action("s3:ListBucket")
                .all_resources(),
        );
        let action = self.code_build_action("SelfMutate", &project, &self.synth_output.clone());
        stage.add_action(&action);
    }

    /// `Assets`/`FileAsset`: `cdk-assets publish` over the asset manifest of every deployed
    /// stack with file assets. The manifests' paths follow from the stacks' paths only, so the
    /// pipeline's template holds no asset hash.
    fn assets_stage(&mut self, plan: &[Vec<Vec<Deployment>>]) {
        let deployments: Vec<&Deployment> = plan
            .iter()
            .flatten()
            .flatten()
            .filter(|d| d.asset_manifest.is_some())
            .collect();
        if deployments.is_empty() {
            return;
        }
        let stage = self.inner.pipeline.add_stage("Assets");
        let scope = Construct::new(self.scope(), "Assets");
        let role = Role::new(
            &scope,
            "FileRole",
            RoleProps::new(Principal::service("codebuild.amazonaws.com")),
        );
        let mut publishing_roles: Vec<String> = Vec::new();
        let mut commands = Vec::new();
        for d in &deployments {
            let arn = bootstrap_role_arn_sub(d, "file-publishing");
            if !publishing_roles.contains(&arn) {
                publishing_roles.push(arn);
            }
            if let Some(manifest) = &d.asset_manifest {
                commands.push(format!(
                    "cdk-assets --path {} --verbose publish",
                    crate::synth::quote(manifest)
                ));
            }
        }
        for arn in &publishing_roles {
            role.add_to_policy(
                PolicyStatement::allow()
                    .action("sts:AssumeRole")
                    .resource(Fn::sub(arn)),
            );
        }
        let spec = BuildSpec::new()
            .install(Phase::commands([format!(
                "npm install -g cdk-assets@{}",
                self.inner.props.cdk_assets_version
            )]))
            .build(Phase::commands(commands));
        let props = self
            .project_props(
                &stage,
                "FileAsset",
                spec,
                BuildEnvironment::new(BuildImage::standard_7_0()),
            )
            .role(&role);
        let project = Project::new(&scope, "FileAsset", props);
        let action = self.code_build_action("FileAsset", &project, &self.synth_output.clone());
        stage.add_action(&action);
    }

    /// A CodeBuild project of a pipeline step, described by its place in the pipeline.
    fn project_props(
        &self,
        stage: &PipelineStage,
        action: &str,
        spec: BuildSpec,
        environment: BuildEnvironment,
    ) -> ProjectProps {
        ProjectProps::new()
            .description(format!(
                "Pipeline step {}/{}/{action}",
                self.scope().node().path(),
                stage.stage_name()
            ))
            .source(Source::code_pipeline())
            .environment(environment)
            .build_spec(spec)
    }

    /// One deployment stage: the wave's steps, and per app stage its steps and per stack a
    /// `Prepare` and a `Deploy`, at run orders that follow the stacks' dependencies.
    fn wave_stage(
        &mut self,
        waves: &[WaveState],
        wave_index: usize,
        wave: &WaveState,
        deployments: &[Vec<Deployment>],
    ) {
        let deployed_before: Vec<Stack> = waves[..wave_index]
            .iter()
            .flat_map(|w| w.stages.iter().flat_map(|(s, _)| stacks_of(s)))
            .collect();
        let mut planned: Vec<Planned> = Vec::new();
        for step in &wave.pre {
            planned.push(Planned {
                name: step.id().to_owned(),
                run_order: 1,
                what: PlannedKind::Step(step.clone()),
            });
        }
        let start = if wave.pre.is_empty() { 1 } else { 2 };
        let mut last = start - 1;
        for (index, ((stage, options), stacks)) in wave.stages.iter().zip(deployments).enumerate() {
            let prefix = if wave.single {
                String::new()
            } else {
                format!("{}.", stage.node().id())
            };
            for step in &options.pre {
                planned.push(Planned {
                    name: format!("{prefix}{}", step.id()),
                    run_order: start,
                    what: PlannedKind::Step(step.clone()),
                });
            }
            let first = if options.pre.is_empty() {
                start
            } else {
                start + 1
            };
            let orders = self.stack_run_orders(&deployed_before, stacks, first);
            // The stage's last run order so far (its pre steps', when it has no stack).
            let mut stage_last = first - 1;
            for (i, (d, prepare)) in stacks.iter().zip(&orders).enumerate() {
                planned.push(Planned {
                    name: format!("{prefix}{}.Prepare", d.local_name),
                    run_order: *prepare,
                    what: PlannedKind::Prepare(index, i),
                });
                planned.push(Planned {
                    name: format!("{prefix}{}.Deploy", d.local_name),
                    run_order: prepare + 1,
                    what: PlannedKind::Deploy(index, i),
                });
                stage_last = stage_last.max(prepare + 1);
            }
            for step in &options.post {
                planned.push(Planned {
                    name: format!("{prefix}{}", step.id()),
                    run_order: stage_last + 1,
                    what: PlannedKind::Step(step.clone()),
                });
            }
            let with_post = stage_last + i64::from(!options.post.is_empty());
            last = last.max(with_post);
        }
        for step in &wave.post {
            planned.push(Planned {
                name: step.id().to_owned(),
                run_order: last + 1,
                what: PlannedKind::Step(step.clone()),
            });
        }
        // Stable: actions of one run order keep the order they were planned in.
        planned.sort_by_key(|p| p.run_order);
        let stage = self.inner.pipeline.add_stage(&wave.name);
        for p in planned {
            match p.what {
                PlannedKind::Step(step) => self.add_step(&stage, &p.name, p.run_order, &step),
                PlannedKind::Prepare(s, i) => {
                    let d = &deployments[s][i];
                    let deploy_role = self.bootstrap_role(d, "deploy");
                    let exec_role = self.execution_role(d);
                    let mut action = CloudFormationCreateReplaceChangeSetAction::new(
                        &p.name,
                        &d.stack.stack_name(),
                        CHANGE_SET_NAME,
                        &self.synth_output.at_path(d.template_path.as_str()),
                    )
                    .capabilities([Capability::NamedIam, Capability::AutoExpand])
                    .deployment_role(&exec_role)
                    .role(&deploy_role)
                    .run_order(p.run_order);
                    if let Some(config) = &d.template_configuration {
                        action = action
                            .template_configuration(&self.synth_output.at_path(config.as_str()));
                    }
                    stage.add_action(&action);
                }
                PlannedKind::Deploy(s, i) => {
                    let d = &deployments[s][i];
                    let deploy_role = self.bootstrap_role(d, "deploy");
                    let action = CloudFormationExecuteChangeSetAction::new(
                        &p.name,
                        &d.stack.stack_name(),
                        CHANGE_SET_NAME,
                    )
                    .role(&deploy_role)
                    .run_order(p.run_order);
                    stage.add_action(&action);
                }
            }
        }
    }

    /// The run order of each stack's `Prepare`: `first`, or after the `Deploy` of every stack
    /// it depends on. A dependency on a stack that this pipeline does not deploy before (in
    /// an earlier pipeline stage) is an error at the stack's path.
    fn stack_run_orders(
        &self,
        deployed_before: &[Stack],
        stacks: &[Deployment],
        first: i64,
    ) -> Vec<i64> {
        let dependencies: Vec<Vec<usize>> = stacks
            .iter()
            .map(|d| {
                d.stack
                    .dependencies()
                    .into_iter()
                    .filter_map(|dep| {
                        if let Some(i) = stacks.iter().position(|o| o.stack == dep) {
                            return Some(i);
                        }
                        if !deployed_before.contains(&dep) {
                            d.stack.node().add_error(format!(
                                "this stack depends on the stack {}, which the pipeline {} \
                                 deploys later or not at all: deploy it in an earlier stage",
                                dep.node().path(),
                                self.scope().node().path()
                            ));
                        }
                        None
                    })
                    .collect()
            })
            .collect();
        // Longest path from the roots; a cycle (reported by synthesis) stops the walk.
        let mut orders = vec![first; stacks.len()];
        for _ in 0..stacks.len() {
            let mut changed = false;
            for (i, deps) in dependencies.iter().enumerate() {
                let wanted = deps.iter().map(|d| orders[*d] + 2).max().unwrap_or(first);
                if wanted > orders[i] {
                    orders[i] = wanted;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        orders
    }

    fn add_step(&mut self, stage: &PipelineStage, name: &str, run_order: i64, step: &Step) {
        match &step.0 {
            StepKind::ManualApproval(approval) => {
                let mut action = ManualApprovalAction::new(name).run_order(run_order);
                if let Some(comment) = &approval.comment {
                    action = action.additional_information(comment.as_str());
                }
                if let Some(topic) = &approval.topic {
                    action = action.notification_topic(topic);
                }
                stage.add_action(&action);
            }
            StepKind::Shell(shell) => {
                let scope = stage.action_scope(name);
                let mut spec = BuildSpec::new();
                if !shell.install_commands.is_empty() {
                    spec = spec.install(Phase::commands(shell.install_commands.clone()));
                }
                spec = spec.build(Phase::commands(shell.commands.clone()));
                let image = shell.image.clone().unwrap_or_else(BuildImage::standard_7_0);
                let mut props = self.project_props(stage, name, spec, BuildEnvironment::new(image));
                for (k, v) in &shell.env {
                    props = props.environment_variable(
                        k.as_str(),
                        EnvironmentVariable::plain_text(v.as_str()),
                    );
                }
                let project = Project::new(&scope, &shell.id, props);
                let action = self
                    .code_build_action(name, &project, &self.source.clone())
                    .run_order(run_order);
                stage.add_action(&action);
            }
        }
    }
}

/// The synth step's build environment.
fn synth_environment(synth: &RustSynth) -> BuildEnvironment {
    let environment = BuildEnvironment::new(synth.image.clone());
    match synth.compute_type {
        Some(c) => environment.compute_type(c),
        None => environment,
    }
}
