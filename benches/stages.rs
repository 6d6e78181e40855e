//! The pipeline's stages on the example charters: load + merge + render +
//! number (resolve), PDF, DOCX. `cargo bench` runs them; scripts/bench.sh
//! measures whole batches against peers.

use std::path::PathBuf;
use std::sync::Arc;

use charter::backend::fonts::{FontOptions, FontSet};
use charter::backend::pdf::{Output, PdfEngine, Standard};
use charter::diag::Diagnostics;
use charter::discover::Job;
use charter::pipeline::{Outcome, Pipeline};
use criterion::{Criterion, criterion_group, criterion_main};

fn job(path: &str) -> Job {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    Job {
        path: root.join(path),
        root: root.join("charters"),
    }
}

fn sandbox() -> charter::sandbox::Sandbox {
    charter::sandbox::Sandbox::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|_| charter::sandbox::Sandbox::working_folder())
}

fn resolve(job: &Job) -> Option<charter::document::Document> {
    let pipeline = Pipeline::new(None, &sandbox());
    let mut diags = Diagnostics::new();
    match pipeline.resolve(job, &mut diags) {
        Outcome::Resolved(r) => Some(r.document),
        _ => None,
    }
}

fn stages(c: &mut Criterion) {
    let service = job("charters/orgs/qingshan/service-commitment.toml");
    let articles = job("charters/orgs/qingshan/articles.toml");
    c.bench_function(
        "resolve service-commitment (load+merge+render+number)",
        |b| b.iter(|| resolve(&service)),
    );
    c.bench_function("resolve articles", |b| b.iter(|| resolve(&articles)));

    let Some(doc) = resolve(&service) else { return };
    let mut diags = Diagnostics::new();
    let Some(template) = charter::backend::layout::locate("formal", &sandbox(), None, &mut diags)
    else {
        return;
    };
    let engine = PdfEngine::new(Arc::new(FontSet::new(&FontOptions::default())));
    let sources = charter::diag::SourceMap::new();
    c.bench_function("pdf service-commitment (warm engine)", |b| {
        b.iter(|| {
            engine.render(
                &doc,
                &template,
                &[Output::Pdf(Standard::Pdf17)],
                &sources,
                &mut Diagnostics::new(),
            )
        })
    });
    c.bench_function("docx service-commitment", |b| {
        b.iter(|| charter::backend::docx::render(&doc, &template.theme, &mut Diagnostics::new()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = stages
}
criterion_main!(benches);
