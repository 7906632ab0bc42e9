//! The data lake's one typed configuration (`examples/datalake/datalake.toml`): the accounts
//! and regions, the VPC blocks, the name prefixes, the repositories, their branches and the
//! tags. [`Config::load`] parses it and checks every value; all problems are reported together,
//! each with the key it concerns, before anything is built or written.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;

/// The mask of every subnet of the VPCs (/27: 32 addresses).
pub const SUBNET_MASK: u8 = 27;
/// The availability zones each VPC spans.
pub const AZ_COUNT: usize = 3;
/// Subnets per availability zone (one public, one private).
const SUBNETS_PER_AZ: usize = 2;
/// The zone buckets and their name suffixes, in order.
pub const ZONES: [&str; 3] = ["raw", "conformed", "purpose-built"];
/// The longest suffix of a bucket name the stacks create (see [`Config::bucket_name`]).
const LONGEST_BUCKET_SUFFIX: &str = "purpose-built";

/// The configuration of the data lake: one file, every environment.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The prefixes of logical ids and of physical resource names.
    pub naming: Naming,
    /// The values of the tags set on every stack.
    pub tags: TagValues,
    /// The central account that hosts the six pipelines.
    pub deployment: Target,
    /// The target environments, by name: `dev`, `test` and `prod`, each exactly once.
    pub environments: BTreeMap<String, EnvironmentConfig>,
    /// Where the pipelines fetch the two apps' code.
    pub source: Source,
    /// The repositories of the two apps.
    pub repositories: Repositories,
}

/// Name prefixes.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Naming {
    /// Starts the construct ids of the stacks (`DataLakeCDKBlog` gives `DataLakeCDKBlogVpc`):
    /// a letter then letters and digits, at most 40 characters.
    pub logical_id_prefix: String,
    /// Starts physical names (`dev-<prefix>-<account>-<region>-raw`) and the tag keys:
    /// lowercase letters, digits and hyphens, not starting or ending with a hyphen.
    pub resource_name_prefix: String,
}

/// The values of the tags `<resource_name_prefix>:cost-center`, `:team` and `:application`
/// (`:environment` is the environment's name).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TagValues {
    /// The cost center billed for the resources.
    pub cost_center: String,
    /// The team that owns the data lake.
    pub team: String,
    /// The application name.
    pub application: String,
}

/// An account and a region.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The 12-digit AWS account id.
    pub account: String,
    /// The region, e.g. `us-east-2`.
    pub region: String,
}

/// One target environment.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentConfig {
    /// The 12-digit AWS account id.
    pub account: String,
    /// The region, e.g. `us-east-2`.
    pub region: String,
    /// The VPC's IPv4 block (a /16 to a /24: it holds 3 public and 3 private /27 subnets).
    pub vpc_cidr: String,
    /// The branch of both repositories whose changes deploy this environment.
    pub branch: String,
    /// The three availability zones of the VPC (default: the region's `a`, `b` and `c`).
    #[serde(default)]
    pub availability_zones: Option<Vec<String>>,
}

/// Where the pipelines fetch the code.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum Source {
    /// AWS CodeCommit repositories in the deployment account.
    #[serde(rename = "codecommit")]
    CodeCommit,
    /// GitHub repositories, polled with a token kept in Secrets Manager.
    #[serde(rename = "github")]
    GitHub {
        /// The user or organization owning both repositories.
        owner: String,
        /// The name of the Secrets Manager secret (in the deployment account) holding the
        /// token: the token itself never appears in a template.
        token_secret_name: String,
    },
}

/// The repository of each app.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repositories {
    /// The infrastructure app's repository (VPC and S3 zones).
    pub infra: String,
    /// The ETL app's repository (audit table, Glue jobs, state machine).
    pub etl: String,
}

/// A target environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Env {
    /// Development: changes on its branch (`main`) deploy here first.
    Dev,
    /// Test.
    Test,
    /// Production, behind a manual approval.
    Prod,
}

impl Env {
    /// Every environment, in promotion order.
    pub const ALL: [Env; 3] = [Env::Dev, Env::Test, Env::Prod];

    /// The key in the configuration and in physical names: `dev`, `test`, `prod`.
    pub fn key(self) -> &'static str {
        match self {
            Env::Dev => "dev",
            Env::Test => "test",
            Env::Prod => "prod",
        }
    }

    /// The stage id and tag value: `Dev`, `Test`, `Prod`.
    pub fn title(self) -> &'static str {
        match self {
            Env::Dev => "Dev",
            Env::Test => "Test",
            Env::Prod => "Prod",
        }
    }
}

