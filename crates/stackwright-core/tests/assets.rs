//! File assets: staged into the assembly by content hash, listed in the asset manifest.

use std::fs;

use serde_json::json;
use stackwright_core::*;

#[test]
fn files_and_directories_are_staged_by_content_hash() {
    let src = tempfile::tempdir().unwrap();
    fs::write(src.path().join("job.py"), b"print('hello')\n").unwrap();
    fs::create_dir_all(src.path().join("code/lib")).unwrap();
    fs::write(
        src.path().join("code/index.py"),
        b"def handler(e, c): pass\n",
    )
    .unwrap();
    fs::write(src.path().join("code/lib/util.py"), b"X = 1\n").unwrap();

    let app = App::with_props(AppProps::default());
    let stage = Stage::new(
        &app,
        "Prod",
        StageProps::default().env(Environment::new("111111111111", "us-east-2")),
    );
    let stack = Stack::new(&stage, "Glue", StackProps::default());
    let script = FileAsset::new(&stack, "Script", src.path().join("job.py"));
    let code = FileAsset::new(&stack, "Code", src.path().join("code"));
    CfnResource::new(
        &stack,
        "Param",
        "AWS::SSM::Parameter",
        Value::map_of([
            ("Type", Value::from("String")),
            ("Value", script.s3_object_url().into()),
        ]),
    );
    let asm = app.assemble().unwrap();

    use sha2::Digest;
    assert_eq!(
        script.hash(),
        hex::encode(sha2::Sha256::digest(b"print('hello')\n"))
    );
    assert_eq!(
        asm.file(&format!("asset.{}.py", script.hash())),
        Some(&b"print('hello')\n"[..])
    );
    assert_eq!(
        asm.file(&format!("asset.{}/lib/util.py", code.hash())),
        Some(&b"X = 1\n"[..])
    );
    assert_eq!(
        script.object_key().as_value().as_str(),
        Some(format!("{}.py", script.hash()).as_str())
    );
    assert_eq!(
        code.object_key().as_value().as_str(),
        Some(format!("{}.zip", code.hash()).as_str())
    );

    let artifact = asm.stack("Prod/Glue").unwrap();
    let assets = asm
        .json(&format!(
            "assembly-Prod/{}.assets.json",
            artifact.artifact_id
        ))
        .unwrap();
    assert_eq!(
        assets["files"][script.hash()],
        json!({
            "displayName": "Prod/Glue/Script",
            "source": { "path": format!("../asset.{}.py", script.hash()), "packaging": "file" },
            "destinations": { "111111111111-us-east-2": {
                "bucketName": "cdk-hnb659fds-assets-111111111111-us-east-2",
                "objectKey": format!("{}.py", script.hash()),
                "region": "us-east-2",
                "assumeRoleArn": "arn:${AWS::Partition}:iam::111111111111:role/cdk-hnb659fds-file-publishing-role-111111111111-us-east-2"
            } }
        })
    );
    assert_eq!(assets["files"][code.hash()]["source"]["packaging"], "zip");
    let value = &artifact.template["Resources"]["Param"]["Properties"]["Value"];
    assert_eq!(
        value,
        &json!({ "Fn::Join": ["", ["s3://", "cdk-hnb659fds-assets-111111111111-us-east-2", format!("/{}.py", script.hash())]] })
    );
}

#[test]
fn the_same_contents_give_the_same_hash_wherever_they_are() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        fs::create_dir_all(d.path().join("src")).unwrap();
        fs::write(d.path().join("src/main.py"), b"pass\n").unwrap();
    }
    let app = App::with_props(AppProps::default());
    let stack = Stack::new(&app, "S", StackProps::default());
    let first = FileAsset::new(&stack, "A", a.path().join("src"));
    let second = FileAsset::new(&stack, "B", b.path().join("src"));
    assert_eq!(first.hash(), second.hash());
    assert_eq!(
        first.bucket_name(),
        Fn::sub("cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}")
    );
}

#[test]
fn a_missing_source_or_an_unbootstrapped_stack_is_an_error() {
    let app = App::with_props(AppProps::default());
    let stack = Stack::new(&app, "S", StackProps::default());
    FileAsset::new(&stack, "Missing", "/definitely/not/here.py");
    let plain = Stack::new(
        &app,
        "Plain",
        StackProps::default().synthesizer(Synthesizer::Bootstrapless),
    );
    let file = tempfile::NamedTempFile::new().unwrap();
    FileAsset::new(&plain, "Asset", file.path());
    let err = app.assemble().unwrap_err();
    assert!(
        err.contains(
            "S/Missing",
            "cannot read the asset source /definitely/not/here.py"
        ),
        "{err}"
    );
    assert!(
        err.contains("Plain/Asset", "need a bootstrapped stack"),
        "{err}"
    );
}

#[test]
fn a_directory_hash_changes_with_a_files_contents_and_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let code = dir.path().join("code");
    fs::create_dir_all(code.join("lib")).unwrap();
    fs::write(code.join("index.py"), b"handler = 1\n").unwrap();
    fs::write(code.join("lib/util.py"), b"X = 1\n").unwrap();
    let hash_now = || {
        let app = App::with_props(AppProps::default());
        let stack = Stack::new(&app, "S", StackProps::default());
        FileAsset::new(&stack, "Code", &code).hash().to_owned()
    };
    let original = hash_now();
    assert_eq!(hash_now(), original, "the same tree hashes the same");

    fs::write(code.join("lib/util.py"), b"X = 2\n").unwrap();
    let edited = hash_now();
    assert_ne!(edited, original, "a nested file's contents count");

    fs::rename(code.join("lib/util.py"), code.join("lib/helpers.py")).unwrap();
    let renamed = hash_now();
    assert_ne!(renamed, edited, "a file's name counts");

    fs::create_dir(code.join("other")).unwrap();
    fs::rename(code.join("lib/helpers.py"), code.join("other/helpers.py")).unwrap();
    assert_ne!(hash_now(), renamed, "the directory a file is in counts");
}
