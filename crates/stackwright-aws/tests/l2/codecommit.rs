//! CodeCommit repositories: the CloudFormation written (aws-cdk-lib's ids and `onCommit`
//! patterns), imports, grants in the same stack and across stacks, and validation errors.

use crate::support;
use support::app;

use serde_json::json;
use stackwright_aws::codecommit::{Repository, RepositoryProps};
use stackwright_aws::iam::{Principal, Role, RoleProps};
use stackwright_core::{App, Aws, Environment, Fn, Stack, StackProps, Val};

fn stack(app: &App, id: &str) -> Stack {
    let env = Environment::new("111111111111", "us-east-2");
    Stack::new(app, id, StackProps::default().env(env))
}

fn role(stack: &Stack) -> Role {
    Role::new(
        stack,
        "Role",
        RoleProps::new(Principal::service("codebuild.amazonaws.com")),
    )
}

fn partition_join(rest: &str) -> serde_json::Value {
    json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, rest]]})
}

#[test]
fn repositories_commit_rules_and_grants_are_written_as_the_cdk_writes_them() {
    let app = app();
    let s = stack(&app, "S");
    let repo = Repository::new(
        &s,
        "Repo",
        RepositoryProps::new("service").description("The service"),
    );
    let imported = Repository::from_repository_name(&s, "Imp", "shared-libs");
    let role = role(&s);
    assert!(repo.grant_pull(&role).success());
    let _ = repo.grant_pull_push(&role);
    let _ = repo.grant_read(&role);
    let _ = imported.grant_pull(&role);
    repo.on_commit("OnMain", &["main"]);
    imported.on_commit("OnAny", &[]);
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    assert_eq!(
        resources["Repo02AC86CF"],
        json!({"Type": "AWS::CodeCommit::Repository",
               "Properties": {"RepositoryDescription": "The service", "RepositoryName": "service"}})
    );
    let arn = json!({"Fn::GetAtt": ["Repo02AC86CF", "Arn"]});
    assert_eq!(
        resources["RepoOnMain7A6A67B3"]["Properties"],
        json!({"EventPattern": {
                  "source": ["aws.codecommit"],
                  "resources": [arn],
                  "detail-type": ["CodeCommit Repository State Change"],
                  "detail": {"event": ["referenceCreated", "referenceUpdated"],
                             "referenceName": ["main"]}},
               "State": "ENABLED"})
    );
    let imported_arn = partition_join(":codecommit:us-east-2:111111111111:shared-libs");
    assert_eq!(
        resources["ImpOnAnyF4ADC084"]["Properties"]["EventPattern"],
        json!({"source": ["aws.codecommit"], "resources": [imported_arn],
               "detail-type": ["CodeCommit Repository State Change"],
               "detail": {"event": ["referenceCreated", "referenceUpdated"]}})
    );
    assert_eq!(
        resources["RoleDefaultPolicy5FFB7DAB"]["Properties"]["PolicyDocument"]["Statement"],
        json!([
            {"Action": "codecommit:GitPull", "Effect": "Allow", "Resource": arn},
            {"Action": ["codecommit:GitPull", "codecommit:GitPush"], "Effect": "Allow", "Resource": arn},
            {"Action": ["codecommit:GitPull", "codecommit:EvaluatePullRequestApprovalRules",
                        "codecommit:Get*", "codecommit:Describe*"],
             "Effect": "Allow", "Resource": arn},
            {"Action": "codecommit:GitPull", "Effect": "Allow", "Resource": imported_arn},
        ])
    );
}

#[test]
fn imports_know_their_clone_urls_region_and_account() {
    let app = app();
    let s = stack(&app, "S");
    let by_name = Repository::from_repository_name(&s, "ByName", "lib");
    assert_eq!(
        by_name.repository_clone_url_grc().as_value().as_str(),
        Some("codecommit::us-east-2://lib")
    );
    assert_eq!(by_name.account(), Some("111111111111"));
    let by_arn = Repository::from_repository_arn(
        &s,
        "ByArn",
        "arn:aws:codecommit:eu-west-1:222222222222:other",
    );
    assert_eq!(by_arn.repository_name().as_value().as_str(), Some("other"));
    assert_eq!(by_arn.account(), Some("222222222222"));
    assert_eq!(
        by_arn.repository_clone_url_grc().as_value().as_str(),
        Some("codecommit::eu-west-1://other")
    );
    assert_eq!(
        by_arn.repository_clone_url_http(),
        Fn::join(
            "",
            [
                Val::from("https://git-codecommit.eu-west-1."),
                Aws::url_suffix(),
                Val::from("/v1/repos/other"),
            ]
        )
    );
    assert!(app.assemble().is_ok());
}

#[test]
fn a_grant_to_a_role_of_another_stack_imports_the_repository_arn() {
    let app = app();
    let source = stack(&app, "Source");
    let repo = Repository::new(&source, "Repo", RepositoryProps::new("service"));
    let builds = stack(&app, "Builds");
    let role = role(&builds);
    let _ = repo.grant_pull(&role);
    let assembly = app.assemble().unwrap();
    let statement = &assembly.stack("Builds").unwrap().template["Resources"]
        ["RoleDefaultPolicy5FFB7DAB"]["Properties"]["PolicyDocument"]["Statement"][0];
    assert_eq!(
        statement["Resource"],
        json!({"Fn::ImportValue": "Source:ExportsOutputFnGetAttRepo02AC86CFArn39FFAA30"})
    );
}

#[test]
fn invalid_names_and_arns_are_reported_with_the_construct_path() {
    let app = app();
    let s = stack(&app, "S");
    Repository::new(&s, "Spaces", RepositoryProps::new("my repo"));
    Repository::new(&s, "Git", RepositoryProps::new("service.git"));
    Repository::new(&s, "Long", RepositoryProps::new("x".repeat(101)));
    Repository::new(
        &s,
        "Described",
        RepositoryProps::new("ok").description("d".repeat(1001)),
    );
    Repository::from_repository_arn(&s, "NotCodeCommit", "arn:aws:s3:::bucket");
    Repository::from_repository_name(&s, "Dot", "..");
    let errors = app.assemble().unwrap_err();
    for (path, message) in [
        ("S/Spaces", "repository name \"my repo\" contains ' '"),
        ("S/Git", "cannot end in \".git\""),
        ("S/Long", "must be 1 to 100 characters long (it has 101)"),
        ("S/Described", "at most 1,000 characters"),
        (
            "S/NotCodeCommit",
            "is not the ARN of a CodeCommit repository",
        ),
        ("S/Dot", "cannot be \".\" or \"..\""),
    ] {
        assert!(
            errors.contains(path, message),
            "expected {path}: {message} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), 6, "{errors}");
}
