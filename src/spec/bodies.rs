//! What the published bodies carry beyond the node tables: the time format of each kind, the
//! children of the parameter echoes, which optional nodes only some Tags carry, and the letter
//! each Tag's job IDs start with. `cicb sample` builds its bodies from these facts (with
//! [`super::known`] and [`super::tags`]); the checks of `validate` do not read them.
//!
//! Patterns are path suffixes of element names, as in [`super::shapes`], matched here against a
//! path being built (`&["Response", "JobsDetail", "Operation", "Output"]`) rather than a tree.

use super::Kind;

/// The `chrono` format of the timestamps of a body `kind`: `2022-06-30T15:29:42+0800` (jobs),
/// `2022-08-09 14:54:17+0800` (workflows), `2021-08-10T21:01:10+08:00` (audit).
pub fn time_format(kind: Kind) -> &'static str {
    match kind {
        Kind::Workflow | Kind::LegacyWorkflow => "%Y-%m-%d %H:%M:%S%z",
        Kind::AuditDetail | Kind::AuditSimple => "%Y-%m-%dT%H:%M:%S%:z",
        Kind::Job | Kind::LegacyJob | Kind::Unknown => "%Y-%m-%dT%H:%M:%S%z",
    }
}

/// The children of the parameter echoes under `Operation` (which the node tables leave to the
/// request pages), in the order of the request pages, as the published bodies carry them.
pub const ECHOES: &[(&[&str], &[&str])] = &[
    (
        &["Operation", "DocProcess"],
        &[
            "SrcType",
            "TgtType",
            "SheetId",
            "StartPage",
            "EndPage",
            "ImageParams",
            "DocPassword",
            "Comments",
            "PaperDirection",
            "Quality",
            "Zoom",
            "PaperSize",
        ],
    ),
    (&["Operation", "SDRtoHDR"], &["HdrMode"]),
    (&["Operation", "Segment"], &["Format", "Duration", "HlsEncrypt"]),
    (&["Operation", "Segment", "HlsEncrypt"], &["IsHlsEncrypt", "UriKey"]),
    (&["Operation", "SmartCover"], &["Format", "Width", "Height", "Count", "DeleteDuplicates"]),
    (&["Operation", "Translation"], &["Lang", "Type"]),
    (&["Operation", "TtsConfig"], &["InputType", "Input"]),
    (&["Operation", "VideoTag"], &["Scenario"]),
    (&["Operation", "VocalScore"], &["StandardObject", "StandardUrl"]),
    (&["Operation", "WordsGeneralize"], &["NerMethod", "SegMethod"]),
    // The Transcode echo of the legacy bodies.
    (&["Operation", "Transcode"], &["Container", "Video", "TimeInterval", "Audio", "TransConfig"]),
    (&["Operation", "Transcode", "Container"], &["Format"]),
    (
        &["Operation", "Transcode", "Video"],
        &[
            "Codec",
            "Width",
            "Height",
            "Fps",
            "Remove",
            "Profile",
            "Bitrate",
            "Crf",
            "Gop",
            "Preset",
            "Bufsize",
            "Maxrate",
            "Pixfmt",
            "LongShortMode",
            "Crop",
            "Pad",
            "ScanMode",
            "Interlaced",
            "Quality",
            "SliceTime",
            "AnimateOnlyKeepKeyFrame",
            "AnimateTimeIntervalOfFrame",
            "AnimateFramesPerSecond",
        ],
    ),
    (&["Operation", "Transcode", "TimeInterval"], &["Start", "Duration"]),
    (
        &["Operation", "Transcode", "Audio"],
        &[
            "Codec",
            "Samplerate",
            "Bitrate",
            "Channels",
            "Remove",
            "KeepTwoTracks",
            "SwitchTrack",
            "SampleFormat",
            "Profile",
        ],
    ),
    (
        &["Operation", "Transcode", "TransConfig"],
        &[
            "AdjDarMethod",
            "IsCheckReso",
            "ResoAdjMethod",
            "IsCheckVideoBitrate",
            "VideoBitrateAdjMethod",
            "IsCheckAudioBitrate",
            "AudioBitrateAdjMethod",
            "DeleteMetadata",
            "IsHdr2Sdr",
            "IsStreamCopy",
        ],
    ),
];

