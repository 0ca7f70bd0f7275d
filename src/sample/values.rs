//! The generator's own data: plausible names, sizes, durations and codecs, and a small seeded
//! PRNG. The shapes they fill come from [`crate::spec`]; nothing here says which node exists.

/// SplitMix64: small, fast, and the same numbers for the same seed on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// `n` lowercase hex digits.
    pub fn hex(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from_digit((self.next_u64() % 16) as u32, 16).unwrap_or('0')).collect()
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

/// What the input of a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Video,
    Audio,
    Image,
    Document,
    Text,
}

/// The input a job of `tag` takes.
pub fn media(tag: &str) -> Media {
    match tag {
        "NoiseReduction" | "SoundHound" | "SpeechRecognition" | "VocalScore" | "Tts" => Media::Audio,
        "PicProcess" | "ImageInspect" => Media::Image,
        "DocProcess" | "Translation" | "FileCompress" | "FileUncompress" | "FileHashCode" => Media::Document,
        "WordsGeneralize" => Media::Text,
        _ => Media::Video,
    }
}

/// The default input object of a job of `tag`.
pub fn default_object(tag: &str) -> &'static str {
    match media(tag) {
        Media::Video => "input/demo.mp4",
        Media::Audio => "input/demo.mp3",
        Media::Image => "input/demo.jpg",
        Media::Document if tag == "Translation" => "input/demo.pdf",
        Media::Document if tag == "FileUncompress" => "input/demo.zip",
        Media::Document => "input/demo.docx",
        Media::Text => "input/demo.txt",
    }
}

