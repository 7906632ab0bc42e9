#!/usr/bin/env python3
"""The assembly side and the checks of scripts/deploy-test.sh. Runs with the python of .tools/moto
(which brings boto3).

  deploy-check.py environments <assembly dir> <pattern>...
      Prints "<account> <region>" once for each environment of the stacks that
      `cdk deploy --app <assembly dir> '<pattern>'` deploys for each pattern (the stacks whose
      hierarchical id matches it, and the stacks they depend on). Exit 1 when a pattern matches
      no stack or a stack has no account or region.

  deploy-check.py check <assembly dir> <endpoint> <moto log> <pattern>...
      Asks the CloudFormation API at <endpoint> whether those stacks were deployed: each stack
      is CREATE_COMPLETE; each resource of its template exists and is CREATE_COMPLETE unless moto
      logged that it has no CloudFormation support for the resource's type (those are reported
      as skipped); each export the templates declare exists with the stack's output value; each
      Fn::ImportValue of the templates names an existing export. Prints a summary; exit 1 on any
      failed check.

  deploy-check.py self-test <assembly dir> <endpoint> <moto log> <pattern>...
      Proves that `check` can fail: breaks one import and one export name of the templates in
      memory and expects `check`'s comparison to report each (against the same deployment).

  deploy-check.py missing-context <assembly dir>
      Prints the keys of the context lookups the assembly still lacks (its manifests' `missing`).

  deploy-check.py work-around-moto <assembly dir> <pattern>...
      Changes the templates of those stacks where moto fails on valid CloudFormation (see work_around_moto),
      printing each change; run on a temporary copy only.

A pattern matches like the CDK CLI's: `*` and `?` do not cross `/`, `**` does.
"""
import json
import pathlib
import re
import sys


def fail(message):
    sys.exit(f"deploy-check: {message}")


def pattern_regex(pattern):
    """The CLI's glob on hierarchical ids (`Prod/*`) as a regular expression."""
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def stacks_of(directory):
    """Every stack of the assembly in <directory> and its nested assemblies (stages), in manifest
    order: (artifact id, artifact, directory of its template)."""
    manifest = json.loads((directory / "manifest.json").read_text())
    for artifact_id, artifact in manifest.get("artifacts", {}).items():
        kind = artifact.get("type")
        if kind == "aws:cloudformation:stack":
            yield artifact_id, artifact, directory
        elif kind == "cdk:cloud-assembly":
            yield from stacks_of(directory / artifact["properties"]["directoryName"])


class Stack:
    """A stack of the assembly: names, environment, template."""

    def __init__(self, artifact_id, artifact, directory):
        self.id = artifact_id
        self.display_name = artifact.get("displayName", artifact_id)
        properties = artifact.get("properties", {})
        self.name = properties.get("stackName", artifact_id)
        self.dependencies = artifact.get("dependencies", [])
        environment = artifact.get("environment", "")
        match = re.fullmatch(r"aws://([^/]+)/([^/]+)", environment)
        if not match or match[1].startswith("unknown-") or match[2].startswith("unknown-"):
            fail(
                f"stack {self.display_name} has the environment '{environment}': a deployment "
                "test needs an explicit account and region (Environment::new(account, region))"
            )
        self.account, self.region = match[1], match[2]
        self.template = json.loads((directory / properties["templateFile"]).read_text())


def selected(assembly, patterns):
    """The stacks `cdk deploy '<pattern>'` deploys for each pattern: the matches and,
    transitively, the stacks they depend on (the CLI's default, without --exclusively), in
    assembly order."""
    stacks = {}
    for artifact_id, artifact, directory in stacks_of(pathlib.Path(assembly)):
        stacks[artifact_id] = (artifact, directory)
    wanted = []
    for pattern in patterns:
        regex = pattern_regex(pattern)
        matches = [i for i, (a, _) in stacks.items() if regex.match(a.get("displayName", i))]
        if not matches:
            names = ", ".join(a.get("displayName", i) for i, (a, _) in stacks.items())
            fail(f"no stack of {assembly} matches '{pattern}' (stacks: {names})")
        wanted += matches
    closure, todo = set(), list(wanted)
    while todo:
        artifact_id = todo.pop()
        if artifact_id in closure or artifact_id not in stacks:
            continue  # asset manifests and other non-stack artifacts
        closure.add(artifact_id)
        todo.extend(stacks[artifact_id][0].get("dependencies", []))
    return [Stack(i, *stacks[i]) for i in stacks if i in closure]


