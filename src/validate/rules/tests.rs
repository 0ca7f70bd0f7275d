use super::*;
use crate::decode::{decode, Limits};

const JOB: &str = "<Response>
  <EventName>TaskFinish</EventName>
  <JobsDetail>
    <Code>Success</Code>
    <CreationTime>2023-04-11T10:02:15+0800</CreationTime>
    <EndTime>2023-04-11T10:02:31+0800</EndTime>
    <Input><BucketId>b-1250000000</BucketId><Object>in.mp3</Object><Region>ap-guangzhou</Region></Input>
    <JobId>j7a2c4e6f8b1d11edb0a3525400c1f2e3</JobId>
    <Message/>
    <Operation>
      <Output><Bucket>b-1250000000</Bucket><Object>out.wav</Object><Region>ap-guangzhou</Region></Output>
      <TemplateId>t02bd747c3867de56b259f123a469e863c</TemplateId>
    </Operation>
    <QueueId>p5b1e0c9d8a7f4e3d2c1b0a9f8e7d6c5b</QueueId>
    <StartTime>2023-04-11T10:02:16+0800</StartTime>
    <State>Success</State>
    <Tag>NoiseReduction</Tag>
  </JobsDetail>
</Response>
";

const WORKFLOW: &str = r#"{"EventName": "WorkflowFinish", "WorkflowExecution": {
  "WorkflowId": "w3c9e1a7b5d2f4e6a8c0b2d4f6e8a0c1e", "WorkflowName": "w", "RunId": "i4d8f2b6a0c3e11edb5a7525400d2e4f6",
  "State": "Success", "BucketId": "b-1250000000", "Object": "in.mp4", "CreateTime": "2023-05-02 08:30:11+0800",
  "CosHeaders": [{"Key": "Content-Type", "Value": "video/mp4"}],
  "Tasks": [
    {"Type": "Transcode", "CreateTime": "2023-05-02 08:30:12+0800", "EndTime": "2023-05-02 08:31:02+0800",
     "State": "Success", "JobId": "j5e9a3c7b1d4f11edb6a8525400e3f5a7", "Name": "Transcode_1",
     "TemplateId": "t02bd747c3867de56b259f123a469e863c", "TemplateName": "MP4"},
    {"Type": "Snapshot", "CreateTime": "2023-05-02 08:30:12+0800", "EndTime": "2023-05-02 08:30:20+0800",
     "State": "Success", "JobId": "j6fab4d8c2e5a11edb7b9525400f4a6b8", "Name": "Snapshot_2",
     "TemplateId": "t040b41ca677fc14dcb9666947d127a37a", "TemplateName": "cover"}]}}"#;

const AUDIT_DETAIL: &str = r#"{"EventName": "ReviewImage", "JobsDetail": {"JobId": "xxxx", "State": "Success",
  "CreationTime": "", "Object": "a.jpg", "Result": 0, "Score": 0, "Label": "Normal",
  "PornInfo": {"HitFlag": 0, "Score": 0, "Label": ""}, "CosHeaders": {"x-cos-meta-id": "1"}}}"#;

const AUDIT_SIMPLE: &str = r#"{"code": 0, "message": "success", "data": {"forbidden_status": 0,
  "porn_info": {"hit_flag": 0, "label": "", "score": 9}, "result": 0, "trace_id": "t", "url": "u"}}"#;

