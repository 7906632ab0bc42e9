//! Synthesis of the example apps, in memory (building the tree and synthesizing it): the
//! quickstart, the whole data lake (both apps, three environments, six pipelines) and the
//! scale workload at 1×10, 4×50 and 20×100 (40 to 8,000 resources). Whole
//! processes, with the write to disk, are timed by scripts/compare-with-cdk.sh.
#![allow(missing_docs)] // criterion's macros generate undocumented functions

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use stackwright::prelude::*;
use stackwright_examples::datalake::{self, config::Config, Selection};

fn app() -> App {
    App::with_props(AppProps::default())
}

fn quickstart(c: &mut Criterion) {
    c.bench_function("quickstart", |b| {
        b.iter(|| {
            let app = app();
            stackwright_examples::quickstart::build(&app);
            app.assemble().expect("synthesizes")
        })
    });
}

fn datalake(c: &mut Criterion) {
    let config = Config::load(&Config::default_path()).expect("the shipped configuration loads");
    c.bench_function("datalake", |b| {
        b.iter(|| {
            let app = app();
            datalake::build(&app, &config, Selection::default());
            app.assemble().expect("synthesizes")
        })
    });
}

fn scale(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    for (stacks, units) in [(1, 10), (4, 50), (20, 100)] {
        group.throughput(Throughput::Elements((stacks * units * 4) as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{stacks}x{units}")),
            &(stacks, units),
            |b, &(stacks, units)| {
                b.iter(|| {
                    let app = app();
                    stackwright_examples::scale::build(&app, stacks, units);
                    app.assemble().expect("synthesizes")
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, quickstart, datalake, scale);
criterion_main!(benches);