/// The MIME type of an object, by its extension.
pub fn mime(object: &str) -> &'static str {
    match object.rsplit('.').next().unwrap_or("") {
        "mp4" => "video/mp4",
        "mov" => "video/quicktime",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "wav" => "audio/wav",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// The name of an object without its folders and extension: `input/demo.mp4` → `demo`.
pub fn stem(object: &str) -> String {
    let name = object.rsplit('/').next().unwrap_or(object);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    if stem.is_empty() {
        "output".to_string()
    } else {
        stem.to_string()
    }
}

/// The measurements of one media file, consistent with each other.
#[derive(Debug, Clone, Copy)]
pub struct Measures {
    /// Seconds, with milliseconds.
    pub duration: f64,
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    /// Bits per second.
    pub video_bitrate: u64,
    pub audio_bitrate: u64,
    /// Bytes: the bitrates over the duration.
    pub size: u64,
}

impl Measures {
    pub fn new(rng: &mut Rng, audio_only: bool) -> Self {
        let duration = rng.range(10_000, 40_000) as f64 / 1000.0;
        let &(width, height) = rng.pick(&[(1920, 1080), (1280, 720), (960, 540), (1080, 1920)]);
        let fps = *rng.pick(&[25, 30]);
        let video_bitrate = if audio_only { 0 } else { rng.range(800, 4000) * 1000 };
        let audio_bitrate = *rng.pick(&[64_000, 128_000]);
        let size = ((video_bitrate + audio_bitrate) as f64 * duration / 8.0) as u64;
        Measures { duration, width, height, fps, video_bitrate, audio_bitrate, size }
    }

    /// Seconds a job on this file plausibly takes.
    pub fn processing(&self) -> i64 {
        2 + (self.duration / 3.0) as i64
    }

    pub fn frames(&self) -> u64 {
        (self.duration * f64::from(self.fps)).round() as u64
    }
}

/// How a failed job explains itself: `Code`, `Message`.
pub fn failure(media: Media) -> (&'static str, &'static str) {
    match media {
        Media::Video => ("InvalidInput", "the input has no video stream"),
        Media::Audio => ("InvalidInput", "the input has no audio stream"),
        Media::Image => ("InvalidInput", "the input is not an image CI can decode"),
        Media::Document | Media::Text => ("InternalError", "the input could not be read"),
    }
}

/// A template name for a job or task of `tag`.
pub fn template_name(tag: &str) -> String {
    match tag {
        "Transcode" | "HighSpeedHd" => "MP4-H264-HD".to_string(),
        "Snapshot" => "snapshot_1280x720_3".to_string(),
        "Animation" => "gif_480p".to_string(),
        _ => format!("template_{}", tag.to_ascii_lowercase()),
    }
}

/// Leaves whose value does not depend on the job: a name under its parent, and the value; one
/// string, a row a line, its cells separated by tabs (every command would otherwise pay at
/// start for the 490 pointers of a table only `sample` reads).
pub const FIXED: &str = crate::spec::text_table![
    ("Operation", "JobLevel", "0"),
    ("JobsDetail", "SubTag", "DigitalWatermark"),
    ("JobsDetail", "Progress", "100"),
    ("JobsDetail", "QueueType", "Speeching"),
    ("JobsDetail", "VideoTag", ""),
    ("Input", "Lang", "en"),
    ("Input", "Type", "pdf"),
    ("Input", "BasicType", "pptx"),
    ("Workflow", "WorkflowName", "workflow-sample"),
    ("WorkflowExecution", "WorkflowName", "workflow-sample"),
    ("SpriteOutputFile", "ObjectName", "0.jpg"),
    ("Format", "NumProgram", "0"),
    ("Format", "StartTime", "0.000000"),
    ("Video", "Index", "0"),
    ("Video", "CodecName", "h264"),
    ("Video", "CodecLongName", "H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10"),
    ("Video", "CodecTagString", "avc1"),
    ("Video", "CodecTag", "0x31637661"),
    ("Video", "Profile", "High"),
    ("Video", "HasBFrame", "2"),
    ("Video", "RefFrames", "1"),
    ("Video", "Sar", "1:1"),
    ("Video", "PixFormat", "yuv420p"),
    ("Video", "FieldOrder", "progressive"),
    ("Video", "Level", "40"),
    ("Video", "Timebase", "1/12800"),
    ("Video", "StartTime", "0.000000"),
    ("Video", "Language", "und"),
    ("Video", "ColorPrimaries", "bt709"),
    ("Video", "ColorRange", "tv"),
    ("Video", "ColorTransfer", "bt709"),
    ("Video", "Rotation", "0"),
    ("Audio", "CodecName", "aac"),
    ("Audio", "CodecLongName", "AAC (Advanced Audio Coding)"),
    ("Audio", "CodecTimeBase", "1/44100"),
    ("Audio", "CodecTagString", "mp4a"),
    ("Audio", "CodecTag", "0x6134706d"),
    ("Audio", "SampleFmt", "fltp"),
    ("Audio", "SampleRate", "44100"),
    ("Audio", "Channel", "2"),
    ("Audio", "ChannelLayout", "stereo"),
    ("Audio", "Timebase", "1/44100"),
    ("Audio", "StartTime", "0.000000"),
    ("Audio", "Language", "und"),
    ("Subtitle", "Index", "2"),
    ("Subtitle", "Language", "chi"),
    ("DigitalWatermark", "Message", "cicb-sample"),
    ("DigitalWatermark", "Type", "Text"),
    ("DigitalWatermark", "Version", "V1"),
    ("DigitalWatermark", "IgnoreError", "false"),
    ("ExtractDigitalWatermark", "Message", "cicb-sample"),
    ("ExtractDigitalWatermark", "Type", "Text"),
    ("ExtractDigitalWatermark", "Version", "V1"),
    ("ImageInfo", "Ave", "0xc64847"),
    ("ImageInfo", "Orientation", "0"),
    ("ImageInfo", "Quality", "90"),
    ("ImageInfo", "Format", "jpg"),
    ("ProcessResult", "Format", "jpg"),
    ("ProcessResult", "Quality", "85"),
    ("ProcessResult", "PicType", "jpg"),
    ("ProcessResult", "Suspicious", "false"),
    ("ProcessResult", "SuspiciousBeginByte", "0"),
    ("ProcessResult", "SuspiciousEndByte", "0"),
    ("ProcessResult", "SuspiciousSize", "0"),
    ("ProcessResult", "SuspiciousType", "None"),
    ("AutoProcessResult", "Code", "Success"),
    ("AutoProcessResult", "Message", "no suspicious data found"),
    ("ImageInspectResult", "Code", "Success"),
    ("ImageInspectResult", "Message", "Success"),
    ("ImageInspectResult", "State", "Success"),
    ("ResultDetail", "SpeakerId", "0"),
    ("ResultDetail", "SpeechSpeed", "2.4"),
    ("Words", "VoiceType", "0"),
    ("PersonTags", "Name", "Speaker"),
    ("PersonTags", "Count", "2"),
    ("ObjectTags", "TimeStamp", "1"),
    ("BBox", "X1", "100"),
    ("BBox", "Y1", "100"),
    ("PlaceTags", "StartTime", "0.000"),
    ("PlaceTags", "StartIndex", "0"),
    ("PlaceTags", "ClipFrameResult", "Office: 0.55"),
    ("ActionTags", "StartTime", "0.000"),
    ("Objects", "Name", "Laptop"),
    ("StreamData", "SubErrCode", "0"),
    ("StreamData", "SubErrMsg", "ok"),
    ("SongList", "Inlier", "0.98"),
    ("SongList", "SingerName", "Example Band"),
    ("SongList", "SongName", "Sample Song"),
    ("DocProcessResult", "FailPageCount", "0"),
    ("DocProcessResult", "SuccPageCount", "2"),
    ("DocProcessResult", "TotalPageCount", "2"),
    ("DocProcessResult", "TgtType", "jpg"),
    ("FileUncompressResult", "FileCount", "3"),
    // Parameter echoes.
    ("DocProcess", "SrcType", "docx"),
    ("DocProcess", "TgtType", "jpg"),
    ("DocProcess", "SheetId", "0"),
    ("DocProcess", "StartPage", "1"),
    ("DocProcess", "EndPage", "-1"),
    ("DocProcess", "ImageParams", "imageMogr2/thumbnail/!50p"),
    ("DocProcess", "DocPassword", "none"),
    ("DocProcess", "Comments", "1"),
    ("DocProcess", "PaperDirection", "0"),
    ("DocProcess", "Quality", "100"),
    ("DocProcess", "Zoom", "100"),
    ("DocProcess", "PaperSize", "0"),
    ("SDRtoHDR", "HdrMode", "HDR10"),
    ("Segment", "Format", "hls"),
    ("Segment", "Duration", "10"),
    ("HlsEncrypt", "IsHlsEncrypt", "false"),
    ("HlsEncrypt", "UriKey", "none"),
    ("SmartCover", "Format", "jpg"),
    ("SmartCover", "Width", "1280"),
    ("SmartCover", "Height", "720"),
    ("SmartCover", "Count", "3"),
    ("SmartCover", "DeleteDuplicates", "true"),
    ("Translation", "Lang", "zh"),
    ("Translation", "Type", "pdf"),
    ("TtsConfig", "InputType", "Text"),
    ("TtsConfig", "Input", "欢迎使用数据万象语音合成。"),
    ("VideoTag", "Scenario", "Stream"),
    ("VocalScore", "StandardObject", "input/standard.mp3"),
    ("VocalScore", "StandardUrl", "none"),
    ("WordsGeneralize", "NerMethod", "DL"),
    ("WordsGeneralize", "SegMethod", "MIX"),
    ("Container", "Format", "mp4"),
    ("Video", "Codec", "H.264"),
    ("Video", "Remove", "false"),
    ("Video", "Crf", "25"),
    ("Video", "Gop", "250"),
    ("Video", "Preset", "medium"),
    ("Video", "Bufsize", "0"),
    ("Video", "Maxrate", "0"),
    ("Video", "Pixfmt", "yuv420p"),
    ("Video", "LongShortMode", "false"),
    ("Video", "Crop", "none"),
    ("Video", "Pad", "none"),
    ("Video", "ScanMode", "progressive"),
    ("Video", "Interlaced", "false"),
    ("Video", "Quality", "0"),
    ("Video", "SliceTime", "5"),
    ("Video", "AnimateOnlyKeepKeyFrame", "false"),
    ("Video", "AnimateTimeIntervalOfFrame", "0"),
    ("Video", "AnimateFramesPerSecond", "0"),
    ("TimeInterval", "Start", "0"),
    ("Audio", "Codec", "aac"),
    ("Audio", "Samplerate", "44100"),
    ("Audio", "Channels", "2"),
    ("Audio", "Remove", "false"),
    ("Audio", "KeepTwoTracks", "false"),
    ("Audio", "SwitchTrack", "false"),
    ("Audio", "SampleFormat", "fltp"),
    ("Audio", "Profile", "aac_low"),
    ("TransConfig", "AdjDarMethod", "scale"),
    ("TransConfig", "IsCheckReso", "false"),
    ("TransConfig", "ResoAdjMethod", "0"),
    ("TransConfig", "IsCheckVideoBitrate", "false"),
    ("TransConfig", "VideoBitrateAdjMethod", "0"),
    ("TransConfig", "IsCheckAudioBitrate", "false"),
    ("TransConfig", "AudioBitrateAdjMethod", "0"),
    ("TransConfig", "DeleteMetadata", "false"),
    ("TransConfig", "IsHdr2Sdr", "false"),
    ("TransConfig", "IsStreamCopy", "false"),
];

/// The fixed value of leaf `name` under `parent`, if it has one.
pub fn fixed(parent: &str, name: &str) -> Option<&'static str> {
    if (parent, name) == ("SpeechRecognitionResult", "Result") {
        return Some(SPEECH_RESULT);
    }
    crate::spec::rows(FIXED).find_map(|mut row| {
        (row.next() == Some(parent) && row.next() == Some(name)).then(|| row.next().unwrap_or_default())
    })
}

