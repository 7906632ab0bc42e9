//! The pipeline app: a self-mutating pipeline in the deployment account (111111111111) that
//! builds this repository's `pipeline` example from the `main` branch of the CodeCommit
//! repository `stackwright`, updates itself, publishes the function's code and deploys the
//! `Prod` stage into account 222222222222 after a manual approval: a `Storage` stack (a
//! bucket) and an `Api` stack (a function reading it, so it deploys after `Storage`).
//!
//! The synth step runs exactly this example (`cargo run --locked --example
//! pipeline`), so the pipeline the repository describes is the pipeline that runs; the test
//! below checks it by running the buildspec's commands in a clean copy of the repository.

use std::path::PathBuf;

use stackwright::codecommit::{Repository, RepositoryProps};
use stackwright::lambda::{Code, Function, FunctionProps, Runtime};
use stackwright::pipelines::{
    AddStageOptions, CodePipeline, CodePipelineProps, CodePipelineSource, ManualApprovalStep,
    RustSynth, ShellStep,
};
use stackwright::prelude::*;
use stackwright::s3::{Bucket, BucketProps};

/// The account hosting the pipeline.
pub const DEPLOYMENT_ACCOUNT: &str = "111111111111";
/// The account the `Prod` stage deploys to.
pub const PROD_ACCOUNT: &str = "222222222222";
/// The region of both.
pub const REGION: &str = "us-east-2";
/// The pipeline stack's id (and stack name).
pub const PIPELINE_STACK: &str = "PipelineExample";

/// Where the function's code is.
fn api_code() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pipeline/api")
}

/// Builds the pipeline app into `app`.
pub fn build(app: &App) {
    let delivery = Stack::new(
        app,
        PIPELINE_STACK,
        StackProps::default().env(Environment::new(DEPLOYMENT_ACCOUNT, REGION)),
    );
    let repository = Repository::new(&delivery, "Repository", RepositoryProps::new("stackwright"));
    let pipeline = CodePipeline::new(
        &delivery,
        "Pipeline",
        CodePipelineProps::new(
            CodePipelineSource::code_commit(&repository, "main"),
            // Debug builds: synthesis is light, so compile time is what the step costs.
            RustSynth::example("pipeline").release(false),
        ),
    );

    let prod = Stage::new(
        app,
        "Prod",
        StageProps::default().env(Environment::new(PROD_ACCOUNT, REGION)),
    );
    let storage = Stack::new(&prod, "Storage", StackProps::default().tag("team", "data"));
    let bucket = Bucket::new(&storage, "Data", BucketProps::new());
    let api = Stack::new(&prod, "Api", StackProps::default());
    let function = Function::new(
        &api,
        "List",
        FunctionProps::new(
            Runtime::Python3_12,
            "index.handler",
            Code::from_asset(api_code()),
        )
        .description("Lists the objects of the data bucket")
        .environment("BUCKET", bucket.bucket_name()),
    );
    let _ = bucket.grant_read(&function);

    pipeline.add_stage(
        &prod,
        AddStageOptions::new()
            .pre(ManualApprovalStep::new("Promote").comment("Deploy the example to Prod?"))
            .post(ShellStep::new(
                "Smoke",
                ["aws cloudformation describe-stacks --stack-name Prod-Api"],
            )),
    );
}

