//! `cicb summarize` in process: decode + summary + rendering, on typical ~2 KB bodies and on a
//! generated 50 MB body (100 000 CosHeaders). Run: `cargo bench --bench summarize`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use cicb::decode::{decode_bytes, Limits};
use cicb::render::summary::Human;
use cicb::render::Style;
use cicb::summary::Summary;
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};

const WORKFLOW: &[u8] = include_bytes!("../samples/workflow-failed.xml");
const JOB: &[u8] = include_bytes!("../samples/picprocess-workflow.xml");

/// `CosHeaders` elements in the big body.
const BIG_HEADERS: usize = 100_000;
/// Length of each `CosHeaders/Value` in the big body (sized so the body is about 50 MB).
const BIG_VALUE_LEN: usize = 430;

/// A workflow-started Transcode job whose input carries 100 000 custom headers.
fn big_xml() -> Vec<u8> {
    let mut s = String::with_capacity(BIG_HEADERS * (BIG_VALUE_LEN + 96) + 4096);
    s.push_str("<Response>\n  <EventName>TaskFinish</EventName>\n  <JobsDetail>\n    <Code>Success</Code>\n");
    s.push_str("    <CreationTime>2023-05-22T10:04:11+0800</CreationTime>\n");
    s.push_str("    <EndTime>2023-05-22T10:05:02+0800</EndTime>\n    <Input>\n");
    s.push_str("      <BucketId>examplebucket-1250000000</BucketId>\n      <Object>in/big.mp4</Object>\n");
    s.push_str("      <Region>ap-beijing</Region>\n");
    let value: String = "0123456789abcdef".chars().cycle().take(BIG_VALUE_LEN).collect();
    for i in 0..BIG_HEADERS {
        let _ = write!(
            s,
            "      <CosHeaders>\n        <Key>x-cos-meta-k{i}</Key>\n        <Value>{value}</Value>\n      </CosHeaders>\n"
        );
    }
    s.push_str("    </Input>\n    <JobId>j2103eda5051dd7e02bff67dd719133ae</JobId>\n    <Operation>\n");
    s.push_str("      <MediaResult>\n        <OutputFile>\n          <Bucket>examplebucket-1250000000</Bucket>\n");
    s.push_str("          <ObjectName>out.mp4</ObjectName>\n          <ObjectPrefix>out/</ObjectPrefix>\n");
    s.push_str("          <Region>ap-beijing</Region>\n        </OutputFile>\n      </MediaResult>\n");
    s.push_str(
        "    </Operation>\n    <State>Success</State>\n    <Tag>Transcode</Tag>\n  </JobsDetail>\n</Response>\n",
    );
    s.into_bytes()
}

#[derive(Clone, Copy)]
enum Render {
    Human,
    Json,
}

/// What `cicb summarize` does for one input once it has the bytes.
fn summarize(bytes: &[u8], render: Render, out: &mut Vec<u8>) {
    out.clear();
    let doc = decode_bytes(bytes, None, &Limits::default()).expect("decodes");
    let s = Summary::new("bench", &doc).expect("a callback");
    match render {
        Render::Human => {
            let view = Human { url: false, width: None, style: Style { color: false } };
            view.write(&s, out).expect("writes");
        }
        Render::Json => cicb::render::json::to_writer(out, &s, true).expect("writes"),
    }
}

fn bench_summarize(c: &mut Criterion) {
    let big = big_xml();
    #[expect(clippy::print_stderr, reason = "setup report for whoever runs the bench")]
    {
        eprintln!("[setup] big body: {} bytes", big.len());
    }
    let mut out = Vec::new();
    let mut group = c.benchmark_group("summarize");
    for (name, bytes) in [("workflow 2 KB", WORKFLOW), ("job 2 KB", JOB)] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("{name} human"), |b| {
            b.iter(|| summarize(black_box(bytes), Render::Human, &mut out))
        });
        group
            .bench_function(format!("{name} json"), |b| b.iter(|| summarize(black_box(bytes), Render::Json, &mut out)));
    }
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function("big 50 MB human", |b| b.iter(|| summarize(black_box(&big), Render::Human, &mut out)));
    group.bench_function("big 50 MB json", |b| b.iter(|| summarize(black_box(&big), Render::Json, &mut out)));
    group.finish();
}

criterion_group!(benches, bench_summarize);
criterion_main!(benches);
