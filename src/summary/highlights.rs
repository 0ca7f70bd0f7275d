//! One line per result family a job's body carries: the numbers a person looks for first.
//! Plain text with payload values as written; views sanitize. Numbers are written by
//! [`crate::units`], the one place their text is decided.

use crate::decode::model::{is_failed_state, Job};
use crate::tree::{NodeId, Tree};
use crate::units::{bytes, frame_rate, kbps, seconds};

use super::text;

/// How long a text excerpt may be, in characters.
const EXCERPT: usize = 60;
/// How many tags a VideoTag highlight names.
const TOP_TAGS: usize = 3;

/// Highlights of a job (`JobsDetail`), in a fixed order.
pub fn job(tree: &Tree<'_>, job: &Job<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let Some(op) = job.operation else { return out };
    let h = Reader { tree };
    let push = |out: &mut Vec<String>, line: Option<String>| out.extend(line);
    push(&mut out, tree.child(op, "MediaInfo").and_then(|m| h.media_info(m)));
    push(&mut out, tree.child(op, "PicProcessResult").and_then(|p| h.pic_process(p)));
    push(&mut out, tree.child(op, "SpeechRecognitionResult").and_then(|s| h.speech(s)));
    push(&mut out, tree.child(op, "Translation").and_then(|t| h.translation(t, job)));
    push(&mut out, tree.child(op, "WordsGeneralizeResult").and_then(|w| h.words(w)));
    push(&mut out, tree.child(op, "VideoTagResult").and_then(|v| h.video_tags(v)));
    push(&mut out, tree.child(op, "QualityEstimate").and_then(|q| h.quality(q)));
    push(&mut out, tree.child(op, "ImageInspectResult").and_then(|i| h.inspect(i)));
    push(&mut out, tree.child(op, "DigitalWatermark").and_then(|d| h.watermark(d, "embedded")));
    push(&mut out, tree.child(op, "ExtractDigitalWatermark").and_then(|d| h.watermark(d, "extracted")));
    push(&mut out, tree.child(op, "SoundHoundResult").and_then(|s| h.song(s)));
    push(&mut out, tree.child(op, "VocalScoreResult").and_then(|v| h.vocal(v)));
    push(&mut out, tree.child(op, "DocProcessResult").and_then(|d| h.document(d)));
    out
}

/// The highlight of an audit Detail job (`JobsDetail` of a `Review*` body).
pub fn audit_detail(tree: &Tree<'_>, j: NodeId) -> Option<String> {
    let h = Reader { tree };
    let verdict = text(tree, j, "Result").or_else(|| text(tree, j, "Suggestion"));
    let mut parts = Vec::new();
    if let Some(label) = text(tree, j, "Label") {
        parts.push(label.to_string());
    }
    if let Some(v) = verdict {
        parts.push(format!("result {v} ({})", audit_verdict(v)));
    }
    if let Some(score) = text(tree, j, "Score") {
        parts.push(format!("score {score}"));
    }
    for sub in ["Category", "SubLabel"] {
        if let Some(t) = text(tree, j, sub) {
            parts.push(format!("{} {t}", sub.to_lowercase()));
        }
    }
    if let Some(hits) = h.audit_hits(j, AuditNames { suffix: "Info", flag: "HitFlag", label: None, score: "Score" }) {
        parts.push(hits);
    }
    if let Some(f) = text(tree, j, "ForbidState").filter(|f| *f != "0") {
        parts.push(format!("ForbidState {f} (access blocked)"));
    }
    (!parts.is_empty()).then(|| format!("audit: {}", parts.join(", ")))
}

/// The highlight of an audit Simple body (`code`, `message`, `data`).
pub fn audit_simple(tree: &Tree<'_>, data: NodeId) -> Option<String> {
    let h = Reader { tree };
    let mut parts = Vec::new();
    if let Some(v) = text(tree, data, "result") {
        parts.push(format!("result {v} ({})", audit_verdict(v)));
    }
    if let Some(f) = text(tree, data, "forbidden_status").filter(|f| *f != "0") {
        parts.push(format!("forbidden_status {f} (access blocked)"));
    }
    let names = AuditNames { suffix: "_info", flag: "hit_flag", label: Some("label"), score: "score" };
    if let Some(hits) = h.audit_hits(data, names) {
        parts.push(hits);
    }
    (!parts.is_empty()).then(|| format!("audit: {}", parts.join(", ")))
}

/// The documented meaning of an audit `Result` / `Suggestion`.
fn audit_verdict(v: &str) -> &'static str {
    match v {
        "0" => "normal",
        "1" => "sensitive",
        "2" => "suspicious",
        _ => "unknown",
    }
}