/// (rule, severity, path, message) of every finding.
fn found(src: &str) -> Vec<(&'static str, Level, String, String)> {
    let doc = decode(src, None, &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
    check(&doc).into_iter().map(|f| (f.rule.name(), f.level, f.path.unwrap_or_default(), f.message)).collect()
}

fn rules(src: &str) -> Vec<(&'static str, Level, String)> {
    found(src).into_iter().map(|(r, l, p, _)| (r, l, p)).collect()
}

fn job(from: &str, to: &str) -> String {
    assert!(JOB.contains(from), "{from}");
    JOB.replacen(from, to, 1)
}

fn workflow(from: &str, to: &str) -> String {
    assert!(WORKFLOW.contains(from), "{from}");
    WORKFLOW.replacen(from, to, 1)
}

const E: Level = Level::Error;
const W: Level = Level::Warning;

fn p(s: &str) -> String {
    s.to_string()
}

#[test]
fn well_formed_bodies_of_every_kind_are_clean() {
    for src in [JOB, WORKFLOW, AUDIT_DETAIL, AUDIT_SIMPLE] {
        assert_eq!(found(src), vec![], "{src}");
    }
    // Legacy: no EventName, and the legacy table lists no StartTime.
    let legacy =
        job("<EventName>TaskFinish</EventName>", "").replace("<StartTime>2023-04-11T10:02:16+0800</StartTime>", "");
    assert_eq!(found(&legacy), vec![]);
}

#[test]
fn syntax_and_structure_of_decode_failures() {
    let e = decode("<Response><A></B></Response>", None, &Limits::default()).unwrap_err();
    let f = decode_failure(&e);
    assert_eq!((f.rule, f.level, f.span.clone(), f.path), (syntax::RULE, E, 13..17, None));
    let e = decode("[1]", None, &Limits::default()).unwrap_err();
    assert_eq!(decode_failure(&e).rule, structure::RULE);
}

#[test]
fn structure() {
    let src = job("<Response>", "<Respone>").replace("</Response>", "</Respone>");
    let f = found(&src);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].0, f[0].1), ("structure", E));
    assert_eq!(f[0].3, "the root element is <Respone>; a callback body's root is <Response>");
    assert_eq!(rules(r#"{"Foo": "1"}"#), vec![("structure", E, p("Response")), ("unknown-node", W, p("Response.Foo"))]);
    let two = WORKFLOW.replacen(r#""WorkflowExecution": {"#, r#""WorkflowExecution": [{"RunId": "x"}, {"#, 1);
    let two = format!("{}]}}", two.strip_suffix('}').unwrap());
    assert!(rules(&two).contains(&("structure", E, p("Response.WorkflowExecution"))), "{:?}", rules(&two));
}

#[test]
fn event() {
    let f = found(&job("TaskFinish", "TaskFinsh"));
    assert_eq!((f[0].0, f[0].1, f[0].2.as_str()), ("event", E, "Response.EventName"));
    let src = job("TaskFinish", "TaskFinsh");
    let doc = decode(&src, None, &Limits::default()).unwrap();
    assert_eq!(check(&doc)[0].help.as_deref(), Some("did you mean `TaskFinish`?"));
    assert_eq!(rules(&job("TaskFinish", "")), vec![("event", E, p("Response.EventName"))]);
    assert_eq!(rules(&job("TaskFinish", "<X/>")), vec![("event", E, p("Response.EventName"))]);
}

#[test]
fn required() {
    let src = job("<JobId>j7a2c4e6f8b1d11edb0a3525400c1f2e3</JobId>", "")
        .replace("<QueueId>p5b1e0c9d8a7f4e3d2c1b0a9f8e7d6c5b</QueueId>", "<QueueId/>");
    assert_eq!(
        rules(&src),
        vec![("required", E, p("Response.JobsDetail.JobId")), ("required", W, p("Response.JobsDetail.QueueId"))]
    );
    // The Tag's own table decides: DocProcess lists no StartTime, Tts no Input.
    let doc = job("NoiseReduction", "DocProcess").replace("<StartTime>2023-04-11T10:02:16+0800</StartTime>", "");
    assert_eq!(rules(&doc), vec![]);
    let tts = job("NoiseReduction", "Tts");
    let start = tts.find("<Input>").unwrap();
    let end = tts.find("</Input>").unwrap() + "</Input>".len();
    assert_eq!(rules(&format!("{}{}", &tts[..start], &tts[end..])), vec![]);
    assert_eq!(
        rules(&job("<Object>in.mp3</Object>", "")),
        vec![("required", W, p("Response.JobsDetail.Input.Object"))]
    );
    // An empty container is one finding, not one per missing child.
    assert_eq!(rules("<Response><JobsDetail/></Response>"), vec![("required", E, p("Response.JobsDetail"))]);
    // A job callback without a job, a workflow callback without a workflow.
    assert_eq!(
        rules("<Response><EventName>TaskFinish</EventName><WorkflowExecution/></Response>"),
        vec![("required", E, p("Response.JobsDetail"))]
    );
    let no_key = workflow(r#""Key": "Content-Type", "#, "");
    assert_eq!(rules(&no_key), vec![("required", E, p("Response.WorkflowExecution.CosHeaders.Key"))]);
    let empty_name = workflow(r#""WorkflowName": "w""#, r#""WorkflowName": """#);
    assert_eq!(rules(&empty_name), vec![], "published bodies leave WorkflowName empty");
    let no_simple_id = AUDIT_SIMPLE.replace(r#""trace_id": "t", "#, "");
    assert_eq!(rules(&no_simple_id), vec![("required", W, p("Response.data"))]);
    assert_eq!(
        rules(&AUDIT_DETAIL.replace(r#""JobId": "xxxx", "#, "")),
        vec![("required", E, p("Response.JobsDetail.JobId"))]
    );
}

#[test]
fn enumerations() {
    let f = found(&job("<State>Success</State>", "<State>success</State>"));
    assert_eq!((f[0].0, f[0].1, f[0].2.as_str()), ("enum", E, "Response.JobsDetail.State"));
    assert_eq!(rules(&job("NoiseReduction", "NoiseReductoin")), vec![("enum", W, p("Response.JobsDetail.Tag"))]);
    assert_eq!(
        rules(&workflow(r#""State": "Success", "BucketId""#, r#""State": "Done", "BucketId""#)),
        vec![("enum", E, p("Response.WorkflowExecution.State"))]
    );
    assert_eq!(
        rules(&workflow(r#""Type": "Snapshot""#, r#""Type": "Snapshots""#)),
        vec![("enum", W, p("Response.WorkflowExecution.Tasks.Type"))]
    );
    let wm = job("<TemplateId>", "<DigitalWatermark><State>Ok</State></DigitalWatermark><TemplateId>");
    assert_eq!(rules(&wm), vec![("enum", E, p("Response.JobsDetail.Operation.DigitalWatermark.State"))]);
    assert_eq!(rules(&workflow(r#""Type": "Snapshot""#, r#""Type": "HighSpeedHd""#)), vec![]);
}

#[test]
fn timestamps() {
    let f = found(&job("2023-04-11T10:02:15+0800", "2023/04/11 10:02:15"));
    assert_eq!((f[0].0, f[0].1, f[0].2.as_str()), ("timestamp", E, "Response.JobsDetail.CreationTime"));
    let f = found(&job("2023-04-11T10:02:31+0800", "2023-04-11T10:02:00+0800"));
    assert_eq!(f.len(), 2, "before CreationTime and StartTime: {f:?}");
    assert!(f.iter().all(|(r, l, path, _)| (*r, *l, path.as_str()) == ("timestamp", W, "Response.JobsDetail.EndTime")));
    assert_eq!(f[0].3, "EndTime 2023-04-11 10:02:00+08:00 is before CreationTime 2023-04-11 10:02:15+08:00");
    assert_eq!(
        rules(&workflow("2023-05-02 08:30:20+0800", "2023-05-02 08:30:00+0800")),
        vec![("timestamp", W, p("Response.WorkflowExecution.Tasks.EndTime"))]
    );
    // RFC 3339 (audit) parses; an empty time is the required rule's business.
    assert_eq!(
        rules(&AUDIT_DETAIL.replace(r#""CreationTime": """#, r#""CreationTime": "2021-08-10T21:01:10+08:00""#)),
        vec![]
    );
}

#[test]
fn consistency() {
    let one_failed = workflow(r#""State": "Success", "JobId": "j6fab"#, r#""State": "Failed", "JobId": "j6fab"#);
    let f = found(&one_failed);
    assert_eq!((f[0].0, f[0].1, f[0].2.as_str()), ("consistency", E, "Response.WorkflowExecution.State"));
    assert!(f[0].3.contains("Tasks[1] (Snapshot) failed"), "{}", f[0].3);
    let wf_failed = workflow(r#""State": "Success", "BucketId""#, r#""State": "Failed", "BucketId""#);
    assert_eq!(rules(&wf_failed), vec![("consistency", W, p("Response.WorkflowExecution.State"))]);
    let both_failed = one_failed.replacen(r#""State": "Success", "BucketId""#, r#""State": "Failed", "BucketId""#, 1);
    assert_eq!(rules(&both_failed), vec![]);

    let failed = job("<State>Success</State>", "<State>Failed</State>").replace("<Code>Success</Code>", "");
    assert_eq!(
        rules(&failed),
        vec![("consistency", E, p("Response.JobsDetail.Code")), ("consistency", E, p("Response.JobsDetail.Message"))]
    );
    let explained = failed.replace("<Message/>", "<Code>InvalidInput</Code><Message>no audio stream</Message>");
    assert_eq!(rules(&explained), vec![]);
    let contradicts = failed.replace("<Message/>", "<Code>Success</Code><Message>?</Message>");
    assert_eq!(rules(&contradicts), vec![("consistency", W, p("Response.JobsDetail.State"))]);
    assert_eq!(
        rules(&job("<Code>Success</Code>", "<Code>InternalError</Code>")),
        vec![("consistency", W, p("Response.JobsDetail.State"))]
    );
    assert_eq!(
        rules(&job("<State>Success</State>", "<State>Running</State>")),
        vec![("consistency", W, p("Response.JobsDetail.State"))]
    );
}

#[test]
fn unknown_nodes() {
    let src = job("<TemplateId>", "<MeidaInfo><Format/></MeidaInfo><TemplateId>");
    let doc = decode(&src, None, &Limits::default()).unwrap();
    let f = check(&doc);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].rule, f[0].level), (unknown_node::RULE, W));
    assert_eq!(f[0].path.as_deref(), Some("Response.JobsDetail.Operation.MeidaInfo"));
    assert_eq!(f[0].help.as_deref(), Some("did you mean `MediaInfo`?"));
    assert_eq!(&src[f[0].span.clone()], "<MeidaInfo>");
    // Parameter echoes repeat the request: their children are not checked.
    assert_eq!(rules(&job("<TemplateId>", "<Transcode><Anything/></Transcode><TemplateId>")), vec![]);
    // Audit bodies are checked at the envelope only.
    assert_eq!(rules(&AUDIT_DETAIL.replace("\"Label\": \"Normal\"", "\"Lable\": \"Normal\"")), vec![]);
    assert_eq!(rules(&AUDIT_SIMPLE.replace("\"message\"", "\"mesage\"")).len(), 2, "unknown + required message");
    // A JSON array is reported once, not once per item.
    let arr = workflow(r#""CosHeaders": ["#, r#""Extra": [{"A": "1"}, {"A": "2"}], "CosHeaders": ["#);
    assert_eq!(rules(&arr), vec![("unknown-node", W, p("Response.WorkflowExecution.Extra"))]);
}

#[test]
fn json_shapes() {
    let json = r#"{"EventName": "TaskFinish", "JobsDetail": {"Code": "Success", "CreationTime": "2023-04-11T10:02:15+0800",
  "EndTime": "2023-04-11T10:02:31+0800", "Input": {"Object": "in.mp3"}, "JobId": "j7a2c4e6f8b1d11edb0a3525400c1f2e3",
  "Operation": {"MediaResult": "out.mp4", "JobLevel": 0, "UserData": true, "Output": null, "MediaInfo": {"Format": []}},
  "QueueId": "p5b1e0c9d8a7f4e3d2c1b0a9f8e7d6c5b", "StartTime": "2023-04-11T10:02:16+0800",
  "State": {"Value": "Success"}, "Tag": "Transcode"}}"#;
    assert_eq!(
        rules(json),
        vec![
            ("json-shape", E, p("Response.JobsDetail.Operation.MediaResult")),
            ("json-shape", W, p("Response.JobsDetail.Operation.JobLevel")),
            ("json-shape", W, p("Response.JobsDetail.Operation.UserData")),
            ("json-shape", W, p("Response.JobsDetail.Operation.Output")),
            ("json-shape", W, p("Response.JobsDetail.Operation.MediaInfo.Format")),
            ("json-shape", E, p("Response.JobsDetail.State")),
        ]
    );
    // cicb's own JSON for an empty container is "" (or {}): not a shape error.
    let empty = workflow(r#"[{"Key": "Content-Type", "Value": "video/mp4"}]"#, r#""""#);
    assert_eq!(rules(&empty), vec![]);
    // Audit numbers are real; a number where audit bodies carry a string is not, and the reverse.
    let audit = AUDIT_DETAIL
        .replacen(r#""Score": 0, "Label""#, r#""Score": "0", "Label""#, 1)
        .replace(r#""Object": "a.jpg""#, r#""Object": 7"#);
    assert_eq!(
        rules(&audit),
        vec![("json-shape", W, p("Response.JobsDetail.Object")), ("json-shape", W, p("Response.JobsDetail.Score"))]
    );
    // XML has no JSON shapes.
    assert_eq!(rules(&job("<Message/>", "<Message>1</Message>")), vec![]);
}

#[test]
fn identifiers() {
    let f = found(&job("p5b1e0c9d8a7f4e3d2c1b0a9f8e7d6c5b", "queue-1"));
    assert_eq!((f[0].0, f[0].1, f[0].2.as_str()), ("identifier", W, "Response.JobsDetail.QueueId"));
    assert_eq!(
            f[0].3,
            "QueueId `queue-1` does not look like a CI queue ID (`p` and 32 hex digits, like p2242ab62c7c94486915508540933a2c6)"
        );
    assert_eq!(
        rules(&job("j7a2c4e6f8b1d11edb0a3525400c1f2e3", "J-1")),
        vec![("identifier", W, p("Response.JobsDetail.JobId"))]
    );
    assert_eq!(
        rules(&job("t02bd747c3867de56b259f123a469e863c", "tpl")),
        vec![("identifier", W, p("Response.JobsDetail.Operation.TemplateId"))]
    );
    assert_eq!(
        rules(&workflow("w3c9e1a7b5d2f4e6a8c0b2d4f6e8a0c1e", "workflow-1")),
        vec![("identifier", W, p("Response.WorkflowExecution.WorkflowId"))]
    );
    assert_eq!(rules(&job("p5b1e0c9d8a7f4e3d2c1b0a9f8e7d6c5b", "p5b1e0c9d8a7xxxxxxxxxxxx")), vec![], "redacted");
}

#[test]
fn spans_point_at_keys_and_values() {
    let src = job("<State>Success</State>", "<State>  Done </State>");
    let doc = decode(&src, None, &Limits::default()).unwrap();
    let f = check(&doc);
    assert_eq!(&src[f[0].span.clone()], "Done");
    let json = workflow(r#""State": "Success", "BucketId""#, r#""State": "Do\"ne", "BucketId""#);
    let doc = decode(&json, None, &Limits::default()).unwrap();
    let f = check(&doc);
    assert_eq!(&json[f[0].span.clone()], r#""Do\"ne""#);
    let missing = workflow(r#""RunId": "i4d8f2b6a0c3e11edb5a7525400d2e4f6","#, "");
    let doc = decode(&missing, None, &Limits::default()).unwrap();
    let f = check(&doc);
    assert_eq!(&missing[f[0].span.clone()], r#""WorkflowExecution""#);
}

#[test]
fn odd_bodies_do_not_panic() {
    for src in [
            "<Response/>",
            "<Response>text</Response>",
            "<a:Response xmlns:a='x'><a:JobsDetail/></a:Response>",
            "{}",
            r#"{"Response": {"JobsDetail": []}}"#,
            r#"{"JobsDetail": "x", "EventName": ["TaskFinish", "x"]}"#,
            r#"{"WorkflowExecution": {"Tasks": [{}, {"State": {}}], "State": null}}"#,
            "<Response><EventName>TaskFinish</EventName><JobsDetail><State>Failed</State><EndTime>x</EndTime></JobsDetail></Response>",
            "<Response><JobsDetail><JobId>数据万象\u{202e}</JobId><State>失败</State></JobsDetail></Response>",
        ] {
            let doc = decode(src, None, &Limits::default()).unwrap();
            let f = check(&doc);
            for x in &f {
                assert!(x.span.start <= x.span.end && x.span.end <= src.len(), "{src}: {x:?}");
                assert!(src.is_char_boundary(x.span.start) && src.is_char_boundary(x.span.end), "{src}: {x:?}");
            }
        }
    assert_eq!(shown(&"x".repeat(100)).chars().count(), 61);
}
