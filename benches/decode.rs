//! Decode and convert throughput.
//!
//! Workloads:
//! * the samples `transcode-multi-output.xml` and `workflow-finish.json` (a few KB each);
//! * "big": a ~50 MB `TaskFinish` XML body whose `Input` holds 100 000 `CosHeaders` with ~470-byte
//!   values (few nodes, lots of text), and its JSON form (converted once by the library at setup);
//! * "big xml crlf": the big body with CR LF line ends, which the reader turns into LF (XML 1.0
//!   §2.11): the cost of normalizing, against the borrowed fast path of "big xml";
//! * "dense": a ~50 MB XML body whose `JobsDetail` holds 1 000 000 small leaves `<A{i % 1000}>`
//!   (many nodes per byte; 1 000 distinct names repeated out of order, so JSON grouping is exercised).
//!
//! Run with `cargo bench --bench decode`; throughput is per input byte.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use cicb::decode::{decode_bytes, Document, Format, Limits};
use cicb::encode::json::{self, JsonOptions};
use cicb::encode::xml::{self, XmlOptions};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput};

const SAMPLE_XML: &[u8] = include_bytes!("../samples/transcode-multi-output.xml");
const SAMPLE_JSON: &[u8] = include_bytes!("../samples/workflow-finish.json");

/// `CosHeaders` elements in the big body.
const BIG_HEADERS: usize = 100_000;
/// Length of each `CosHeaders/Value` in the big body.
const BIG_VALUE_LEN: usize = 470;
/// Leaves in the dense body.
const DENSE_LEAVES: usize = 1_000_000;
/// Distinct leaf names in the dense body.
const DENSE_NAMES: usize = 1_000;
/// Length of each leaf's text in the dense body (sized so the body is about 50 MB).
const DENSE_VALUE_LEN: usize = 32;

const FILLER: &str = "The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ";

/// The big `TaskFinish` body: 100 000 `CosHeaders` with long plain-text values.
fn big_xml() -> Vec<u8> {
    let mut s = String::with_capacity(BIG_HEADERS * (BIG_VALUE_LEN + 96) + 1024);
    s.push_str("<Response>\n  <EventName>TaskFinish</EventName>\n  <JobsDetail>\n");
    s.push_str("    <Code>Success</Code>\n    <JobId>j2103eda5051dd7e02bff67dd719133ae</JobId>\n");
    s.push_str("    <Input>\n      <BucketId>b</BucketId>\n      <Object>o</Object>\n");
    let filler: String = FILLER.chars().cycle().take(BIG_VALUE_LEN).collect();
    for i in 0..BIG_HEADERS {
        let prefix = format!("{i:08} ");
        let _ = write!(
            s,
            "      <CosHeaders>\n        <Key>x-cos-meta-k{i}</Key>\n        <Value>{prefix}{}</Value>\n      </CosHeaders>\n",
            &filler[..BIG_VALUE_LEN - prefix.len()]
        );
    }
    s.push_str("    </Input>\n    <State>Success</State>\n    <Tag>Transcode</Tag>\n  </JobsDetail>\n</Response>\n");
    s.into_bytes()
}

/// The dense body: one `JobsDetail` with 1 000 000 short leaves named `A0` .. `A999`.
fn dense_xml() -> Vec<u8> {
    let mut s = String::with_capacity(DENSE_LEAVES * (DENSE_VALUE_LEN + 24) + 1024);
    s.push_str("<Response>\n  <EventName>TaskFinish</EventName>\n  <JobsDetail>\n");
    for i in 0..DENSE_LEAVES {
        let n = i % DENSE_NAMES;
        let _ = writeln!(s, "    <A{n}>v{i:0width$}</A{n}>", width = DENSE_VALUE_LEN - 1);
    }
    s.push_str("  </JobsDetail>\n</Response>\n");
    s.into_bytes()
}

fn decode(bytes: &[u8]) -> Document<'_> {
    decode_bytes(bytes, None, &Limits::default())
        .unwrap_or_else(|e| panic!("decode failed at {}:{}: {:?}: {}", e.line(), e.column(), e.kind(), e.message()))
}

fn to_json(bytes: &[u8], out: &mut Vec<u8>) {
    out.clear();
    json::write(&decode(bytes).tree, &JsonOptions::default(), out).expect("JSON write failed");
}