/// How the two audit forms name a category's verdict: `PornInfo/HitFlag` or `porn_info/hit_flag`.
#[derive(Clone, Copy)]
struct AuditNames {
    suffix: &'static str,
    flag: &'static str,
    /// The Detail form's category label repeats its name (`PornInfo/Label` = `Porn`): left out.
    label: Option<&'static str>,
    score: &'static str,
}

struct Reader<'t, 'a> {
    tree: &'t Tree<'a>,
}

impl<'t> Reader<'t, '_> {
    /// `hits: Porn Porn 91, Ads 12`: the categories whose hit flag is set, with label and score.
    fn audit_hits(&self, id: NodeId, n: AuditNames) -> Option<String> {
        let tree = self.tree;
        let hits: Vec<String> = tree
            .elements(id)
            .filter(|&c| tree.node(c).name.ends_with(n.suffix))
            .filter(|&c| text(tree, c, n.flag).is_some_and(|f| f != "0"))
            .map(|c| {
                let category = tree.node(c).name.trim_end_matches(n.suffix);
                let extra: String = [n.label.and_then(|l| text(tree, c, l)), text(tree, c, n.score)]
                    .into_iter()
                    .flatten()
                    .map(|s| format!(" {s}"))
                    .collect();
                format!("{category}{extra}")
            })
            .collect();
        (!hits.is_empty()).then(|| format!("hits: {}", hits.join(", ")))
    }

    fn at(&self, id: NodeId, path: &[&str]) -> Option<NodeId> {
        path.iter().try_fold(id, |cur, name| self.tree.child(cur, name))
    }

    fn media_info(&self, m: NodeId) -> Option<String> {
        let mut parts = Vec::new();
        let format = self.tree.child(m, "Format");
        if let Some(d) = format.and_then(|f| text(self.tree, f, "Duration")).and_then(seconds) {
            parts.push(d);
        }
        let video = self.at(m, &["Stream", "Video"]).filter(|&v| self.tree.has_children(v));
        if let Some(v) = video {
            let mut s = Vec::new();
            if let (Some(w), Some(h)) = (text(self.tree, v, "Width"), text(self.tree, v, "Height")) {
                s.push(format!("{w}x{h}"));
            }
            s.extend(text(self.tree, v, "CodecName").map(str::to_string));
            if let Some(fps) = text(self.tree, v, "Fps").or_else(|| text(self.tree, v, "AvgFps")) {
                s.push(format!("{}fps", frame_rate(fps)));
            }
            if !s.is_empty() {
                parts.push(s.join(" "));
            }
        }
        let audio = self.at(m, &["Stream", "Audio"]).filter(|&a| self.tree.has_children(a));
        if let Some(a) = audio {
            let mut s = Vec::new();
            s.extend(text(self.tree, a, "CodecName").map(str::to_string));
            if let Some(rate) = text(self.tree, a, "SampleRate") {
                s.push(format!("{rate}Hz"));
            }
            if let Some(ch) = text(self.tree, a, "ChannelLayout").or_else(|| text(self.tree, a, "Channel")) {
                s.push(if ch.bytes().all(|b| b.is_ascii_digit()) { format!("{ch}ch") } else { ch.to_string() });
            }
            if !s.is_empty() {
                parts.push(s.join(" "));
            }
        }
        if let Some(b) = format.and_then(|f| text(self.tree, f, "Bitrate")).and_then(kbps) {
            parts.push(b);
        }
        if let Some(size) = format.and_then(|f| text(self.tree, f, "Size")).and_then(bytes) {
            parts.push(size);
        }
        (!parts.is_empty()).then(|| format!("media: {}", parts.join(", ")))
    }

    fn pic_process(&self, p: NodeId) -> Option<String> {
        let describe = |id: Option<NodeId>| -> Option<String> {
            let id = id?;
            let format = text(self.tree, id, "Format");
            let dims = text(self.tree, id, "Width").zip(text(self.tree, id, "Height")).map(|(w, h)| format!("{w}x{h}"));
            let s: Vec<&str> = [format, dims.as_deref()].into_iter().flatten().collect();
            (!s.is_empty()).then(|| s.join(" "))
        };
        let original = describe(self.at(p, &["OriginalInfo", "ImageInfo"]));
        let result = self.tree.child(p, "ProcessResult");
        let mut processed = describe(result);
        if let Some(size) = result.and_then(|r| text(self.tree, r, "Size")).and_then(bytes) {
            processed = Some(match processed {
                Some(p) => format!("{p}, {size}"),
                None => size,
            });
        }
        match (original, processed) {
            (Some(o), Some(p)) => Some(format!("image: {o} → {p}")),
            (None, Some(p)) => Some(format!("image: → {p}")),
            (Some(o), None) => Some(format!("image: {o}")),
            (None, None) => None,
        }
    }

    fn speech(&self, s: NodeId) -> Option<String> {
        let said = self
            .at(s, &["ResultDetail"])
            .and_then(|d| text(self.tree, d, "FinalSentence"))
            .or_else(|| text(self.tree, s, "Result"))
            .or_else(|| self.at(s, &["FlashResult", "sentence_list"]).and_then(|l| text(self.tree, l, "text")));
        let audio = text(self.tree, s, "AudioTime").and_then(seconds);
        let mut parts = Vec::new();
        if let Some(a) = audio {
            parts.push(format!("{a} of audio"));
        }
        if let Some(t) = said {
            parts.push(format!("\"{}\"", excerpt(t)));
        }
        (!parts.is_empty()).then(|| format!("speech: {}", parts.join(", ")))
    }

    fn translation(&self, t: NodeId, job: &Job<'_>) -> Option<String> {
        let input = job.input.as_ref().map(|i| i.node);
        let from = input.and_then(|i| text(self.tree, i, "Lang"));
        let from_type = input.and_then(|i| text(self.tree, i, "Type"));
        let to = text(self.tree, t, "Lang");
        let to_type = text(self.tree, t, "Type");
        let side = |lang: Option<&str>, kind: Option<&str>| match (lang, kind) {
            (Some(l), Some(k)) => format!("{l} ({k})"),
            (Some(l), None) => l.to_string(),
            (None, Some(k)) => format!("? ({k})"),
            (None, None) => "?".to_string(),
        };
        (from.is_some() || to.is_some())
            .then(|| format!("translation: {} → {}", side(from, from_type), side(to, to_type)))
    }

    fn words(&self, w: NodeId) -> Option<String> {
        let tree = self.tree;
        let labels: Vec<String> = tree
            .children_named(w, "WordsGeneralizeLable")
            .filter_map(|l| match (text(tree, l, "Category"), text(tree, l, "Word")) {
                (Some(c), Some(w)) => Some(format!("{c}: {w}")),
                (c, w) => c.or(w).map(str::to_string),
            })
            .collect();
        let tokens: Vec<&str> =
            tree.children_named(w, "WordsGeneralizeToken").filter_map(|t| text(tree, t, "Word")).collect();
        let mut parts = Vec::new();
        if !labels.is_empty() {
            parts.push(format!("{} label(s) ({})", labels.len(), labels.join("; ")));
        }
        if !tokens.is_empty() {
            parts.push(format!("{} token(s) (\"{}\")", tokens.len(), excerpt(&tokens.join(" "))));
        }
        (!parts.is_empty()).then(|| format!("words: {}", parts.join(", ")))
    }

    fn video_tags(&self, v: NodeId) -> Option<String> {
        let tree = self.tree;
        let data = self.at(v, &["StreamData", "Data"]);
        // Whole-video tags first; else every tag the result names (places, actions).
        let mut nodes: Vec<NodeId> = data.map(|d| tree.children_named(d, "Tags").collect()).unwrap_or_default();
        if nodes.is_empty() {
            nodes = tree.descendants(v).filter(|&n| tree.node(n).name == "Tags" && tree.has_children(n)).collect();
        }
        let mut tags: Vec<(&str, f64)> = Vec::new();
        for n in nodes {
            let Some(tag) = text(tree, n, "Tag") else { continue };
            let confidence = text(tree, n, "Confidence").and_then(|c| c.parse().ok()).unwrap_or(0.0);
            match tags.iter_mut().find(|(t, _)| *t == tag) {
                Some(e) => e.1 = e.1.max(confidence),
                None => tags.push((tag, confidence)),
            }
        }
        if tags.is_empty() {
            let code = self.at(v, &["StreamData"]).and_then(|s| text(tree, s, "SubErrCode")).filter(|c| *c != "0")?;
            return Some(format!("tags: none (SubErrCode {code})"));
        }
        tags.sort_by(|a, b| b.1.total_cmp(&a.1));
        let top: Vec<String> = tags.iter().take(TOP_TAGS).map(|(t, c)| format!("{t} {c:.2}")).collect();
        let more = tags.len().saturating_sub(TOP_TAGS);
        let more = if more > 0 { format!(" (+{more} more)") } else { String::new() };
        Some(format!("tags: {}{more}", top.join(", ")))
    }

    fn quality(&self, q: NodeId) -> Option<String> {
        let score = text(self.tree, q, "Score")?;
        let shown = score.parse::<f64>().map_or_else(|_| score.to_string(), |s| format!("{s:.2}"));
        Some(format!("quality: score {shown}"))
    }

    fn inspect(&self, i: NodeId) -> Option<String> {
        let r = self.tree.child(i, "ProcessResult")?;
        let suspicious = text(self.tree, r, "Suspicious")?;
        let pic = match (text(self.tree, r, "PicType"), text(self.tree, r, "PicSize").and_then(bytes)) {
            (Some(t), Some(s)) => format!("{t} image, {s}"),
            (Some(t), None) => format!("{t} image"),
            (None, Some(s)) => format!("image, {s}"),
            (None, None) => "image".to_string(),
        };
        if suspicious.eq_ignore_ascii_case("true") {
            let what = text(self.tree, r, "SuspiciousType").unwrap_or("data");
            let size =
                text(self.tree, r, "SuspiciousSize").and_then(bytes).map(|s| format!(" ({s})")).unwrap_or_default();
            let at = match (text(self.tree, r, "SuspiciousBeginByte"), text(self.tree, r, "SuspiciousEndByte")) {
                (Some(b), Some(e)) => format!(" at bytes {b}-{e}"),
                _ => String::new(),
            };
            Some(format!("inspect: SUSPICIOUS, {what}{size}{at} in a {pic}"))
        } else {
            Some(format!("inspect: not suspicious ({pic})"))
        }
    }

    fn watermark(&self, d: NodeId, verb: &str) -> Option<String> {
        let message = text(self.tree, d, "Message");
        let kind = [text(self.tree, d, "Type"), text(self.tree, d, "Version")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let state = text(self.tree, d, "State").map(|s| {
            if is_failed_state(s) {
                " (State Failed)".to_string()
            } else {
                format!(" ({s})")
            }
        });
        if message.is_none() && kind.is_empty() && state.is_none() {
            return None;
        }
        let kind = if kind.is_empty() { String::new() } else { format!(" {kind}") };
        let message = message.map(|m| format!(" \"{}\"", excerpt(m))).unwrap_or_default();
        Some(format!("watermark: {verb}{kind}{message}{}", state.unwrap_or_default()))
    }

    fn song(&self, s: NodeId) -> Option<String> {
        let songs: Vec<String> = self
            .tree
            .children_named(s, "SongList")
            .filter_map(|l| {
                let name = text(self.tree, l, "SongName")?;
                let by = text(self.tree, l, "SingerName").map(|b| format!(" by {b}")).unwrap_or_default();
                let inlier = text(self.tree, l, "Inlier").map(|i| format!(" ({i})")).unwrap_or_default();
                Some(format!("{name}{by}{inlier}"))
            })
            .collect();
        (!songs.is_empty()).then(|| format!("song: {}", songs.join("; ")))
    }

    fn vocal(&self, v: NodeId) -> Option<String> {
        let score = |name| self.tree.child(v, name).and_then(|n| text(self.tree, n, "TotalScore"));
        let parts: Vec<String> = [("pitch", score("PitchScore")), ("rhythm", score("RhythemScore"))]
            .into_iter()
            .filter_map(|(k, s)| s.map(|s| format!("{k} {s}")))
            .collect();
        (!parts.is_empty()).then(|| format!("vocal score: {}", parts.join(", ")))
    }

    fn document(&self, d: NodeId) -> Option<String> {
        let total = text(self.tree, d, "TotalPageCount");
        let ok = text(self.tree, d, "SuccPageCount");
        let failed = text(self.tree, d, "FailPageCount");
        if total.is_none() && ok.is_none() {
            return None;
        }
        let failed = failed.map(|f| format!(", {f} failed")).unwrap_or_default();
        Some(format!("document: {} of {} page(s) converted{failed}", ok.unwrap_or("?"), total.unwrap_or("?")))
    }
}

/// The first characters of a text, whitespace folded, with `…` when cut.
fn excerpt(s: &str) -> String {
    let folded: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = folded.chars();
    let head: String = chars.by_ref().take(EXCERPT).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_cut_on_characters() {
        assert_eq!(excerpt("a  b\nc"), "a b c");
        let long = "数".repeat(EXCERPT + 5);
        assert_eq!(excerpt(&long).chars().count(), EXCERPT + 1);
        assert!(excerpt(&long).ends_with('…'));
    }
}