def find_imports(value):
    """Every Fn::ImportValue in a template fragment, in document order: (the object holding it,
    its argument)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Fn::ImportValue":
                yield value, inner
            else:
                yield from find_imports(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from find_imports(inner)


def environments(assembly, *patterns):
    seen = []
    for stack in selected(assembly, patterns):
        if (stack.account, stack.region) not in seen:
            seen.append((stack.account, stack.region))
    for account, region in seen:
        print(account, region)


def unsupported_types(moto_log):
    """The resource types moto said it cannot create ("No Moto CloudFormation support for X")."""
    text = pathlib.Path(moto_log).read_text(errors="replace")
    return set(re.findall(r"No Moto CloudFormation support for (\S+)", text))


def inspect(stacks, endpoint, moto_log):
    """Compares the deployed stacks with their templates: (problems, skipped resources, counts)."""
    import boto3  # only here: `environments` runs before the tools are known to be complete

    unsupported = unsupported_types(moto_log)
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    clients = {}

    def client(region):
        if region not in clients:
            clients[region] = session.client(
                "cloudformation", endpoint_url=endpoint, region_name=region
            )
        return clients[region]

    exports = {}  # region -> {name: value}
    for region in sorted({s.region for s in stacks}):
        names = {}
        for page in client(region).get_paginator("list_exports").paginate():
            for export in page["Exports"]:
                names[export["Name"]] = export["Value"]
        exports[region] = names

    problems, skipped = [], []
    counts = {"resources": 0, "exports": 0, "imports": 0}
    for stack in stacks:
        where = f"{stack.display_name} ({stack.name}, {stack.region})"
        cfn = client(stack.region)
        try:
            deployed = cfn.describe_stacks(StackName=stack.name)["Stacks"][0]
        except cfn.exceptions.ClientError as error:
            problems.append(f"{where}: not deployed: {error}")
            continue
        if deployed["StackStatus"] != "CREATE_COMPLETE":
            problems.append(f"{where}: status {deployed['StackStatus']}, not CREATE_COMPLETE")

        created = {}
        for page in cfn.get_paginator("list_stack_resources").paginate(StackName=stack.name):
            for summary in page["StackResourceSummaries"]:
                if summary.get("LogicalResourceId"):
                    created[summary["LogicalResourceId"]] = summary["ResourceStatus"]
        for logical_id, resource in stack.template.get("Resources", {}).items():
            kind = resource.get("Type", "?")
            status = created.get(logical_id)
            if status == "CREATE_COMPLETE":
                counts["resources"] += 1
            elif status is not None:
                problems.append(f"{where}: resource {logical_id} ({kind}) is {status}")
            elif kind in unsupported:
                skipped.append(f"{stack.display_name}/{logical_id} ({kind}): moto lacks the type")
            elif "Condition" in resource:
                skipped.append(
                    f"{stack.display_name}/{logical_id} ({kind}): condition {resource['Condition']}"
                )
            else:
                problems.append(f"{where}: resource {logical_id} ({kind}) was not created")

        outputs = {o["OutputKey"]: o for o in deployed.get("Outputs", [])}
        for key, output in stack.template.get("Outputs", {}).items():
            if "Export" not in output:
                continue
            declared = output["Export"].get("Name")
            out = outputs.get(key)
            if out is None:
                if "Condition" not in output:
                    problems.append(f"{where}: output {key} (exported) is missing")
                continue
            name = out.get("ExportName")
            if isinstance(declared, str) and name != declared:
                problems.append(f"{where}: output {key} is exported as {name!r}, not {declared!r}")
            elif name not in exports[stack.region]:
                problems.append(f"{where}: export {name!r} (output {key}) is not in list-exports")
            elif exports[stack.region][name] != out.get("OutputValue"):
                problems.append(
                    f"{where}: export {name!r} has the value {exports[stack.region][name]!r}, "
                    f"the output {out.get('OutputValue')!r}"
                )
            else:
                counts["exports"] += 1

        # Checked here, not left to the deployment: moto parses no property of a type it lacks,
        # so an import inside such a resource would go unnoticed.
        for _, name in find_imports(stack.template):
            if not isinstance(name, str):
                problems.append(
                    f"{where}: Fn::ImportValue of {json.dumps(name)}: the check knows only "
                    "literal export names (what stackwright writes)"
                )
            elif name not in exports[stack.region]:
                problems.append(f"{where}: Fn::ImportValue {name!r} names no export")
            else:
                counts["imports"] += 1

    return problems, skipped, counts


def check(assembly, endpoint, moto_log, *patterns):
    stacks = selected(assembly, patterns)
    problems, skipped, counts = inspect(stacks, endpoint, moto_log)
    print(f"  stacks: {', '.join(s.display_name for s in stacks)}")
    print(
        f"  {counts['resources']} resources CREATE_COMPLETE, {counts['exports']} exports listed, "
        f"{counts['imports']} imports resolved"
    )
    if skipped:
        print(f"  {len(skipped)} resources not created:")
        for line in skipped:
            print(f"    {line}")
    if problems:
        sys.stdout.flush()
        fail("FAILED:\n" + "\n".join(f"  {line}" for line in problems))


def break_import(template):
    """Renames the template's first literal import; False when it has none."""
    for holder, name in find_imports(template):
        if isinstance(name, str):
            holder["Fn::ImportValue"] = "selftest:missing"
            return True
    return False


