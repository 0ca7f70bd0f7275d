//! Hostile input: every case is a clear error (exit 1) in bounded time and memory, never a panic,
//! a hang, an expansion or a read of anything but the input.

use std::process::Command;

use cicb::decode::{decode_bytes, ErrorKind, Limits};

use crate::support::{bin, run_stdin};

fn kind(input: &[u8]) -> ErrorKind {
    match decode_bytes(input, None, &Limits::default()) {
        Ok(_) => panic!("decoded: {}", String::from_utf8_lossy(&input[..input.len().min(200)])),
        Err(e) => e.kind(),
    }
}

/// Exit 1, one clear error mentioning `needle`, nothing on stdout.
fn rejects(args: &[&str], input: &[u8], needle: &str) {
    let out = run_stdin(args, input);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(err.starts_with("cicb: error: "), "{err}");
    assert!(err.contains(needle), "expected `{needle}` in: {err}");
    assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
}

#[test]
fn billion_laughs_is_refused_without_expansion() {
    let body = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<Response><EventName>&lol2;</EventName></Response>"#;
    assert_eq!(kind(body), ErrorKind::Entity);
    rejects(&["convert"], body, "DOCTYPE");
}

#[test]
fn external_entities_are_never_read() {
    let body = br#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Response><A>&xxe;</A></Response>"#;
    rejects(&["parse"], body, "DOCTYPE");
    // Without a DOCTYPE, an undeclared entity is an error too, never a lookup.
    let body = b"<Response><A>&xxe;</A></Response>";
    assert_eq!(kind(body), ErrorKind::Entity);
    rejects(&["convert"], body, "unknown entity `&xxe;`");
}

#[test]
fn deep_nesting_is_an_error_naming_the_limit() {
    let n = 100_000;
    let xml = format!("{}{}", "<A>".repeat(n), "</A>".repeat(n));
    assert_eq!(kind(xml.as_bytes()), ErrorKind::TooDeep);
    rejects(&["convert"], xml.as_bytes(), "limit of 256 levels");

    let json = format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    assert_eq!(kind(json.as_bytes()), ErrorKind::TooDeep);
    rejects(&["parse"], json.as_bytes(), "limit of 256 levels");

    let arrays = format!("{{\"a\":{}1{}}}", "[".repeat(n), "]".repeat(n));
    assert!(decode_bytes(arrays.as_bytes(), None, &Limits::default()).is_err());
    rejects(&["convert"], arrays.as_bytes(), "array");
    let root_arrays = format!("{}{}", "[".repeat(n), "]".repeat(n));
    rejects(&["convert"], root_arrays.as_bytes(), "root");
}

