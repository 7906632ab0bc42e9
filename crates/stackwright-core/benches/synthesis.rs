//! Synthesis time against app size: N resources in stacks of 400, each resource referring to
//! one in its own stack and one in the previous stack (so exports and imports are exercised).
//! Linear growth shows as a constant time per resource across sizes.
#![allow(missing_docs)] // criterion's macros generate undocumented functions

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use stackwright_core::*;

const PER_STACK: usize = 400;

fn build(resources: usize) -> App {
    let app = App::with_props(AppProps::default());
    let stage = Stage::new(
        &app,
        "Prod",
        StageProps::default().env(Environment::new("111111111111", "us-east-2")),
    );
    let mut previous: Option<CfnResource> = None;
    for s in 0..resources.div_ceil(PER_STACK) {
        let stack = Stack::new(&stage, &format!("Stack{s}"), StackProps::default());
        Tags::of(&stack).add("stack", s.to_string());
        let mut local: Option<CfnResource> = None;
        for r in 0..PER_STACK.min(resources - s * PER_STACK) {
            let group = Construct::new(&stack, &format!("Group{r}"));
            let mut props = vec![
                ("Type", Value::from("String")),
                ("Value", Value::from(format!("value-{r}"))),
            ];
            if let Some(l) = &local {
                props.push(("Description", l.ref_value().into()));
            }
            if let (Some(p), 0) = (&previous, r % 10) {
                props.push(("Name", p.get_att("Arn").into()));
            }
            let resource = CfnResource::new(
                &group,
                "Resource",
                "AWS::SSM::Parameter",
                Value::map_of(props),
            );
            resource.set_tag_format(TagFormat::Map("Tags"));
            local = Some(resource);
        }
        previous = local;
    }
    app
}

fn synthesis(c: &mut Criterion) {
    let mut group = c.benchmark_group("assemble");
    group.sample_size(10);
    for resources in [1_000, 2_000, 4_000, 8_000] {
        group.throughput(Throughput::Elements(resources as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(resources),
            &resources,
            |b, &n| {
                let app = build(n);
                b.iter(|| app.assemble().expect("the benchmark app synthesizes"));
            },
        );
    }
    group.finish();
    c.bench_function("build and assemble 8000", |b| {
        b.iter(|| build(8_000).assemble().expect("synthesizes"))
    });
}

criterion_group!(benches, synthesis);
criterion_main!(benches);