impl fmt::Display for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Every problem found in a configuration file, each `<file>: <key>: <what is wrong>`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigErrors {
    /// The file.
    pub path: PathBuf,
    /// One message per problem (`environments.dev.account: ...`).
    pub problems: Vec<String>,
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(
            f,
            "{}: {n} problem{} in the configuration:",
            self.path.display(),
            if n == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            writeln!(f, "  {}: {problem}", self.path.display())?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

impl Config {
    /// `examples/datalake/datalake.toml`, the configuration that ships with the example.
    pub fn default_path() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datalake/datalake.toml")
    }

    /// Reads, parses and checks the file at `path`.
    ///
    /// # Errors
    /// Every problem: unreadable file, TOML syntax, unknown or missing keys, invalid values.
    pub fn load(path: &Path) -> Result<Config, ConfigErrors> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigErrors {
            path: path.to_path_buf(),
            problems: vec![format!("cannot read the file: {e}")],
        })?;
        Config::parse(&text, path)
    }

    /// Parses and checks `text`, read from `path` (named in the errors).
    ///
    /// # Errors
    /// Every problem: TOML syntax, unknown or missing keys, invalid values.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigErrors> {
        let errors = |problems| ConfigErrors {
            path: path.to_path_buf(),
            problems,
        };
        let config: Config =
            toml::from_str(text).map_err(|e| errors(vec![toml_error(text, &e)]))?;
        let problems = config.problems();
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(errors(problems))
        }
    }

    /// The JSON Schema of the file (checked in as `examples/datalake/datalake.schema.json`).
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(Config);
        let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
        text.push('\n');
        text
    }

    /// The settings of an environment. The configuration has been checked: every environment
    /// is present.
    pub fn env(&self, env: Env) -> &EnvironmentConfig {
        &self.environments[env.key()]
    }

    /// The three availability zones of an environment's VPC.
    pub fn availability_zones(&self, env: Env) -> Vec<String> {
        let settings = self.env(env);
        settings.availability_zones.clone().unwrap_or_else(|| {
            ["a", "b", "c"]
                .iter()
                .map(|z| format!("{}{z}", settings.region))
                .collect()
        })
    }

    /// `<env>-<resource prefix>-<suffix>`: the physical name of a resource of an environment.
    pub fn resource_name(&self, env: Env, suffix: &str) -> String {
        format!("{}-{}-{suffix}", env.key(), self.naming.resource_name_prefix)
    }

    /// `<env>-<resource prefix>-<account>-<region>-<suffix>`: a bucket name, unique across
    /// accounts and regions.
    pub fn bucket_name(&self, env: Env, suffix: &str) -> String {
        let settings = self.env(env);
        self.resource_name(
            env,
            &format!("{}-{}-{suffix}", settings.account, settings.region),
        )
    }

    /// `<env>-<resource prefix>-<name>` with a name for exports: the export names the ETL app
    /// imports.
    pub fn export_name(&self, env: Env, name: &str) -> String {
        self.resource_name(env, name)
    }

    /// The tag key `<resource prefix>:<name>`.
    pub fn tag_key(&self, name: &str) -> String {
        format!("{}:{name}", self.naming.resource_name_prefix)
    }

    /// Every problem of the configuration, each prefixed with its key.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut check = |key: &str, problem: Option<String>| {
            if let Some(p) = problem {
                out.push(format!("{key}: {p}"));
            }
        };
        check(
            "naming.logical_id_prefix",
            logical_id_prefix_problem(&self.naming.logical_id_prefix),
        );
        check(
            "naming.resource_name_prefix",
            resource_prefix_problem(&self.naming.resource_name_prefix),
        );
        for (key, value) in [
            ("tags.cost_center", &self.tags.cost_center),
            ("tags.team", &self.tags.team),
            ("tags.application", &self.tags.application),
        ] {
            check(key, tag_value_problem(value));
        }
        check("deployment.account", account_problem(&self.deployment.account));
        check("deployment.region", region_problem(&self.deployment.region));

        for name in self.environments.keys() {
            if !Env::ALL.iter().any(|e| e.key() == name) {
                check(
                    &format!("environments.{name}"),
                    Some(format!(
                        "unknown environment {name:?}: the environments are dev, test and prod"
                    )),
                );
            }
        }
        let mut branches: Vec<(&str, Env)> = Vec::new();
        for env in Env::ALL {
            let Some(settings) = self.environments.get(env.key()) else {
                check(
                    "environments",
                    Some(format!(
                        "the environment {:?} is missing: add a table [environments.{}]",
                        env.key(),
                        env.key()
                    )),
                );
                continue;
            };
            let key = |field: &str| format!("environments.{env}.{field}");
            check(&key("account"), account_problem(&settings.account));
            let region_problem = region_problem(&settings.region);
            let region_ok = region_problem.is_none();
            check(&key("region"), region_problem);
            if region_ok && settings.region != self.deployment.region {
                check(
                    &key("region"),
                    Some(format!(
                        "{:?} differs from the deployment region {:?}: the pipelines deploy \
                         into their own region only",
                        settings.region, self.deployment.region
                    )),
                );
            }
            check(&key("vpc_cidr"), cidr_problem(&settings.vpc_cidr));
            check(&key("branch"), branch_problem(&settings.branch));
            if let Some((_, other)) = branches.iter().find(|(b, _)| *b == settings.branch) {
                check(
                    &key("branch"),
                    Some(format!(
                        "the branch {:?} is mapped twice, to {other} and to {env}: each \
                         branch deploys one environment",
                        settings.branch
                    )),
                );
            } else {
                branches.push((&settings.branch, env));
            }
            if let (Some(zones), true) = (&settings.availability_zones, region_ok) {
                check(
                    &key("availability_zones"),
                    zones_problem(zones, &settings.region),
                );
            }
            if region_ok && self.naming.resource_name_prefix.len() <= 63 {
                let longest = self.bucket_name(env, LONGEST_BUCKET_SUFFIX);
                if longest.len() > 63 {
                    check(
                        "naming.resource_name_prefix",
                        Some(format!(
                            "too long for the bucket names of {env}: {longest:?} has {} \
                             characters, S3 allows 63",
                            longest.len()
                        )),
                    );
                }
            }
        }

        check(
            "repositories.infra",
            repository_problem(&self.repositories.infra),
        );
        check("repositories.etl", repository_problem(&self.repositories.etl));
        if self.repositories.infra == self.repositories.etl {
            check(
                "repositories.etl",
                Some(format!(
                    "{:?} is also the infrastructure's repository: each app has its own",
                    self.repositories.etl
                )),
            );
        }
        if let Source::GitHub {
            owner,
            token_secret_name,
        } = &self.source
        {
            check("source.owner", github_owner_problem(owner));
            check(
                "source.token_secret_name",
                secret_name_problem(token_secret_name),
            );
        }
        out
    }
}