#[test]
fn size_limit_applies_to_files_and_stdin() {
    let body = format!("<Response><A>{}</A></Response>", "x".repeat(2 << 20));
    rejects(&["convert", "--max-size", "1M"], body.as_bytes(), "larger than the limit of 1048576 bytes");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.xml");
    std::fs::write(&file, &body).unwrap();
    let out = Command::new(bin()).args(["parse", "--max-size", "1M"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-size"));
    // Raising the limit lets it through.
    let out = Command::new(bin()).args(["parse", "--max-size", "4M", "--get", "A"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout.len(), (2 << 20) + 1);
    // The same file redirected into stdin: its size is known before reading, the limit the same.
    let redirected = |args: &[&str]| {
        let stdin = std::fs::File::open(&file).unwrap();
        Command::new(bin()).args(args).stdin(stdin).output().unwrap()
    };
    let out = redirected(&["parse", "--max-size", "1M"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-size"));
    let out = redirected(&["parse", "--max-size", "4M", "--get", "A"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout.len(), (2 << 20) + 1);
}

#[test]
fn a_large_file_reads_the_same_from_a_path_and_from_stdin() {
    // Past 4 MB a file is mapped (on Linux) and a pipe is read into huge pages; the bytes are the
    // same however they arrive.
    let leaves: String =
        (0..60_000).map(|i| format!("<CosHeaders><Key>k{i}</Key><Value>{i:0>80}</Value></CosHeaders>")).collect();
    let body = format!("<Response><JobsDetail><Input>{leaves}</Input></JobsDetail></Response>");
    assert!(body.len() > 6 << 20);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("large.xml");
    std::fs::write(&file, &body).unwrap();
    let by_path = Command::new(bin()).arg("convert").arg(&file).output().unwrap();
    let by_stdin = Command::new(bin()).arg("convert").stdin(std::fs::File::open(&file).unwrap()).output().unwrap();
    let by_pipe = run_stdin(&["convert"], body.as_bytes());
    assert_eq!(by_path.status.code(), Some(0), "{}", String::from_utf8_lossy(&by_path.stderr));
    assert_eq!(by_stdin.stdout, by_path.stdout);
    assert_eq!(by_pipe.stdout, by_path.stdout);
    let json: serde_json::Value = serde_json::from_slice(&by_path.stdout).unwrap();
    assert_eq!(json["JobsDetail"]["Input"]["CosHeaders"].as_array().map(Vec::len), Some(60_000));
    assert_eq!(json["JobsDetail"]["Input"]["CosHeaders"][59_999]["Key"], "k59999");
    // A reader that goes away early ends even a large conversion quietly.
    crate::support::assert_closed_pipe_exits_zero(&["convert"], &file);

    // Stdin redirected from a file part of which was read already is read from where it stands,
    // and left at its end, as any reader leaves it.
    let prefixed = dir.path().join("prefixed.xml");
    std::fs::write(&prefixed, [b"already read: ".as_slice(), body.as_bytes()].concat()).unwrap();
    let mut stdin = std::fs::File::open(&prefixed).unwrap();
    std::io::Seek::seek(&mut stdin, std::io::SeekFrom::Start(14)).unwrap();
    let shared = stdin.try_clone().unwrap();
    let out = Command::new(bin()).arg("convert").stdin(stdin).output().unwrap();
    assert_eq!(out.stdout, by_path.stdout, "{}", String::from_utf8_lossy(&out.stderr));
    let mut shared = shared;
    assert_eq!(std::io::Seek::stream_position(&mut shared).unwrap(), 14 + body.len() as u64);
    // And from its start: mapped, then left at its end too.
    let stdin = std::fs::File::open(&file).unwrap();
    let mut shared = stdin.try_clone().unwrap();
    let out = Command::new(bin()).arg("convert").stdin(stdin).output().unwrap();
    assert_eq!(out.stdout, by_path.stdout);
    assert_eq!(std::io::Seek::stream_position(&mut shared).unwrap(), body.len() as u64);
}

#[test]
#[cfg(target_os = "linux")]
fn a_large_file_cut_short_while_it_is_read_is_an_io_error() {
    use std::io::Read;
    // A large file is read where it lies (mapped); should another process truncate it meanwhile,
    // the pages cicb still reads are gone: exit 2 with an error, not a crash.
    let leaves: String =
        (0..60_000).map(|i| format!("<CosHeaders><Key>k{i}</Key><Value>{i:0>80}</Value></CosHeaders>")).collect();
    let body = format!("<Response><JobsDetail><Input>{leaves}</Input></JobsDetail></Response>");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("large.xml");
    std::fs::write(&file, &body).unwrap();
    let mut child = Command::new(bin())
        .arg("convert")
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The first bytes of JSON mean the body is read and the tree built; the writer, held by the
    // full pipe, still has most values to copy out of the file.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 4096];
    stdout.read_exact(&mut first).unwrap();
    std::fs::OpenOptions::new().write(true).open(&file).unwrap().set_len(0).unwrap();
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err, "cicb: error: a file shrank while cicb was reading it; run again once it is written whole\n");
    assert!(first.len() + rest.len() < body.len(), "the whole body was written");
}

#[test]
fn long_lines_get_a_short_snippet() {
    let body = format!("<Response><A>{}</B></Response>", "y".repeat(1 << 20));
    let out = run_stdin(&["convert"], body.as_bytes());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("expected </A>, found </B>"), "{err}");
    assert!(err.len() < 2_000, "diagnostic echoes {} bytes", err.len());
    // Where stderr has a width, the snippet fits it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.xml");
    std::fs::write(&file, &body).unwrap();
    let out = Command::new(bin()).arg("convert").arg(&file).env("COLUMNS", "80").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.lines().all(|l| l.chars().count() <= 80), "{err}");
    assert!(err.contains("^^^^"), "{err}");
}

#[test]
fn concatenated_documents_are_rejected() {
    assert_eq!(kind(b"<Response/><Response/>"), ErrorKind::TrailingContent);
    assert_eq!(kind(b"<Response></Response>trailing"), ErrorKind::TrailingContent);
    assert_eq!(kind(b"{\"a\":\"1\"}{\"a\":\"2\"}"), ErrorKind::TrailingContent);
    rejects(&["convert"], b"<Response/>\n<Response/>", "second root element");
    rejects(&["convert"], b"{}\n{}", "after the end of the JSON document");
}

#[test]
fn encodings_are_checked() {
    assert_eq!(kind(b"<Response>\xff\xfe</Response>"), ErrorKind::Encoding);
    rejects(&["convert"], b"<Response>caf\xe9</Response>", "not valid UTF-8");
    let utf16: Vec<u8> = "\u{feff}<Response/>".encode_utf16().flat_map(u16::to_le_bytes).collect();
    rejects(&["convert"], &utf16, "UTF-16");
    rejects(&["convert"], b"<Response><A>a\0b</A></Response>", "U+0000");
    rejects(&["convert"], b"{\"A\":\"a\0b\"}", "control character U+0000");
    rejects(&["convert"], br#"{"A":"\ud800"}"#, "lone surrogate");
    rejects(&["convert"], br#"{"A":"\udc00x"}"#, "lone surrogate");
    rejects(&["convert"], br#"{"A":"1","A":"2"}"#, "duplicate key \"A\"");
    rejects(&["convert"], b"<?xml version=\"1.0\" encoding=\"GBK\"?><Response/>", "encoding `gbk`");
    // A UTF-8 BOM is fine, and a valid surrogate pair decodes.
    let out = run_stdin(&["parse", "--get", "A"], "\u{feff}{\"A\":\"\\ud83c\\udfac\"}".as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "🎬\n");
}

#[test]
fn json_with_characters_xml_cannot_carry_is_a_clear_error() {
    rejects(&["convert", "--to", "xml"], br#"{"A":"bell\u0007"}"#, "U+0007, which XML 1.0 cannot carry");
    rejects(&["convert", "--to", "xml"], br#"{"a b":"1"}"#, "cannot be an element name");
    rejects(&["convert", "--to", "xml"], br#"{"A":[]}"#, "empty array");
    // Converting to JSON keeps them.
    let out = run_stdin(&["convert", "--to", "json", "--compact"], br#"{"A":"bell\u0007","B":[]}"#);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "{\"A\":\"bell\\u0007\",\"B\":[]}\n");
}

#[test]
fn terminal_output_is_sanitized_in_parse() {
    let body = br#"{"EventName":"TaskFinish","JobsDetail":{"Message":"\u001b]0;owned\u0007\u001b[2J\u202eevil"}}"#;
    let out = run_stdin(&["parse"], body);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
    assert!(!text.contains('\u{202e}'));
    assert!(text.contains("\\x1b]0;owned\\x07\\x1b[2J\\u{202e}evil"), "{text}");
    // Diagnostics echo source lines sanitized too.
    let out = run_stdin(&["convert"], "<Response><A>\u{202e}x</B></Response>".as_bytes());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains('\u{202e}') && err.contains("\\u{202e}"), "{err}");
}

#[test]
fn empty_and_unknown_inputs() {
    rejects(&["convert"], b"", "input is empty");
    rejects(&["convert"], b"  \n\t ", "input is blank: it holds only whitespace");
    rejects(&["convert"], b"hello", "cannot tell the format");
    rejects(&["convert"], b"\x1b[31m", "U+001B");
    rejects(&["convert"], b"<Response", "malformed XML");
    rejects(&["convert"], b"{\"a\":", "expected a value, found end of input");
}

/// Inputs the fuzzers found; each once crashed or broke an invariant.
#[test]
fn fuzz_regressions() {
    // decode_xml: a second byte order mark made quick-xml drop it silently and shift every
    // position, so slicing the element name panicked.
    let mut double_bom = b"\xef\xbb\xbf\xef\xbb\xbf<Response><Object>a</Object></Response>".to_vec();
    for format in [None, Some(cicb::decode::Format::Xml)] {
        let err = decode_bytes(&double_bom, format, &Limits::default()).expect_err("a second BOM is an error");
        assert_eq!((err.line(), err.column()), (1, 1));
    }
    rejects(&["convert", "--from", "xml"], &double_bom, "byte order mark");
    rejects(&["convert"], &double_bom, "U+FEFF");
    double_bom.drain(..3);
    assert!(decode_bytes(&double_bom, None, &Limits::default()).is_ok(), "one BOM is fine");

    // decode_json: a key holding U+FFFE passed the XML name check, and the XML written for it
    // did not decode. Keys now follow XML's Name production.
    rejects(&["convert", "--to", "xml"], "{\"Workflow\u{FFFE}\":\"x\"}".as_bytes(), "cannot be an element name");
    for (key, ok) in [("数据", true), ("a·b", true), ("x\u{FFFF}", false), ("1a", false), ("-a", false), ("a b", false)]
    {
        assert_eq!(cicb::encode::xml::is_xml_name(key), ok, "{key:?}");
    }

    // decode_xml: quick-xml takes `<Me<!ssage/>` as an element named `Me<!ssage`, which no XML
    // writer may write back. The reader now checks names.
    rejects(&["convert"], b"<Response><Me<!ssage/></Response>", "`Me<!ssage` is not a valid XML element name");
    rejects(&["parse"], b"<Response><A b\\c=\"1\"/></Response>", "not a valid XML attribute name");

    // roundtrip: a root other than <Response> lost its name in the JSON form, and with it what the
    // spec says of its children (`Stream`'s `Audio` is a list; under `Response` it read back as a
    // leaf). `convert` refuses such a root; the target now skips it as `convert` does.
    rejects(&["convert"], b"   <Stream>\n <Audio/>\n  <m/>\n  <idQeo/>\n  </Stream>", "not `<Response>`");

    // commands: a tab inside a value reached the summary table raw.
    let body = "<Response><EventName>TaskFinish</EventName><JobsDetail><Code>X</Code>\
                <CreationTime>2\t\t\tx</CreationTime><State>Failed</State></JobsDetail></Response>";
    let out = run_stdin(&["summarize"], body.as_bytes());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\t') && text.contains("2\\t\\t\\tx"), "{text}");

    // send_set: in `<sp><sp></sp><sp><sp>\t</sp></sp></sp>` the path written for the first child,
    // `sp.sp[0]`, was read as the first `sp` under each child `sp` (a root's name leads a path only
    // when the root has no child of that name): `--set` edited the tab below the second child.
    // Paths now start below such a root (`sp[0]`, `sp[1].sp`).
    for (name, data) in [
        ("send_set-whitespace-leaf", &include_bytes!("../fuzz/send_set-whitespace-leaf")[..]),
        ("send_set-whitespace-leaf-original", &include_bytes!("../fuzz/send_set-whitespace-leaf-original")[..]),
    ] {
        assert!(crate::send::send_set_input(name, data), "{name}: no edit was checked");
    }
    // send_set: setting an `xmlns:n` attribute to "" wrote a body the reader refuses (a prefix
    // cannot be undeclared). set_value refuses that edit.
    let data = include_bytes!("../fuzz/send_set-xmlns-empty");
    assert!(!crate::send::send_set_input("send_set-xmlns-empty", data), "the edit is refused");
    let body = &data[3..];
    let doc = decode_bytes(body, None, &Limits::default()).unwrap();
    let err = cicb::edit::set_value(doc.source, &doc, "Wf.@xmlns:n", "").unwrap_err();
    assert!(err.contains("cannot undeclare"), "{err}");

    // roundtrip: a root whose one element is a `Response` object was written as `{"Response": …}`,
    // which the JSON reader takes for the body's wrapper: XML → JSON → XML lost a level. The writer
    // now writes the wrapper itself for such a root.
    let xml = include_bytes!("../fuzz/roundtrip-response-in-response");
    let json = run_stdin(&["convert", "--compact"], xml).stdout;
    assert_eq!(
        String::from_utf8_lossy(&json),
        "{\"Response\":{\"Response\":{\"#text\":\"J\\nI.\",\"Response\":{\"Response\":\"JI.\"}}}}\n"
    );
    let back = run_stdin(&["convert", "--compact"], &json).stdout;
    let again = run_stdin(&["convert", "--compact"], &back).stdout;
    assert_eq!(String::from_utf8_lossy(&again), String::from_utf8_lossy(&json), "XML → JSON → XML → JSON");
    assert_eq!(
        run_stdin(&["convert", "--compact"], b"<Response><Response><a>1</a></Response></Response>").stdout,
        b"{\"Response\":{\"Response\":{\"a\":\"1\"}}}\n"
    );
}

/// Control, bidi and zero-width characters in every value, in unknown keys and names, as JSON
/// escapes (`{}` is replaced by them) and as XML character references.
const UNSAFE_JSON: &str = r"\u001b[2J\u009b31m\u202e\u200b\u2066\ufeff\u2028\u0007\u007f";
const UNSAFE_XML: &str = "&#x9B;31m&#x202E;&#x200B;&#x2066;&#xFEFF;&#x2028;&#x7F;&#x85;";

fn hostile_bodies() -> Vec<(&'static str, String)> {
    let job = r#"{"EventName":"TaskFinish{}","JobsDetail":{"Code":"Bad{}","Message":"m{}","JobId":"j{}",
        "State":"Failed{}","Tag":"Transcode{}","CreationTime":"2023-01-01T10:00:00+0800{}",
        "Input":{"BucketId":"b{}","Region":"r{}","Object":"in/{}.mp4","CosHeaders":[{"Key":"k{}","Value":"v{}"}]},
        "Operation":{"UserData":"u{}","Unknown{}":"x{}","MediaResult":{"OutputFile":{"Bucket":"b{}","Region":"r{}",
        "ObjectPrefix":"out{}/","ObjectName":["o{}.mp4"]}}}}}"#;
    let workflow = "<Response><EventName>WorkflowFinish{}</EventName><WorkflowExecution><RunId>i{}</RunId>\
        <WorkflowId>w{}</WorkflowId><WorkflowName>n{}</WorkflowName><State>Failed{}</State><BucketId>b{}</BucketId>\
        <Object>o{}</Object><CreateTime>2023-01-01 10:00:00+0800{}</CreateTime>\
        <Tasks x=\"a{}\"><Type>Transcode{}</Type><State>Failed{}</State><JobId>j{}</JobId><Code>c{}</Code>\
        <Message>m{}</Message><Na\u{200D}me>z{}</Na\u{200D}me></Tasks></WorkflowExecution></Response>";
    vec![("job.json", job.replace("{}", UNSAFE_JSON)), ("workflow.xml", workflow.replace("{}", UNSAFE_XML))]
}

/// Every command and format a person may read, on a terminal and piped: no raw control, bidi or
/// zero-width character reaches stdout or stderr. (`convert` writes data: values as they are.)
#[test]
fn no_view_prints_a_raw_unsafe_character() {
    use cicb::render::sanitize::is_unsafe;
    use clap::Parser;
    let dir = tempfile::tempdir().unwrap();
    // (args, a view on a pipe too; without it the output is data for scripts when piped)
    let cases: [(&[&str], bool); 13] = [
        (&["parse"], true),
        (&["parse", "--format", "json"], true),
        (&["parse", "--get", "JobsDetail.Message", "--get", "WorkflowExecution.Tasks.Code"], false),
        (&["parse", "--get", "JobsDetail.Input", "--get", "WorkflowExecution.Tasks"], false),
        (&["summarize"], true),
        (&["summarize", "--format", "json"], true),
        (&["summarize", "--format", "markdown"], true),
        (&["summarize", "--outputs"], false),
        (&["summarize", "--outputs", "--url"], false),
        (&["validate"], true),
        (&["validate", "--strict"], true),
        (&["validate", "--format", "json"], true),
        (&["validate", "--format", "github"], true),
    ];
    for (name, body) in hostile_bodies() {
        let file = dir.path().join(name);
        std::fs::write(&file, &body).unwrap();
        for (args, view) in cases {
            for terminal in [true, false] {
                if !terminal && !view {
                    continue;
                }
                let argv = [&["cicb"][..], args, &[file.to_str().unwrap()]].concat();
                let cli = cicb::cli::Cli::try_parse_from(&argv).unwrap();
                let ctx = plain(terminal);
                let (mut out, mut err) = (Vec::new(), Vec::new());
                if let Err(e) = cicb::run(&cli, &ctx, &mut out, &mut err) {
                    cicb::report_error(&e, ctx.err_style, &mut err).unwrap();
                }
                for (stream, bytes) in [("stdout", &out), ("stderr", &err)] {
                    let text = String::from_utf8(bytes.clone()).unwrap();
                    let bad: Vec<char> = text.chars().filter(|&c| is_unsafe(c) && c != '\n').collect();
                    assert!(bad.is_empty(), "{name} {args:?} (terminal: {terminal}) {stream}: {bad:?} in\n{text}");
                }
                assert!(!view || !out.is_empty() || !err.is_empty(), "{name} {args:?}: no output at all");
            }
        }
    }
    // The JSON views escape, and still parse to the same values.
    let file = dir.path().join("job.json");
    let argv = ["cicb", "parse", "--format", "json", file.to_str().unwrap()];
    let mut out = Vec::new();
    cicb::run(&cicb::cli::Cli::try_parse_from(argv).unwrap(), &plain(false), &mut out, &mut Vec::new()).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(r#""message": "m\u001b[2J\u009b31m\u202e\u200b\u2066\ufeff\u2028\u0007\u007f""#), "{text}");
    let model: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        model["jobs"][0]["message"],
        format!("m\u{1b}[2J\u{9b}31m\u{202e}\u{200b}\u{2066}\u{feff}\u{2028}\u{7}\u{7f}")
    );
    // `convert` writes data: the values as they are (JSON escapes only what JSON must).
    let out = Command::new(bin()).args(["convert", "--to", "json", "--compact"]).arg(&file).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"Message\":\"m\\u001b[2J\u{9b}31m\u{202e}"), "{text}");
}

/// The context of a run without colors; `terminal` as if stdout were one.
fn plain(terminal: bool) -> cicb::Context {
    let style = cicb::render::Style { color: false };
    cicb::Context { out_style: style, err_style: style, out_is_terminal: terminal }
}
