//! Job Tags: for each, the parameter echo and the result containers its `Operation` carries.
//!
//! From every submit page's `Response.JobsDetail.Operation` table and the bodies Tencent
//! published. Teaching cicb a new Tag starts with a row here.

/// What one job Tag's `JobsDetail/Operation` holds besides the common nodes (`TemplateId`,
/// `TemplateName`, `Output`, `UserData`, `JobLevel`).
#[derive(Debug, Clone, Copy)]
pub struct TagSpec {
    /// The `Tag` value.
    pub name: &'static str,
    /// The request's parameters, echoed under `Operation` (`Transcode`, `Snapshot`, ...).
    pub echo: &'static [&'static str],
    /// The result containers under `Operation` (`MediaInfo`, `MediaResult`, `PicProcessResult`, ...).
    pub results: &'static [&'static str],
    /// What the job does, in the documentation's words (shortened).
    pub description: &'static str,
}

const fn tag(
    name: &'static str,
    echo: &'static [&'static str],
    results: &'static [&'static str],
    description: &'static str,
) -> TagSpec {
    TagSpec { name, echo, results, description }
}

const MEDIA: &[&str] = &["MediaInfo", "MediaResult"];

/// Every job Tag the documentation describes, sorted by name.
pub const TAGS: &[TagSpec] = &[
    tag("Animation", &["Animation"], MEDIA, "Converts a video into an animated image (GIF, WebP)."),
    tag("Concat", &["ConcatTemplate"], MEDIA, "Concatenates several media files into one."),
    tag("DigitalWatermark", &["DigitalWatermark"], MEDIA, "Embeds an invisible digital watermark in a video."),
    tag("DocProcess", &["DocProcess"], &["DocProcessResult"], "Converts a document into images or PDF."),
    tag("ExtractDigitalWatermark", &[], &["ExtractDigitalWatermark"], "Extracts a digital watermark from a video."),
    tag("FileCompress", &["FileCompressConfig"], &["FileCompressResult"], "Packs files into an archive."),
    tag("FileHashCode", &["FileHashCodeConfig"], &["FileHashCodeResult"], "Computes a file's hash codes."),
    tag("FileUncompress", &["FileUncompressConfig"], &["FileUncompressResult"], "Unpacks an archive."),
    tag("ImageInspect", &[], &["ImageInspectResult"], "Inspects an image for hidden content after its data."),
    tag("MediaInfo", &[], &["MediaInfo"], "Reads a media file's format and streams."),
    tag("NoiseReduction", &[], &[], "Reduces noise in an audio file."),
    tag("PicProcess", &["PicProcess"], &["PicProcessResult"], "Processes an image (scale, crop, format)."),
    tag("QualityEstimate", &[], &["QualityEstimate", "MediaInfo", "MediaResult"], "Scores a video's visual quality."),
    tag(
        "SDRtoHDR",
        &["SDRtoHDR", "TranscodeTemplateId", "WatermarkTemplateId"],
        MEDIA,
        "Converts a video from SDR to HDR.",
    ),
    tag("Segment", &["Segment"], MEDIA, "Cuts a media file into segments (HLS, ...)."),
    tag("SmartCover", &["SmartCover"], MEDIA, "Picks the best frames of a video as covers."),
    tag("Snapshot", &["Snapshot"], MEDIA, "Takes screenshots (and sprites) of a video."),
    tag("SoundHound", &[], &["SoundHoundResult"], "Recognizes the song in an audio file."),
    tag(
        "SpeechRecognition",
        &["SpeechRecognition"],
        &["SpeechRecognitionResult"],
        "Transcribes speech in an audio or video file.",
    ),
    tag("SplitVideoParts", &["SplitVideoParts"], &["SplitVideoInfoResult"], "Splits a video into parts by scene."),
    tag("StreamExtract", &[], &["MediaResult"], "Extracts streams (audio, video, subtitle) of a media file."),
    tag(
        "SuperResolution",
        &["SuperResolution", "TranscodeTemplateId", "WatermarkTemplateId", "DigitalWatermark"],
        MEDIA,
        "Upscales a video with super resolution.",
    ),
    tag(
        "Transcode",
        &["Transcode", "Watermark", "RemoveWatermark", "WatermarkTemplateId", "DigitalWatermark"],
        MEDIA,
        "Transcodes a media file.",
    ),
    tag("Translation", &["Translation"], &[], "Translates a document."),
    tag("Tts", &["TtsConfig", "TtsTpl"], MEDIA, "Synthesizes speech from text."),
    tag("VideoMontage", &["VideoMontage"], MEDIA, "Makes a highlight montage of a video."),
    tag("VideoProcess", &["VideoProcess", "TranscodeTemplateId"], MEDIA, "Enhances a video (color, denoise)."),
    tag("VideoTag", &["VideoTag"], &["VideoTagResult"], "Tags the people, places, actions and objects in a video."),
    tag("VideoTargetRec", &[], &["VideoTargetRecResult"], "Recognizes targets (bodies, pets, cars) in a video."),
    tag("VocalScore", &["VocalScore"], &["VocalScoreResult"], "Scores a singer's pitch and rhythm."),
    tag("VoiceSeparate", &["VoiceSeparate"], MEDIA, "Separates voice and background sound."),
    tag(
        "WordsGeneralize",
        &["WordsGeneralize"],
        &["WordsGeneralizeResult"],
        "Extracts words, parts of speech and entities from text.",
    ),
];

/// Every Tag's name, sorted: the candidates for "did you mean".
pub fn names() -> &'static [&'static str] {
    static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| TAGS.iter().map(|t| t.name).collect())
}

/// The spec of Tag `name`, if the documentation describes it.
pub fn get(name: &str) -> Option<&'static TagSpec> {
    TAGS.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_is_listed_once_and_sorted() {
        let names: Vec<&str> = TAGS.iter().map(|t| t.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
        assert_eq!(names, super::names());
        assert_eq!(get("Transcode").unwrap().results, MEDIA);
    }
}