/// Children of containers the node tables leave out, as the published bodies show them.
pub const MORE: &[(&[&str], &[&str])] = &[(&["SpriteOutputFile", "Md5Info"], &["Md5", "ObjectName"])];

/// The children of the echo or other container at `path` (a path from the root) that the node
/// tables do not list, when the published bodies show them.
pub fn children(path: &[&str]) -> Option<&'static [&'static str]> {
    ECHOES.iter().chain(MORE).filter(|(p, _)| path.ends_with(p)).max_by_key(|(p, _)| p.len()).map(|(_, c)| *c)
}

/// The `Operation` children common to most job Tags (see [`super::tags::TagSpec`]), and the
/// `Input` a workflow-started Tts job carries there.
pub const OPERATION_COMMON: &[&str] = &["TemplateId", "TemplateName", "Output", "UserData", "JobLevel", "Input"];

/// Optional nodes that only the bodies of some Tags carry: a path suffix and those Tags.
pub const ONLY: &[(&[&str], &[&str])] = &[
    (&["JobsDetail", "SubTag"], &["DigitalWatermark", "SuperResolution"]),
    (&["JobsDetail", "Progress"], &["SuperResolution", "Transcode"]),
    (&["JobsDetail", "QueueType"], &["VocalScore"]),
    // The stray empty VideoTag of the VideoTag samples.
    (&["JobsDetail", "VideoTag"], &["VideoTag"]),
    (&["JobsDetail", "Input", "Lang"], &["Translation"]),
    (&["JobsDetail", "Input", "Type"], &["Translation"]),
    (&["JobsDetail", "Input", "BasicType"], &["Translation"]),
    (&["Operation", "Input"], &["Tts"]),
    (&["Operation", "Output", "SpriteObject"], &["Snapshot"]),
    (&["Operation", "Output", "AuObject"], &["VoiceSeparate"]),
    (&["Operation", "Output", "StreamExtract"], &["StreamExtract"]),
    (&["OutputFile", "SpriteOutputFile"], &["Snapshot"]),
    // Jobs run from a template name it; the others carry their parameters in the echo.
    (&["Operation", "TemplateId"], TEMPLATED),
    (&["Operation", "TemplateName"], TEMPLATED),
];

const TEMPLATED: &[&str] = &[
    "Animation",
    "Concat",
    "PicProcess",
    "Snapshot",
    "SpeechRecognition",
    "SuperResolution",
    "Transcode",
    "Tts",
    "VideoMontage",
    "VideoProcess",
    "VoiceSeparate",
];

/// Nodes the tables list that the bodies of some Tags never carry (`*` for every Tag).
pub const NEVER: &[(&[&str], &[&str])] = &[
    (&["JobsDetail", "Input"], &["Tts"]),
    // Tts takes text: a workflow-started Tts job's Operation/Input carries only CosHeaders.
    (&["Operation", "Input", "BucketId"], &["Tts"]),
    (&["Operation", "Input", "Object"], &["Tts"]),
    (&["Operation", "Input", "Region"], &["Tts"]),
    (&["JobsDetail", "StartTime"], &["DocProcess"]),
    (&["JobsDetail", "Input", "BucketId"], &["DocProcess", "Translation"]),
    (&["JobsDetail", "Input", "Region"], &["DocProcess", "Translation"]),
    (&["Operation", "Output", "Object"], &["StreamExtract"]),
    (
        &["JobsDetail", "Operation", "Output"],
        &[
            "ExtractDigitalWatermark",
            "ImageInspect",
            "MediaInfo",
            "QualityEstimate",
            "SoundHound",
            "VideoTag",
            "VocalScore",
            "WordsGeneralize",
        ],
    ),
    // The flash engine's result: an alternative to ResultDetail no published body carries.
    (&["SpeechRecognitionResult", "FlashResult"], &["*"]),
    // The task table lists StartTime, which no published body carries.
    (&["WorkflowExecution", "Tasks", "StartTime"], &["*"]),
];