fn to_xml(bytes: &[u8], out: &mut Vec<u8>) {
    out.clear();
    match xml::write(&decode(bytes).tree, &XmlOptions::default(), out) {
        Ok(()) => {}
        Err(xml::XmlError::Data(e)) => {
            panic!("XML write failed at {}:{}: {:?}: {}", e.line(), e.column(), e.kind(), e.message())
        }
        Err(xml::XmlError::Io(e)) => panic!("XML write failed: {e}"),
    }
}

/// Inputs built once and shared by every group.
struct Inputs {
    big_xml: Vec<u8>,
    big_crlf: Vec<u8>,
    big_json: Vec<u8>,
    dense_xml: Vec<u8>,
}

impl Inputs {
    #[expect(clippy::print_stderr, reason = "setup report for whoever runs the bench")]
    fn build() -> Self {
        let big_xml = big_xml();
        let mut big_json = Vec::new();
        to_json(&big_xml, &mut big_json);
        let dense_xml = dense_xml();
        let big_crlf = String::from_utf8(big_xml.clone()).expect("UTF-8").replace('\n', "\r\n").into_bytes();
        // Fail here, with the library's message, rather than inside a timed loop.
        for (name, bytes, format) in [
            ("sample xml", SAMPLE_XML, Format::Xml),
            ("sample json", SAMPLE_JSON, Format::Json),
            ("big xml", &big_xml[..], Format::Xml),
            ("big json", &big_json[..], Format::Json),
            ("big xml crlf", &big_crlf[..], Format::Xml),
            ("dense xml", &dense_xml[..], Format::Xml),
        ] {
            let doc = decode(bytes);
            assert_eq!(doc.format, format, "{name}: detected the wrong format");
            eprintln!("[setup] {name}: {} bytes, {} nodes", bytes.len(), doc.tree.len());
        }
        Inputs { big_xml, big_crlf, big_json, dense_xml }
    }

    fn get() -> &'static Inputs {
        static INPUTS: std::sync::OnceLock<Inputs> = std::sync::OnceLock::new();
        INPUTS.get_or_init(Inputs::build)
    }
}

/// Settings for the ~50 MB inputs: ten one-iteration samples per benchmark.
fn large(group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
}

fn bench_decode(c: &mut Criterion) {
    let inputs = Inputs::get();
    let mut group = c.benchmark_group("decode");
    for (name, bytes) in [("xml sample", SAMPLE_XML), ("json sample", SAMPLE_JSON)] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| b.iter(|| decode(black_box(bytes))));
    }
    large(&mut group);
    for (name, bytes) in [
        ("big xml", &inputs.big_xml[..]),
        ("big xml crlf", &inputs.big_crlf[..]),
        ("big json", &inputs.big_json[..]),
        ("dense xml", &inputs.dense_xml[..]),
    ] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| b.iter(|| decode(black_box(bytes))));
    }
    group.finish();
}

type Convert = fn(&[u8], &mut Vec<u8>);

fn bench_convert(c: &mut Criterion) {
    let inputs = Inputs::get();
    let mut group = c.benchmark_group("convert");
    let mut out = Vec::new();
    let small: [(&str, &[u8], Convert); 2] =
        [("xml->json sample", SAMPLE_XML, to_json), ("json->xml sample", SAMPLE_JSON, to_xml)];
    for (name, bytes, convert) in small {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| b.iter(|| convert(black_box(bytes), &mut out)));
    }
    large(&mut group);
    let big: [(&str, &[u8], Convert); 3] = [
        ("xml->json big", &inputs.big_xml, to_json),
        ("json->xml big", &inputs.big_json, to_xml),
        ("xml->json dense", &inputs.dense_xml, to_json),
    ];
    for (name, bytes, convert) in big {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| b.iter(|| convert(black_box(bytes), &mut out)));
    }
    group.finish();
}

fn bench_model(c: &mut Criterion) {
    let mut group = c.benchmark_group("model");
    for (name, bytes) in [("xml sample", SAMPLE_XML), ("json sample", SAMPLE_JSON)] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let doc = decode(black_box(bytes));
                black_box(&doc.model());
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_decode, bench_convert, bench_model);
criterion_main!(benches);