def break_export(template):
    """Renames the template's first literal export; False when it has none."""
    for output in template.get("Outputs", {}).values():
        if isinstance(output.get("Export", {}).get("Name"), str):
            output["Export"]["Name"] = "selftest:other"
            return True
    return False


def self_test(assembly, endpoint, moto_log, *patterns):
    """The checks can fail: against the same deployment, a template whose import names no export,
    and one that declares an export the stack does not have, must each be reported."""
    reported = 0
    cases = [(break_import, "'selftest:missing' names no export"), (break_export, "not 'selftest:other'")]
    for stack in selected(assembly, patterns):
        pristine = stack.template
        for breaks, expected in cases:
            stack.template = json.loads(json.dumps(pristine))
            if not breaks(stack.template):
                continue
            problems, _, _ = inspect([stack], endpoint, moto_log)
            if not any(expected in p for p in problems):
                fail(f"self-test: a broken template of {stack.display_name} was not reported "
                     f"(wanted '{expected}', got {problems})")
            reported += 1
        stack.template = pristine
    print(f"  self-test: {reported} broken templates reported" if reported
          else "  self-test: no literal import or export to break")


# Properties moto cannot create from a template although they are valid CloudFormation: the
# deployment test drops them from its temporary copy of the assembly before deploying (and says
# so), so that the rest of the stack is still deployed and checked. (type, property, moto's bug)
MOTO_WORKAROUNDS = [
    (
        "AWS::KMS::Key",
        "Tags",
        "moto 5.2.5 tags a key created by CloudFormation as if the tags were KMS's TagKey/TagValue "
        "pairs and fails on the template's Key/Value pairs (KeyError: 'TagKey'); the stack then "
        "fails with 'Fn::GetAtt references undefined resource'",
    ),
]


def moto_lacks():
    """A predicate: is this a resource type moto's CloudFormation does not create?"""
    from moto.cloudformation import parsing  # slow (imports every service): only here

    models = parsing.get_model_map()
    return lambda kind: not kind.startswith("Custom::") and (
        kind not in models or kind in parsing.NULL_MODELS
    )