/// A TOML error as one line: the key path and position when known, then the message.
fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim().to_owned();
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

fn account_problem(account: &str) -> Option<String> {
    (account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit())).then(|| {
        format!("{account:?} is not an AWS account id: an account id is exactly 12 digits")
    })
}

fn region_problem(region: &str) -> Option<String> {
    let parts: Vec<&str> = region.split('-').collect();
    let ok = parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1]
            .parse::<u8>()
            .is_ok_and(|n| n > 0 && !parts[parts.len() - 1].starts_with('0'));
    (!ok).then(|| {
        format!("{region:?} is not an AWS region name (like \"us-east-2\" or \"eu-west-1\")")
    })
}

/// Parses `a.b.c.d/n` into the address and the mask.
fn parse_cidr(cidr: &str) -> Option<(u32, u8)> {
    let (address, mask) = cidr.split_once('/')?;
    let mask: u8 = mask.parse().ok().filter(|m| *m <= 32)?;
    let octets: Vec<u8> = address
        .split('.')
        .map(|o| {
            (!o.is_empty() && o.len() <= 3 && o.bytes().all(|b| b.is_ascii_digit()))
                .then(|| o.parse().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    let [a, b, c, d] = octets[..] else {
        return None;
    };
    Some((u32::from_be_bytes([a, b, c, d]), mask))
}

fn cidr_problem(cidr: &str) -> Option<String> {
    let Some((address, mask)) = parse_cidr(cidr) else {
        return Some(format!(
            "{cidr:?} is not an IPv4 CIDR block (like \"10.20.0.0/24\")"
        ));
    };
    let needed = AZ_COUNT * SUBNETS_PER_AZ;
    let available = 1u64 << (SUBNET_MASK - mask.min(SUBNET_MASK));
    if !(16..=28).contains(&mask) {
        Some(format!(
            "{cidr:?}: a VPC block is a /16 to a /28 (this one is a /{mask})"
        ))
    } else if (needed as u64) > available {
        Some(format!(
            "{cidr:?} cannot hold the VPC's {needed} /{SUBNET_MASK} subnets ({AZ_COUNT} \
             public and {AZ_COUNT} private): a /{mask} holds {available}; use a /24 or larger"
        ))
    } else if address & (u32::MAX >> mask) != 0 {
        let network = std::net::Ipv4Addr::from(address & !(u32::MAX >> mask));
        Some(format!(
            "{cidr:?} has host bits set: the block of this address is {network}/{mask}"
        ))
    } else {
        None
    }
}

fn logical_id_prefix_problem(prefix: &str) -> Option<String> {
    let ok = (1..=40).contains(&prefix.len())
        && prefix.starts_with(|c: char| c.is_ascii_alphabetic())
        && prefix.chars().all(|c| c.is_ascii_alphanumeric());
    (!ok).then(|| {
        format!(
            "{prefix:?} is not a logical-id prefix: 1 to 40 characters, a letter then letters \
             and digits (like \"DataLakeCDKBlog\")"
        )
    })
}

fn resource_prefix_problem(prefix: &str) -> Option<String> {
    let ok = !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !prefix.starts_with('-')
        && !prefix.ends_with('-')
        && !prefix.contains("--");
    (!ok).then(|| {
        format!(
            "{prefix:?} is not a resource-name prefix: lowercase letters, digits and single \
             hyphens, not starting or ending with a hyphen (like \"cdkblog-e2e\")"
        )
    })
}

fn tag_value_problem(value: &str) -> Option<String> {
    let ok = (1..=256).contains(&value.chars().count())
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || " _.:/=+-@".contains(c));
    (!ok).then(|| {
        format!(
            "{value:?} is not a tag value: 1 to 256 letters, digits, spaces and _ . : / = + - @"
        )
    })
}

fn branch_problem(branch: &str) -> Option<String> {
    let ok = (1..=100).contains(&branch.len())
        && !branch
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "~^:?*[\\".contains(c))
        && !branch.contains("..")
        && !branch.contains("//")
        && !branch.starts_with(['/', '.', '-'])
        && !branch.ends_with(['/', '.'])
        && !branch.ends_with(".lock");
    (!ok).then(|| format!("{branch:?} is not a valid git branch name"))
}

fn zones_problem(zones: &[String], region: &str) -> Option<String> {
    if zones.len() != AZ_COUNT {
        return Some(format!(
            "{} zones given: the VPC spans exactly {AZ_COUNT}",
            zones.len()
        ));
    }
    for (i, zone) in zones.iter().enumerate() {
        let suffix = zone.strip_prefix(region);
        if !suffix.is_some_and(|s| s.len() == 1 && s.bytes().all(|b| b.is_ascii_lowercase())) {
            return Some(format!(
                "{zone:?} is not a zone of {region} (like \"{region}a\")"
            ));
        }
        if zones[..i].contains(zone) {
            return Some(format!("{zone:?} is given twice"));
        }
    }
    None
}

fn repository_problem(name: &str) -> Option<String> {
    let ok = (1..=100).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        && !name.ends_with(".git");
    (!ok).then(|| {
        format!(
            "{name:?} is not a repository name: 1 to 100 letters, digits, '_', '.' and '-', \
             not ending in .git"
        )
    })
}

fn github_owner_problem(owner: &str) -> Option<String> {
    let ok = (1..=39).contains(&owner.len())
        && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !owner.starts_with('-');
    (!ok).then(|| format!("{owner:?} is not a GitHub user or organization name"))
}

fn secret_name_problem(name: &str) -> Option<String> {
    if ["ghp_", "github_pat_", "gho_", "ghs_"]
        .iter()
        .any(|p| name.starts_with(p))
    {
        return Some(
            "this looks like a GitHub token: give the name of the Secrets Manager secret that \
             holds it, never the token"
                .to_owned(),
        );
    }
    let ok = (1..=512).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_+=.@-".contains(c));
    (!ok).then(|| {
        format!(
            "{name:?} is not a Secrets Manager secret name: 1 to 512 letters, digits and \
             / _ + = . @ -"
        )
    })
}