#[cfg(test)]
mod tests {
    //! The fixed point: the synth step's commands, taken from the synthesized buildspec and run
    //! in a clean copy of the repository (its tracked and untracked, not ignored files), write
    //! byte-identical templates: the pipeline as deployed is the pipeline the repository
    //! describes, so self-mutation changes nothing when nothing changed.

    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};
    use std::process::Command;
    use std::time::Instant;

    use serde_json::Value as Json;
    use stackwright::core::CloudAssembly;
    use stackwright::prelude::*;

    /// The commands of the synth project's buildspec (install phase, then build phase) and its
    /// artifacts' base directory.
    fn synth_commands(template: &Json) -> (Vec<String>, String) {
        let resources = template["Resources"].as_object().unwrap();
        let (_, project) = resources
            .iter()
            .find(|(id, r)| {
                id.starts_with("PipelineBuildSynthCdkBuildProject")
                    && r["Type"] == "AWS::CodeBuild::Project"
            })
            .expect("the synth project");
        let spec: Json = serde_json::from_str(
            project["Properties"]["Source"]["BuildSpec"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
        let commands = ["install", "pre_build", "build", "post_build"]
            .iter()
            .flat_map(|phase| {
                spec["phases"][phase]["commands"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        let base = spec["artifacts"]["base-directory"]
            .as_str()
            .unwrap()
            .to_owned();
        (commands, base)
    }

    /// The directory holding this test binary's `debug`/`release` directories.
    fn target_dir() -> PathBuf {
        let exe = std::env::current_exe().unwrap();
        // <target>/debug/deps/<test binary>
        exe.ancestors().nth(3).unwrap().to_path_buf()
    }

    /// `git ls-files -co --exclude-standard`: what a clean clone plus the uncommitted work holds.
    fn repository_files(root: &Path) -> Vec<String> {
        let out = Command::new("git")
            .args(["ls-files", "-z", "-co", "--exclude-standard"])
            .current_dir(root)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .split('\0')
            .filter(|f| !f.is_empty() && root.join(f).is_file())
            .map(str::to_owned)
            .collect()
    }

    /// Makes `copy` hold exactly `files` of `root`. Files whose contents did not change are
    /// left alone (cargo then rebuilds only what changed since the last run); everything else
    /// in `copy` is removed.
    fn sync(root: &Path, files: &[String], copy: &Path) {
        let wanted: BTreeSet<PathBuf> = files.iter().map(PathBuf::from).collect();
        let mut present = Vec::new();
        collect(copy, Path::new(""), &mut present);
        for relative in present {
            if !wanted.contains(&relative) {
                std::fs::remove_file(copy.join(&relative)).unwrap();
            }
        }
        for relative in &wanted {
            let (from, to) = (root.join(relative), copy.join(relative));
            let contents = std::fs::read(&from).unwrap();
            if std::fs::read(&to).ok().as_deref() != Some(contents.as_slice()) {
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::write(&to, contents).unwrap();
            }
        }
    }

    fn collect(dir: &Path, relative: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir.join(relative)) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = relative.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                collect(dir, &path, out);
            } else {
                out.push(path);
            }
        }
    }

    /// Runs `commands` (with `sh`) in a clean copy of the repository kept in
    /// `<target>/<name>/repo`, and returns the copy's output directory `output`.
    fn run_in_clean_copy(name: &str, commands: &[String], output: &str) -> PathBuf {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let work = target_dir().join(name);
        let copy = work.join("repo");
        sync(root, &repository_files(root), &copy);
        let written = copy.join(output);
        if written.exists() {
            std::fs::remove_dir_all(&written).unwrap();
        }
        let started = Instant::now();
        for command in commands {
            let status = Command::new("sh")
                .args(["-c", command])
                .current_dir(&copy)
                // A target directory of its own, kept between runs (a rerun rebuilds only the
                // crates that changed). Not this build's: cargo hashes workspace crates by their path
                // relative to the workspace, so the copy's build would replace this build's
                // artifacts with ones that embed the copy's paths. No debug info and no
                // incremental state: smaller and faster, and the templates do not depend on them.
                .env("CARGO_TARGET_DIR", work.join("target"))
                .env("CARGO_PROFILE_DEV_DEBUG", "0")
                .env("CARGO_INCREMENTAL", "0")
                .env_remove("CDK_OUTDIR")
                .env_remove("CDK_CONTEXT_JSON")
                .env_remove("CONTEXT_OVERFLOW_LOCATION_ENV")
                .stdout(std::process::Stdio::null())
                .status()
                .expect("sh runs");
            assert!(status.success(), "{command:?} failed: {status}");
        }
        eprintln!(
            "{name}: the synth commands took {:.1} s in {}",
            started.elapsed().as_secs_f64(),
            copy.display()
        );
        written
    }

    /// Every template the synth step wrote into `written` is byte-identical to the same file of
    /// `assembly`, and `must` is among them.
    fn assert_same_templates(written: &Path, assembly: &CloudAssembly, must: &str) {
        let mut on_disk = Vec::new();
        collect(written, Path::new(""), &mut on_disk);
        let templates: Vec<String> = on_disk
            .iter()
            // A rerun keeps the replaced assembly there; it is not what this run wrote.
            .filter(|p| !p.starts_with(stackwright::core::PREVIOUS_ASSEMBLY_DIR))
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .filter(|p| p.ends_with(".template.json"))
            .collect();
        assert!(
            templates.iter().any(|t| t == must),
            "the synth step did not write {must}: {templates:?}"
        );
        for file in &templates {
            let bytes = std::fs::read(written.join(file)).unwrap();
            let expected = assembly
                .file(file)
                .unwrap_or_else(|| panic!("the synth step wrote {file}, which this build lacks"));
            assert!(
                bytes == expected,
                "{file} differs between the synth step and this build"
            );
        }
    }

    #[test]
    fn the_synth_commands_run_in_a_clean_copy_write_byte_identical_templates() {
        let app = App::with_props(AppProps::default());
        super::build(&app);
        let assembly = app.assemble().unwrap_or_else(|e| panic!("{e}"));
        let pipeline_file = format!("{}.template.json", super::PIPELINE_STACK);
        let template: Json = assembly.json(&pipeline_file).unwrap();
        let (commands, output) = synth_commands(&template);
        assert_eq!(commands, ["cargo run --locked --example pipeline"]);
        let written = run_in_clean_copy("pipeline-fixed-point", &commands, &output);
        assert_same_templates(&written, &assembly, &pipeline_file);
        let written_count = assembly
            .files()
            .keys()
            .filter(|f| f.ends_with(".template.json"))
            .filter(|f| written.join(f).is_file())
            .count();
        assert_eq!(
            written_count,
            assembly
                .files()
                .keys()
                .filter(|f| f.ends_with(".template.json"))
                .count(),
            "the synth step wrote every template of this app"
        );
        std::fs::remove_dir_all(&written).unwrap();
    }

    /// The same for the data lake's six pipelines: each synth step (its app and environment
    /// only) writes its pipeline stack and its stage byte-identical to the full assembly.
    #[test]
    fn the_data_lake_synth_steps_run_in_a_clean_copy_write_byte_identical_templates() {
        use crate::datalake::{self, config::Config, pipelines::pipeline_stack_id};
        let config = Config::load(&Config::default_path()).unwrap_or_else(|e| panic!("{e}"));
        let app = App::with_props(AppProps::default());
        datalake::build(&app, &config, datalake::Selection::default());
        let assembly = app.assemble().unwrap_or_else(|e| panic!("{e}"));
        for env in datalake::config::Env::ALL {
            for kind in datalake::AppKind::ALL {
                let id = pipeline_stack_id(&config, kind, env);
                let stack = assembly
                    .stacks()
                    .iter()
                    .find(|s| s.display_name == id)
                    .unwrap_or_else(|| panic!("no pipeline stack {id}"));
                let template: Json = assembly.json(&stack.template_file).unwrap();
                let (commands, output) = synth_commands(&template);
                let written = run_in_clean_copy("datalake-fixed-point", &commands, &output);
                assert_same_templates(&written, &assembly, &stack.template_file);
                std::fs::remove_dir_all(&written).unwrap();
            }
        }
    }
}