def stand_in_references(value, skipped):
    """`value` with each Ref or Fn::GetAtt of a resource in `skipped` replaced by a literal
    `moto-skipped:<id>[.<attribute>]`; the number of replacements."""
    if isinstance(value, dict):
        if set(value) == {"Ref"} and value["Ref"] in skipped:
            return f"moto-skipped:{value['Ref']}", 1
        if set(value) == {"Fn::GetAtt"} and value["Fn::GetAtt"][0] in skipped:
            return "moto-skipped:" + ".".join(value["Fn::GetAtt"]), 1
        out, count = {}, 0
        for key, inner in value.items():
            out[key], n = stand_in_references(inner, skipped)
            count += n
        return out, count
    if isinstance(value, list):
        pairs = [stand_in_references(inner, skipped) for inner in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    return value, 0


def work_around_moto(assembly, *patterns):
    """Prepares the (temporary) assembly for moto, in place; prints every change:
    - drops the properties of MOTO_WORKAROUNDS;
    - in the outputs, replaces each reference to a resource moto does not create by a literal:
      moto drops an output whose value it cannot resolve, with its export, and a stack importing
      that export could not deploy; with the literal, the export exists under its name and the
      import side is still deployed and checked."""
    lacks = None  # asked for only when an output references a resource (the import is slow)
    dropped = {prop: [] for _, prop, _ in MOTO_WORKAROUNDS}
    stood_in = []
    chosen = {stack.id for stack in selected(assembly, patterns)}
    for artifact_id, artifact, directory in stacks_of(pathlib.Path(assembly)):
        if artifact_id not in chosen:
            continue
        path = directory / artifact["properties"]["templateFile"]
        template = json.loads(path.read_text())
        name = artifact.get("displayName", "?")
        resources = template.get("Resources", {})
        changed = False
        for kind, prop, _ in MOTO_WORKAROUNDS:
            for logical_id, resource in resources.items():
                if resource.get("Type") == kind and prop in resource.get("Properties", {}):
                    del resource["Properties"][prop]
                    dropped[prop].append(f"{name}/{logical_id}")
                    changed = True
        outputs = template.get("Outputs", {})
        if outputs and lacks is None:
            lacks = moto_lacks()
        skipped = {i for i, r in resources.items() if outputs and lacks(r.get("Type", ""))}
        for key, output in outputs.items():
            output["Value"], count = stand_in_references(output.get("Value"), skipped)
            if count:
                stood_in.append(f"{name} output {key}")
                changed = True
        if changed:
            path.write_text(json.dumps(template, indent=1))
    for kind, prop, reason in MOTO_WORKAROUNDS:
        if dropped[prop]:
            print(f"  moto workaround: {kind} without {prop} ({len(dropped[prop])}): {reason}")
    if stood_in:
        print(
            f"  moto workaround: {len(stood_in)} outputs of a resource moto does not create hold "
            "a literal stand-in (moto would drop them and their exports): " + ", ".join(stood_in)
        )


def missing_context(assembly):
    """Prints the keys of the context lookups the assembly (or a nested one) still lacks."""
    keys = set()
    for manifest in sorted(pathlib.Path(assembly).rglob("manifest.json")):
        if ".previous" in manifest.relative_to(assembly).parts:
            continue  # the replaced assembly, kept for the next synthesis to recycle
        keys.update(m["key"] for m in json.loads(manifest.read_text()).get("missing", []))
    for key in sorted(keys):
        print(key)


def main(argv):
    if len(argv) == 3 and argv[1] == "missing-context":
        missing_context(argv[2])
    elif len(argv) >= 4 and argv[1] == "work-around-moto":
        work_around_moto(*argv[2:])
    elif len(argv) >= 4 and argv[1] == "environments":
        environments(*argv[2:])
    elif len(argv) >= 6 and argv[1] == "check":
        check(*argv[2:])
    elif len(argv) >= 6 and argv[1] == "self-test":
        self_test(*argv[2:])
    else:
        fail(__doc__)


if __name__ == "__main__":
    main(sys.argv)