/// Containers some Tags' bodies carry empty: QualityEstimate writes no file (its MediaResult
/// has an empty OutputFile),
/// and a Tts job's speech has an empty video stream.
pub const EMPTY: &[(&[&str], &[&str])] =
    &[(&["MediaResult", "OutputFile"], &["QualityEstimate"]), (&["MediaInfo", "Stream", "Video"], &["Tts"])];

/// Nodes only the legacy job bodies carry: the full Transcode echo beside the template.
pub const LEGACY_ONLY: &[&[&str]] = &[&["JobsDetail", "Operation", "Transcode"]];

/// Optional nodes the legacy job bodies carry though [`ONLY`] gives them to other Tags.
pub const LEGACY_ALSO: &[&[&str]] = &[&["OutputFile", "SpriteOutputFile"]];

/// Nodes only a workflow-started job carries.
pub const WORKFLOW_ONLY: &[&[&str]] =
    &[&["JobsDetail", "Workflow"], &["JobsDetail", "Input", "CosHeaders"], &["Operation", "Input"]];

fn listed(table: &[(&[&str], &[&str])], path: &[&str], tag: &str) -> Option<bool> {
    table.iter().find(|(p, _)| path.ends_with(p)).map(|(_, tags)| tags.iter().any(|t| *t == tag || *t == "*"))
}

/// True when the bodies of `kind` (a job of `tag`) carry the node at `path` (one the tables
/// list), started by a workflow or not.
pub fn carries(path: &[&str], tag: &str, kind: Kind, workflow: bool) -> bool {
    if !workflow && WORKFLOW_ONLY.iter().any(|p| path.ends_with(p)) {
        return false;
    }
    let legacy = kind == Kind::LegacyJob;
    if LEGACY_ONLY.iter().any(|p| path.ends_with(p)) {
        return legacy;
    }
    if legacy && LEGACY_ALSO.iter().any(|p| path.ends_with(p)) {
        return true;
    }
    listed(ONLY, path, tag).unwrap_or(true) && !listed(NEVER, path, tag).unwrap_or(false)
}

/// True when the bodies of `tag` carry the container at `path` empty.
pub fn is_empty(path: &[&str], tag: &str) -> bool {
    listed(EMPTY, path, tag).unwrap_or(false)
}

/// The letter the job IDs of `tag` start with in the published bodies: `c` (picture), `d`
/// (document), `s` (speech and audio AI), `a` (text AI), `j` (media).
pub fn job_id_prefix(tag: &str) -> char {
    match tag {
        "PicProcess" | "ImageInspect" => 'c',
        "DocProcess" => 'd',
        "SoundHound" | "SpeechRecognition" | "VocalScore" => 's',
        "Translation" | "WordsGeneralize" => 'a',
        _ => 'j',
    }
}

/// The Tag of the legacy job bodies (all published ones are transcoding jobs).
pub const LEGACY_JOB_TAG: &str = "Transcode";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_by_suffix() {
        let out = ["Response", "JobsDetail", "Operation", "Output"];
        assert!(carries(&out, "Transcode", Kind::Job, false));
        assert!(!carries(&out, "MediaInfo", Kind::Job, false));
        let sprite = ["Response", "JobsDetail", "Operation", "Output", "SpriteObject"];
        assert!(carries(&sprite, "Snapshot", Kind::Job, false) && !carries(&sprite, "Transcode", Kind::Job, false));
        let trigger = ["Response", "JobsDetail", "Workflow"];
        assert!(!carries(&trigger, "Transcode", Kind::Job, false) && carries(&trigger, "Transcode", Kind::Job, true));
        let echo = ["Response", "JobsDetail", "Operation", "Transcode"];
        assert!(carries(&echo, "Transcode", Kind::LegacyJob, false) && !carries(&echo, "Transcode", Kind::Job, false));
        assert_eq!(children(&["Response", "JobsDetail", "Operation", "Segment", "HlsEncrypt"]).unwrap().len(), 2);
        assert!(children(&["Response", "JobsDetail", "Operation", "Snapshot"]).is_none());
        assert!(crate::spec::ids::JOB_ID.prefix.contains(job_id_prefix("DocProcess")));
    }
}