/// The fixed value of `SpeechRecognitionResult.Result`, kept out of [`FIXED`]: a row of it
/// cannot hold a line break.
const SPEECH_RESULT: &str = "[0:0.000,0:2.400] 欢迎使用数据万象。\n[0:2.400,0:4.800] 这是一段示例。";

/// Recognized words of the speech sample: word, start and end (ms) within its sentence.
pub const WORDS: &[(&str, u32, u32)] = &[("欢迎", 0, 600), ("使用", 600, 1100), ("数据万象", 1100, 2400)];

/// Generalized words: (word, part of speech).
pub const TOKENS: &[(&str, &str)] = &[("腾讯云", "nt"), ("数据万象", "nz"), ("很", "d"), ("好用", "a")];

/// Video tags: (tag, class).
pub const VIDEO_TAGS: &[(&str, &str)] = &[("Office", "Work"), ("Speaking", "Speak"), ("Street", "Nature/Outdoor")];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixed_row_is_a_parent_a_name_and_a_value() {
        let rows: Vec<Vec<&str>> = crate::spec::rows(FIXED).map(Iterator::collect).collect();
        assert_eq!(rows.len(), 162);
        assert!(rows.iter().all(|r| r.len() == 3 && !r[0].is_empty() && !r[1].is_empty()), "{rows:?}");
        assert_eq!(fixed("Operation", "JobLevel"), Some("0"));
        assert_eq!(fixed("JobsDetail", "VideoTag"), Some(""));
        assert_eq!(fixed("TransConfig", "IsStreamCopy"), Some("false"));
        assert!(fixed("SpeechRecognitionResult", "Result").is_some_and(|v| v.lines().count() == 2));
        assert_eq!(fixed("Operation", "Nope"), None);
    }
}
